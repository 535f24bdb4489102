"""Route, gemeente and district as Sheets: what a person reads, in the order they need it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mhcli.register import ONBEKEND
from mhcli.render.sheet import Section, Sheet

if TYPE_CHECKING:
    from mhcli.overview import DistrictRecord, GemeenteRecord
    from mhcli.register import Contact
    from mhcli.resolve import Antwoord
    from mhcli.routes import Route, Universeel, WieBelt


def _value(value: Any) -> str:
    return ONBEKEND if value in (None, "", []) else str(value)


def _belt(w: WieBelt) -> tuple[str, str]:
    return (w.telefoon or "nummer onbekend", f"{w.wie} - {w.wanneer}")


def wie_belt_u(r: Route) -> Section:
    return Section("Wie belt u", velden=[_belt(w) for w in r.wie_belt_u()])


def _title(r: Route) -> Sheet:
    g = r.gemeente
    title = f"Route van een signaal uit {g.naam}"
    if r.vorm:
        title += f" ({r.vorm.naam.lower()})"
    found = _found_as(r.gevonden_als, g.naam)
    return Sheet(title, f"{found}Gemeente {g.naam} ({_value(g.cbs_code)}, provincie "
                        f"{_value(g.provincie)}) hoort bij district {r.district.naam}.",
                 nadruk=list(r.notities))


def _found_as(gevonden_als: dict[str, Any] | None, naam: str) -> str:
    """'Oudenbosch is een woonplaats in gemeente Halderberge. ' when the name typed was not the
    gemeente's own name or code."""
    if not gevonden_als or gevonden_als.get("soort") != "woonplaats":
        return ""
    found = f"{gevonden_als['naam']} is een woonplaats in gemeente {naam}"
    if gevonden_als.get("ook_buiten_de_regio"):
        found += (f" (een woonplaats met die naam ligt ook in gemeente "
                  f"{gevonden_als['ook_buiten_de_regio']}, buiten de regio)")
    return found + ". "


def route_kort(r: Route) -> Sheet:
    doc = _title(r)
    doc.secties.append(wie_belt_u(r))
    return doc


def _sources(numbers: dict[str, int], ids: list[str]) -> tuple[str, str]:
    return ("Bron", " ".join(f"[{n}]" for n in sorted({numbers[b] for b in ids if b in numbers})))


def route(r: Route) -> Sheet:
    doc = route_kort(r)
    numbers = {ident: n for n, ident in enumerate(r.bronnen, start=1)}
    acuut = r.universeel.bij_acuut_gevaar
    doc.secties.append(Section(acuut.titel, velden=[("Wat", acuut.wat), _sources(numbers,
                                                                                  acuut.bronnen)],
                               regels=[_contact_line(c) for c in acuut.contacten]))
    for number, stap in enumerate(r.stappen, start=1):
        section = Section(f"Stap {number}. {stap.titel}",
                          velden=[("Wie", stap.wie), ("Wat", stap.wat)])
        section.regels += stap.details
        section.regels += [_contact_line(c) for c in stap.contacten]
        section.nadruk += stap.opmerkingen
        if stap.bronnen:
            section.velden.append(_sources(numbers, stap.bronnen))
        doc.secties.append(section)
    ook = r.universeel.ook_melden
    doc.secties.append(Section(f"{ook.titel} (naast de route, voor iedereen)",
                               velden=[("Wat", ook.wat), _sources(numbers, ook.bronnen)],
                               regels=[_contact_line(c) for c in ook.contacten]))
    b = r.bestuurlijk
    bestuurlijk = Section(f"Bestuurlijk: district {b.district.naam} en de regio (context, "
                          "geen meldpunt)", velden=[
        ("Aansturing", b.aansturing),
        ("Trekker" + ("s" if len(b.trekkers) > 1 else ""),
         "; ".join(t for t, _ in b.trekkers) or ONBEKEND),
        ("Plan", "; ".join(f"{t} ({p}; status: {s})" for t, p, s in b.plannen) or ONBEKEND),
    ])
    if b.coordinatie:
        bestuurlijk.velden.insert(1, ("Coördinatie", ", ".join(b.coordinatie)))
    bestuurlijk.regels += [f"Focus: {f}" for f in b.focus]
    bestuurlijk.regels.append(f"{b.programma}; partners, onder meer: "
                              f"{', '.join(b.programma_partners) or ONBEKEND}.")
    bestuurlijk.nadruk += b.opmerkingen
    bestuurlijk.velden.append(_sources(numbers, b.bronnen + b.programma_bronnen))
    doc.secties.append(bestuurlijk)
    doc.secties.append(Section("Bronnen", regels=[
        f"[{numbers[ident]}] {info['titel']}" + (f" - {info['url']}" if info["url"] else "")
        for ident, info in r.bronnen.items()]))
    return doc


_TITLES = {"meerdere": "Welke gemeente?", "district": "Een district, geen gemeente",
           "buiten-de-regio": "Buiten de regio", "niet-in-register": "Niet in het register",
           "postcode": "Een postcode", "onbekend": "Niet gevonden"}


def geen_route(a: Antwoord, u: Universeel) -> Sheet:
    """A name that is not one gemeente of the register: what it is, and 112 and the national
    lines, which hold everywhere. Several gemeenten that share one route get that route's
    common part, without a failure framing."""
    from mhcli.resolve import names_list
    from mhcli.routes import WANNEER_INTERN

    acuut = [_belt(w) for w in u.wie_belt_u()]
    ook = [_belt(w) for w in u.ook_melden_belt()]
    if a.uitkomst == "meerdere" and a.zelfde_route and a.gedeeld:
        gemeenten = names_list(sorted(a.gemeenten()), " of ")
        doc = Sheet(f"Route van een signaal uit {a.invoer}", a.melding)
        intern = ("nummer onbekend", f"Aandachtsfunctionaris mensenhandel van gemeente "
                                     f"{gemeenten} (waar het signaal speelt) - {WANNEER_INTERN}")
        doc.secties.append(Section("Wie belt u", velden=[*acuut, intern, *ook]))
        doc.secties.append(Section("Voor elk van deze gemeenten hetzelfde", velden=[
            ("District", str(a.gedeeld["district"]["naam"])),
            ("Zorgcoördinatie", "; ".join(a.gedeeld["zorgcoordinatie"]) or ONBEKEND)],
            regels=[f"De hele route: mhcli route {g}" for g in sorted(a.gemeenten())]))
        return doc
    doc = Sheet(_TITLES.get(a.uitkomst, "Niet gevonden"), a.melding[:1].upper() + a.melding[1:])
    if a.uitkomst in ("meerdere", "onbekend") and a.kandidaten:
        doc.secties.append(Section("Kies" if a.uitkomst == "meerdere" else "Bedoelde u",
                                   regels=[p.label() for p in a.kandidaten]))
    doc.secties.append(Section("Wie belt u (geldt altijd)", velden=[*acuut, *ook]))
    return doc


def _contact_line(c: Contact) -> str:
    return f"{c.naam}: {c.telefoon}" + (f" ({c.wanneer})" if c.wanneer else "")


def gemeente(record: GemeenteRecord) -> Sheet:
    found = _found_as(record.gevonden_als, record.naam).strip()
    doc = Sheet(f"Gemeente {record.naam}", found or None,
                nadruk=[record.toelichting] if record.toelichting else [])
    doc.secties.append(Section("Gegevens", velden=[
        ("CBS-code", _value(record.cbs_code)),
        ("Provincie", _value(record.provincie)),
        ("District", _value(record.district_naam)),
        ("Zorgcoördinatie", _value(", ".join(record.zorgcoordinatie))),
    ]))
    return doc


def district(record: DistrictRecord) -> Sheet:
    doc = Sheet(f"District {record.naam}", f"Bestand: {record.bestand}",
                nadruk=[record.toelichting] if record.toelichting else [])
    doc.secties.append(Section(f"Gemeenten ({len(record.gemeenten)})", regels=[
        f"{g.naam} ({_value(g.cbs_code)}, {_value(g.provincie)})"
        + (f" - {g.toelichting}" if g.toelichting else "") for g in record.gemeenten]))
    doc.secties.append(Section("Bestuurlijk trekkers", regels=[
        t.omschrijving for t in record.trekkers] or [ONBEKEND]))
    aansturing = Section("Aansturing", velden=[("Door", _value(record.aansturing))])
    if record.coordinatie:
        aansturing.velden.append(("Coördinatie", ", ".join(record.coordinatie)))
    if record.aansturing_omschrijving:
        aansturing.regels.append(record.aansturing_omschrijving)
    doc.secties.append(aansturing)
    doc.secties.append(Section("Plan", regels=[
        f"{p.titel} ({p.periode}; status: {p.status})"
        + (f" - {p.toelichting}" if p.toelichting else "") for p in record.plannen]
        or [ONBEKEND]))
    doc.secties.append(Section("Focus", regels=[f.omschrijving for f in record.focus]
                               or [ONBEKEND]))
    zorg = Section("Zorgcoördinatie", velden=[("Door", _value(", ".join(
        record.zorgcoordinatie)))])
    if record.zorgcoordinatie_omschrijving:
        zorg.regels.append(record.zorgcoordinatie_omschrijving)
    doc.secties.append(zorg)
    for o in record.onderzoeken:
        doc.secties.append(Section(f"Onderzoek: {o.titel}", velden=[
            ("Met", _value(", ".join(o.organisaties)))],
            regels=[o.omschrijving] if o.omschrijving else []))
    if record.opmerkingen:
        doc.secties.append(Section("Verouderd", nadruk=list(record.opmerkingen)))
    doc.secties.append(Section("Bronnen", regels=[
        b.titel + (f" - {b.url}" if b.url else "") for b in record.bronnen]))
    return doc
