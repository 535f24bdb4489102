"""Everything the website shows, gathered from the register into plain dicts.

A thin adapter over today's internals (store, routes, overview). The lead replaces it with
calls into `mhcli.api` (issue 11); the templates only ever see the dicts made here, in the
route shape of the new contract (issue 9).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mhcli.errors import RegisterInvalid
from mhcli.findings import Finding, display_path, sort_findings
from mhcli.register import ONBEKEND, Register

# Steps of today's `signaalroute` that the new contract moves out of `stappen`.
_ACUUT, _LANDELIJK, _BESTUURLIJK = "acuut", "landelijk", ("district", "regio")


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


def _contacts(register: Register, ids: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"id": c.id, "naam": c.naam, "telefoon": c.telefoon, "wanneer": c.wanneer}
            for c in (register.contacten.get(i) for i in ids) if c is not None]


def universal(register: Register) -> dict[str, Any]:
    """The acute-danger block and the national lines, from the register's own route steps."""
    acuut: dict[str, Any] = {"titel": "Acuut gevaar", "wat": "Bel direct 112.",
                             "contacten": [], "bronnen": []}
    ook: list[dict[str, Any]] = []
    for stap in register.signaalroute:
        bronnen = [_bron(register, stap.bron)] if stap.bron else []
        if stap.rol == _ACUUT:
            acuut = {"titel": stap.titel, "wat": stap.wat,
                     "contacten": _contacts(register, stap.contacten), "bronnen": bronnen}
        elif stap.rol == _LANDELIJK:
            ook += [{**c, "bronnen": bronnen} for c in _contacts(register, stap.contacten)]
    return {"bij_acuut_gevaar": acuut, "ook_melden": ook}


# --- ADAPTER: today's Route.as_json() -> the new route contract (TEAM.md, issue 9) -------------
# Replace with `mhcli.api.open_register(...).route(naam).as_json()` once that lands on main.
def _route_view(route: dict[str, Any], district: dict[str, Any],
                register: Register) -> dict[str, Any]:
    acuut: dict[str, Any] | None = None
    stappen: list[dict[str, Any]] = []
    ook: list[dict[str, Any]] = []
    bestuurlijk_steps: dict[str, dict[str, Any]] = {}
    for stap in route["stappen"]:
        if stap["rol"] == _ACUUT:
            acuut = {"titel": stap["titel"], "wat": stap["wat"], "contacten": stap["contacten"],
                     "bronnen": stap["bronnen"]}
        elif stap["rol"] == _LANDELIJK:
            ook += [{**c, "bronnen": stap["bronnen"]} for c in stap["contacten"]]
        elif stap["rol"] in _BESTUURLIJK:
            bestuurlijk_steps[stap["rol"]] = stap
        else:
            stappen.append({**stap, "nummer": len(stappen) + 1})
    if acuut is None:
        acuut = universal(register)["bij_acuut_gevaar"]
    naam = route["gemeente"]["naam"]
    wie: list[dict[str, Any]] = [
        {"wanneer": c["wanneer"] or "Bij acuut gevaar.", "wie": c["naam"],
         "telefoon": c["telefoon"]} for c in acuut["contacten"]]
    wie.append({"wanneer": "Bij een signaal in uw werk voor of bij de gemeente.",
                "wie": f"De aandachtsfunctionaris mensenhandel van gemeente {naam}, via de "
                "interne meldroute", "telefoon": None})
    for stap in stappen:
        if stap["rol"] == "zorgcoordinatie":
            wie.append({"wanneer": "Voor zorg voor een (mogelijk) slachtoffer.",
                        "wie": stap["wie"], "telefoon": None})
    wie += [{"wanneer": c["wanneer"] or "", "wie": c["naam"], "telefoon": c["telefoon"]}
            for c in ook]
    district_step = bestuurlijk_steps.get("district", {})
    regio_step = bestuurlijk_steps.get("regio", {})
    bronnen_by_id = {b["id"]: b for b in (_bron(register, i) for i in
                                          _used_sources(route))}
    return {
        "register": {},
        "gemeente": route["gemeente"],
        "gevonden_als": None,
        "district": route["district"],
        "vorm": route["vorm"],
        "wie_belt_u": wie,
        "bij_acuut_gevaar": acuut,
        "stappen": stappen,
        "ook_melden": ook,
        "bestuurlijk": {
            "district": {
                "id": district["id"], "naam": district["naam"],
                "aansturing": district["aansturing"] or ONBEKEND,
                "coordinatie": district["coordinatie"],
                "trekkers": [{"omschrijving": t["omschrijving"], "verouderd": t["verouderd"]}
                             for t in district["trekkers"]],
                "plannen": [{"titel": p["titel"], "periode": p["periode"], "status": p["status"]}
                            for p in district["plannen"]],
                "focus": [f["omschrijving"] for f in district["focus"]],
                "opmerkingen": district_step.get("opmerkingen", []),
                "bronnen": district_step.get("bronnen", []),
            },
            "regio": {"programma": register.programma_naam,
                      "partners": [register.partner_naam(p)
                                   for p in register.programma_partners],
                      "bronnen": regio_step.get("bronnen", [])},
        },
        "notities": route["notities"],
        "bronnen": list(bronnen_by_id.values()),
    }
# --- end of ADAPTER ----------------------------------------------------------------------------


def _used_sources(route: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(b["id"] for s in route["stappen"] for b in s["bronnen"]))


def woonplaatsen_available() -> bool:
    """Whether the CBS woonplaatsen (src/mhcli/places.py, another helper's) have landed."""
    return importlib.util.find_spec("mhcli.places") is not None


def _woonplaatsen(gemeenten: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every CBS woonplaats of the register's gemeenten, pointing at its gemeente's page.

    A woonplaats named as its gemeente is left out: the gemeente itself is listed already."""
    if not woonplaatsen_available():
        return []
    # Imported by name: places.py is another helper's and may not be on this branch yet.
    places = importlib.import_module("mhcli.places")
    from mhcli.names import normalize

    found = []
    for g in gemeenten:
        for w in places.woonplaatsen_van(g["cbs_code"]) if g["cbs_code"] else ():
            if normalize(w.naam) != normalize(g["naam"]):
                found.append({"naam": w.naam, "slug": g["slug"], "gemeente": g["naam"]})
    return sorted(found, key=lambda w: (normalize(w["naam"]), w["gemeente"]))


def _commit(folder: Path) -> dict[str, Any] | None:
    """The git commit the register folder is at, and whether it has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                              text=True, check=False)
        if head.returncode != 0:
            return None
        status = subprocess.run(["git", "status", "--porcelain", "--", "."], cwd=folder,
                                capture_output=True, text=True, check=False)
    except OSError:
        return None
    return {"commit": head.stdout.strip(), "gewijzigd": bool(status.stdout.strip())}


def _finding(f: Finding, folder: str) -> dict[str, Any]:
    """A finding with its file relative to the register folder: a public page names no path
    of the machine that built it."""
    bestand = f.bestand[len(folder) + 1:] if f.bestand.startswith(folder + "/") else f.bestand
    return {**f._replace(bestand=bestand).as_dict(),
            "waar": f._replace(bestand=bestand).location()}


def gather(data: Path | None, vandaag: date) -> SiteData:
    """The whole register as the site needs it; raises RegisterInvalid for a broken register."""
    from mhcli.location import locate
    from mhcli.overview import district_record, districten_rows, gemeenten_rows, partners_rows
    from mhcli.register import build
    from mhcli.routes import resolve_route
    from mhcli.source import read_folder
    from mhcli.store import _parsed_and_checked, open_register

    # One real validation gives both the refusal and the warnings the site shows; with
    # `open_register` plus `check` a register not yet in the cache would be validated twice.
    location = locate(data)
    loaded, findings = _parsed_and_checked(read_folder(location.data), location, vandaag)
    if any(f.is_error for f in findings):
        open_register(data)  # refuses it with the message every query gives
        raise RegisterInvalid("het register heeft fouten; controleer met 'mhcli valideer'.",
                              [f for f in findings if f.is_error])
    register = build(loaded)

    used: set[str] = {"index"}
    districten = []
    records: dict[str, dict[str, Any]] = {}
    for d in register.districten.values():
        record = district_record(register, d, vandaag)
        record["slug"] = slug(d.id, used)
        records[d.id] = record
        districten.append(record)
    used = set()
    gemeenten: list[dict[str, Any]] = []
    for g in register.alle_gemeenten():
        page = slug(g.naam, used)
        record = records[g.district or ""]
        route = resolve_route(register, g, None, vandaag).as_json()
        gemeenten.append({"naam": g.naam, "slug": page, "cbs_code": g.cbs_code,
                          "provincie": g.provincie, "toelichting": g.toelichting,
                          "district": {"id": record["id"], "naam": record["naam"],
                                       "slug": record["slug"]},
                          "route": _route_view(route, record, register)})
    for view in gemeenten:
        records[view["district"]["id"]].setdefault("leden", []).append(view)
    for record in districten:
        record.setdefault("leden", [])

    regio_doc = loaded.regio
    document = {
        "regio": regio_doc.data if regio_doc is not None else {},
        "districten": [doc.data for _, doc in loaded.districten],
    }
    herkomst = {"gebouwd": vandaag.isoformat(), "git": _commit(location.data)}
    partners = partners_rows(register)
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
        universeel=universal(register),
        gemeenten=gemeenten,
        districten=districten,
        woonplaatsen=_woonplaatsen(gemeenten),
        districten_rows=districten_rows(register, vandaag),
        gemeenten_rows=gemeenten_rows(register),
        partners_rows=partners,
        bronnen=[_bron(register, b) for b in register.bronnen],
        waarschuwingen=[_finding(f, display_path(location.data))
                        for f in sort_findings(findings) if not f.is_error],
        herkomst=herkomst,
        document=document,
        schemas=location.schemas,
    )
