"""Rewrite the example output in README.md from the real commands (``--check``: only compare).

A README example is a ```text block whose first line is ``$ mhcli ARGS``; the lines after it are
that command's output, in a pipe at 100 columns, on the bundled register, with today fixed
(MHCLI_VANDAAG). A block that ends in a line ``...`` shows only the first lines of the output.
Run from the repository: ``python tools/readme_uitvoer.py``; tests/test_readme.py runs --check.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VANDAAG = "2026-11-28"
BLOCK = re.compile(r"```text\n\$ (mhcli [^\n]*)\n(.*?)```", re.S)


def output(command: str) -> str:
    """What ``command`` prints to stdout, in-process, as in a pipe."""
    from mhcli.runner import run

    os.environ.update({"MHCLI_VANDAAG": VANDAAG, "COLUMNS": "100", "NO_COLOR": "1",
                       "MHCLI_CACHE": ""})
    os.environ.pop("MHCLI_DATA", None)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        run(shlex.split(command)[1:])
    return out.getvalue()


def expected(command: str, shown: str) -> str:
    """The block's body as it should read: the whole output, or as many lines as shown."""
    real = output(command)
    lines = shown.splitlines()
    if lines and lines[-1] == "...":
        return "\n".join([*real.splitlines()[:len(lines) - 1], "..."]) + "\n"
    return real


def rewrite(text: str) -> tuple[str, list[str]]:
    stale: list[str] = []

    def one(match: re.Match[str]) -> str:
        command, shown = match.group(1), match.group(2)
        body = expected(command, shown)
        if body != shown:
            stale.append(command)
        return f"```text\n$ {command}\n{body}```"

    return BLOCK.sub(one, text), stale


def main() -> int:
    os.chdir(REPO)
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    new, stale = rewrite(text)
    if "--check" in sys.argv:
        for command in stale:
            print(f"README.md: de uitvoer van '{command}' is verouderd", file=sys.stderr)
        return 1 if stale else 0
    readme.write_text(new, encoding="utf-8")
    print(f"README.md: {len(stale)} voorbeeld(en) bijgewerkt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
