"""Standard output and error as mhcli uses them: degrade on a terminal that is not UTF-8, report
a stdout that cannot be written (exit 74), never let a closed stderr change an exit code, and
decide width and colour once (README, 'Uitvoer voor machines' and 'Afsluitcodes')."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from pathlib import Path
from typing import TextIO

import typer

from mhcli.errors import EXIT_OUTPUT, MhcliError

PIPE_WIDTH = 100  # a pipe or file has no width; this is what a reader's editor shows well
FALLBACK_WIDTH = 80  # a terminal whose size cannot be asked
MIN_WIDTH = 20
MAX_WIDTH = 1000


class OutputError(MhcliError):
    """Standard output is closed, full or otherwise cannot be written."""

    exit_code = EXIT_OUTPUT


class ReaderGone(typer.Exit):
    """The reader stopped reading (`mhcli gemeenten | head -1`): not an error of ours, exit 0.
    A typer.Exit, because click turns a BrokenPipeError into exit 1 before mhcli sees it."""

    def __init__(self) -> None:
        super().__init__(0)


def configure_streams() -> None:
    """Call once at start-up. Characters the output encoding cannot hold are written as
    escapes (\\u00e9) instead of failing, and closed descriptors 0-2 are taken by /dev/null so
    no file mhcli opens later can land on them (sys.stdout stays None: writing reports it)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
    stdout = sys.stdout
    if isinstance(stdout, io.TextIOWrapper):
        with contextlib.suppress(Exception):
            stdout.reconfigure(errors="backslashreplace")
    stderr = sys.stderr
    if stderr is None:  # started with 2>&-
        sys.stderr = _QuietWriter(open(os.devnull, "wb"), encoding="utf-8")  # noqa: SIM115
    elif isinstance(stderr, io.TextIOWrapper) and not isinstance(stderr, _QuietWriter):
        with contextlib.suppress(Exception):
            stderr.flush()
            sys.stderr = _QuietWriter(stderr.buffer, encoding=stderr.encoding,
                                      errors="backslashreplace", line_buffering=True)


class _QuietWriter(io.TextIOWrapper):
    """stderr that never fails: a message that cannot be shown must not change the exit code
    (every ``sys.stderr.write`` in mhcli goes through this once configure_streams ran). It
    also cleans what it writes: a message that quotes user input or a path can carry no
    terminal control codes, whichever code path wrote it."""

    def write(self, text: str) -> int:
        from mhcli.safe import clean

        with contextlib.suppress(OSError, ValueError):
            super().write(clean(text))
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().flush()

class _ClosedOutput:
    """Stands in for a stdout that was closed (``>&-``): every write fails as the OS would."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _take_fd() -> None:
    """Occupy a closed standard descriptor with /dev/null, so that no file we open later
    (a cache entry, a register file) becomes "stdout" or "stderr" by accident."""
    with contextlib.suppress(OSError):
        fd = os.open(os.devnull, os.O_WRONLY)
        if fd > 2:
            os.close(fd)


def prepare_streams() -> None:
    """Closed streams get stand-ins; a stream that cannot encode everything degrades to escapes.
    Every run, also in-process (tests); configure_streams is for the process once."""
    if sys.stderr is None:  # `2>&-`: messages go nowhere, exit codes stay the same
        _take_fd()
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives to exit
    if sys.stdout is None:  # `>&-`: the first write fails, as it would in C
        _take_fd()
        sys.stdout = _ClosedOutput()
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            # `PYTHONIOENCODING=ascii` or a Latin-1 terminal; also lone surrogates from a
            # non-UTF-8 file name: show \u escapes rather than fail.
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="backslashreplace")


def silence(name: str) -> None:
    """Replace a failed standard stream (``"stdout"``/``"stderr"``) by /dev/null, also at the
    descriptor, so that the interpreter's final flush of what is still buffered cannot fail."""
    with contextlib.suppress(Exception):
        fd = getattr(sys, name).fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    with contextlib.suppress(OSError):
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def output_error(exc: BaseException) -> OutputError:
    """The one message for output that could not be written, whoever tried to write it."""
    return OutputError(f"uitvoer kon niet geschreven worden: {_reason(exc)}.")


def _reason(exc: BaseException) -> str:
    code = exc.errno if isinstance(exc, OSError) else None
    if isinstance(exc, ValueError) or code == errno.EBADF:
        return "de standaarduitvoer is gesloten"
    reasons = {errno.ENOSPC: "het apparaat of de schijf is vol",
               errno.EDQUOT: "het schijfquotum is op",
               errno.EACCES: "geen toestemming om te schrijven",
               errno.EPERM: "geen toestemming om te schrijven",
               errno.EROFS: "het bestandssysteem is alleen-lezen",
               errno.EIO: "een invoer/uitvoerfout van het apparaat"}
    if code in reasons:
        return reasons[code]
    return f"systeemfout {errno.errorcode.get(code, code) if code else type(exc).__name__}"


def write(text: str) -> None:
    """Write ``text`` to stdout now. A reader that stopped reading (`| head -1`) raises
    ReaderGone, a quiet exit 0; any other failure raises OutputError (exit 74)."""
    stream: TextIO | None = sys.stdout
    if stream is None:
        raise OutputError("uitvoer kon niet geschreven worden: de standaarduitvoer is gesloten.")
    try:
        stream.write(text)
        stream.flush()  # report a full disk here, not as a warning when Python exits
    except BrokenPipeError:
        silence("stdout")
        raise ReaderGone() from None
    except (OSError, ValueError) as exc:
        silence("stdout")
        raise output_error(exc) from None


def error(text: str) -> None:
    """Write ``text`` to stderr if it can be written; a closed or full stderr changes nothing."""
    stream: TextIO | None = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(Exception):
        stream.write(text)
        stream.flush()


def _columns() -> int | None:
    value = os.environ.get("COLUMNS", "").strip()
    if value.isascii() and value.isdigit() and int(value) > 0:
        return min(max(int(value), MIN_WIDTH), MAX_WIDTH)
    return None  # unset, 0 or garbage: ignored


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


def terminal_width() -> int:
    """The width to lay out for: a valid COLUMNS (a whole number above 0) first, then the
    size of the terminal on stdout (80 if it cannot be asked), and 100 for a pipe or file."""
    columns = _columns()
    if columns is not None:
        return columns
    if not _isatty(sys.stdout):
        return PIPE_WIDTH
    try:
        size = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        size = 0
    if size <= 0:
        import shutil

        size = shutil.get_terminal_size((FALLBACK_WIDTH, 24)).columns
    return min(max(size if size > 0 else FALLBACK_WIDTH, MIN_WIDTH), MAX_WIDTH)


def wants_color() -> bool:
    """Panels and colour only for a person at a terminal that wants them (no-color.org: a
    non-empty NO_COLOR; TERM=dumb)."""
    return (_isatty(sys.stdout) and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb")


def write_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file at ``path``, whole or not at all. An existing path (also a
    dangling symlink) is refused: mhcli never overwrites a user's file."""
    import tempfile

    from mhcli.safe import shown

    target = Path(path)
    if os.path.lexists(target):
        raise MhcliError(f"{shown(target)} bestaat al; mhcli overschrijft geen bestanden. "
                         "Kies een nieuwe bestandsnaam of verwijder het bestand eerst.")
    folder = target.parent
    if not folder.is_dir():
        raise MhcliError(f"de map {shown(folder)} bestaat niet; maak hem eerst aan of kies een "
                         "andere map voor --uitvoer.")
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".mhcli-", suffix=".tmp")
        # mkstemp makes 0600; a spreadsheet gets the rights any new file of the user gets.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, target)  # fails if the name appeared meanwhile: never clobbers
        except FileExistsError:
            raise MhcliError(f"{shown(target)} bestaat al; mhcli overschrijft geen bestanden. "
                             "Kies een nieuwe bestandsnaam.") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            if os.path.lexists(target):  # a file system without hard links
                raise MhcliError(f"{shown(target)} bestaat al; mhcli overschrijft geen "
                                 "bestanden.") from None
            os.replace(temporary, target)
            temporary = None
    except MhcliError:
        raise
    except OSError as exc:
        raise OutputError(f"{shown(target)} kon niet geschreven worden: {_reason(exc)}.",
                          ) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
