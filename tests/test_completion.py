"""Tab completion: from the validated register the command line names, forgiving, shell-quoted."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mhcli.completion import candidates, data_option, quote
from tests.conftest import MHCLI_PROCESS, NEUTRAL


@pytest.fixture(autouse=True)
def _in_a_folder_without_register(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(NEUTRAL)


@pytest.mark.parametrize("kind, typed, expected", [
    ("gemeente", "th", ["Tholen"]),
    ("gemeente", "THOL", ["Tholen"]),
    ("gemeente", "thölen", ["Tholen"]),
    ("gemeente", "bergen-op", ["Bergen op Zoom"]),
    ("gemeente", "xyz", []),
    ("district", "bar", ["De Baronie"]),  # with or without 'De'
    ("district", "hart", ["Hart van Brabant"]),
    ("vorm", "arb", ["arbeidsuitbuiting"]),
])
def test_matching_ignores_case_accents_and_article(kind: str, typed: str,
                                                    expected: list[str]) -> None:
    assert candidates(kind, typed) == expected


@pytest.mark.parametrize("name, shell, quoted", [
    ("Bergen op Zoom", "bash", "Bergen\\ op\\ Zoom"),
    ("'s-Hertogenbosch", "bash", "\\'s-Hertogenbosch"),
    ("Tholen", "bash", "Tholen"),
    ("Zorgcoördinatie (x)", "bash", "Zorgcoördinatie\\ \\(x\\)"),
    ("Bergen op Zoom", "zsh", "Bergen op Zoom"),  # zsh and fish quote what they insert
    ("Bergen op Zoom", "fish", "Bergen op Zoom"),
])
def test_quoting_per_shell(name: str, shell: str, quoted: str) -> None:
    assert quote(name, shell) == quoted
    if shell == "bash":
        assert shlex.split(quoted) == [name]


class _Context:
    def __init__(self, params: dict[str, object], parent: _Context | None = None) -> None:
        self.params = params
        self.parent = parent


def test_data_option_is_read_from_the_command_or_its_parents() -> None:
    assert data_option(_Context({"data": Path("/a")})) == Path("/a")
    assert data_option(_Context({"data": None}, _Context({"data": "/b"}))) == Path("/b")
    assert data_option(_Context({})) is None
    assert data_option(None) is None


def _renamed(register_copy: Path, old: str, new: str) -> Path:
    path = register_copy / "districten" / "de-markiezaten.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"naam: {old}\n", f"naam: {new}\n"),
                    encoding="utf-8")
    return register_copy


def test_names_come_from_the_register_given_with_data(register_copy: Path) -> None:
    # A gemeente cannot be renamed (its CBS code would then belong to another name): a
    # district can.
    data = _renamed(register_copy, "De Markiezaten", "De Markiezaten-Kopie")
    assert candidates("district", "mark", data) == ["De Markiezaten-Kopie"]
    assert candidates("gemeente", "thol") == ["Tholen"]


def test_an_invalid_register_offers_nothing(register_copy: Path) -> None:
    baronie = register_copy / "districten" / "de-baronie.yaml"
    baronie.write_text(baronie.read_text(encoding="utf-8").replace(
        "organisaties: [zvh-baronie]", "organisaties: [zvh-breda]"), encoding="utf-8")
    assert candidates("gemeente", "br", register_copy) == []
    assert candidates("gemeente", "th", register_copy / "nergens") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_register_neither_hangs_nor_fails(register_copy: Path) -> None:
    regio = register_copy / "regio.yaml"
    regio.unlink()
    os.mkfifo(regio)
    start = time.monotonic()
    assert candidates("gemeente", "th", register_copy) == []
    assert time.monotonic() - start < 10


def test_candidates_carry_no_control_codes(register_copy: Path) -> None:
    data = _renamed(register_copy, "Tholen", '"Tholen \\e[2J\\e]52;c;eA==\\a"')
    found = candidates("gemeente", "thol", data, "bash")
    assert "\x1b" not in "".join(found) and "\x07" not in "".join(found)
    # Either the register refuses such a name, or it is offered with visible escapes.
    assert found in ([], ["Tholen\\ \\\\x1b\\[2J\\\\x1b\\]52\\;c\\;eA\\=\\=\\\\x07"])


def _complete_bash(words: str, cword: int, env: dict[str, str] | None = None) -> list[str]:
    """What mhcli answers to bash's completion protocol (the script typer installs)."""
    result = subprocess.run([*MHCLI_PROCESS], capture_output=True, text=True,
                            cwd=NEUTRAL, check=False, timeout=60,
                            env={**os.environ, "_MHCLI_COMPLETE": "complete_bash",
                                 "COMP_WORDS": words, "COMP_CWORD": str(cword), **(env or {})})
    assert result.stderr == ""
    return result.stdout.splitlines()


def test_bash_protocol(register_copy: Path) -> None:
    assert _complete_bash("mhcli route berg", 2) == ["Bergen\\ op\\ Zoom"]
    assert _complete_bash("mhcli route Bergen\\ op\\ Z", 2) == ["Bergen\\ op\\ Zoom"]
    assert _complete_bash("mhcli gemeenten --district hart", 3) == ["Hart\\ van\\ Brabant"]
    data = _renamed(register_copy, "De Markiezaten", "De Markiezaten-Kopie")
    assert _complete_bash(f"mhcli district --data {data} mark", 4) == ["De\\ Markiezaten-Kopie"]
    assert _complete_bash("mhcli route --format j", 3) == ["json"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_real_bash_inserts_one_word(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""\
        export PATH={shlex.quote(str(Path(sys.executable).parent))}:$PATH
        mhcli() {{ {shlex.join(MHCLI_PROCESS)} "$@"; }}
        export -f mhcli
        eval "$(_MHCLI_COMPLETE=source_bash {shlex.join(MHCLI_PROCESS)})"
        COMP_WORDS=(mhcli route berg); COMP_CWORD=2
        _mhcli_completion mhcli
        eval "set -- mhcli route ${{COMPREPLY[0]}}"
        printf '%s|' "$@"
        """)
    result = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True,
                            cwd=NEUTRAL, check=False, timeout=60)
    assert result.stdout == "mhcli|route|Bergen op Zoom|", result.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_real_zsh_inserts_one_word(tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "mhcli").write_text(f"#!/bin/sh\nexec {shlex.join(MHCLI_PROCESS)} "
                                  '"$@"\n', encoding="utf-8")
    (bindir / "mhcli").chmod(0o755)
    script = textwrap.dedent("""\
        zmodload zsh/zpty
        zpty z zsh -f -i
        zpty -w z 'PS1="> "; autoload -Uz compinit && compinit -u -D'
        zpty -w z 'zstyle ":completion:*" matcher-list "m:{a-zA-Z}={A-Za-z}"'
        zpty -w z 'eval "$(_MHCLI_COMPLETE=source_zsh mhcli)"'
        zpty -w z 'mhcli() { print -r -- "ARGS:${(j:|:)@}" }'
        sleep 2
        zpty -n -w z $'mhcli route berg\\t'
        sleep 5
        zpty -n -w z $'\\n'
        sleep 1
        out=""
        while zpty -r -t z line; do out+=$line; done
        print -r -- "$out" | tr -d '\\r' | grep -a "^ARGS"
        zpty -d z
        """)
    result = subprocess.run(["zsh", "-f", "-c", script], capture_output=True, text=True,
                            cwd=NEUTRAL, check=False, timeout=60,
                            env={**os.environ, "PATH": f"{bindir}:{os.environ['PATH']}"})
    assert result.stdout.strip() == "ARGS:route|Bergen op Zoom"


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs interval timers")
def test_time_limit_leaves_an_outer_timer_running() -> None:
    previous = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        assert candidates("gemeente", "th") == ["Tholen"]
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
