"""Tab completion: names from the validated register, matched as people type, quoted for the shell.

Completion runs on every Tab press, inside the user's shell: it must never hang, never print an
error and never offer a name from a register that ``mhcli`` itself would refuse to answer from.
So candidates come from ``mhcli.api.open_register`` (validated, cached), any failure means no
candidates, and the whole lookup has a time limit.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# A cold register (no cache yet) validates in well under a second; beyond this we give up.
TIME_LIMIT = 3.0
KINDS = ("gemeente", "district", "vorm")

# Everything bash would read as syntax; a backslash before it makes it literal.
_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&|;<>(){}\[\]*?#~=%^,])""")


class _TimeUp(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _TimeUp after ``seconds``; a no-op where signals are not available."""
    if not hasattr(signal, "setitimer") or threading.current_thread() != threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    earlier, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier:  # someone else's timer was running: give back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(earlier - (time.monotonic() - started),
                                                     0.001))


def data_option(ctx: Any) -> Path | None:
    """The ``--data`` given on the command line being completed, in this command or a parent."""
    while ctx is not None:
        value = getattr(ctx, "params", {}).get("data")
        if value:
            return Path(value)
        ctx = getattr(ctx, "parent", None)
    return None


def current_shell() -> str | None:
    """The shell asking, from click's protocol variable (``_MHCLI_COMPLETE=complete_bash``)."""
    instruction = os.environ.get("_MHCLI_COMPLETE", "")
    return instruction.partition("_")[2] or None


def _names(kind: str, data: Path | None) -> list[str]:
    from mhcli.api import open_register

    return open_register(data).namen(kind)


def quote(name: str, shell: str | None) -> str:
    """``name`` as the shell must receive it to insert it as one word.

    bash inserts a candidate exactly as given (typer's script fills COMPREPLY with one line per
    candidate, no ``-o filenames``), so spaces and quotes need a backslash. zsh (``_arguments``),
    fish and PowerShell quote inserted candidates themselves: escaping there would double it."""
    if shell == "bash":
        return _BASH_SPECIAL.sub(r"\\\1", name)
    return name


def candidates(kind: str, incomplete: str, data: Path | None = None,
               shell: str | None = None) -> list[str]:
    """Names of ``kind`` that start with ``incomplete`` (case and accents do not matter).

    Never raises, never hangs: any failure, an invalid register included, means no candidates."""
    from mhcli.names import normalize, without_article
    from mhcli.render.safe import clean_line

    try:
        with _time_limit(TIME_LIMIT):
            names = _names(kind, data)
        typed = normalize(incomplete)
        found = [n for n in names if normalize(n).startswith(typed)
                 or without_article(normalize(n)).startswith(typed)]
        return [quote(clean_line(n), shell) for n in found]
    except Exception:  # _TimeUp, MhcliError, OSError, a broken cache: no candidates
        return []
