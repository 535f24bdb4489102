"""Long answers at a terminal go through a pager, as git does, so that the first screen is the
top of the answer (who to call) and not its last lines (the sources).

Only when stdout is a terminal and the answer is longer than the screen; never in a pipe or a
file. The pager is ``MHCLI_PAGER``, else ``PAGER``, else ``less``; ``LESS`` defaults to ``FRX``
(quit when it fits, keep colours, leave the text on the screen after quitting), as git sets
it. ``MHCLI_PAGER=`` (empty) or ``mhcli --geen-pager`` turns it off. A pager that cannot be
started means the answer is written directly.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any


def command() -> list[str] | None:
    """The pager to run, or None when paging is off."""
    chosen = os.environ.get("MHCLI_PAGER")
    if chosen is None:
        chosen = os.environ.get("PAGER") or "less"
    try:
        words = shlex.split(chosen)
    except ValueError:
        return None
    return None if not words or words == ["cat"] else words


def _lines() -> int:
    value = os.environ.get("LINES", "")
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines
    except (OSError, ValueError, AttributeError):
        return 24


class _Screen(io.StringIO):
    """Collects what would go to the terminal, and answers as that terminal would."""

    def __init__(self, terminal: Any) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return int(self.terminal.fileno())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.terminal, "encoding", None) or "utf-8"


def wanted(allowed: bool = True) -> bool:
    try:
        tty = sys.stdout is not None and sys.stdout.isatty()
    except (OSError, ValueError):
        tty = False
    return allowed and tty and command() is not None


@contextlib.contextmanager
def paged(allowed: bool = True) -> Iterator[None]:
    """Collect what the block writes to stdout; then show it through the pager if it is longer
    than the screen, else write it as it is."""
    if not wanted(allowed):
        yield
        return
    terminal = sys.stdout
    screen = _Screen(terminal)
    sys.stdout = screen
    try:
        yield
    finally:
        sys.stdout = terminal
    text = screen.getvalue()
    if text.count("\n") < _lines() - 1 or not _page(text, terminal):
        from mhcli.streams import write

        write(text)


def _page(text: str, terminal: Any) -> bool:
    """Run the pager on ``text``; False if it could not be started."""
    words = command()
    if words is None:
        return False
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    encoding = getattr(terminal, "encoding", None) or "utf-8"
    try:
        process = subprocess.Popen(words, stdin=subprocess.PIPE, stdout=terminal, env=env)
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs (as in git): it must not kill mhcli first.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) \
        if hasattr(signal, "SIGINT") else None
    try:
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # the person quit the pager early
            process.stdin.write(text.encode(encoding, "backslashreplace"))
            process.stdin.close()
        process.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return True
