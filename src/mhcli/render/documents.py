"""Route, gemeente and district as Sheets: what a person reads, in the order they need it."""

from __future__ import annotations

from typing import Any

from mhcli.register import ONBEKEND
from mhcli.render.sheet import Section, Sheet
from mhcli.routes import Route


def _value(value: Any) -> str:
    return ONBEKEND if value in (None, "", []) else str(value)


def route(r: Route) -> Sheet:
    g = r.gemeente
    title = f"Route van een signaal uit {g.naam}"
    if r.vorm:
        title += f" ({r.vorm.naam.lower()})"
    doc = Sheet(title, f"Gemeente {g.naam} ({_value(g.cbs_code)}, provincie "
                       f"{_value(g.provincie)}) hoort bij district {r.district.naam}.",
                nadruk=list(r.notities))
    numbers = {ident: n for n, ident in enumerate(r.bronnen, start=1)}
    for number, stap in enumerate(r.stappen, start=1):
        section = Section(f"{number}. {stap.titel}", velden=[("Wie", stap.wie), ("Wat", stap.wat)])
        section.regels += stap.details
        section.regels += [f"{c['naam']}: {c['telefoon']}" + (f" ({c['wanneer']})" if c["wanneer"]
                                                               else "") for c in stap.contacten]
        section.nadruk += stap.opmerkingen
        if stap.bronnen:
            section.velden.append(("Bron", " ".join(f"[{n}]" for n in
                                                    sorted(numbers[b] for b in stap.bronnen))))
        doc.secties.append(section)
    doc.secties.append(Section("Bronnen", regels=[
        f"[{numbers[ident]}] {info['titel']}" + (f" - {info['url']}" if info["url"] else "")
        for ident, info in r.bronnen.items()]))
    return doc


def gemeente(record: dict[str, Any]) -> Sheet:
    doc = Sheet(f"Gemeente {record['naam']}",
                nadruk=[record["toelichting"]] if record["toelichting"] else [])
    doc.secties.append(Section("Gegevens", velden=[
        ("CBS-code", _value(record["cbs_code"])),
        ("Provincie", _value(record["provincie"])),
        ("District", _value(record["district_naam"])),
        ("Zorgcoördinatie", _value(", ".join(record["zorgcoordinatie"]))),
    ]))
    return doc


def district(record: dict[str, Any]) -> Sheet:
    doc = Sheet(f"District {record['naam']}", f"Bestand: {record['bestand']}",
                nadruk=[record["toelichting"]] if record["toelichting"] else [])
    doc.secties.append(Section(f"Gemeenten ({len(record['gemeenten'])})", regels=[
        f"{g['naam']} ({_value(g['cbs_code'])}, {_value(g['provincie'])})"
        + (f" - {g['toelichting']}" if g["toelichting"] else "") for g in record["gemeenten"]]))
    trekkers = Section("Bestuurlijk trekkers", regels=[t["omschrijving"]
                                                       for t in record["trekkers"]] or [ONBEKEND])
    trekkers.nadruk += [f"Verouderd: {t['volledige_naam'] or t['naam']} heeft de functie op "
                        f"{t['uit_functie']} verlaten; de opvolger is {ONBEKEND}."
                        for t in record["trekkers"] if t["verouderd"]]
    doc.secties.append(trekkers)
    aansturing = Section("Aansturing", velden=[("Door", _value(record["aansturing"]))])
    if record["coordinatie"]:
        aansturing.velden.append(("Coördinatie", ", ".join(record["coordinatie"])))
    if record["aansturing_omschrijving"]:
        aansturing.regels.append(record["aansturing_omschrijving"])
    doc.secties.append(aansturing)
    plannen = Section("Plan", regels=[f"{p['titel']} ({p['periode']}; status: {p['status']})"
                                      + (f" - {p['toelichting']}" if p["toelichting"] else "")
                                      for p in record["plannen"]] or [ONBEKEND])
    plannen.nadruk += [f"'{p['titel']}' is verlopen." for p in record["plannen"]
                       if p["status"] == "verlopen"]
    doc.secties.append(plannen)
    doc.secties.append(Section("Focus", regels=[f["omschrijving"] for f in record["focus"]]
                               or [ONBEKEND]))
    zorg = Section("Zorgcoördinatie", velden=[("Door", _value(", ".join(
        record["zorgcoordinatie"])))])
    if record["zorgcoordinatie_omschrijving"]:
        zorg.regels.append(record["zorgcoordinatie_omschrijving"])
    doc.secties.append(zorg)
    for o in record["onderzoeken"]:
        doc.secties.append(Section(f"Onderzoek: {o['titel']}", velden=[
            ("Met", _value(", ".join(o["organisaties"])))],
            regels=[o["omschrijving"]] if o["omschrijving"] else []))
    doc.secties.append(Section("Bronnen", regels=[
        b["titel"] + (f" - {b['url']}" if b["url"] else "") for b in record["bronnen"]]))
    return doc
