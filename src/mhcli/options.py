"""The shared options of the commands and the plumbing between a command, the library
(mhcli.api) and the renderer registry (mhcli.render): what each command would otherwise repeat."""

from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any

import typer

from mhcli import render
from mhcli.completion import UNFILTERED
from mhcli.errors import MhcliError


def tekst(value: str) -> str:
    """Plain text; named so that the help's type column says <tekst> rather than <str>."""
    return value


DATA_HELP = ("Registermap met regio.yaml en districten/ (anders MHCLI_DATA, de dichtstbijzijnde "
             "data/regio.yaml vanaf de huidige map, of het meegeleverde register).")


def completer(kind: str, words: str | None = None
              ) -> Callable[[typer.Context, str], list[str]]:
    """Tab completion of ``kind`` names; ``words``: the parameter that holds the words of a
    name typed without quotes, so that 'Bergen op <Tab>' offers 'Zoom'."""
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from mhcli import completion

        before = tuple(ctx.params.get(words) or ()) if words else ()
        return completion.candidates(kind, incomplete, completion.data_option(ctx), before,
                                     completion.typed_word())

    setattr(complete, UNFILTERED, True)  # it matches and quotes by itself
    return complete


# readable=False on every path: click would refuse an unreadable one in English before mhcli
# can say it in Dutch (mhcli.location for --data, mhcli.streams for --uitvoer).
DataOption = Annotated[Path | None, typer.Option(
    "--data", metavar="PAD", show_default=False, help=DATA_HELP, readable=False)]


def format_option(registry: dict[str, Any]) -> Any:
    """--format whose choices are the registry's names, checked while the options are parsed."""
    choices = list(registry)

    def check(ctx: typer.Context, value: str | None) -> str | None:
        value = value if value is not None else parent("format")
        if value is not None and value not in registry:
            raise typer.BadParameter(f"onbekend formaat '{value}'; kies uit: "
                                     f"{', '.join(choices)}.")
        return value

    return typer.Option("--format", "-f", metavar="FORMAAT", show_default=False,
                        help=f"Uitvoer: {', '.join(choices)} (standaard: tekst).",
                        callback=check, autocompletion=lambda: choices)


OpOption = Annotated[str | None, typer.Option(
    "--op", metavar="DATUM", show_default=False,
    help="Antwoord volgens de feiten die op DATUM (JJJJ-MM-DD) gelden: 'geldig_vanaf' en "
    "'geldig_tot' in het register. Zonder: vandaag.")]

ZoalsBekendOption = Annotated[str | None, typer.Option(
    "--zoals-bekend-op", metavar="DATUM", show_default=False,
    help="Antwoord uit het register zoals het op DATUM (JJJJ-MM-DD) in git stond: de laatste "
    "commit van die dag of eerder. Met git gelezen, niets uitgecheckt; ook --op is dan DATUM, "
    "tenzij u --op geeft.")]


def _datum(option: str, value: str | None) -> Any:
    """A JJJJ-MM-DD option as a date; a clear message (exit 2) for anything else."""
    if value is None:
        return None
    from datetime import date

    try:
        if len(value) == 10 and value.isascii():
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise typer.BadParameter(f"'{value}' is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld "
                             "2024-03-01.", param_hint=f"'{option}'")


UitvoerOption = Annotated[Path | None, typer.Option(
    "--uitvoer", "-o", metavar="BESTAND", show_default=False, readable=False,
    help="Bestand voor --format xlsx (wordt nooit overschreven).")]

GemeenteArgument = Annotated[list[str], typer.Argument(parser=tekst,
    metavar="GEMEENTE...", help="Naam of CBS-code van de gemeente, of een woonplaats, met of "
    "zonder aanhalingstekens: Bergen op Zoom, bergenopzoom, 's-Gravenpolder, GM0716, 0716, "
    "Oudenbosch. Hoofdletters, accenten, spaties en koppeltekens tellen niet; een postcode kent "
    "mhcli niet.",
    autocompletion=completer("gemeente", "gemeente"), show_default=False)]


def joined(words: list[str]) -> str:
    """The words of a name typed without quotes, as one name: route Bergen op Zoom."""
    return " ".join(words)


def rich_terminal() -> bool:
    """Panels and colour only for a person at a terminal that wants them."""
    from mhcli.streams import wants_color

    return wants_color()


def write(text: str) -> None:
    from mhcli.streams import write

    write(text)


def without_time(command: str) -> None:
    """Refuse --op or --zoals-bekend-op before a command that does not answer for a date (they
    would be taken and do nothing)."""
    if parent("op") is not None or parent("zoals_bekend_op") is not None:
        raise MhcliError(f"--op en --zoals-bekend-op gelden niet voor 'mhcli {command}'; ze "
                         "horen bij route, gemeente, gemeenten, district, districten, partners, "
                         "zoek en controleer.")


def open_register(data: Path | None, op: str | None = None,
                  zoals_bekend_op: str | None = None) -> Any:
    """The register a query answers from, for the date(s) the person chose (--op,
    --zoals-bekend-op; also before the command)."""
    from mhcli.api import open_register

    op = op if op is not None else parent("op")
    zoals = zoals_bekend_op if zoals_bekend_op is not None else parent("zoals_bekend_op")
    known_on = _datum("--zoals-bekend-op", zoals)
    register = open_register(data if data is not None else parent("data"),
                             op=_datum("--op", op), zoals_bekend_op=known_on)
    tell(register.herkomst, register.meldingen)
    if known_on is not None:
        from mhcli.clock import today

        if known_on > today():
            _note(f"mhcli: {known_on.isoformat()} ligt in de toekomst; git kent alleen wat tot "
                  "nu is vastgelegd, dus dit is het register van de nieuwste commit.")
    if op is not None or zoals is not None:
        _note(f"mhcli: antwoord volgens de feiten die gelden op "
              f"{register.vandaag.isoformat()}.")
    return register


def tell(herkomst: Any, meldingen: tuple[str, ...] = ()) -> None:
    """One line on stderr for each register passed over, and for a register not bundled."""
    warn(meldingen)
    if not herkomst.as_bundled():  # a checkout that says what the bundled register says is quiet
        _note(herkomst.regel())


def progress_line() -> Callable[[int, int, str], None] | None:
    """One line per step on stderr, for a person at a terminal only (a pipe or CI stays
    quiet: the result itself says everything)."""
    import sys

    if not (sys.stderr is not None and sys.stderr.isatty()):
        return None

    def say(n: int, total: int, what: str) -> None:
        _note(f"mhcli: {n} van {total}: {what}")

    return say


def warn(meldingen: tuple[str, ...]) -> None:
    """Each note about the register (passed over, not trusted) as one line on stderr."""
    for note in meldingen:
        _note(f"mhcli: {note}")


def _note(line: str) -> None:
    from mhcli.safe import one_line
    from mhcli.streams import error

    error(one_line(line) + "\n")


# Options given before the command (``mhcli --data X route ...``): set by the app's callback,
# for this one run (mhcli.runner starts every run without them).
_BEFORE: ContextVar[dict[str, Any] | None] = ContextVar("mhcli_voor_het_commando", default=None)


def remember_parent(**values: Any) -> None:
    _BEFORE.set(values)


def forget_parent() -> None:
    _BEFORE.set(None)


def parent(key: str) -> Any:
    """An option given before the command, or None."""
    values = _BEFORE.get()
    return values.get(key) if values else None


def emit(registry: dict[str, render.Renderer], record: Any, fmt: str | None,
          register: Any = None, **options: Any) -> None:
    """Render ``record``; ``register``: the opened register it came from, whose provenance
    (and the date asked for) the JSON names."""
    out = render.Output(write, rich=rich_terminal(),
                        register=register.bron_json if register is not None else None,
                        **options)
    if out.uitvoer is not None and fmt != "xlsx":
        raise MhcliError("--uitvoer hoort bij --format xlsx; andere formaten schrijven naar de "
                         "standaarduitvoer (gebruik '>' om een bestand te maken).")
    if parent("pager") is not False and _stdout_is_terminal():
        from mhcli.pager import paged  # only at a terminal: a pipe never needs it

        with paged():
            registry[fmt or "tekst"](record, out)
        return
    registry[fmt or "tekst"](record, out)


def _stdout_is_terminal() -> bool:
    import sys

    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (OSError, ValueError):
        return False
