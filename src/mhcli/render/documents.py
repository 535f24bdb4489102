"""Route, gemeente and district as Sheets: what a person reads, in the order they need it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mhcli.register import ONBEKEND
from mhcli.render.sheet import Bewering, Kader, Section, Sheet
from mhcli.routes import CBS_BRON, step_numbers

if TYPE_CHECKING:
    from mhcli.geschiedenis import Geschiedenis
    from mhcli.overview import DistrictRecord, GemeenteRecord
    from mhcli.register import Contact
    from mhcli.resolve import Antwoord
    from mhcli.routes import Route, RouteStap, Universeel, WieBelt


def _value(value: Any) -> str:
    return ONBEKEND if value in (None, "", []) else str(value)


class _Numbers:
    """The sources of a sheet, numbered in the order the reader meets them; ``claim`` ties a
    sentence to its sources and shows them as [n] after it. Only cited sources get a number,
    so the list at the end has no gaps."""

    def __init__(self, bronnen: dict[str, dict[str, Any]]) -> None:
        self.known = bronnen
        self.of: dict[str, int] = {}

    @property
    def cited(self) -> list[str]:
        return list(self.of)

    def marks(self, ids: Iterable[str]) -> str:
        for b in ids:
            if b in self.known and b not in self.of:
                self.of[b] = len(self.of) + 1
        return " ".join(f"[{n}]" for n in sorted({self.of[b] for b in ids if b in self.of}))

    def claim(self, text: str, ids: Iterable[str]) -> Bewering:
        ids = [b for b in ids if b]
        marks = self.marks(ids)
        return Bewering(f"{text} {marks}" if marks else text, ids)

    def sources(self, ids: Iterable[str]) -> tuple[str, str]:
        ids = list(ids)
        return (Kader("Bron"), Bewering(self.marks(ids) or ONBEKEND, ids))


def _extras(anoniem: bool | None, buitenland: str | None, bereikbaar: str | None) -> str:
    parts = [" Melden kan anoniem." if anoniem else "",
             f" Vanuit het buitenland: {buitenland}." if buitenland else "",
             f" Bereikbaar: {bereikbaar}" if bereikbaar else ""]
    return "".join(parts)


def _belt(w: WieBelt, numbers: _Numbers) -> tuple[str, str]:
    text = f"{w.wie} - {w.wanneer}{_extras(w.anoniem, w.telefoon_buitenland, w.bereikbaar)}"
    return (Kader(w.telefoon or "nummer onbekend"),
            numbers.claim(text, [b["id"] for b in w.bronnen]))


def _calls(calls: list[WieBelt], numbers: _Numbers) -> tuple[Section, Section]:
    """'Wie belt u' (112 first, as the sources say; then the role's own lines, side by side)
    and the national lines, side by side: no source ranks them."""
    own = [w for w in calls if w.groep != "landelijk"]
    national = [w for w in calls if w.groep == "landelijk"]
    first = Section(Kader("Wie belt u (bij acuut gevaar eerst 112; verder naast elkaar, geen "
                          "volgorde)"), velden=[_belt(w, numbers) for w in own])
    return first, Section(Kader("Landelijke nummers (voor iedereen, naast elkaar, geen "
                                "volgorde)"), velden=[_belt(w, numbers) for w in national])


def _role_line(r: Route) -> Kader:
    """Which role the answer is for, and how to choose another: the default says so."""
    if r.rol is None:
        return Kader("Rol: niet in het register (het register noemt geen rollen).")
    how = "gekozen met --rol" if r.rol_gekozen else "standaard, want u koos geen --rol"
    others = [f"--rol {x.id} ({x.naam.lower()})" for x in r.rollen if x.id != r.rol.id]
    line = f"Rol: {r.rol.naam.lower()} ({how})."
    if others:
        line += f" Anders: {' of '.join(others)}."
    return Kader(line)


def _title(r: Route, numbers: _Numbers) -> Sheet:
    g = r.gemeente
    title = f"Route van een signaal uit {g.naam}"
    if r.vorm:
        title += f" ({r.vorm.naam.lower()})"
    text = ""
    ids: list[str] = []
    found = r.gevonden_als
    if found and found.get("soort") == "woonplaats":
        text = f"{found['naam']} is een woonplaats in gemeente {g.naam}"
        if found.get("ook_buiten_de_regio"):
            text += (f" (een {found['soort']} met die naam ligt ook in gemeente "
                     f"{found['ook_buiten_de_regio']}, buiten de regio"
                     + (f"; {found['toelichting']}" if found.get("toelichting") else "") + ")")
        text += f". {numbers.marks(r.gevonden_als_bronnen())} "
        ids += r.gevonden_als_bronnen()
    text += (f"Gemeente {g.naam} ({_value(g.cbs_code)}, provincie {_value(g.provincie)}) hoort "
             f"bij district {r.district.naam}.")
    ids += r.gemeente_bronnen()
    subtitle = Bewering(f"{text} {numbers.marks(r.gemeente_bronnen())}", ids)
    notes = [numbers.claim(n, r.notitie_bronnen()) for n in r.notities]
    notes += [numbers.claim(w.tekst, w.bronnen) for w in r.wijzigingen]
    return Sheet(Kader(title), subtitle, nadruk=list(notes), regels=[_role_line(r)])


def bron_tekst(ident: str, titel: str, url: str | None, toelichting: str | None) -> str:
    """A source as people read it; the bundled CBS data with the credit its licence asks for
    and the edition as its own file records it."""
    line = titel + (f" - {url}" if url else "")
    if ident == CBS_BRON:
        from mhcli import places

        b = places.bron()
        line += (f". {b.naamsvermelding}, {b.licentie}; editie {b.peiljaar} zoals het "
                 f"meegeleverde bestand vastlegt" + (f": {b.herleiding}" if b.herleiding else "."))
    return line + (f" {toelichting}" if toelichting else "")


def _sources_section(r: Route, numbers: _Numbers) -> Section:
    """The sources the sheet cites, by number (those only the JSON uses are left out)."""
    lines = [Bewering(f"[{numbers.of[ident]}] " + bron_tekst(ident, r.bronnen[ident]["titel"],
                                                            r.bronnen[ident]["url"],
                                                            r.bronnen[ident].get("toelichting")),
                      [ident])
             for ident in numbers.cited]
    return Section(Kader("Bronnen"), regels=list(lines))


def _kort(r: Route, numbers: _Numbers) -> Sheet:
    doc = _title(r, numbers)
    own, national = _calls(r.wie_belt_u(), numbers)
    ook = r.universeel.ook_melden
    national.regels.append(numbers.claim(ook.wat, ook.bronnen))
    national.regels.extend(numbers.claim(x.tekst, x.bronnen) if x.bronnen else Kader(x.tekst)
                           for x in r.vorm_regels)
    doc.secties += [own, national]
    return doc


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
    """Whom to call, with the sources of each line: the numbers are listed too."""
    numbers = _Numbers(r.bronnen)
    doc = _kort(r, numbers)
    doc.secties.append(_sources_section(r, numbers))
    return doc


def _step(s: RouteStap, title: str, numbers: _Numbers, *, part: bool = False) -> Section:
    """A step, or a part of a role (whose own 'wat' says when: its contacts without theirs)."""
    section = Section(Kader(title))
    if s.wie and not (part and not s.rol):
        section.velden.append((Kader("Wie"), numbers.claim(s.wie, s.bronnen)))
    section.velden.append((Kader("Wat"), numbers.claim(s.wat, s.bronnen[:1])))
    section.regels += [numbers.claim(d.tekst, d.bronnen) if d.bronnen else Kader(d.tekst)
                       for d in s.details]
    section.regels += [numbers.claim(_contact_line(c, wanneer=not part), [c.bron or ""])
                       for c in s.contacten]
    section.nadruk += [Kader(o) for o in s.opmerkingen]
    return section


def route(r: Route) -> Sheet:
    numbers = _Numbers(r.bronnen)
    doc = _kort(r, numbers)
    if r.rol is not None:
        voor = Section(Kader(f"Voor wie: {r.rol.naam.lower()}"),
                       regels=[numbers.claim(r.rol.wie, [r.rol.bron or ""])])
        if r.onderdelen:
            voor.regels.append(Kader("De onderdelen hieronder staan naast elkaar, zonder "
                                     "volgorde."))
        doc.secties.append(voor)
    tasks = {s.taak_van for s in r.stappen if s.taak_van}
    for number, stap in zip(step_numbers(r.stappen), r.stappen, strict=True):
        if stap.taak_van:
            title = f"Taak van de {stap.taak_van} (naast de andere taak): {stap.titel}"
        else:
            title = f"Stap {number}. {stap.titel}"
        section = _step(stap, title, numbers)
        if stap.rol in tasks:
            section.regels.append(Kader("De taken hieronder staan naast elkaar: de bron geeft "
                                        "ze geen volgorde."))
        doc.secties.append(section)
    for part in r.onderdelen:
        doc.secties.append(_step(part, part.titel, numbers, part=True))
    b = r.bestuurlijk
    bestuurlijk = Section(Kader(f"Bestuurlijk: district {b.district.naam} en de regio "
                                "(context, geen meldpunt)"), velden=[
        (Kader("Aansturing"), numbers.claim(b.aansturing, b.bronnen[:1])),
        (Kader("Trekker" + ("s" if len(b.trekkers) > 1 else "")),
         Bewering("; ".join(f"{t.omschrijving} {numbers.marks(t.bronnen)}" for t in b.trekkers),
                  [x for t in b.trekkers for x in t.bronnen]) if b.trekkers else Kader(ONBEKEND)),
        (Kader("Plan"), Bewering("; ".join(f"{p.titel} ({p.periode}; status: {p.status}) "
                                           f"{numbers.marks(p.bronnen)}" for p in b.plannen),
                                 [x for p in b.plannen for x in p.bronnen])
         if b.plannen else Kader(ONBEKEND)),
    ])
    if b.coordinatie:
        bestuurlijk.velden.insert(1, (Kader("Coördinatie"),
                                      numbers.claim(", ".join(b.coordinatie), b.bronnen[:1])))
    bestuurlijk.regels += [numbers.claim(f"Focus: {f}", b.bronnen[:1]) for f in b.focus]
    bestuurlijk.regels.append(numbers.claim(
        f"{b.programma}; partners, onder meer: {', '.join(b.programma_partners) or ONBEKEND}.",
        b.programma_bronnen))
    bestuurlijk.nadruk += [numbers.claim(o.tekst, o.bronnen) for o in b.opmerkingen]
    doc.secties.append(bestuurlijk)
    doc.secties.append(_sources_section(r, numbers))
    return doc


_TITLES = {"meerdere": "Welke gemeente?", "district": "Een district, geen gemeente",
           "buiten-de-regio": "Buiten de regio", "niet-in-register": "Niet in het register",
           "postcode": "Een postcode", "onbekend": "Niet gevonden"}


def geen_route(a: Antwoord, u: Universeel) -> Sheet:
    """A name that is not one gemeente of the register: what it is, and what holds everywhere
    (112, what the role has that needs no gemeente, the national lines), with the sources.
    Several gemeenten that share one route get that route's common part, without a failure
    framing."""
    from mhcli.resolve import names_list
    from mhcli.routes import WANNEER_INTERN
    from mhcli.safe import one_line

    numbers = _Numbers(u.bronnen)
    melding = one_line(a.melding[:1].upper() + a.melding[1:])  # it quotes what was typed
    said = numbers.claim(melding, a.bronnen) if a.bronnen else Kader(melding)
    own, national = _calls([*u.wie_belt_u(), *u.ook_melden_belt()], numbers)
    if a.uitkomst == "meerdere" and a.zelfde_route and a.gedeeld:
        gemeenten = sorted(a.gemeenten())
        shared = list(a.gedeeld.get("bronnen", []))
        doc = Sheet(Kader(f"Route van een signaal uit {a.invoer}"), said)
        if u.rol is None or u.rol.interne_meldroute:
            own.velden.insert(len(u.bij_acuut_gevaar.contacten), (
                Kader("nummer onbekend"),
                numbers.claim(f"Aandachtsfunctionaris mensenhandel van gemeente "
                              f"{names_list(gemeenten, ' of ')} - "
                              f"{WANNEER_INTERN}", shared[:1])))
        doc.secties += [own, national, Section(
            Kader("Voor elk van deze gemeenten hetzelfde"), velden=[
                (Kader("District"), numbers.claim(str(a.gedeeld["district"]["naam"]),
                                                  [b["id"] for b in
                                                   a.gedeeld["district"].get("bronnen", [])])),
                (Kader("Zorgcoördinatie"),
                 numbers.claim("; ".join(a.gedeeld["zorgcoordinatie"]), shared)
                 if a.gedeeld["zorgcoordinatie"] else Kader(ONBEKEND))],
            regels=[Kader(f"De hele route: mhcli route {g}") for g in gemeenten])]
    else:
        doc = Sheet(Kader(_TITLES.get(a.uitkomst, "Niet gevonden")), said)
        if a.uitkomst in ("meerdere", "onbekend") and a.kandidaten:
            ids = a.kandidaat_bronnen or tuple(() for _ in a.kandidaten)
            doc.secties.append(Section(
                Kader("Kies" if a.uitkomst == "meerdere" else "Bedoelde u"),
                regels=[numbers.claim(p.label(), b) if b else Kader(p.label())
                        for p, b in zip(a.kandidaten, ids, strict=True)]))
        doc.secties += [own, national]
    lines = [Bewering(f"[{numbers.of[i]}] " + bron_tekst(i, u.bronnen[i]["titel"],
                                                        u.bronnen[i]["url"],
                                                        u.bronnen[i].get("toelichting")), [i])
             for i in numbers.cited]
    doc.secties.append(Section(Kader("Bronnen"), regels=list(lines)))
    return doc


def _contact_line(c: Contact, *, wanneer: bool = True) -> str:
    return (f"{c.naam}: {c.telefoon}" + (f" ({c.wanneer})" if wanneer and c.wanneer else "")
            + _extras(c.anoniem, c.telefoon_buitenland, c.bereikbaar))


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
    doc.secties.append(Section("Bronnen", regels=[
        bron_tekst(b.id, b.titel, b.url, b.toelichting) for b in record.bronnen]))
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
        bron_tekst(b.id, b.titel, b.url, b.toelichting) for b in record.bronnen]))
    return doc


def geschiedenis(record: Geschiedenis) -> Sheet:
    """Every commit that changed a gemeente's route or governance, newest first: what it was
    and what it became."""
    count = len(record.wijzigingen)
    doc = Sheet(f"Geschiedenis van {record.naam_met_code()}",
                f"{count} wijziging{'en' if count != 1 else ''} van route of bestuur in git, "
                "de nieuwste eerst.")
    if record.vastgelegd is False:
        doc.nadruk.append("Het register heeft wijzigingen die nog niet in git zijn vastgelegd; "
                          "die staan hier niet.")
    if record.onvolledig:
        doc.secties.append(Section("Onvolledig", nadruk=[
            "Deze git-kopie is ondiep (shallow): wat vóór haar oudste commit gebeurde, is "
            "onbekend. Haal de hele geschiedenis op met 'git fetch --unshallow'."]))
    for w in record.wijzigingen:
        section = Section(f"{w.datum[:10]}  {w.commit[:12]}  {w.onderwerp}")
        if w.opmerking:
            section.nadruk.append(w.opmerking)
        for v in w.veranderingen:
            if v.voor is None:
                section.regels.append(f"{v.wat}: nieuw: {v.na}")
            elif v.na is None:
                section.regels.append(f"{v.wat}: vervallen (was: {v.voor})")
            else:
                section.regels.append(f"{v.wat}: {v.voor} -> {v.na}")
        doc.secties.append(section)
    return doc
