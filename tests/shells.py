"""A real interactive shell in a pseudo-terminal, for completion tests: type, press Tab, press
Enter, and read what the command received. No terminal emulator: the command itself prints its
arguments on a line of their own ("ARGS:a¦b¦"), which is all a test needs to read."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import time
from pathlib import Path


class Shell:
    def __init__(self, argv: list[str], env: dict[str, str], setup: list[str],
                 marks: Path | None = None) -> None:
        self.marks = marks  # a file the completion process adds a line to when it is done
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the shell, with only the environment given
            os.execvpe(argv[0], argv, env)
        self.out = b""
        self._settle(2.0)
        for line in setup:
            self.send(line + "\n")
        self._settle(2.0)

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def _read(self, seconds: float) -> None:
        r, _, _ = select.select([self.fd], [], [], seconds)
        if r:
            with contextlib.suppress(OSError):
                self.out += os.read(self.fd, 65536)

    def _settle(self, quiet: float, limit: float = 20.0) -> None:
        """Read until nothing new came for ``quiet`` seconds (or ``limit`` passed)."""
        end = time.monotonic() + limit
        last = time.monotonic()
        size = len(self.out)
        while time.monotonic() < end and time.monotonic() - last < quiet:
            self._read(0.1)
            if len(self.out) != size:
                size, last = len(self.out), time.monotonic()

    def complete(self, line: str) -> list[str] | None:
        """Type ``line``, press Tab, then Enter: the arguments the command received, or None
        when it never ran (an unclosed quote leaves the shell waiting for more)."""
        before = len(self.args())
        self.send(line)
        self._settle(0.3)
        echoed = len(self.out)
        done = self._marks()
        self.send("\t")
        end = time.monotonic() + 30  # the completion is a process of its own: give it time
        while time.monotonic() < end and ((self.marks and self._marks() == done)
                                           or len(self.out) == echoed):
            self._read(0.1)  # until the process is done and the shell showed something
        self._settle(0.5)
        self.send("\n")
        end = time.monotonic() + 15
        while time.monotonic() < end and len(self.args()) == before:
            self._read(0.1)
        after = self.args()
        if len(after) > before:
            self._settle(0.3)  # the next prompt
            return after[-1]
        self.send("\x03")  # stuck (an unclosed quote): back to a fresh prompt
        self._settle(1.0)
        return None

    def _marks(self) -> int:
        try:
            return len(self.marks.read_text().splitlines()) if self.marks else 0
        except FileNotFoundError:
            return 0

    def args(self) -> list[list[str]]:
        text = self.out.decode("utf-8", "replace").replace("\r", "")
        lines = text.split("\n")[:-1]  # complete lines only
        return [line[len("ARGS:"):].split("¦")[:-1] for line in lines
                if line.startswith("ARGS:")]

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
