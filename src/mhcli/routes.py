"""The route of a signal from one municipality, resolved from the register's `signaalroute`.

The route says no more than its sources: 112 is a condition ("bij acuut gevaar"), not a step;
the steps are what a signal inside the gemeente goes through; the national lines are parallel
channels anyone may use; district and programme are governance context, never a place a signal
goes. Titles and texts are data (regio.yaml); this module fills in who each step's `rol` means
for this gemeente and its district.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mhcli.register import ONBEKEND, Contact, District, Gemeente, Register, Stap, Vorm

WANNEER_INTERN = "Als medewerker van de gemeente: via de interne meldroute."


def contact_json(c: Contact) -> dict[str, Any]:
    return {"id": c.id, "naam": c.naam, "telefoon": c.telefoon, "wanneer": c.wanneer}


@dataclass
class Onderdeel:
    """The acute-danger part or the national lines: a title, what to do, whom to call."""

    titel: str
    wat: str
    contacten: list[Contact]
    bronnen: list[str]


@dataclass
class RouteStap:
    rol: str
    titel: str
    wie: str
    wat: str
    details: list[str] = field(default_factory=list)
    contacten: list[Contact] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    bronnen: list[str] = field(default_factory=list)


@dataclass
class Bestuurlijk:
    """District and programme: who steers, which plan, which focus. Context, not a route."""

    district: District
    aansturing: str
    coordinatie: list[str]
    trekkers: list[tuple[str, bool]]  # (label, verouderd)
    plannen: list[tuple[str, str, str]]  # (titel, periode, status)
    focus: list[str]
    opmerkingen: list[str]
    bronnen: list[str]
    programma: str
    programma_partners: list[str]
    programma_bronnen: list[str]


@dataclass(frozen=True)
class WieBelt:
    wanneer: str
    wie: str
    telefoon: str | None

    def as_json(self) -> dict[str, Any]:
        return {"wanneer": self.wanneer, "wie": self.wie, "telefoon": self.telefoon}


def _bronnen_json(ids: list[str], register_bronnen: dict[str, dict[str, Any]]
                  ) -> list[dict[str, Any]]:
    return [{"id": b, "titel": register_bronnen[b]["titel"], "url": register_bronnen[b]["url"]}
            for b in ids if b in register_bronnen]


def _onderdeel_json(o: Onderdeel, bronnen: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"titel": o.titel, "wat": o.wat, "contacten": [contact_json(c) for c in o.contacten],
            "bronnen": _bronnen_json(o.bronnen, bronnen)}


@dataclass
class Universeel:
    """What holds for a signal from anywhere: 112 and the national lines."""

    bij_acuut_gevaar: Onderdeel
    ook_melden: Onderdeel
    bronnen: dict[str, dict[str, Any]]

    def wie_belt_u(self) -> list[WieBelt]:
        return [WieBelt(c.wanneer or self.bij_acuut_gevaar.titel, c.naam, c.telefoon)
                for c in self.bij_acuut_gevaar.contacten]

    def ook_melden_belt(self) -> list[WieBelt]:
        return [WieBelt(c.wanneer or self.ook_melden.titel, c.naam, c.telefoon)
                for c in self.ook_melden.contacten]

    def as_json(self) -> dict[str, Any]:
        return {
            "bij_acuut_gevaar": _onderdeel_json(self.bij_acuut_gevaar, self.bronnen),
            "ook_melden": [{**contact_json(c), "bronnen": _bronnen_json(self.ook_melden.bronnen,
                                                                         self.bronnen)}
                           for c in self.ook_melden.contacten],
        }


@dataclass
class Route:
    gemeente: Gemeente
    district: District
    vorm: Vorm | None
    universeel: Universeel
    stappen: list[RouteStap]
    bestuurlijk: Bestuurlijk
    notities: list[str]
    gevonden_als: dict[str, str] | None = None

    @property
    def bronnen(self) -> dict[str, dict[str, Any]]:
        return self.universeel.bronnen

    def wie_belt_u(self) -> list[WieBelt]:
        """The numbers to call, in order: acute danger, inside the gemeente, national lines."""
        intern = WieBelt(WANNEER_INTERN, f"Aandachtsfunctionaris mensenhandel van gemeente "
                                         f"{self.gemeente.naam}", None)
        return [*self.universeel.wie_belt_u(), intern, *self.universeel.ook_melden_belt()]

    def as_json(self) -> dict[str, Any]:
        b = self.bestuurlijk
        universeel = self.universeel.as_json()
        return {
            "gevonden": True,
            "uitkomst": "gemeente",  # mhcli.resolve: the other answers share gevonden/uitkomst
            "gemeente": {
                "naam": self.gemeente.naam,
                "cbs_code": self.gemeente.cbs_code,
                "provincie": self.gemeente.provincie,
                "toelichting": self.gemeente.toelichting,
            },
            "gevonden_als": self.gevonden_als,
            "district": {"id": self.district.id, "naam": self.district.naam},
            "vorm": {"id": self.vorm.id, "naam": self.vorm.naam} if self.vorm else None,
            "wie_belt_u": [w.as_json() for w in self.wie_belt_u()],
            "bij_acuut_gevaar": universeel["bij_acuut_gevaar"],
            "stappen": [
                {
                    "nummer": number,
                    "rol": s.rol,
                    "titel": s.titel,
                    "wie": s.wie,
                    "wat": s.wat,
                    "details": s.details,
                    "contacten": [contact_json(c) for c in s.contacten],
                    "opmerkingen": s.opmerkingen,
                    "bronnen": _bronnen_json(s.bronnen, self.bronnen),
                }
                for number, s in enumerate(self.stappen, start=1)
            ],
            "ook_melden": universeel["ook_melden"],
            "bestuurlijk": {
                "district": {
                    "id": b.district.id,
                    "naam": b.district.naam,
                    "aansturing": b.aansturing,
                    "coordinatie": b.coordinatie,
                    "trekkers": [{"omschrijving": t, "verouderd": v} for t, v in b.trekkers],
                    "plannen": [{"titel": t, "periode": p, "status": s}
                                for t, p, s in b.plannen],
                    "focus": b.focus,
                    "opmerkingen": b.opmerkingen,
                    "bronnen": _bronnen_json(b.bronnen, self.bronnen),
                },
                "regio": {"programma": b.programma, "partners": b.programma_partners,
                          "bronnen": _bronnen_json(b.programma_bronnen, self.bronnen)},
            },
            "notities": self.notities,
            "bronnen": [{"id": ident, **info} for ident, info in self.bronnen.items()],
        }


def _join(names: list[str], last: str = ", ") -> str:
    if not names:
        return ONBEKEND
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])}{last}{names[-1]}"


def _contacts(register: Register, ids: tuple[str, ...], first: tuple[str, ...] = ()
              ) -> list[Contact]:
    """The contacts named by ``ids``; those in ``first`` (a chosen vorm's) lead."""
    ordered = [i for i in ids if i in first] + [i for i in ids if i not in first]
    return [register.contacten[i] for i in ordered if i in register.contacten]


class _Resolver:
    def __init__(self, register: Register, gemeente: Gemeente, district: District,
                 vorm: Vorm | None) -> None:
        self.r, self.g, self.d, self.vorm = register, gemeente, district, vorm

    def step(self, stap: Stap) -> RouteStap | None:
        fill = STEP_HANDLERS.get(stap.rol)
        if fill is None:
            return None
        made = RouteStap(stap.rol, stap.titel, ONBEKEND, stap.wat,
                         bronnen=[stap.bron] if stap.bron else [])
        fill(self, stap, made)
        return made

    def _per_gemeente_known(self, s: RouteStap) -> None:
        if self.d.aandachtsfunctionaris_per_gemeente:
            s.details.append(f"Elke gemeente in district {self.d.naam} heeft een "
                             "aandachtsfunctionaris en een interne meldroute.")
            if self.d.bron:
                s.bronnen.append(self.d.bron)
        else:
            s.opmerkingen.append("Of deze gemeente een aandachtsfunctionaris en interne "
                                 f"meldroute heeft: {ONBEKEND}.")

    def interne_meldroute(self, stap: Stap, s: RouteStap) -> None:
        s.wie = f"Gemeente {self.g.naam}: interne meldroute"
        self._per_gemeente_known(s)

    def aandachtsfunctionaris(self, stap: Stap, s: RouteStap) -> None:
        s.wie = f"Aandachtsfunctionaris mensenhandel van gemeente {self.g.naam}"
        s.details.append(f"Naam en bereikbaarheid: {ONBEKEND} (niet in het register; vraag het "
                         "na bij de gemeente).")

    def doorgeven(self, stap: Stap, s: RouteStap) -> None:
        fitting = self.vorm.partners if self.vorm else ()
        aan = [a for a in stap.aan if a[1] in fitting] + [a for a in stap.aan
                                                          if a[1] not in fitting]
        names = [self.r.partner_naam(i) if kind == "partner" else self.r.organisatie_naam(i)
                 for kind, i in aan]
        s.wie = _join(names, " of ")
        if self.vorm is None:
            return
        s.titel = f"{s.titel} (bij {self.vorm.naam.lower()})"
        if fitting:
            s.details.append(f"Bij {self.vorm.naam.lower()} eerst: "
                             f"{_join([self.r.partner_naam(p) for p in fitting])}.")
        else:
            s.details.append(f"Het register noemt bij {self.vorm.naam.lower()} geen partner "
                             "die als eerste past.")
        if self.vorm.bron:
            s.bronnen.append(self.vorm.bron)
        s.contacten = _contacts(self.r, self.vorm.contacten)

    def zorgcoordinatie(self, stap: Stap, s: RouteStap) -> None:
        orgs = [self.r.organisaties[o] for o in self.d.zorgcoordinatie if o in self.r.organisaties]
        s.wie = _join([o.naam for o in orgs], " samen met ")
        if self.d.zorgcoordinatie_omschrijving:
            s.details.append(self.d.zorgcoordinatie_omschrijving)
        for org in orgs:
            where = [f"plaats: {org.plaats}" if org.plaats else "",
                     f"werkgebied: {org.werkgebied}" if org.werkgebied else ""]
            if any(where):
                s.details.append(f"{org.naam}: {'; '.join(w for w in where if w)}.")
            s.bronnen.extend(b for b in (org.bron, org.plaats_bron if org.plaats else None) if b)
        if self.d.bron:
            s.bronnen.append(self.d.bron)


# The one mapping from a step's `rol` (the schema's enum) to who fills it in; a test compares
# its keys with the schema.
STEP_HANDLERS: dict[str, Callable[[_Resolver, Stap, RouteStap], None]] = {
    "interne-meldroute": _Resolver.interne_meldroute,
    "aandachtsfunctionaris": _Resolver.aandachtsfunctionaris,
    "doorgeven": _Resolver.doorgeven,
    "zorgcoordinatie": _Resolver.zorgcoordinatie,
}


def _bestuurlijk(register: Register, d: District, vandaag: date) -> Bestuurlijk:
    bronnen = [d.bron] if d.bron else []
    for t in d.trekkers:
        bronnen.extend(b for b in (t.bron, t.uit_functie_bron) if b)
    bronnen.extend(p.bron for p in d.plannen if p.bron)
    return Bestuurlijk(
        district=d,
        aansturing=d.aansturing or ONBEKEND,
        coordinatie=[register.organisatie_naam(o) for o in d.coordinatie],
        trekkers=[(t.label(), t.left_office(vandaag)) for t in d.huidige_trekkers()],
        plannen=[(p.titel, p.periode(), p.status(vandaag)) for p in d.plannen],
        focus=[f.omschrijving for f in d.focus],
        opmerkingen=d.verouderd(vandaag),
        bronnen=bronnen,
        programma=f"Actieprogramma '{register.programma_naam}' {register.naam}",
        programma_partners=[register.partner_naam(p) for p in register.programma_partners],
        programma_bronnen=[register.programma_bron] if register.programma_bron else [],
    )


def _bron_info(register: Register, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {b: {"titel": register.bronnen[b].titel, "url": register.bronnen[b].url,
                "geraadpleegd": register.bronnen[b].geraadpleegd}
            for b in dict.fromkeys(ids) if b in register.bronnen}


def universeel(register: Register, vorm: Vorm | None = None) -> Universeel:
    """112 and the national lines: true for a signal from anywhere, in or outside the region."""
    route = register.signaalroute
    first = vorm.contacten if vorm else ()

    def part(stap: Stap | None) -> Onderdeel:
        if stap is None:
            return Onderdeel(ONBEKEND, "", [], [])
        return Onderdeel(stap.titel, stap.wat, _contacts(register, stap.contacten, first),
                         [stap.bron] if stap.bron else [])

    acuut, ook = part(route.bij_acuut_gevaar), part(route.ook_melden)
    return Universeel(acuut, ook, _bron_info(register, acuut.bronnen + ook.bronnen))


def resolve_route(register: Register, gemeente: Gemeente, vorm: Vorm | None,
                  vandaag: date, gevonden_als: dict[str, str] | None = None) -> Route:
    """The route of a signal from ``gemeente``, for ``vorm`` if given."""
    district = register.districten[gemeente.district or ""]
    resolver = _Resolver(register, gemeente, district, vorm)
    stappen = [s for s in (resolver.step(stap) for stap in register.signaalroute.stappen) if s]
    for s in stappen:
        s.bronnen = list(dict.fromkeys(b for b in s.bronnen if b in register.bronnen))
    bestuurlijk = _bestuurlijk(register, district, vandaag)
    base = universeel(register, vorm)
    used = [*base.bij_acuut_gevaar.bronnen, *(b for s in stappen for b in s.bronnen),
            *base.ook_melden.bronnen, *bestuurlijk.bronnen, *bestuurlijk.programma_bronnen]
    base.bronnen = _bron_info(register, used)  # numbered in order of first use
    notities = [gemeente.toelichting] if gemeente.toelichting else []
    return Route(gemeente, district, vorm, base, stappen, bestuurlijk, notities, gevonden_als)
