"""Everything the website shows, gathered through mhcli.api into plain dicts: the templates
only ever see the dicts made here (the route as `Route.as_json()` gives it)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mhcli.findings import Finding, sort_findings
from mhcli.register import Register


@dataclass
class SiteData:
    regio: dict[str, Any]
    universeel: dict[str, Any]  # bij_acuut_gevaar and ook_melden: the same for every page
    gemeenten: list[dict[str, Any]]  # naam, slug, cbs_code, provincie, district, route
    districten: list[dict[str, Any]]  # overview.district_record + slug + gemeente slugs
    woonplaatsen: list[dict[str, Any]]  # naam, gemeente (its page slug and name)
    districten_rows: list[dict[str, Any]]
    gemeenten_rows: list[dict[str, Any]]
    partners_rows: list[dict[str, Any]]
    bronnen: list[dict[str, Any]]
    waarschuwingen: list[dict[str, Any]]
    herkomst: dict[str, Any]
    document: dict[str, Any]  # the whole register as one JSON document
    schemas: Path


def slug(text: str, used: set[str]) -> str:
    """A file name from ``text``: ascii letters, digits and dashes; unique within ``used``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-") or "pagina"
    name, number = base, 1
    while name in used:
        number += 1
        name = f"{base}-{number}"
    used.add(name)
    return name


def _bron(register: Register, ident: str) -> dict[str, Any]:
    b = register.bronnen.get(ident)
    return {"id": ident, "titel": b.titel if b else ident, "url": b.url if b else None,
            "geraadpleegd": b.geraadpleegd if b else None}


def _people(row: Any) -> dict[str, Any]:
    """A list record as people read it in a table cell or a CSV download."""
    from mhcli.render.tables import cell

    return {key: cell(getattr(row, key)) for key in row.as_json()}


def _woonplaatsen(gemeenten: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every CBS woonplaats of the register's gemeenten, pointing at its gemeente's page.

    A woonplaats named as its gemeente is left out: the gemeente itself is listed already."""
    from mhcli import places
    from mhcli.names import normalize

    found = []
    for g in gemeenten:
        for w in places.woonplaatsen_van(g["cbs_code"]) if g["cbs_code"] else ():
            if normalize(w.naam) != normalize(g["naam"]):
                found.append({"naam": w.naam, "slug": g["slug"], "gemeente": g["naam"]})
    return sorted(found, key=lambda w: (normalize(w["naam"]), w["gemeente"]))


def _commit(herkomst: Any) -> dict[str, Any] | None:
    """The git commit of the register, when its files are exactly as in that commit."""
    commit = herkomst.commit
    return {"commit": commit, "gewijzigd": False} if commit else None


def _finding(f: Finding, folder: str) -> dict[str, Any]:
    """A finding with its file relative to the register folder: a public page names no path
    of the machine that built it."""
    bestand = f.bestand[len(folder) + 1:] if f.bestand.startswith(folder + "/") else f.bestand
    return {**f._replace(bestand=bestand).as_dict(),
            "waar": f._replace(bestand=bestand).location()}


def gather(data: Path | None, vandaag: date) -> SiteData:
    """The whole register as the site needs it; raises RegisterInvalid for a broken register.

    One real validation gives both the refusal and the warnings the site shows."""
    from mhcli.api import open_and_check

    api, validatie = open_and_check(data)
    register = api.model
    used: set[str] = {"index"}
    districten = []
    records: dict[str, dict[str, Any]] = {}
    for d in register.districten.values():
        record = api.district(d.id).as_json()
        record["slug"] = slug(d.id, used)
        records[d.id] = record
        districten.append(record)
    used = set()
    gemeenten: list[dict[str, Any]] = []
    for g in register.alle_gemeenten():
        record = records[g.district or ""]
        gemeenten.append({"naam": g.naam, "slug": slug(g.naam, used), "cbs_code": g.cbs_code,
                          "provincie": g.provincie, "toelichting": g.toelichting,
                          "district": {"id": record["id"], "naam": record["naam"],
                                       "slug": record["slug"]},
                          "route": api.route(g.cbs_code or g.naam).as_json()})
    for view in gemeenten:
        records[view["district"]["id"]].setdefault("leden", []).append(view)
    for record in districten:
        record.setdefault("leden", [])
    universeel = api.universeel().as_json()
    folder = validatie.label
    return SiteData(
        regio={"naam": register.naam, "aantal_gemeenten": register.aantal_gemeenten,
               "programma": register.programma_naam,
               "programma_omschrijving": register.programma_omschrijving,
               "missie": register.missie,
               "pijlers": [{"naam": p.naam, "doel": p.doel} for p in register.pijlers],
               "partners": [register.partner_naam(p) for p in register.programma_partners],
               "bronnen": [_bron(register, b) for b in
                           dict.fromkeys(x for x in (register.bron, register.programma_bron)
                                         if x)],
               "niet_genoemd": [{"naam": g.naam, "toelichting": g.toelichting}
                                for g in register.niet_genoemd]},
        universeel=universeel,
        gemeenten=gemeenten,
        districten=districten,
        woonplaatsen=_woonplaatsen(gemeenten),
        districten_rows=[_people(r) for r in api.districten()],
        gemeenten_rows=[_people(r) for r in api.gemeenten()],
        partners_rows=[_people(r) for r in api.partners()],
        bronnen=[_bron(register, b) for b in register.bronnen],
        waarschuwingen=[_finding(f, folder) for f in sort_findings(validatie.findings)
                        if not f.is_error],
        herkomst={"gebouwd": vandaag.isoformat(), "git": _commit(api.herkomst),
                  "register": api.herkomst.as_json()},
        document=api.document(),
        schemas=api.herkomst.schemas,
    )
