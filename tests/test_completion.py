"""Tab completion: from the validated register the command line names, forgiving, shell-quoted."""

from __future__ import annotations

import json
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

from mhcli.completion import (
    bash_word,
    candidates,
    data_option,
    open_quote,
    powershell_word,
    zsh_line,
)
from tests.conftest import MHCLI_PROCESS, NEUTRAL, REPO
from tests.shells import Shell

# .ci/run installs zsh and sets this: there the tests in real shells may not skip.
SHELLS_REQUIRED = os.environ.get("MHCLI_SHELL_TESTS") == "verplicht"


def _needs(shell: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(shutil.which(shell) is None and not SHELLS_REQUIRED,
                              reason=f"needs {shell} (apt-get install -y {shell})")


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


def test_woonplaatsen_and_the_words_after_those_typed() -> None:
    assert candidates("gemeente", "oudenb") == ["Oudenbosch"]
    assert candidates("gemeente", "s-grav", literal="'s-Grav") == ["'s-Gravenpolder"]
    assert candidates("gemeente", "Z", before=("Bergen", "op")) == ["Zoom"]
    assert candidates("district", "Mar", before=("De",)) == ["Markiezaten"]


# Names no register should hold, but completion must insert as one literal word if one did.
HOSTILE = ["Qa$(touch pwned1)", "Qb;touch pwned2", "Qc`touch pwned3`", "Qd'x", 'Qe"x',
           "Qf\\x", "Qg & touch pwned4 |x", "Qh*", "Qi!x", "Qj#x >y", "Qk \u2019s-x"]


@_needs("bash")
def test_bash_word_reads_back_as_the_name() -> None:
    """What bash inserts, put where bash puts it, is the name to bash itself, for each name and
    each way a word can start (nothing, an open quote, a quote after letters, an escape)."""
    lines, expected = [], []
    for name in [*HOSTILE, "'s-Gravenpolder", "Bergen op Zoom"]:
        for typed in ["", "'", '"', "'Q", '"Q', "Q", "\\'"]:
            word = bash_word(name, typed)
            state = open_quote(typed)
            if state is None:
                lines.append(word)  # replaces the whole word
            elif name.startswith(state[1]):
                assert word.startswith(state[0]) and word.endswith(state[0])
                lines.append(typed[:typed.rindex(state[0])] + word)  # from the opening quote
            else:
                continue
            expected.append(name)
    script = "".join(f"printf '%s\\0' {line}; printf '\\1\\0'\n" for line in lines)
    done = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, check=True)
    words = done.stdout.decode().split("\0")[:-1]
    read = " ".join(words).split("\1")[:-1]
    assert [r.strip() for r in read] == expected


def test_zsh_line_holds_no_syntax_of_its_own() -> None:
    line = zsh_line(["Qa$(touch x)", "\u2019s-x"])
    assert line == ("compadd -U -- $'Qa\\x24\\x28touch\\x20x\\x29' "
                    "$'\\xe2\\x80\\x99s\\x2dx'")
    assert zsh_line([]) == ""


@pytest.mark.parametrize("name, word", [
    ("Tholen", "Tholen"),
    ("Bergen op Zoom", "'Bergen op Zoom'"),
    ("'s-Gravenpolder", "'''s-Gravenpolder'"),
    ("Zeeland; Start-Process calc", "'Zeeland; Start-Process calc'"),
    ("Qa$(calc)", "'Qa$(calc)'"),
    ("Q\u2019s", "'Q\u2019\u2019s'"),
    ("Q:::x", None),
])
def test_powershell_candidate_text(name: str, word: str | None) -> None:
    """PowerShell inserts the text as given: a single-quoted string, quotes doubled."""
    assert powershell_word(name) == word


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
    data = _renamed(register_copy, "De Markiezaten", '"De Markiezaten \\e[2J\\e]52;c;eA==\\a"')
    assert candidates("district", "de m", data) == []  # refused, or left out: never offered


def _complete(shell: str, line: str, env: dict[str, str] | None = None) -> list[str]:
    """What mhcli answers to a shell's completion protocol (the scripts typer installs)."""
    words = line.split(" ")
    protocol = {"bash": {"COMP_WORDS": "\n".join(words), "COMP_CWORD": str(len(words) - 1)},
                "zsh": {"_TYPER_COMPLETE_ARGS": line},
                "fish": {"_TYPER_COMPLETE_ARGS": line,
                         "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
                "powershell": {"_TYPER_COMPLETE_ARGS": line,
                               "_TYPER_COMPLETE_WORD_TO_COMPLETE": words[-1]}}[shell]
    result = subprocess.run([*MHCLI_PROCESS], capture_output=True, text=True,
                            cwd=NEUTRAL, check=False, timeout=60,
                            env={**os.environ, "_MHCLI_COMPLETE": f"complete_{shell}",
                                 **protocol, **(env or {})})
    assert result.stderr == ""
    return result.stdout.splitlines()


def test_the_protocols(register_copy: Path) -> None:
    assert _complete("bash", "mhcli route berg") == ["Bergen\\ op\\ Zoom"]
    assert _complete("bash", "mhcli route 's-Grav") == ["''\\''s-Gravenpolder'"]
    assert _complete("bash", "mhcli gemeenten --district hart") == ["Hart\\ van\\ Brabant"]
    data = _renamed(register_copy, "De Markiezaten", "De Markiezaten-Kopie")
    assert _complete("bash", f"mhcli district --data {data} mark") == ["De\\ Markiezaten-Kopie"]
    assert _complete("bash", "mhcli route --format j") == ["json"]
    assert _complete("zsh", "mhcli route berg") == ["compadd -U -- $'Bergen\\x20op\\x20Zoom'"]
    assert _complete("fish", "mhcli route berg") == ["Bergen op Zoom"]
    assert _complete("powershell", "mhcli route berg") == ["'Bergen op Zoom'::: "]


def _hostile_mhcli(folder: Path) -> Path:
    """An 'mhcli' whose register offers the names in $NAMEN: the quoting is tested whatever
    `valideer` (rightly) refuses."""
    folder.mkdir()
    script = folder / "mhcli"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import atexit, json, os, sys
        sys.path.insert(0, {str(REPO)!r})
        atexit.register(lambda: open(os.environ["MARKS"], "a").write("klaar\\n"))
        import mhcli.completion
        mhcli.completion._names = lambda kind, data: json.loads(os.environ["NAMEN"])
        exec(open({str(REPO / "tests" / "fixture_mhcli.py")!r}, encoding="utf-8").read())
        """), encoding="utf-8")
    script.chmod(0o755)
    return folder


def _shell_env(bindir: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k.startswith(("MHCLI_", "LANG", "LC_"))}
    return {**keep, "PATH": f"{bindir}:{os.environ['PATH']}", "HOME": str(bindir.parent),
            "TERM": "dumb", "LC_ALL": "C.UTF-8",  # a terminal that takes UTF-8, as people's do
            "MARKS": str(bindir / "klaar"),
            "NAMEN": json.dumps(["Bergen op Zoom", "'s-Gravenpolder", *HOSTILE])}


def _hostile_cases(shell: Shell, quotes: tuple[str, ...] = ("", "'", '"')
                   ) -> list[tuple[str, str, list[str] | None]]:
    wrong = []
    for line, expected in (("mhcli route berg", ["route", "Bergen op Zoom"]),
                           ("mhcli route 's-Grav", ["route", "'s-Gravenpolder"]),
                           ("mhcli route \\'s-Grav", ["route", "'s-Gravenpolder"])):
        got = shell.complete(line)
        if got != expected:
            wrong.append((line, "", got))
    for name in HOSTILE:
        for quote in quotes:
            got = shell.complete(f"mhcli route {quote}{name[:2]}")
            if got != ["route", name]:
                wrong.append((name, quote, got))
    return wrong


@_needs("bash")
def test_real_bash_inserts_each_name_as_one_word(tmp_path: Path) -> None:
    bindir = _hostile_mhcli(tmp_path / "bin")
    shell = Shell(["bash", "--norc", "--noprofile", "-i"], _shell_env(bindir), [
        "PS1='$ '; HISTFILE=/dev/null; cd " + shlex.quote(str(tmp_path)),
        'eval "$(_MHCLI_COMPLETE=source_bash mhcli)"',
        "mhcli() { printf 'ARGS:'; printf '%s¦' \"$@\"; printf '\\n'; }"], bindir / "klaar")
    try:
        assert _hostile_cases(shell) == []
    finally:
        shell.close()
    assert not list(tmp_path.glob("pwned*"))


@_needs("zsh")
def test_real_zsh_inserts_each_name_as_one_word(tmp_path: Path) -> None:
    bindir = _hostile_mhcli(tmp_path / "bin")
    shell = Shell(["zsh", "-f", "-i"], _shell_env(bindir), [
        "PS1='$ '; cd " + shlex.quote(str(tmp_path)),
        "autoload -Uz compinit && compinit -u -D",
        'eval "$(_MHCLI_COMPLETE=source_zsh mhcli)"',
        "mhcli() { print -r -- \"ARGS:${(j:¦:)@}¦\" }"], bindir / "klaar")
    try:
        assert _hostile_cases(shell, ("", "'")) == []  # zsh quotes for itself: fewer cases
    finally:
        shell.close()
    assert not list(tmp_path.glob("pwned*"))


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
