"""Overviews of the register as plain rows and records, for every output format."""

from __future__ import annotations

from datetime import date
from typing import Any

from mhcli.names import cbs_key, normalize
from mhcli.register import ONBEKEND, District, Gemeente, Register, Trekker
from mhcli.source import LoadedRegister, dotted


def gemeente_record(register: Register, g: Gemeente) -> dict[str, Any]:
    district = register.districten.get(g.district or "")
    return {
        "naam": g.naam,
        "cbs_code": g.cbs_code,
        "provincie": g.provincie,
        "district": g.district,
        "district_naam": district.naam if district else None,
        "zorgcoordinatie": [register.organisatie_naam(o) for o in
                            (district.zorgcoordinatie if district else ())],
        "toelichting": g.toelichting,
    }


def gemeenten_rows(register: Register, district: District | None = None,
                   provincie: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for g in register.alle_gemeenten():
        if district is not None and g.district != district.id:
            continue
        if provincie is not None and normalize(g.provincie or "") != normalize(provincie):
            continue
        district_of = register.districten.get(g.district or "")
        naam = district_of.naam if district_of else None
        rows.append({"naam": g.naam, "cbs_code": g.cbs_code, "district": g.district,
                     "district_naam": naam, "provincie": g.provincie})
    return rows


def _trekker_record(t: Trekker, vandaag: date) -> dict[str, Any]:
    return {
        "functie": t.functie,
        "naam": t.naam,
        "volledige_naam": t.volledige_naam,
        "gemeente": t.gemeente,
        "omschrijving": t.label(),
        "uit_functie": t.uit_functie,
        "verouderd": t.left_office(vandaag),
    }


def district_record(register: Register, d: District, vandaag: date) -> dict[str, Any]:
    bronnen = {d.bron, d.gemeenten_bron, *(t.bron for t in d.trekkers),
               *(t.uit_functie_bron for t in d.trekkers)}
    return {
        "id": d.id,
        "naam": d.naam,
        "toelichting": d.toelichting,
        "gemeenten": [{"naam": g.naam, "cbs_code": g.cbs_code, "provincie": g.provincie,
                       "toelichting": g.toelichting} for g in d.gemeenten],
        "trekkers": [_trekker_record(t, vandaag) for t in d.trekkers],
        "aansturing": d.aansturing,
        "aansturing_omschrijving": d.aansturing_omschrijving,
        "coordinatie": [register.organisatie_naam(o) for o in d.coordinatie],
        "plannen": [{"titel": p.titel, "van": p.van, "tot": p.tot, "geschreven": p.geschreven,
                     "periode": p.periode(), "status": p.status(vandaag),
                     "toelichting": p.toelichting} for p in d.plannen],
        "focus": [{"vorm": f.vorm, "omschrijving": f.omschrijving} for f in d.focus],
        "zorgcoordinatie": [register.organisatie_naam(o) for o in d.zorgcoordinatie],
        "zorgcoordinatie_omschrijving": d.zorgcoordinatie_omschrijving,
        "onderzoeken": [{"titel": o.titel, "omschrijving": o.omschrijving,
                         "organisaties": [register.organisatie_naam(x) for x in o.organisaties]}
                        for o in d.onderzoeken],
        "bronnen": [{"id": b, "titel": register.bronnen[b].titel, "url": register.bronnen[b].url}
                    for b in sorted(x for x in bronnen if x and x in register.bronnen)],
        "bestand": d.bestand,
    }


def plan_status(d: District, vandaag: date) -> str:
    statuses = [p.status(vandaag) for p in d.plannen]
    return ", ".join(statuses) if statuses else ONBEKEND


def districten_rows(register: Register, vandaag: date) -> list[dict[str, Any]]:
    rows = []
    for d in register.districten.values():
        rows.append({
            "id": d.id,
            "naam": d.naam,
            "aantal_gemeenten": len(d.gemeenten),
            "trekkers": "; ".join(t.label() + (" (verouderd)" if t.left_office(vandaag) else "")
                                  for t in d.trekkers) or ONBEKEND,
            "aansturing": d.aansturing or ONBEKEND,
            "plan": "; ".join(f"{p.titel} ({p.periode()})" for p in d.plannen) or ONBEKEND,
            "plan_status": plan_status(d, vandaag),
            "focus": "; ".join(f.omschrijving for f in d.focus) or ONBEKEND,
            "zorgcoordinatie": ", ".join(register.organisatie_naam(o)
                                         for o in d.zorgcoordinatie) or ONBEKEND,
        })
    return rows


def partners_rows(register: Register) -> list[dict[str, Any]]:
    roles: dict[str, list[str]] = {}

    def add(ident: str, role: str) -> None:
        roles.setdefault(ident, []).append(role)

    for p in register.programma_partners:
        add(p, f"partner van het actieprogramma '{register.programma_naam}'")
    for v in register.vormen.values():
        for p in v.partners:
            add(p, f"partner bij {v.naam.lower()}")
    for c in register.contacten.values():
        if c.partner:
            add(c.partner, f"landelijk contact {c.telefoon}")
    for d in register.districten.values():
        for o in d.zorgcoordinatie:
            add(o, f"zorgcoördinatie in district {d.naam}")
        for o in d.coordinatie:
            add(o, f"districtelijke coördinatie in {d.naam}")
        for onderzoek in d.onderzoeken:
            for o in onderzoek.organisaties:
                add(o, f"onderzoek '{onderzoek.titel}' ({d.naam})")
    rows = [{"id": partner.id, "naam": partner.naam, "soort": "partner",
             "waar": roles.get(partner.id, [])} for partner in register.partners.values()]
    rows += [{"id": org.id, "naam": org.naam, "soort": org.soort or ONBEKEND,
              "waar": roles.get(org.id, [])} for org in register.organisaties.values()]
    return rows




def _strings(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """Every text and number below ``data``, with its path."""
    if isinstance(data, dict):
        return [hit for k, v in data.items() for hit in _strings(v, (*path, k))]
    if isinstance(data, list):
        return [hit for i, v in enumerate(data) for hit in _strings(v, (*path, i))]
    if isinstance(data, (str, int)) and not isinstance(data, bool):
        return [(path, str(data))]
    return []


def zoek_rows(loaded: LoadedRegister, text: str) -> list[dict[str, Any]]:
    """Every value in every register file that contains ``text`` (case and accents ignored)."""
    needle = normalize(text)
    code = cbs_key(text)
    docs = ([loaded.regio] if loaded.regio else []) + [d for _, d in loaded.districten]
    rows = []
    for doc in docs:
        for path, value in _strings(doc.data):
            if (needle and needle in normalize(value)) or (code and value == code):
                line, col = doc.position(path) or (None, None)
                rows.append({"bestand": doc.display, "regel": line, "kolom": col,
                             "pad": dotted(path), "tekst": value})
    return rows
