"""The command line: parse, call the core, hand the result to a renderer. Nothing else."""


import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mhcli.errors import EXIT_BUG, EXIT_REGISTER, EXIT_USAGE, MhcliError, NotFound, RegisterInvalid

if TYPE_CHECKING:
    from mhcli.render.sheet import Sheet

REPORT_BUGS = "de beheerders van het register (zie README, 'Fouten melden')"

app = typer.Typer(
    name="mhcli",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from mhcli import __version__

        _write(f"mhcli {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main_options(
    version: Annotated[bool, typer.Option("--version", help="Toon de versie van mhcli.",
                                          callback=_version, is_eager=True)] = False,
) -> None:
    """Register van de regionale aanpak mensenhandel Zeeland-West-Brabant: waar gaat een
    signaal heen, wie is trekker, welke gemeenten horen bij een district.

    Voorbeeld: mhcli route Tholen
    """


# --- shared options -------------------------------------------------------------------------

def _names(kind: str) -> list[str]:
    """Municipality or district names for tab completion; never fails, never validates."""
    try:
        from mhcli.loading import parse_register
        from mhcli.location import locate
        from mhcli.register import build
        from mhcli.source import read_folder

        register = build(parse_register(read_folder(locate(None).data)))
        if kind == "gemeente":
            return [g.naam for g in register.alle_gemeenten()]
        if kind == "district":
            return [d.naam for d in register.districten.values()]
        return list(register.vormen)
    except Exception:
        return []


def _completer(kind: str) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        from mhcli.names import normalize

        return [n for n in _names(kind) if normalize(n).startswith(normalize(incomplete))]

    return complete


DataOption = Annotated[Path | None, typer.Option(
    "--data", metavar="PAD", show_default=False,
    help="Registermap met regio.yaml en districten/ (anders MHCLI_DATA, de dichtstbijzijnde "
    "data/regio.yaml vanaf de huidige map, of het meegeleverde register).")]


def _format_option(choices: tuple[str, ...]) -> Any:
    return typer.Option("--format", "-f", metavar="|".join(choices),
                        help=f"Uitvoer: {', '.join(choices)}.",
                        autocompletion=lambda: list(choices))


GemeenteArgument = Annotated[str, typer.Argument(
    metavar="GEMEENTE", help="Naam of CBS-code van de gemeente, bijvoorbeeld Tholen of 0716.",
    autocompletion=_completer("gemeente"), show_default=False)]

TABLE_FORMATS = ("tekst", "json", "csv", "markdown")
SHEET_FORMATS = ("tekst", "json", "markdown")


def _check_format(value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise MhcliError(f"onbekend formaat '{value}'; kies uit: {', '.join(choices)}.")
    return value


# --- output ---------------------------------------------------------------------------------

def _rich_terminal() -> bool:
    """Panels and colour only for a person at a terminal that wants them."""
    from mhcli.streams import wants_color

    return wants_color()


def _write(text: str) -> None:
    from mhcli.streams import write

    write(text)


def _emit_sheet(sheet: "Sheet", fmt: str, data: Any) -> None:
    if fmt == "json":
        from mhcli.render.jsonout import dumps

        _write(dumps(data))
    elif fmt == "markdown":
        from mhcli.render import markdown

        _write(markdown.sheet(sheet))
    elif _rich_terminal():
        from mhcli.render import terminal

        terminal.sheet(sheet, terminal.console())
    else:
        from mhcli.render import plain

        _write(plain.sheet(sheet))


def _emit_table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], fmt: str,
                title: str | None = None) -> None:
    from mhcli.render import tables

    keys = [k for k, _ in columns]
    if fmt == "json":
        from mhcli.render.jsonout import dumps

        _write(dumps(rows))
        return
    if fmt in ("csv", "csv-excel"):  # for machines, like json: every field, under its json key
        _write(tables.csv_text(list(rows[0]) if rows else keys, rows, excel=fmt == "csv-excel"))
        return
    headers = [label for _, label in columns]
    cells = [[tables.cell(row.get(k)) for k in keys] for row in rows]
    if fmt == "markdown":
        _write(tables.markdown(headers, cells))
    elif _rich_terminal():
        from mhcli.render import terminal

        terminal.table(headers, cells, terminal.console(), title)
    else:
        _write(tables.plain(headers, cells))


# --- commands -------------------------------------------------------------------------------

@app.command()
def route(
    gemeente: GemeenteArgument,
    vorm: Annotated[str | None, typer.Option(
        "--vorm", metavar="VORM", show_default=False, autocompletion=_completer("vorm"),
        help="Vorm van uitbuiting: seksuele-uitbuiting, arbeidsuitbuiting, "
        "criminele-uitbuiting of orgaanverwijdering.")] = None,
    fmt: Annotated[str, _format_option(("tekst", "json", "markdown", "mermaid"))] = "tekst",
    data: DataOption = None,
) -> None:
    """Waar gaat een signaal uit GEMEENTE heen? De route stap voor stap.

    Voorbeelden: mhcli route Tholen · mhcli route 0716 --vorm arbeidsuitbuiting ·
    mhcli route Breda --format mermaid
    """
    from mhcli.register import today
    from mhcli.routes import resolve_route
    from mhcli.store import open_register

    _check_format(fmt, ("tekst", "json", "markdown", "mermaid"))
    register = open_register(data).register
    found = register.gemeente(gemeente)
    chosen = register.vorm(vorm) if vorm is not None else None
    result = resolve_route(register, found, chosen, today())
    if fmt == "mermaid":
        from mhcli.render import mermaid

        _write(mermaid.route(result))
        return
    from mhcli.render import documents

    _emit_sheet(documents.route(result), fmt, result.as_json())


@app.command("gemeente")
def gemeente_cmd(
    naam: GemeenteArgument,
    fmt: Annotated[str, _format_option(SHEET_FORMATS)] = "tekst",
    data: DataOption = None,
) -> None:
    """Eén gemeente: district, CBS-code, provincie, zorgcoördinatie en toelichting.

    Voorbeeld: mhcli gemeente GM0716
    """
    from mhcli.overview import gemeente_record
    from mhcli.render import documents
    from mhcli.store import open_register

    _check_format(fmt, SHEET_FORMATS)
    register = open_register(data).register
    record = gemeente_record(register, register.gemeente(naam))
    _emit_sheet(documents.gemeente(record), fmt, record)


@app.command("gemeenten")
def gemeenten_cmd(
    district: Annotated[str | None, typer.Option(
        "--district", metavar="DISTRICT", show_default=False,
        autocompletion=_completer("district"),
        help="Alleen de gemeenten van dit district.")] = None,
    provincie: Annotated[str | None, typer.Option(
        "--provincie", metavar="PROVINCIE", show_default=False,
        help="Alleen de gemeenten in deze provincie (Noord-Brabant of Zeeland).")] = None,
    fmt: Annotated[str, _format_option(TABLE_FORMATS)] = "tekst",
    data: DataOption = None,
) -> None:
    """Alle gemeenten in het register, met CBS-code, district en provincie.

    Voorbeelden: mhcli gemeenten --district Zeeland · mhcli gemeenten --provincie Zeeland -f csv
    """
    from mhcli.overview import gemeenten_rows
    from mhcli.store import open_register

    _check_format(fmt, TABLE_FORMATS)
    register = open_register(data).register
    chosen = register.district(district) if district is not None else None
    rows = gemeenten_rows(register, chosen,
                          register.provincie(provincie) if provincie is not None else None)
    _emit_table(rows, [("naam", "Gemeente"), ("cbs_code", "CBS-code"),
                       ("district_naam", "District"), ("provincie", "Provincie")], fmt,
                f"Gemeenten ({len(rows)})")


@app.command("district")
def district_cmd(
    naam: Annotated[str, typer.Argument(
        metavar="DISTRICT", help="Naam of id van het district, met of zonder 'De'.",
        autocompletion=_completer("district"), show_default=False)],
    fmt: Annotated[str, _format_option(SHEET_FORMATS)] = "tekst",
    data: DataOption = None,
) -> None:
    """Eén district: gemeenten, trekkers, plan en status, focus, aansturing, zorgcoördinatie.

    Voorbeeld: mhcli district Baronie
    """
    from mhcli.overview import district_record
    from mhcli.register import today
    from mhcli.render import documents
    from mhcli.store import open_register

    _check_format(fmt, SHEET_FORMATS)
    register = open_register(data).register
    record = district_record(register, register.district(naam), today())
    _emit_sheet(documents.district(record), fmt, record)


@app.command("districten")
def districten_cmd(
    fmt: Annotated[str, _format_option(TABLE_FORMATS)] = "tekst",
    data: DataOption = None,
) -> None:
    """De regio in één oogopslag: alle districten naast elkaar.

    Voorbeeld: mhcli districten --format markdown
    """
    from mhcli.overview import districten_rows
    from mhcli.register import today
    from mhcli.store import open_register

    _check_format(fmt, TABLE_FORMATS)
    rows = districten_rows(open_register(data).register, today())
    aspects = [("aantal_gemeenten", "Gemeenten"), ("trekkers", "Bestuurlijk trekker(s)"),
               ("aansturing", "Aansturing"), ("plan", "Plan"), ("plan_status", "Status plan"),
               ("focus", "Focus"), ("zorgcoordinatie", "Zorgcoördinatie")]
    if fmt in ("json", "csv"):  # for machines: one record per district
        _emit_table(rows, [("naam", "District"), *aspects], fmt)
        return
    # For people: the districts side by side, one column each.
    columns = [("aspect", ""), *((row["id"], row["naam"]) for row in rows)]
    side_by_side = [{"aspect": label, **{row["id"]: row[key] for row in rows}}
                    for key, label in aspects]
    _emit_table(side_by_side, columns, fmt, "Districten")


@app.command("partners")
def partners_cmd(
    fmt: Annotated[str, _format_option(TABLE_FORMATS)] = "tekst",
    data: DataOption = None,
) -> None:
    """Partners en organisaties, en waar ze in de aanpak voorkomen.

    Voorbeeld: mhcli partners
    """
    from mhcli.overview import partners_rows
    from mhcli.store import open_register

    _check_format(fmt, TABLE_FORMATS)
    rows = partners_rows(open_register(data).register)
    _emit_table(rows, [("naam", "Naam"), ("soort", "Soort"), ("waar", "Waar")], fmt,
                "Partners en organisaties")


@app.command("zoek")
def zoek_cmd(
    tekst: Annotated[str, typer.Argument(metavar="TEKST", show_default=False,
                                         help="Te zoeken tekst; hoofdletters en accenten tellen "
                                         "niet.")],
    fmt: Annotated[str, _format_option(TABLE_FORMATS)] = "tekst",
    data: DataOption = None,
) -> None:
    """Zoek in alle namen en teksten van het register; elke vondst zegt waar hij staat.

    Voorbeeld: mhcli zoek Veiligheidshuis
    """
    from mhcli.names import normalize
    from mhcli.overview import zoek_rows
    from mhcli.store import open_register

    _check_format(fmt, TABLE_FORMATS)
    if not normalize(tekst):
        raise MhcliError("geef een zoektekst met minstens één letter of cijfer.")
    rows = zoek_rows(open_register(data, positions=True).loaded, tekst)
    if not rows:
        raise NotFound(f"'{tekst}' komt nergens in het register voor.")
    _emit_table(rows, [("bestand", "Bestand"), ("regel", "Regel"), ("pad", "Waar"),
                       ("tekst", "Tekst")], fmt, f"Gevonden: {len(rows)}")


DIFF_FORMATS = ("tekst", "json", "markdown")


@app.command("diff")
def diff_cmd(
    oud: Annotated[str, typer.Argument(metavar="OUD", help="Revisie om mee te vergelijken.")
                   ] = "HEAD",
    nieuw: Annotated[str | None, typer.Argument(
        metavar="NIEUW", show_default=False,
        help="Revisie met de wijziging; zonder: de werkmap.")] = None,
    fmt: Annotated[str, _format_option(DIFF_FORMATS)] = "tekst",
    data: DataOption = None,
) -> None:
    """Wat een wijziging van het register betekent, tussen twee git-revisies.

    Zegt in woorden wat er veranderde en vooral welke signalen nu ergens anders heen gaan.
    Het register wordt met git gelezen: er wordt niets uitgecheckt of geschreven.
    Afsluitcode 0, ook als er wijzigingen zijn; 4 bij een git-probleem.

    Voorbeelden: mhcli diff · mhcli diff HEAD~1 HEAD · mhcli diff main --format markdown
    """
    from mhcli.store import compare_revisions

    _check_format(fmt, DIFF_FORMATS)
    verschil = compare_revisions(data, oud, nieuw)
    if fmt == "json":
        from mhcli.render.jsonout import dumps

        _write(dumps(verschil.as_json()))
        return
    from mhcli.render import diff as render

    _write(render.markdown(verschil) if fmt == "markdown" else render.text(verschil))


VALIDATION_FORMATS = ("tekst", "json", "github", "auto")


@app.command("valideer")
def valideer_cmd(
    fmt: Annotated[str, _format_option(VALIDATION_FORMATS)] = "tekst",
    strikt: Annotated[bool, typer.Option("--strikt", help="Ook waarschuwingen laten falen "
                                         "(afsluitcode 1).")] = False,
    max_bronleeftijd: Annotated[str, typer.Option(
        "--max-bronleeftijd", metavar="MAANDEN",
        help="Waarschuw voor bronnen die langer dan zoveel maanden niet zijn "
        "geraadpleegd.")] = "12",
    data: DataOption = None,
) -> None:
    """Controleer het register: schema's en de controles over bestanden heen.

    Afsluitcode 0 als het register geldig is, 1 bij fouten (met --strikt ook bij
    waarschuwingen). 'auto' kiest 'github' onder GitHub Actions, anders 'tekst'.

    Voorbeelden: mhcli valideer · mhcli valideer --strikt --format github
    """
    from mhcli.location import locate
    from mhcli.register import today
    from mhcli.render import findings as render
    from mhcli.store import check

    _check_format(fmt, VALIDATION_FORMATS)
    if not max_bronleeftijd.isdigit() or int(max_bronleeftijd) < 1:
        raise MhcliError(f"--max-bronleeftijd verwacht een positief aantal maanden, niet "
                         f"'{max_bronleeftijd}'.")
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "tekst"
    location = locate(data)
    found = check(location, vandaag=today(), max_bron_maanden=int(max_bronleeftijd))
    if fmt == "json":
        _write(render.json_text(found))
    elif fmt == "github":
        _write(render.github(found))
    else:
        from mhcli.findings import display_path

        _write(render.text(found, display_path(location.data)))
    failed = any(f.is_error for f in found) or (strikt and bool(found))
    if failed:
        raise typer.Exit(EXIT_REGISTER)


# --- the one place where errors become messages and exit codes --------------------------------

def _usage_message(exc: Exception) -> str:
    from typer._click import exceptions as click_errors

    if isinstance(exc, click_errors.NoSuchOption):
        message = f"onbekende optie '{exc.option_name}'."
        if exc.possibilities:
            message += f" Bedoelde u: {', '.join(sorted(exc.possibilities))}?"
        return message
    if isinstance(exc, click_errors.MissingParameter):
        name = exc.param.make_metavar(exc.ctx) if exc.param and exc.ctx else "een argument"
        return f"{name} ontbreekt."
    if isinstance(exc, click_errors.BadOptionUsage):
        return f"optie '{exc.option_name}' verwacht een waarde."
    if isinstance(exc, click_errors.BadParameter):
        return f"ongeldige waarde: {exc.message}"
    text = str(exc)
    if text.startswith("Got unexpected extra argument"):
        return f"onverwacht extra argument {text[text.rfind('('):]}".strip()
    for english, dutch in (("No such command", "onbekend commando"),
                           ("Missing command", "geen commando gegeven")):
        if text.startswith(english):
            return (dutch + text[len(english):]).replace(". Did you mean", ". Bedoelde u")
    return f"ongeldig gebruik: {text}"


def _print_invalid(exc: RegisterInvalid) -> None:
    from mhcli.render.findings import text_line

    shown = exc.findings[:10]
    for finding in shown:
        sys.stderr.write(text_line(finding) + "\n")  # type: ignore[arg-type]
    if len(exc.findings) > len(shown):
        sys.stderr.write(f"... en nog {len(exc.findings) - len(shown)}; zie 'mhcli valideer'.\n")
    sys.stderr.write(f"mhcli: {exc.message}\n")


def _dutch_help_titles() -> None:
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is a dependency
        return
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
    rich_utils.OPTIONS_PANEL_TITLE = "Opties"
    rich_utils.COMMANDS_PANEL_TITLE = "Commando's"
    rich_utils.DEFAULT_STRING = "[standaard: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[verplicht]"


def run(argv: list[str] | None = None) -> int:
    """Run mhcli with ``argv`` and return the exit code; prints Dutch messages, no tracebacks."""
    from typer._click import exceptions as click_errors

    args = sys.argv[1:] if argv is None else argv
    if not args or "-h" in args or "--help" in args:
        _dutch_help_titles()
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="mhcli", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except NotFound as exc:
        sys.stderr.write(f"mhcli: {exc.message}\n")
        if exc.suggestions:
            sys.stderr.write(f"bedoelde u: {' of '.join(exc.suggestions)}?\n")
        return exc.exit_code
    except RegisterInvalid as exc:
        _print_invalid(exc)
        return exc.exit_code
    except MhcliError as exc:
        sys.stderr.write(f"mhcli: {exc.message}\n")
        if exc.exit_code == EXIT_USAGE:
            sys.stderr.write("Zie 'mhcli --help' voor het gebruik.\n")
        return exc.exit_code
    except click_errors.NoArgsIsHelpError as exc:
        sys.stderr.write(exc.format_message() + "\n")
        return EXIT_USAGE
    except click_errors.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "mhcli"
        sys.stderr.write(f"mhcli: {_usage_message(exc)}\nZie '{where} --help' voor het "
                         "gebruik.\n")
        return EXIT_USAGE
    except (typer.Abort, KeyboardInterrupt, EOFError):
        sys.stderr.write("mhcli: afgebroken.\n")
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`mhcli gemeenten | head -1`): not an error of ours.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except Exception as exc:  # the last line of defence: one line, never a traceback
        sys.stderr.write(f"mhcli: interne fout ({type(exc).__name__}: {exc}). Dit is een bug; "
                         f"meld het met het commando dat u gaf op {REPORT_BUGS}.\n")
        return EXIT_BUG


def main() -> None:
    from mhcli.streams import configure_streams

    configure_streams()
    sys.exit(run())
