"""Overviews of the register as typed records; each has one ``as_json()`` (JSON uses null and
lists, never display prose) and the columns people read it in."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, ClassVar

from mhcli.names import normalize
from mhcli.register import District, Gemeente, RegisterModel, Trekker


class _Record:
    def as_json(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload,no-any-return]


@dataclass(frozen=True)
class BronRecord(_Record):
    id: str
    titel: str
    url: str | None
    toelichting: str | None = None


@dataclass(frozen=True)
class GemeenteRecord(_Record):
    naam: str
    cbs_code: str | None
    provincie: str | None
    district: str | None
    district_naam: str | None
    zorgcoordinatie: list[str]
    toelichting: str | None
    gevonden_als: dict[str, Any] | None = None  # as in the route: how the name was found
    bronnen: list[BronRecord] = field(default_factory=list)


@dataclass(frozen=True)
class GemeenteRij(_Record):
    KOLOMMEN: ClassVar = [("naam", "Gemeente"), ("cbs_code", "CBS-code"),
                          ("district_naam", "District"), ("provincie", "Provincie")]
    naam: str
    cbs_code: str | None
    district: str | None
    district_naam: str | None
    provincie: str | None


@dataclass(frozen=True)
class TrekkerRecord(_Record):
    functie: str
    naam: str | None
    volledige_naam: str | None
    gemeente: str | None
    sinds: str | None
    omschrijving: str
    uit_functie: str | None
    verouderd: bool

    def cel(self) -> str:
        return self.omschrijving + (" (verouderd)" if self.verouderd else "")


@dataclass(frozen=True)
class PlanRecord(_Record):
    titel: str
    van: int | None
    tot: int | None
    geschreven: int | None
    periode: str
    status: str
    toelichting: str | None

    def cel(self) -> str:
        return f"{self.titel} ({self.periode})"


@dataclass(frozen=True)
class FocusRecord(_Record):
    vorm: str | None
    omschrijving: str

    def cel(self) -> str:
        return self.omschrijving


@dataclass(frozen=True)
class LidRecord(_Record):
    naam: str
    cbs_code: str | None
    provincie: str | None
    toelichting: str | None


@dataclass(frozen=True)
class OnderzoekRecord(_Record):
    titel: str
    omschrijving: str | None
    organisaties: list[str]


@dataclass(frozen=True)
class DistrictRecord(_Record):
    id: str
    naam: str
    toelichting: str | None
    gemeenten: list[LidRecord]
    trekkers: list[TrekkerRecord]
    aansturing: str | None
    aansturing_omschrijving: str | None
    coordinatie: list[str]
    plannen: list[PlanRecord]
    focus: list[FocusRecord]
    zorgcoordinatie: list[str]
    zorgcoordinatie_omschrijving: str | None
    onderzoeken: list[OnderzoekRecord]
    opmerkingen: list[str]
    bronnen: list[BronRecord]
    bestand: str


@dataclass(frozen=True)
class DistrictRij(_Record):
    KOLOMMEN: ClassVar = [("aantal_gemeenten", "Gemeenten"),
                          ("trekkers", "Bestuurlijk trekker(s)"), ("aansturing", "Aansturing"),
                          ("plannen", "Plan"), ("plan_status", "Status plan"),
                          ("focus", "Focus"), ("zorgcoordinatie", "Zorgcoördinatie")]
    id: str
    naam: str
    aantal_gemeenten: int
    trekkers: list[TrekkerRecord]
    aansturing: str | None
    plannen: list[PlanRecord]
    plan_status: list[str]
    focus: list[FocusRecord]
    zorgcoordinatie: list[str]


@dataclass(frozen=True)
class PartnerRij(_Record):
    KOLOMMEN: ClassVar = [("naam", "Naam"), ("soort", "Soort"), ("waar", "Waar")]
    id: str
    naam: str
    soort: str | None
    waar: list[str]


def _bron(register: RegisterModel, ident: str) -> BronRecord | None:
    if ident == "cbs-woonplaatsen":  # the bundled reference data, as its own file records it
        from mhcli import places

        b = places.bron()
        known = register.bronnen.get(ident)
        return BronRecord(ident, b.titel, b.url, known.toelichting if known else None)
    found = register.bronnen.get(ident)
    return BronRecord(ident, found.titel, found.url, found.toelichting) if found else None


def gemeente_record(register: RegisterModel, g: Gemeente,
                    gevonden_als: dict[str, Any] | None = None) -> GemeenteRecord:
    from mhcli.resolve import CBS, FOUND_BY_CBS

    district = register.districten.get(g.district or "")
    by_cbs = gevonden_als is not None and gevonden_als.get("soort") in FOUND_BY_CBS
    ids = [g.bron, district.gemeenten_bron if district else None,
           district.bron if district else None, CBS if by_cbs else None]
    bronnen = [b for b in (_bron(register, i) for i in dict.fromkeys(x for x in ids if x)) if b]
    return GemeenteRecord(
        naam=g.naam, cbs_code=g.cbs_code, provincie=g.provincie, district=g.district,
        district_naam=district.naam if district else None,
        zorgcoordinatie=[register.organisatie_naam(o) for o in
                         (district.zorgcoordinatie if district else ())],
        toelichting=g.toelichting, gevonden_als=gevonden_als, bronnen=bronnen)


def gemeenten_rows(register: RegisterModel, district: District | None = None,
                   provincie: str | None = None) -> list[GemeenteRij]:
    """Every gemeente, alphabetical (as people look a name up), optionally filtered."""
    rows = []
    for g in register.alle_gemeenten():
        if district is not None and g.district != district.id:
            continue
        if provincie is not None and normalize(g.provincie or "") != normalize(provincie):
            continue
        district_of = register.districten.get(g.district or "")
        rows.append(GemeenteRij(g.naam, g.cbs_code, g.district,
                                district_of.naam if district_of else None, g.provincie))
    return sorted(rows, key=lambda r: normalize(r.naam))


def _trekker(t: Trekker, vandaag: date) -> TrekkerRecord:
    return TrekkerRecord(t.functie, t.naam, t.volledige_naam, t.gemeente, t.sinds, t.label(),
                         t.uit_functie, t.left_office(vandaag))


def _plannen(d: District, vandaag: date) -> list[PlanRecord]:
    return [PlanRecord(p.titel, p.van, p.tot, p.geschreven, p.periode(), p.status(vandaag),
                       p.toelichting) for p in d.plannen]


def district_record(register: RegisterModel, d: District, vandaag: date) -> DistrictRecord:
    bronnen = {d.bron, d.gemeenten_bron, *(t.bron for t in d.trekkers),
               *(t.uit_functie_bron for t in d.trekkers), *(p.bron for p in d.plannen)}
    return DistrictRecord(
        id=d.id, naam=d.naam, toelichting=d.toelichting,
        gemeenten=[LidRecord(g.naam, g.cbs_code, g.provincie, g.toelichting)
                   for g in d.gemeenten],
        trekkers=[_trekker(t, vandaag) for t in d.huidige_trekkers()],
        aansturing=d.aansturing, aansturing_omschrijving=d.aansturing_omschrijving,
        coordinatie=[register.organisatie_naam(o) for o in d.coordinatie],
        plannen=_plannen(d, vandaag),
        focus=[FocusRecord(f.vorm, f.omschrijving) for f in d.focus],
        zorgcoordinatie=[register.organisatie_naam(o) for o in d.zorgcoordinatie],
        zorgcoordinatie_omschrijving=d.zorgcoordinatie_omschrijving,
        onderzoeken=[OnderzoekRecord(o.titel, o.omschrijving,
                                     [register.organisatie_naam(x) for x in o.organisaties])
                     for o in d.onderzoeken],
        opmerkingen=d.verouderd(vandaag),
        bronnen=[BronRecord(b, register.bronnen[b].titel, register.bronnen[b].url,
                            register.bronnen[b].toelichting)
                 for b in sorted(x for x in bronnen if x and x in register.bronnen)],
        bestand=f"districten/{d.bestand.rsplit('/', 1)[-1]}",  # relative to the register
    )


def districten_rows(register: RegisterModel, vandaag: date) -> list[DistrictRij]:
    return [DistrictRij(
        id=d.id, naam=d.naam, aantal_gemeenten=len(d.gemeenten),
        trekkers=[_trekker(t, vandaag) for t in d.huidige_trekkers()],
        aansturing=d.aansturing, plannen=_plannen(d, vandaag),
        plan_status=[p.status(vandaag) for p in d.plannen],
        focus=[FocusRecord(f.vorm, f.omschrijving) for f in d.focus],
        zorgcoordinatie=[register.organisatie_naam(o) for o in d.zorgcoordinatie],
    ) for d in register.districten.values()]


def partners_rows(register: RegisterModel) -> list[PartnerRij]:
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
    for stap in register.signaalroute.stappen:
        for _, ident in stap.aan:
            add(ident, f"ontvangt signalen van de aandachtsfunctionaris ({stap.titel.lower()})")
    for d in register.districten.values():
        for o in d.zorgcoordinatie:
            add(o, f"zorgcoördinatie in district {d.naam}")
        for o in d.coordinatie:
            add(o, f"districtelijke coördinatie in {d.naam}")
        for onderzoek in d.onderzoeken:
            for o in onderzoek.organisaties:
                add(o, f"onderzoek '{onderzoek.titel}' ({d.naam})")
    rows = [PartnerRij(p.id, p.naam, "partner", roles.get(p.id, []))
            for p in register.partners.values()]
    rows += [PartnerRij(o.id, o.naam, o.soort, roles.get(o.id, []))
             for o in register.organisaties.values()]
    return rows


@dataclass(frozen=True)
class Feit(_Record):
    """One fact of a district, for a spreadsheet: what it is about and its value."""

    KOLOMMEN: ClassVar = [("onderdeel", "Onderdeel"), ("waarde", "Waarde"),
                          ("toelichting", "Toelichting")]
    onderdeel: str
    waarde: str | int
    toelichting: str | None = ""  # empty: nothing to add (None would read 'onbekend')


def district_feiten(d: DistrictRecord) -> list[Feit]:
    """Every fact of a district record, one row each, in the order of `mhcli district`."""
    rows = [Feit("District", d.naam, d.toelichting or ""),
            Feit("Aantal gemeenten", len(d.gemeenten))]
    rows += [Feit("Gemeente", f"{g.naam} ({g.cbs_code or 'onbekend'}, "
                  f"{g.provincie or 'onbekend'})", g.toelichting or "") for g in d.gemeenten]
    rows += [Feit("Bestuurlijk trekker", t.omschrijving, "verouderd" if t.verouderd else "")
             for t in d.trekkers]
    rows.append(Feit("Aansturing", d.aansturing or "onbekend", d.aansturing_omschrijving or ""))
    rows += [Feit("Coördinatie", c) for c in d.coordinatie]
    rows += [Feit("Plan", f"{p.titel} ({p.periode})", f"status: {p.status}") for p in d.plannen]
    rows += [Feit("Focus", f.omschrijving) for f in d.focus]
    rows += [Feit("Zorgcoördinatie", z, d.zorgcoordinatie_omschrijving or "")
             for z in d.zorgcoordinatie]
    rows += [Feit("Onderzoek", o.titel, o.omschrijving or "") for o in d.onderzoeken]
    rows += [Feit("Verouderd", o) for o in d.opmerkingen]
    rows += [Feit("Bron", b.titel, b.url or "") for b in d.bronnen]
    return rows
