"""The edge of the program: ordinary conditions of the machine get ordinary answers and exit codes.

Streams, signals and the working folder belong to a process, so most tests run mhcli as one."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from mhcli.runner import EXIT_INTERRUPTED, EXIT_OUTPUT, OVERVIEW
from tests.conftest import FIXTURE, MHCLI_PROCESS, NEUTRAL, Result

MHCLI = shlex.join(MHCLI_PROCESS)


def _shell(command: str, cwd: Path = NEUTRAL, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[bytes]:
    """Run a bash command line (for redirections such as ``>&-``), as bytes."""
    return subprocess.run(["bash", "-c", command], capture_output=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, check=False, timeout=60)


def test_bare_mhcli_prints_an_overview(mhcli: Callable[..., Result]) -> None:
    result = mhcli()
    assert (result.code, result.out, result.err) == (0, OVERVIEW, "")
    examples = [line.split()[:2] for line in OVERVIEW.splitlines() if line.startswith("  mhcli")]
    assert [e[1] for e in examples] == ["route", "gemeente", "district", "zoek", "valideer"]
    assert "mhcli route --help" in OVERVIEW


def test_overview_examples_work(mhcli: Callable[..., Result]) -> None:
    for line in OVERVIEW.splitlines():
        if line.startswith("  mhcli"):
            args = line.split("   ")[0].split()[1:]
            assert mhcli(*args).code == 0, args


def test_closed_stdout_is_an_output_error() -> None:
    result = _shell(f"{MHCLI} route Tholen >&-")
    assert result.returncode == EXIT_OUTPUT == 74
    assert result.stderr.decode() == ("mhcli: uitvoer kon niet geschreven worden: de "
                                      "standaarduitvoer is gesloten.\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_full_disk_is_an_output_error() -> None:
    result = _shell(f"{MHCLI} gemeenten >/dev/full")
    assert result.returncode == 74
    assert result.stderr.decode() == ("mhcli: uitvoer kon niet geschreven worden: het apparaat "
                                      "of de schijf is vol.\n")


def test_reader_that_leaves_is_not_an_error() -> None:
    process = subprocess.Popen([*MHCLI_PROCESS, "zoek", "e"], cwd=NEUTRAL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # gone before mhcli writes a byte: every write is EPIPE
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


@pytest.mark.parametrize("args, code", [
    ("route Tholen", 0), ("routes Tholen", 2), ("route Nergensland", 3),
    ("valideer --max-bronleeftijd nul", 2), ("route Tholen --data {invalid}", 1),
])
def test_exit_codes_do_not_depend_on_stderr(args: str, code: int, register_copy: Path) -> None:
    baronie = register_copy / "districten" / "de-baronie.yaml"
    baronie.write_text(baronie.read_text(encoding="utf-8").replace(
        "organisaties: [zvh-baronie]", "organisaties: [zvh-breda]"), encoding="utf-8")
    args = args.format(invalid=shlex.quote(str(register_copy)))
    assert _shell(f"{MHCLI} {args} >/dev/null").returncode == code
    assert _shell(f"{MHCLI} {args} >/dev/null 2>&-").returncode == code
    if Path("/dev/full").exists():
        assert _shell(f"{MHCLI} {args} >/dev/null 2>/dev/full").returncode == code


def test_terminal_that_cannot_show_unicode_gets_escapes() -> None:
    result = _shell(f"{MHCLI} route Tholen --format markdown",
                    env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    assert b"Zorgco\\xf6rdinatie" in result.stdout  # 'Zorgcoördinatie', visibly escaped


def test_ctrl_c_prints_one_line_and_exits_130(tmp_path: Path) -> None:
    script = tmp_path / "traag.py"
    script.write_text(textwrap.dedent("""\
        import sys, time
        import mhcli.store

        def slow(*args, **kwargs):
            print("bezig", flush=True)
            time.sleep(60)

        mhcli.store.open_register = slow
        from mhcli.runner import main
        main()
        """), encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), "route", "Tholen"], cwd=NEUTRAL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "bezig\n"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (EXIT_INTERRUPTED, "mhcli: afgebroken.\n")


def test_deleted_working_folder_is_a_usage_error(tmp_path: Path) -> None:
    command = "mkdir weg && cd weg && rmdir ../weg && "
    result = _shell(command + f"{MHCLI} route Tholen", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("mhcli: de huidige map bestaat niet meer")
    assert b"Traceback" not in result.stderr
    with_data = _shell(command + f"{MHCLI} gemeente Tholen -f json --data "
                       f"{shlex.quote(str(FIXTURE))}", cwd=tmp_path)
    assert with_data.returncode == 0, with_data.stderr


def test_non_utf8_argument_is_echoed_safely() -> None:
    result = subprocess.run([*MHCLI_PROCESS, "route", b"Th\xffolen\x1b[2J"],
                            capture_output=True, cwd=NEUTRAL, check=False, timeout=60)
    assert result.returncode == 3
    assert b"\x1b" not in result.stdout + result.stderr
    assert b"Th\\xffolen\\x1b[2J" in result.stderr  # the byte as it was, made visible


def test_very_long_path_is_a_usage_error(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Tholen", "--data", "/" + "a" * 5000)
    assert result.code == 2
    assert result.err.startswith("mhcli: ") and "te lang" in result.err


def test_huge_number_is_a_usage_error(mhcli: Callable[..., Result]) -> None:
    for value in ("9" * 5000, "²", "0"):
        result = mhcli("valideer", "--max-leeftijd", value)
        assert result.code == 2, value
        assert result.err.startswith("mhcli: --max-leeftijd verwacht een positief aantal")
        assert result.err.endswith("\nZie 'mhcli valideer --help' voor het gebruik.\n")


def test_every_message_line_is_made_safe(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "\x1b]52;c;ZWNobyBoaQ==\x07Tholen")
    assert result.code == 3
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert "\\x1b]52;c;ZWNobyBoaQ==\\x07Tholen" in result.err


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_internal_error_is_one_line_also_in_a_process(tmp_path: Path) -> None:
    script = tmp_path / "stuk.py"
    script.write_text("import mhcli.store\nmhcli.store.open_register = lambda *a, **k: 1 / 0\n"
                      "from mhcli.runner import main\nmain()\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), "route", "Tholen"], cwd=NEUTRAL,
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 70
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["route", "--help"], ["zoek", "e"]])
def test_reader_that_leaves_during_help_or_rich_output(args: list[str]) -> None:
    process = subprocess.Popen([*MHCLI_PROCESS, *args], cwd=NEUTRAL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=60) == 0  # rich and click would say 1
    assert process.stderr.read() == b""


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "99999999999", "٤٠"])
def test_odd_terminal_width_is_ignored(columns: str, mhcli: Callable[..., Result],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    expected = mhcli("route", "--help").out
    monkeypatch.setenv("COLUMNS", columns)
    result = mhcli("route", "--help")
    assert (result.code, result.out) == (0, expected)
