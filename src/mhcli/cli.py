"""The command line: parse, call the library (mhcli.api), hand the record to a renderer."""


from pathlib import Path
from typing import Annotated

import typer

from mhcli import render
from mhcli.errors import EXIT_REGISTER, MhcliError
from mhcli.options import (
    DATA_HELP,
    DataOption,
    GemeenteArgument,
    OpOption,
    UitvoerOption,
    ZoalsBekendOption,
    completer,
    emit,
    format_option,
    joined,
    open_register,
    parent,
    progress_line,
    remember_parent,
    tekst,
    warn,
    without_time,
    write,
)

app = typer.Typer(
    name="mhcli",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from mhcli.version import __version__

        write(f"mhcli {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main_options(
    version: Annotated[bool, typer.Option("--version", help="Toon de versie van mhcli.",
                                          callback=_version, is_eager=True)] = False,
    data: Annotated[Path | None, typer.Option("--data", metavar="PAD", show_default=False,
                                              help=DATA_HELP, readable=False)] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAAT",
                                            show_default=False,
                                            help="Uitvoerformaat voor het commando.")] = None,
    geen_pager: Annotated[bool, typer.Option(
        "--geen-pager", help="Lange uitvoer in een terminal niet door een pager (less) "
        "sturen; ook: MHCLI_PAGER= (leeg).")] = False,
    op: OpOption = None,
    zoals_bekend_op: ZoalsBekendOption = None,
) -> None:
    """Register van de regionale aanpak mensenhandel Zeeland-West-Brabant: waar gaat een
    signaal heen, wie is trekker, welke gemeenten horen bij een district.

    Voorbeeld: mhcli route Tholen
    """
    # --data and --format may stand before the command too; the command's own take precedence.
    remember_parent(data=data, format=fmt, op=op, zoals_bekend_op=zoals_bekend_op,
                    pager=False if geen_pager else None)


# --- commands -------------------------------------------------------------------------------

@app.command("route")
def route_cmd(
    gemeente: GemeenteArgument,
    vorm: Annotated[str | None, typer.Option(
        "--vorm", metavar="VORM", show_default=False, autocompletion=completer("vorm"),
        help="Vorm van uitbuiting: seksuele-uitbuiting, arbeidsuitbuiting, "
        "criminele-uitbuiting of orgaanverwijdering.")] = None,
    rol: Annotated[str | None, typer.Option(
        "--rol", metavar="ROL", show_default=False, autocompletion=completer("rol"),
        help="Wie meldt: gemeente (medewerker van de gemeente; de standaard), professional "
        "(professional onder de meldcode) of iedereen.")] = None,
    kort: Annotated[bool, typer.Option("--kort", help="Alleen wie u belt, met de bronnen.")
                    ] = False,
    fmt: Annotated[str | None, format_option(render.ROUTE)] = None,
    op: OpOption = None,
    zoals_bekend_op: ZoalsBekendOption = None,
    data: DataOption = None,
) -> None:
    """Waar gaat een signaal uit GEMEENTE heen? Eerst wie u belt, dan de route; elk
    onderdeel met zijn bron. Het antwoord hangt af van wie meldt (--rol); zonder --rol
    zegt mhcli welke rol het aanneemt.

    GEMEENTE mag ook een woonplaats of CBS-code zijn. Is de naam niet één gemeente van het
    register, dan zegt mhcli wat hij wel is (een woonplaats in meer gemeenten, een district,
    een plaats buiten de regio, een postcode) en toont het 112 en de landelijke meldpunten;
    afsluitcode 3.

    Voorbeelden: mhcli route Tholen · mhcli route Bergen op Zoom ·
    mhcli route Tholen --rol professional ·
    mhcli route 0716 --vorm arbeidsuitbuiting · mhcli route Breda --kort ·
    mhcli route Breda --format mermaid
    """
    from mhcli.api import GeenRoute
    from mhcli.errors import EXIT_NOT_FOUND

    register = open_register(data, op, zoals_bekend_op)
    try:
        record = register.route(joined(gemeente), vorm, rol)
    except GeenRoute as exc:  # no dead end: what it is and what holds everywhere, then exit 3
        emit(render.ROUTE, exc, fmt, register=register)
        if exc.hint or fmt not in (None, "tekst"):
            raise  # one line on stderr too
        # A person reads the answer on stdout; it is not an error message to repeat.
        raise typer.Exit(EXIT_NOT_FOUND) from None
    emit(render.ROUTE, record, fmt, kort=kort, register=register)


@app.command("gemeente")
def gemeente_cmd(
    gemeente: GemeenteArgument,
    fmt: Annotated[str | None, format_option(render.GEMEENTE)] = None,
    op: OpOption = None,
    zoals_bekend_op: ZoalsBekendOption = None,
    data: DataOption = None,
) -> None:
    """Eén gemeente: district, CBS-code, provincie, zorgcoördinatie en toelichting.

    NAAM mag ook een woonplaats of CBS-code zijn, zoals bij 'mhcli route'.

    Voorbeelden: mhcli gemeente GM0716 · mhcli gemeente Etten-Leur
    """
    from mhcli.api import GeenGemeente

    register = open_register(data, op, zoals_bekend_op)
    try:
        record = register.gemeente(joined(gemeente))
    except GeenGemeente as exc:
        if fmt == "json":  # machines get the answer's class and candidates too
            emit(render.GEMEENTE, exc, fmt, register=register)
        raise
    emit(render.GEMEENTE, record, fmt, register=register)


@app.command("geschiedenis")
def geschiedenis_cmd(
    gemeente: GemeenteArgument,
    fmt: Annotated[str | None, format_option(render.GESCHIEDENIS)] = None,
    data: DataOption = None,
) -> None:
    """Wat er in git aan de route en het bestuur van GEMEENTE veranderde: per commit de
    datum, de commit en wat het was en werd, de nieuwste eerst.

    Elke commit die het register veranderde, wordt vergeleken met de vorige: de echte route voor
    elke rol en het bestuur van het district, beide op de datum van de commit. Met git gelezen,
    niets uitgecheckt; afsluitcode 4 buiten git.

    Voorbeelden: mhcli geschiedenis Tholen · mhcli geschiedenis Breda --format json
    """
    without_time("geschiedenis")
    register = open_register(data)
    emit(render.GESCHIEDENIS, register.geschiedenis(joined(gemeente)), fmt, register=register)


@app.command("gemeenten")
def gemeenten_cmd(
    district: Annotated[str | None, typer.Option(
        "--district", metavar="DISTRICT", show_default=False,
        autocompletion=completer("district"),
        help="Alleen de gemeenten van dit district.")] = None,
    provincie: Annotated[str | None, typer.Option(
        "--provincie", metavar="PROVINCIE", show_default=False,
        help="Alleen de gemeenten in deze provincie (Noord-Brabant of Zeeland).")] = None,
    fmt: Annotated[str | None, format_option(render.TABLE)] = None,
    uitvoer: UitvoerOption = None,
    op: OpOption = None,
    zoals_bekend_op: ZoalsBekendOption = None,
    data: DataOption = None,
) -> None:
    """Alle gemeenten in het register, op alfabet, met CBS-code, district en provincie.

    Voorbeelden: mhcli gemeenten --district Zeeland · mhcli gemeenten --provincie Zeeland -f csv
    """
    from mhcli.api import GemeenteRij

    register = open_register(data, op, zoals_bekend_op)
    rows = register.gemeenten(district, provincie)
    emit(render.TABLE, render.Tabel(f"Gemeenten ({len(rows)})", "gemeenten", rows,
                                    GemeenteRij.KOLOMMEN), fmt, uitvoer=uitvoer,
         register=register)


@app.command("district")
def district_cmd(
    district: Annotated[list[str], typer.Argument(parser=tekst,
        metavar="DISTRICT...", help="Naam of id van het district, met of zonder 'De' en "
        "aanhalingstekens: De Markiezaten, markiezaten, de-markiezaten.",
        autocompletion=completer("district", "district"), show_default=False)],
    fmt: Annotated[str | None, format_option(render.DISTRICT)] = None,
    uitvoer: UitvoerOption = None,
    op: OpOption = None,
    zoals_bekend_op: ZoalsBekendOption = None,
    data: DataOption = None,
) -> None:
    """Eén district: gemeenten, trekkers, plan en status, focus, aansturing, zorgcoördinatie.

    Voor een memo: --format xlsx --uitvoer district.xlsx (een rij per gegeven), csv-excel,
    csv of mermaid (een schema).

    Voorbeelden: mhcli district Baronie · mhcli district De Markiezaten -f mermaid ·
    mhcli district Zeeland -f xlsx -o zeeland.xlsx
    """

    register = open_register(data, op, zoals_bekend_op)
    emit(render.DISTRICT, register.district(joined(district)), fmt, uitvoer=uitvoer,
         register=register)


@app.command("districten")
def districten_cmd(
    fmt: Annotated[str | None, format_option(render.TABLE)] = None,
    uitvoer: UitvoerOption = None,
    op: OpOption = None,
    zoals_bekend_op: ZoalsBekendOption = None,
    data: DataOption = None,
) -> None:
    """De regio in één oogopslag: alle districten naast elkaar.

    Voorbeeld: mhcli districten --format markdown
    """
    from mhcli.api import DistrictRij

    register = open_register(data, op, zoals_bekend_op)
    emit(render.TABLE, render.Tabel("Districten", "districten", register.districten(),
                                    DistrictRij.KOLOMMEN, naast_elkaar=True), fmt, uitvoer=uitvoer,
         register=register)


@app.command("partners")
def partners_cmd(
    fmt: Annotated[str | None, format_option(render.TABLE)] = None,
    uitvoer: UitvoerOption = None,
    op: OpOption = None,
    zoals_bekend_op: ZoalsBekendOption = None,
    data: DataOption = None,
) -> None:
    """Partners en organisaties, en waar ze in de aanpak voorkomen.

    Voorbeeld: mhcli partners
    """

    from mhcli.api import PartnerRij

    register = open_register(data, op, zoals_bekend_op)
    rows = register.partners()
    emit(render.TABLE, render.Tabel("Partners en organisaties", "partners", rows,
                                    PartnerRij.KOLOMMEN), fmt, uitvoer=uitvoer,
         register=register)


@app.command("zoek")
def zoek_cmd(
    tekst: Annotated[list[str], typer.Argument(parser=tekst,
        metavar="TEKST...", show_default=False,
        help="Te zoeken woorden; alle woorden moeten voorkomen, in elke volgorde. "
        "Hoofdletters en accenten tellen niet.")],
    fmt: Annotated[str | None, format_option(render.TABLE)] = None,
    uitvoer: UitvoerOption = None,
    data: DataOption = None,
) -> None:
    """Zoek in alle namen en teksten van het register; elke vondst zegt waar hij staat.

    Is TEKST een plaatsnaam, dan zegt zoek ook wat die is, zoals 'mhcli route' dat doet
    (een woonplaats en haar gemeente, een plaats buiten de regio).

    Voorbeelden: mhcli zoek Veiligheidshuis · mhcli zoek criminele uitbuiting
    """

    from mhcli.api import Vondst
    from mhcli.errors import NotFound

    register = open_register(data)
    query = " ".join(tekst)
    plaats = register.plaats_in_zoek(query)  # a place name: say what it is, as route does
    try:
        hits = register.zoek(query)
    except NotFound:
        if plaats is None:
            raise
        hits = []
    emit(render.TABLE, render.Tabel(
        f"Gevonden: {len(hits)}", "vondsten", hits, Vondst.KOLOMMEN,
        notitie=plaats["zin"] if plaats else None,
        extra={"plaats": plaats}), fmt, uitvoer=uitvoer, register=register)
    if not hits and plaats and plaats["uitkomst"] in ("buiten-de-regio", "postcode"):
        from mhcli.errors import EXIT_NOT_FOUND

        raise typer.Exit(EXIT_NOT_FOUND)  # said what it is; the register holds nothing of it


@app.command("diff")
def diff_cmd(
    oud: Annotated[str, typer.Argument(parser=tekst, metavar="OUD",
                                       help="Revisie om mee te vergelijken.")] = "HEAD",
    nieuw: Annotated[str | None, typer.Argument(parser=tekst,
        metavar="NIEUW", show_default=False,
        help="Revisie met de wijziging; zonder: de werkmap.")] = None,
    fmt: Annotated[str | None, format_option(render.DIFF)] = None,
    data: DataOption = None,
) -> None:
    """Wat een wijziging van het register betekent, tussen twee git-revisies.

    Vergelijkt het register, de schema's en de referentiegegevens, en vraagt de route van
    elke gemeente en woonplaats aan beide kanten: gevoelige wijzigingen en de gevolgen voor
    de route staan bovenaan. Alles wordt met git gelezen: er wordt niets uitgecheckt of
    geschreven. Afsluitcode 0, ook als er wijzigingen zijn; 4 bij een git-probleem.

    Voorbeelden: mhcli diff · mhcli diff HEAD~1 HEAD · mhcli diff main --format markdown
    """
    from mhcli import diff

    without_time("diff")
    emit(render.DIFF, diff(data if data is not None else parent("data"), oud, nieuw), fmt)


@app.command("valideer")
def valideer_cmd(
    fmt: Annotated[str | None, format_option(render.FINDINGS)] = None,
    strikt: Annotated[bool, typer.Option("--strikt", help="Ook waarschuwingen laten falen "
                                         "(afsluitcode 1).")] = False,
    max_leeftijd: Annotated[str, typer.Option(
        "--max-leeftijd", "--max-bronleeftijd", metavar="MAANDEN",
        help="Waarschuw voor bronnen en nummers die langer dan zoveel maanden niet zijn "
        "gecontroleerd ('--max-bronleeftijd' is de oude naam).")] = "12",
    staged: Annotated[bool, typer.Option(
        "--staged", help="Controleer wat klaarstaat voor de commit (de git-index), niet de "
        "werkmap; verandert de commit niets in het register of de schema's, dan niets "
        "(voor pre-commit).")] = False,
    data: DataOption = None,
) -> None:
    """Controleer het register: schema's en de controles over bestanden heen.

    Afsluitcode 0 als het register geldig is, 1 bij fouten (met --strikt ook bij
    waarschuwingen). 'auto' kiest 'github' onder GitHub Actions, anders 'tekst'.

    Voorbeelden: mhcli valideer · mhcli valideer --strikt --format github ·
    mhcli valideer --staged --data data
    """
    from mhcli.api import valideer

    if not (max_leeftijd.isascii() and max_leeftijd.isdigit()) \
            or len(max_leeftijd) > 4 or int(max_leeftijd) < 1:
        raise MhcliError(f"--max-leeftijd verwacht een positief aantal maanden, niet "
                         f"'{max_leeftijd}'.")
    without_time("valideer")
    result = valideer(data if data is not None else parent("data"), strikt=strikt,
                      max_bron_maanden=int(max_leeftijd), staged=staged)
    warn(result.meldingen)
    emit(render.FINDINGS, result, fmt)
    if not result.geslaagd:
        raise typer.Exit(EXIT_REGISTER)


def _seconds(option: str, value: str, low: float, high: float) -> float:
    try:
        seconds = float(value.replace(",", ".")) if value.isascii() else float("nan")
    except ValueError:
        seconds = float("nan")
    if not low <= seconds <= high:  # also NaN
        raise MhcliError(f"{option} verwacht een aantal seconden van {low:g} tot {high:g}, niet "
                         f"'{value}'.")
    return seconds


@app.command("controleer")
def controleer_cmd(
    fmt: Annotated[str | None, format_option(render.CONTROLE)] = None,
    timeout: Annotated[str, typer.Option(
        "--timeout", metavar="SECONDEN",
        help="Zo lang mag een bron over haar hele antwoord doen; daarna is zij kapot.")] = "15",
    traag: Annotated[str, typer.Option(
        "--traag", metavar="SECONDEN",
        help="Een bron die langer over haar antwoord doet, krijgt 'let op'.")] = "5",
    pauze: Annotated[str, typer.Option(
        "--pauze", metavar="SECONDEN",
        help="Wachttijd tussen twee verzoeken aan dezelfde server.")] = "1",
    contact: Annotated[str | None, typer.Option(
        "--contact", metavar="ADRES", show_default=False,
        help="Een webadres of e-mailadres in de User-Agent, waar de beheerder van een bron u "
        "vindt.")] = None,
    data: DataOption = None,
) -> None:
    """Bezoek elke bron van het register en kijk of elk telefoonnummer nog op zijn bron staat.

    Per bron: ok, let op (verplaatst, traag, weigert een automatische controle),
    kapot (4xx, 5xx, DNS, TLS, geen antwoord op tijd) of ontbreekt (geen adres).
    Per nummer: gevonden, niet gevonden of niet te controleren.
    Leest alleen: het register blijft zoals het is.
    Afsluitcode 0: niets kapot en elk te controleren nummer gevonden;
    5: een bron kapot of een nummer niet gevonden; 6: geen enkele bron antwoordde.

    Voorbeelden: mhcli controleer · mhcli controleer --format markdown > controle.md
    """
    seconds = _seconds("--timeout", timeout, 0.1, 300)
    slow = _seconds("--traag", traag, 0, 300)
    pause = _seconds("--pauze", pauze, 0, 60)
    if contact is not None and not (contact.isascii() and contact.isprintable() and contact):
        raise MhcliError("--contact verwacht een webadres of e-mailadres in gewone tekens "
                         "(ASCII, zonder regeleinden): het komt in een HTTP-kop.")
    register = open_register(data)
    result = register.controleer(timeout=seconds, traag=slow, pauze=pause, contact=contact,
                                 voortgang=progress_line())
    emit(render.CONTROLE, result, fmt, register=register)
    if result.afsluitcode:
        raise typer.Exit(result.afsluitcode)


@app.command("site")
def site_cmd(
    uitvoermap: Annotated[Path, typer.Argument(
        metavar="UITVOERMAP", show_default=False, readable=False,
        help="Map voor de website: nieuw, leeg, of een eerder door 'mhcli site' gebouwde.")],
    url: Annotated[str | None, typer.Option(
        "--url", metavar="ADRES", show_default=False,
        help="Het webadres waar de website komt te staan (https://…/): dan noemt elke "
        "afgedrukte routekaart haar adres, met een QR-code.")] = None,
    data: DataOption = None,
) -> None:
    """Bouw de website van het register: toegankelijk, offline te openen vanuit een map, en
    via een webserver als app die zonder netwerk blijft werken.

    Voorbeeld: mhcli site build/site --url https://voorbeeld.nl/mensenhandel/
    """
    from mhcli.safe import one_line
    from mhcli.site.build import build_site

    without_time("site")
    report = build_site(uitvoermap, data if data is not None else parent("data"), url)
    write(f"Website geschreven in {one_line(report.out)}: {report.pages} pagina's "
          f"({report.gemeenten} gemeenten, elk voor {report.rollen} "
          f"rol{'len' if report.rollen != 1 else ''}; {report.districten} districten) en "
          f"{len(report.downloads)} downloads. Open {one_line(report.out / 'index.html')} in een "
          "browser.\n")
    if report.achtergelaten is not None:
        warn((f"let op: de vorige versie van de website kon niet helemaal worden verwijderd; "
              f"wat er over is staat in {report.achtergelaten}. Verwijder die map zelf.",))


__all__ = ["app"]  # mhcli.runner runs it: the one place where errors become exit codes
