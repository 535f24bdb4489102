"""One renderer registry per kind of output: a format name maps to the function that prints a
record in it (as check-jsonschema's REPORTER_BY_NAME). The CLI derives its ``--format`` choices
from these mappings; no format branch lives outside this package.

Everything printed from the register goes through ``safe.clean`` first: register text is shown
literally, never as markup or terminal control codes."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mhcli.render.sheet import Sheet


@dataclass
class Output:
    """Where and how a renderer writes: a text sink, and what the person asked for."""

    write: Callable[[str], None]
    rich: bool = False
    kort: bool = False
    uitvoer: Path | None = None
    register: Callable[[], dict[str, Any]] | None = None  # provenance for JSON answers


Renderer = Callable[[Any, Output], None]


@dataclass
class Tabel:
    """A list of records for a list command; people read ``kolommen``, machines every field."""

    titel: str
    sleutel: str  # the list's name in JSON: gemeenten, districten, partners, vondsten
    rijen: list[Any]
    kolommen: list[tuple[str, str]]
    naast_elkaar: bool = False  # one column per record (the districts side by side)
    notitie: str | None = None  # a line for people before the table (zoek: what a name is)
    extra: dict[str, Any] | None = None  # more keys of the JSON answer (zoek: plaats)
    voor_mensen: bool = False  # csv-excel with the workbook's headers (no JSON keys to keep)


def as_json(record: Any) -> Any:
    if isinstance(record, Tabel):
        return [r.as_json() for r in record.rijen]
    return record.as_json()


def _json(record: Any, out: Output) -> None:
    """JSON for machines; every answer says which register it came from (``register``)."""
    from mhcli.render.jsonout import dumps

    data = as_json(record)
    if out.register is not None:
        key = record.sleutel if isinstance(record, Tabel) else None
        data = {"register": out.register(), **({key: data} if key else data)}
    if isinstance(record, Tabel) and record.extra and isinstance(data, dict):
        data.update(record.extra)
    out.write(dumps(data))


def _people(tabel: Tabel) -> tuple[list[str], list[list[str]]]:
    from mhcli.render.tables import cell

    if tabel.naast_elkaar:
        headers = ["", *(cell(r.naam) for r in tabel.rijen)]
        return headers, [[label, *(cell(getattr(r, key)) for r in tabel.rijen)]
                         for key, label in tabel.kolommen]
    return ([label for _, label in tabel.kolommen],
            [[cell(getattr(r, key)) for key, _ in tabel.kolommen] for r in tabel.rijen])


def _table_text(tabel: Tabel, out: Output) -> None:
    headers, rows = _people(tabel)
    if tabel.notitie:
        from mhcli.render.layout import wrap
        from mhcli.safe import clean_line
        from mhcli.streams import terminal_width

        lines = wrap(clean_line(tabel.notitie), terminal_width())
        out.write("\n".join(lines) + "\n" + ("\n" if rows else ""))
    if not rows:
        return
    if out.rich:
        from mhcli.render import terminal

        terminal.table(headers, rows, terminal.console(), tabel.titel)
    else:
        from mhcli.render import tables

        out.write(tables.plain(headers, rows))


def _table_markdown(tabel: Tabel, out: Output) -> None:
    from mhcli.render import tables

    if tabel.notitie:
        from mhcli.safe import markdown_literal as escape

        out.write(escape(tabel.notitie) + "\n\n")
    if tabel.rijen or not tabel.notitie:
        out.write(tables.markdown(*_people(tabel)))


def _machine_rows(tabel: Tabel) -> tuple[list[str], list[dict[str, str]]]:
    """For machines, like json: every field under its json key, one cell each."""
    from mhcli.render.tables import cell

    keys = list(tabel.rijen[0].as_json()) if tabel.rijen else [k for k, _ in tabel.kolommen]
    return keys, [{k: cell(getattr(r, k)) for k in keys} for r in tabel.rijen]


def _table_csv(tabel: Tabel, out: Output) -> None:
    from mhcli.render.spreadsheet import csv_text

    out.write(csv_text(*_machine_rows(tabel)))


def _table_csv_excel(tabel: Tabel, out: Output) -> None:
    """For Dutch Excel. A list keeps the fields and keys of `csv` (the site's Data Package
    describes both with one Table Schema); a table made for people only (a district's facts)
    has the columns and names of the workbook."""
    from mhcli.render.spreadsheet import csv_text

    if not tabel.voor_mensen:
        out.write(csv_text(*_machine_rows(tabel), excel=True))
        return
    keys, labels, rows = _sheet_rows(tabel)
    named = [{label: row[key] for key, label in zip(keys, labels, strict=True)} for row in rows]
    out.write(csv_text(labels, named, excel=True))


def _sheet_rows(tabel: Tabel) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """The columns people read (their keys and names) and the rows, counts kept as numbers."""
    from mhcli.render.tables import cell

    def value(v: Any) -> Any:
        return v if isinstance(v, int) and not isinstance(v, bool) else cell(v)

    keys = [k for k, _ in tabel.kolommen]
    rows = [{k: value(getattr(r, k)) for k in keys} for r in tabel.rijen]
    if tabel.naast_elkaar:  # a sheet has room: one row per district, its name first
        keys = ["naam", *keys]
        rows = [{"naam": cell(r.naam), **row} for r, row in zip(tabel.rijen, rows, strict=True)]
    labels = {"naam": "Naam"} | dict(tabel.kolommen)
    return keys, [labels[k] for k in keys], rows


def _table_xlsx(tabel: Tabel, out: Output) -> None:
    """A workbook for people: the columns people read, one row per record, to a new file."""
    from mhcli.errors import MhcliError

    if out.uitvoer is None:
        raise MhcliError("--format xlsx schrijft een bestand: geef --uitvoer BESTAND.xlsx.")
    from mhcli.render.spreadsheet import xlsx_bytes
    from mhcli.streams import write_new_file

    keys, labels, rows = _sheet_rows(tabel)
    write_new_file(out.uitvoer, xlsx_bytes(tabel.titel, keys, labels, rows))
    from mhcli.safe import one_line

    out.write(f"Geschreven: {one_line(out.uitvoer)} ({len(rows)} rijen).\n")


TABLE: dict[str, Renderer] = {
    "tekst": _table_text,
    "json": _json,
    "csv": _table_csv,
    "csv-excel": _table_csv_excel,
    "xlsx": _table_xlsx,
    "markdown": _table_markdown,
}


def _sheets(build: Callable[[Any, Output], Sheet]) -> dict[str, Renderer]:
    def tekst(record: Any, out: Output) -> None:
        sheet = build(record, out)
        if out.rich:
            from mhcli.render import terminal

            terminal.sheet(sheet, terminal.console())
        else:
            from mhcli.render import plain

            out.write(plain.sheet(sheet))

    def markdown(record: Any, out: Output) -> None:
        from mhcli.render import markdown as md

        out.write(md.sheet(build(record, out)))

    return {"tekst": tekst, "json": _json, "markdown": markdown}


def _gemeente_sheet(record: Any, out: Output) -> Sheet:
    from mhcli.render import documents

    return documents.gemeente(record)


def _district_sheet(record: Any, out: Output) -> Sheet:
    from mhcli.render import documents

    return documents.district(record)


def _route_sheet(record: Any, out: Output) -> Sheet:
    from mhcli.render import documents
    from mhcli.routes import Route

    if not isinstance(record, Route):  # no single gemeente: what it is, and what holds always
        return documents.geen_route(record.antwoord, record.universeel)
    return documents.route_kort(record) if out.kort else documents.route(record)


def _mermaid(record: Any, out: Output) -> None:
    from mhcli.render import mermaid
    from mhcli.routes import Route

    if isinstance(record, Route):
        out.write(mermaid.route(record))
    else:
        ROUTE["tekst"](record, out)


def _district_table(record: Any) -> Tabel:
    """A district as one table for a spreadsheet: a row per fact (a row per gemeente, trekker,
    plan ...), so a memo has it all; the number of gemeenten is a number."""
    from mhcli.overview import Feit, district_feiten

    return Tabel(f"District {record.naam}", "feiten", district_feiten(record),
                 Feit.KOLOMMEN, voor_mensen=True)


def _district_mermaid(record: Any, out: Output) -> None:
    from mhcli.render import mermaid

    out.write(mermaid.district(record))


def _geschiedenis_sheet(record: Any, out: Output) -> Sheet:
    from mhcli.render import documents

    return documents.geschiedenis(record)


GEMEENTE = _sheets(_gemeente_sheet)
GESCHIEDENIS = _sheets(_geschiedenis_sheet)
DISTRICT = {**_sheets(_district_sheet),
            "csv": lambda record, out: _table_csv(_district_table(record), out),
            "csv-excel": lambda record, out: _table_csv_excel(_district_table(record), out),
            "xlsx": lambda record, out: _table_xlsx(_district_table(record), out),
            "mermaid": _district_mermaid}
ROUTE = {**_sheets(_route_sheet), "mermaid": _mermaid}


def _findings_text(validatie: Any, out: Output) -> None:
    from mhcli.render import findings

    if validatie.overgeslagen:
        out.write(f"Niets gecontroleerd: {validatie.overgeslagen}.\n")
        return
    out.write(findings.text(validatie.findings, validatie.label, strikt=validatie.strikt))


def _findings_github(validatie: Any, out: Output) -> None:
    from mhcli.render import findings

    out.write(findings.github(validatie.findings))


def _findings_auto(validatie: Any, out: Output) -> None:
    # Annotations under GitHub Actions, text elsewhere (as yamllint's 'auto').
    chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "tekst"
    FINDINGS[chosen](validatie, out)


FINDINGS: dict[str, Renderer] = {
    "tekst": _findings_text,
    "json": _json,
    "github": _findings_github,
    "auto": _findings_auto,
}


def _diff_text(verschil: Any, out: Output) -> None:
    from mhcli.render import diff

    out.write(diff.text(verschil))


def _diff_markdown(verschil: Any, out: Output) -> None:
    from mhcli.render import diff

    out.write(diff.markdown(verschil))


DIFF: dict[str, Renderer] = {"tekst": _diff_text, "json": _json, "markdown": _diff_markdown}


def _controle_sheet(record: Any, out: Output) -> Sheet:
    from mhcli.render import controle

    return controle.sheet(record)


def _controle_markdown(record: Any, out: Output) -> None:
    from mhcli.render import controle

    out.write(controle.markdown(record, out.register() if out.register is not None else None))


def _controle_github(record: Any, out: Output) -> None:
    from mhcli.render import controle, findings

    out.write(findings.github(controle.findings(record)))


CONTROLE: dict[str, Renderer] = {
    "tekst": _sheets(_controle_sheet)["tekst"],
    "json": _json,
    "markdown": _controle_markdown,
    "github": _controle_github,
}
