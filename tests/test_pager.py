"""Long answers at a terminal go through a pager (git's way); in a pipe, never."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import MHCLI_PROCESS, NEUTRAL
from tests.shells import Shell

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _terminal(tmp_path: Path, pager: str | None, lines: int = 24) -> Shell:
    env = {k: v for k, v in os.environ.items() if k not in ("MHCLI_PAGER", "PAGER", "NO_COLOR")}
    env.update({"TERM": "xterm", "LC_ALL": "C.UTF-8", "LINES": str(lines), "COLUMNS": "80"})
    if pager is not None:
        env["MHCLI_PAGER"] = pager
    return Shell(["bash", "--norc", "--noprofile", "-i"], env,
                 ["PS1='$ '; cd " + shlex.quote(str(NEUTRAL))])


def _run(shell: Shell, args: str) -> str:
    before = len(shell.args())
    shell.send(f"{shlex.join(MHCLI_PROCESS)} {args}; echo \"ARGS:$?¦\"\n")
    for _ in range(300):
        if len(shell.args()) > before:
            break
        shell._read(0.1)
    return shell.out.decode("utf-8", "replace")


def test_a_long_route_goes_through_the_pager_and_a_short_one_does_not(tmp_path: Path) -> None:
    seen = tmp_path / "gezien.txt"
    pager = f"sh -c 'cat >> {seen}; echo PAGER-KLAAR'"
    shell = _terminal(tmp_path, pager)
    try:
        out = _run(shell, "route Tholen")
        assert shell.args()[-1] == ["0"] and "PAGER-KLAAR" in out
        paged = seen.read_text(encoding="utf-8")
        assert paged.count("\n") > 60 and "Route van een signaal uit Tholen" in paged
        assert "\x1b[" in paged  # colours kept (LESS=R)
        size = len(paged)
        _run(shell, "gemeente Tholen")  # 18 lines fit on 24: written directly
        _run(shell, "--geen-pager route Tholen")
        _run(shell, "route Tholen | cat")  # a pipe: never
        assert len(seen.read_text(encoding="utf-8")) == size
        assert [a for a in shell.args()[-3:]] == [["0"], ["0"], ["0"]]
    finally:
        shell.close()


def test_an_empty_mhcli_pager_turns_it_off(tmp_path: Path) -> None:
    shell = _terminal(tmp_path, "")
    try:
        out = _run(shell, "route Tholen")
        assert shell.args()[-1] == ["0"] and "Bronnen" in out
    finally:
        shell.close()
