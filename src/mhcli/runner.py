"""The edge of the program: run a command line, turn every outcome into a message and exit code.

This is the one place where errors become messages (README, 'Afsluitcodes'). It also makes the
process robust against the machine it runs on: closed or full output streams, a terminal that
cannot show every character, Ctrl-C, a working folder that was deleted.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import IO, Any

from mhcli.errors import (
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_USAGE,
    MhcliError,
    NotFound,
    RegisterInvalid,
)
from mhcli.streams import prepare_streams, silence

REPORT_BUGS = "de beheerders van het register (zie README, 'Fouten melden')"

OVERVIEW = """\
mhcli — het register van de regionale aanpak mensenhandel Zeeland-West-Brabant.
Waar gaat een signaal over mogelijke mensenhandel heen, wie is trekker, welke gemeenten
horen bij welk district.

Meest gebruikt:
  mhcli route Tholen           waar gaat een signaal uit deze gemeente heen
  mhcli gemeente Goes          één gemeente: district, provincie, zorgcoördinatie
  mhcli district Baronie       één district: gemeenten, trekkers, plan en focus
  mhcli zoek Veiligheidshuis   zoek in alle namen en teksten van het register
  mhcli valideer               controleer het register

Meer: 'mhcli --help' (alle commando's), 'mhcli route --help' (één commando) en de README.
"""

# Output errors: the answer did not reach its reader. EPIPE is the reader leaving (`| head`).
_OUTPUT_ERRORS = (errno.EBADF, errno.ENOSPC, errno.EIO, errno.EDQUOT)


class _Interrupted(BaseException):
    """Ctrl-C, raised by our own handler so that click cannot turn it into a silent exit 130."""



# --- messages -------------------------------------------------------------------------------

def _say(text: str) -> None:
    """Lines on stderr, made safe to print; an unwritable stderr changes nothing. Only the
    line breaks mhcli put between its own lines break a line: every part that carries user
    input, a path or register text is made one line (``_flat``) before it is joined."""
    from mhcli.safe import one_line

    lines = "".join(one_line(line) + "\n" for line in text.rstrip("\n").split("\n"))
    try:
        sys.stderr.write(lines)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        silence("stderr")


def _flat(text: object) -> str:
    """One line, whatever ``text`` holds (see mhcli.safe.one_line)."""
    from mhcli.safe import one_line

    return one_line(text)


def _help_hint(where: str) -> str:
    return f"Zie '{where} --help' voor het gebruik."


def _ignore_odd_sizes() -> None:
    """A terminal size of 0, garbage or absurdly large (rich would print nothing or run out of
    memory) is ignored, as if it were not set: then the real terminal or 80 columns is used."""
    for name in ("COLUMNS", "LINES", "TERMINAL_WIDTH"):
        value = os.environ.get(name)
        if value is not None and not (value.isascii() and value.isdigit() and len(value) <= 4
                                      and 10 <= int(value) <= 1000):
            del os.environ[name]


@contextlib.contextmanager
def _ctrl_c() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise _Interrupted

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _flush(stream: IO[str] | Any) -> None:
    flush = getattr(stream, "flush", None)
    if flush is not None:
        flush()


# --- where an error points to ---------------------------------------------------------------

def _subcommand(command: Any, args: list[str]) -> str:
    """'mhcli route' when ``args`` name a subcommand, else 'mhcli': where the help is."""
    names = getattr(command, "commands", {})
    for arg in args:
        if arg == "--":
            break
        if arg in names:
            return f"mhcli {arg}"
    return "mhcli"


def _route_hint(args: list[str]) -> str:
    """'mhcli Tholen' is a route question without 'route': say so, if it names a gemeente."""
    import shlex

    from mhcli.store import open_register

    word = next((arg for arg in args if not arg.startswith("-")), "")
    try:
        naam = open_register(None).register.gemeente(word).naam
    except Exception:  # no register, no such gemeente: no hint
        return ""
    shown = naam if shlex.quote(naam) == naam else f'"{naam}"'
    return f" Bedoelde u 'mhcli route {shown}'?"


def _cwd_gone() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False


def _print_invalid(exc: RegisterInvalid) -> None:
    from mhcli.render.findings import text_line

    shown = exc.findings[:10]
    lines = [text_line(finding) for finding in shown]  # type: ignore[arg-type]
    if len(exc.findings) > len(shown):
        lines.append(f"... en nog {len(exc.findings) - len(shown)}; zie 'mhcli valideer'.")
    lines.append(f"mhcli: {_flat(exc.message)}")
    _say("\n".join(lines))


def _os_error(exc: OSError) -> int:
    """An OSError that is an ordinary condition gets its message; anything else is a bug."""
    if exc.errno == errno.EPIPE:
        # The reader stopped reading (`mhcli gemeenten | head -1`): not an error of ours.
        silence("stdout")
        return 0
    if exc.errno in _OUTPUT_ERRORS:  # a write that did not go through mhcli.streams.write
        from mhcli.streams import output_error

        silence("stdout")
        _say(f"mhcli: {_flat(output_error(exc).message)}")
        return EXIT_OUTPUT
    if isinstance(exc, FileNotFoundError) and _cwd_gone():
        _say("mhcli: de huidige map bestaat niet meer. Ga naar een bestaande map of geef het "
             "register met --data.")
        return EXIT_USAGE
    if exc.errno == errno.ENAMETOOLONG:
        _say("mhcli: een pad is te lang voor het systeem. Geef een korter pad.")
        return EXIT_USAGE
    return _bug(exc)


def _bug(exc: BaseException) -> int:
    _say(f"mhcli: {_flat(f'interne fout ({type(exc).__name__}: {exc})')}. Dit is een bug; meld "
         f"het met het commando dat u gaf op {REPORT_BUGS}.")
    return EXIT_BUG


# --- run --------------------------------------------------------------------------------------

def run(argv: list[str] | None = None) -> int:
    """Run mhcli with ``argv`` and return the exit code; prints Dutch messages, no tracebacks."""
    prepare_streams()
    _ignore_odd_sizes()
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        with _ctrl_c():
            code = _run(args)
            _flush(sys.stdout)  # a full disk shows here, not at interpreter exit
            return code
    except _Interrupted:
        _say("mhcli: afgebroken.")
        return EXIT_INTERRUPTED
    except OSError as exc:
        return _os_error(exc)
    except SystemExit as exc:
        # click (sys.exit(1) with a PacifyFlushWrapper) and rich (Console.on_broken_pipe) answer
        # a reader that left with exit 1; for mhcli that is not an error.
        if isinstance(exc.__context__, BrokenPipeError):
            silence("stdout")
            return 0
        raise


def _run(args: list[str]) -> int:
    if not args and "_MHCLI_COMPLETE" not in os.environ:
        sys.stdout.write(OVERVIEW)
        return 0
    import typer

    from mhcli import completion
    from mhcli.cli import app
    from mhcli.dutch import speak_dutch, translate, usage_message
    from mhcli.options import forget_parent

    forget_parent()  # options before the command belong to one run (tests run many in-process)

    command = completion.adapt(translate(typer.main.get_command(app)))
    if "_MHCLI_COMPLETE" in os.environ:  # a Tab press: our quoting for each shell
        completion.install_shell_classes()
    try:
        with speak_dutch():
            result = command.main(args=args, prog_name="mhcli", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except NotFound as exc:
        lines = [f"mhcli: {_flat(exc.message)}"]
        if exc.suggestions:
            lines.append(f"bedoelde u: {' of '.join(_flat(s) for s in exc.suggestions)}?")
        if getattr(exc, "hint", True):
            lines.append(_help_hint(_subcommand(command, args)))
        _say("\n".join(lines))
        return exc.exit_code
    except RegisterInvalid as exc:
        _print_invalid(exc)
        return exc.exit_code
    except MhcliError as exc:
        if exc.exit_code == EXIT_OUTPUT:  # e.g. mhcli.streams: nothing more may reach stdout
            silence("stdout")
        message = f"mhcli: {_flat(exc.message)}"
        if exc.exit_code == EXIT_USAGE:
            message += "\n" + _help_hint(_subcommand(command, args))
        _say(message)
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt, EOFError):
        _say("mhcli: afgebroken.")
        return EXIT_INTERRUPTED
    except typer.TyperException as exc:
        # click's errors, through the base typer exports. A usage error is exit 2; the only
        # other kind is a file option click could not open, and mhcli has none. (Without
        # arguments mhcli shows its overview above, so click never shows help for no args.)
        if getattr(exc, "exit_code", None) != EXIT_USAGE:
            return _bug(exc)
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None and ctx.parent is not None \
            else _subcommand(command, args)
        message = _flat(usage_message(exc))
        if message.startswith("onbekend commando") and "Bedoelde u" not in message:
            message += _flat(_route_hint(args))
        _say(f"mhcli: {message}\n{_help_hint(where)}")
        return EXIT_USAGE
    except OSError:
        raise
    except Exception as exc:  # the last line of defence: one line, never a traceback
        return _bug(exc)


def main() -> None:
    from mhcli.streams import configure_streams

    configure_streams()  # the process's own streams only: run() also serves tests in-process
    sys.exit(run())
