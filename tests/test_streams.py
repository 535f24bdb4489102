"""Output streams under odd conditions, as a real process meets them: stdout closed or full,
stderr closed or full, a reader that stops, a terminal that is not UTF-8, odd COLUMNS."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from mhcli import streams
from tests.conftest import MHCLI_PROCESS, NEUTRAL

CLOSED = "mhcli: uitvoer kon niet geschreven worden: de standaarduitvoer is gesloten.\n"
FULL = "mhcli: uitvoer kon niet geschreven worden: het apparaat of de schijf is vol.\n"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "NO_COLOR", "TERM"}}
    env.update(MHCLI_CACHE=str(tmp_path / "cache"), MHCLI_VANDAAG="2026-11-28", **extra)
    return env


def _shell(tmp_path: Path, args: str, redirect: str, **env: str
           ) -> subprocess.CompletedProcess[bytes]:
    command = f"{shlex.join(MHCLI_PROCESS)} {args} {redirect}"
    return subprocess.run(["sh", "-c", command], capture_output=True, cwd=NEUTRAL,
                          env=_env(tmp_path, **env), check=False)


def test_closed_stdout_is_exit_74(tmp_path: Path) -> None:
    result = _shell(tmp_path, "gemeenten", ">&-")
    assert (result.returncode, result.stderr.decode()) == (74, CLOSED)


def test_full_stdout_is_exit_74_without_a_python_warning(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    result = _shell(tmp_path, "route Tholen", ">/dev/full")
    assert (result.returncode, result.stderr.decode()) == (74, FULL)


@pytest.mark.parametrize(("args", "code"), [("gemeenten", 0), ("gemeente Nergenshuizen", 3),
                                            ("gemeenten --format xml", 2)])
@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_stderr_closed_or_full_does_not_change_the_exit_code(
        tmp_path: Path, args: str, code: int, redirect: str) -> None:
    if "full" in redirect and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    assert _shell(tmp_path, args, redirect).returncode == code


def test_a_reader_that_stops_is_a_quiet_exit_0(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before mhcli writes: EPIPE on the first write
    try:
        result = subprocess.run([*MHCLI_PROCESS, "gemeenten"], stdout=write,
                                stderr=subprocess.PIPE, cwd=NEUTRAL, env=_env(tmp_path),
                                check=False)
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (0, b"")


def test_non_utf8_terminal_degrades_to_escapes(tmp_path: Path) -> None:
    result = subprocess.run([*MHCLI_PROCESS, "route", "Tholen", "--format",
                             "markdown"], capture_output=True, cwd=NEUTRAL,
                            env=_env(tmp_path, PYTHONIOENCODING="ascii"), check=False)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("ascii")  # every byte is ASCII
    assert "Zorgco\\xf6rdinatie" in text and "\\u26a0" in text


@pytest.mark.parametrize("columns", ["0", "abc", "-5", "", " ", "٣"])
def test_columns_zero_or_garbage_is_ignored(tmp_path: Path, columns: str) -> None:
    reference = subprocess.run([*MHCLI_PROCESS, "partners"], capture_output=True,
                               cwd=NEUTRAL, env=_env(tmp_path), check=True).stdout
    result = subprocess.run([*MHCLI_PROCESS, "partners"], capture_output=True,
                            cwd=NEUTRAL, env=_env(tmp_path, COLUMNS=columns), check=False)
    assert result.returncode == 0
    assert result.stdout == reference and len(reference) > 1000


@pytest.mark.parametrize(("columns", "width"), [("0", 100), ("x", 100), ("40", 40),
                                                 ("5", 20), ("99999", 1000), (None, 100)])
def test_terminal_width_rules(monkeypatch: pytest.MonkeyPatch, columns: str | None,
                              width: int) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert streams.terminal_width() == width  # stdout is not a terminal under pytest


class _Tty:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("no_color", "term", "wanted"), [
    (None, "xterm", True), ("1", "xterm", False), ("", "xterm", True), (None, "dumb", False)])
def test_wants_color(monkeypatch: pytest.MonkeyPatch, no_color: str | None, term: str,
                     wanted: bool) -> None:
    monkeypatch.setattr(sys, "stdout", _Tty())
    monkeypatch.setenv("TERM", term)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert streams.wants_color() is wanted


def test_not_a_terminal_wants_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert streams.wants_color() is False


def test_write_to_closed_stdout_raises_output_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(streams.OutputError) as caught:
        streams.write("x")
    assert caught.value.exit_code == 74


def test_error_to_a_missing_stderr_is_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    streams.error("niemand leest dit\n")  # no exception


def test_stderr_never_carries_control_codes(tmp_path: Path) -> None:
    # The format name is echoed raw by the command line; stderr itself cleans it.
    result = subprocess.run([*MHCLI_PROCESS, "gemeenten", "--format",
                             "Tho\x1b]52;c;eA==\x07"],
                            capture_output=True, cwd=NEUTRAL, env=_env(tmp_path), check=False)
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert b"'Tho\\x1b]52;c;eA==\\x07'" in result.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_on_a_non_utf8_stream_stays_valid_json(tmp_path: Path, encoding: str) -> None:
    import json

    def run(**env: str) -> object:
        result = subprocess.run([*MHCLI_PROCESS, "districten", "--format",
                                 "json"], capture_output=True, cwd=NEUTRAL,
                                env=_env(tmp_path, **env), check=True)
        return json.loads(result.stdout.decode("ascii" if env else "utf-8"))

    utf8 = run()
    assert "André" in str(utf8)
    assert run(PYTHONIOENCODING=encoding) == utf8
