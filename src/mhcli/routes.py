"""The route of a signal from one municipality, resolved from the register's `signaalroute`.

The steps, their order, titles and texts are data (regio.yaml); this module only fills in who
each step's `rol` points at for this municipality and its district.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mhcli.register import ONBEKEND, District, Gemeente, Register, Stap, Vorm


@dataclass
class RouteStap:
    rol: str
    titel: str
    wie: str
    wat: str
    details: list[str] = field(default_factory=list)
    contacten: list[dict[str, str | None]] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    bronnen: list[str] = field(default_factory=list)


@dataclass
class Route:
    gemeente: Gemeente
    district: District
    vorm: Vorm | None
    stappen: list[RouteStap]
    notities: list[str]
    bronnen: dict[str, dict[str, str | None]]

    def as_json(self) -> dict[str, Any]:
        return {
            "gemeente": {
                "naam": self.gemeente.naam,
                "cbs_code": self.gemeente.cbs_code,
                "provincie": self.gemeente.provincie,
                "toelichting": self.gemeente.toelichting,
            },
            "district": {"id": self.district.id, "naam": self.district.naam},
            "vorm": {"id": self.vorm.id, "naam": self.vorm.naam} if self.vorm else None,
            "notities": self.notities,
            "stappen": [
                {
                    "nummer": number,
                    "rol": s.rol,
                    "titel": s.titel,
                    "wie": s.wie,
                    "wat": s.wat,
                    "details": s.details,
                    "contacten": s.contacten,
                    "opmerkingen": s.opmerkingen,
                    "bronnen": [{"id": b, **self.bronnen[b]} for b in s.bronnen],
                }
                for number, s in enumerate(self.stappen, start=1)
            ],
        }


def _join(names: list[str], last: str = ", ") -> str:
    if not names:
        return ONBEKEND
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])}{last}{names[-1]}"


class _Resolver:
    def __init__(self, register: Register, gemeente: Gemeente, district: District,
                 vorm: Vorm | None, vandaag: date) -> None:
        self.r, self.g, self.d = register, gemeente, district
        self.vorm, self.vandaag = vorm, vandaag

    def contacts(self, ids: tuple[str, ...]) -> list[dict[str, str | None]]:
        out = []
        for ident in ids:
            c = self.r.contacten.get(ident)
            if c is not None:
                out.append({"id": c.id, "naam": c.naam, "telefoon": c.telefoon,
                            "wanneer": c.wanneer})
        return out

    def step(self, stap: Stap) -> RouteStap | None:
        made = RouteStap(stap.rol, stap.titel, ONBEKEND, stap.wat,
                         contacten=self.contacts(stap.contacten),
                         bronnen=[stap.bron] if stap.bron else [])
        fill = getattr(self, "_" + stap.rol.replace("-", "_"), None)
        if fill is None:
            return None
        return made if fill(made) is not False else None

    def _acuut(self, s: RouteStap) -> None:
        s.wie = _join([f"{c['naam']} ({c['telefoon']})" for c in s.contacten])

    _landelijk = _acuut

    def _per_gemeente_known(self, s: RouteStap) -> None:
        if self.d.aandachtsfunctionaris_per_gemeente:
            s.details.append(f"Elke gemeente in district {self.d.naam} heeft een "
                             "aandachtsfunctionaris en een interne meldroute.")
            if self.d.bron:
                s.bronnen.append(self.d.bron)
        else:
            s.opmerkingen.append("Of deze gemeente een aandachtsfunctionaris en interne "
                                 f"meldroute heeft: {ONBEKEND}.")

    def _interne_meldroute(self, s: RouteStap) -> None:
        s.wie = f"Gemeente {self.g.naam}: interne meldroute"
        self._per_gemeente_known(s)

    def _aandachtsfunctionaris(self, s: RouteStap) -> None:
        s.wie = f"Aandachtsfunctionaris mensenhandel van gemeente {self.g.naam}"
        s.details.append(f"Naam en bereikbaarheid: {ONBEKEND} (niet in het register; vraag het "
                         "na bij de gemeente).")

    def _vorm(self, s: RouteStap) -> bool:
        if self.vorm is None:
            return False
        partners = [self.r.partner_naam(p) for p in self.vorm.partners]
        s.contacten = self.contacts(self.vorm.contacten)
        names = partners + [f"{c['naam']} ({c['telefoon']})" for c in s.contacten
                            if c["naam"] not in partners]
        s.wie = _join(names) if names else "de partners en meldpunten van de andere stappen"
        s.titel = f"{s.titel}: {self.vorm.naam.lower()}"
        if not names:
            s.details.append("Het register noemt bij deze vorm geen bijzondere partners of "
                             "contacten.")
        if self.vorm.bron:
            s.bronnen.append(self.vorm.bron)
        for focus in self.d.focus:
            if focus.vorm == self.vorm.id:
                s.opmerkingen.append(f"Deze vorm is een focus van district {self.d.naam}: "
                                     f"{focus.omschrijving}")
        return True

    def _zorgcoordinatie(self, s: RouteStap) -> None:
        orgs = [self.r.organisaties[o] for o in self.d.zorgcoordinatie if o in self.r.organisaties]
        s.wie = _join([o.naam for o in orgs], " samen met ")
        if self.d.zorgcoordinatie_omschrijving:
            s.details.append(self.d.zorgcoordinatie_omschrijving)
        for org in orgs:
            where = [f"plaats: {org.plaats}" if org.plaats else "",
                     f"werkgebied: {org.werkgebied}" if org.werkgebied else ""]
            if any(where):
                s.details.append(f"{org.naam}: {'; '.join(w for w in where if w)}.")
            if org.bron:
                s.bronnen.append(org.bron)
        if self.d.bron:
            s.bronnen.append(self.d.bron)

    def _district(self, s: RouteStap) -> None:
        d = self.d
        s.wie = f"District {d.naam}: {d.aansturing or ONBEKEND}"
        s.details.append(f"Aansturing: {d.aansturing or ONBEKEND}.")
        if d.coordinatie:
            s.details.append("Districtelijke coördinatie: "
                             f"{', '.join(self.r.organisatie_naam(o) for o in d.coordinatie)}.")
        trekkers = [t.label() for t in d.trekkers]
        s.details.append(f"Bestuurlijk trekker{'s' if len(trekkers) > 1 else ''}: "
                         f"{'; '.join(trekkers) if trekkers else ONBEKEND}.")
        for t in d.trekkers:
            if t.left_office(self.vandaag):
                s.opmerkingen.append(f"Verouderd: {t.volledige_naam or t.naam} heeft de functie "
                                     f"van {t.functie} op {t.uit_functie} verlaten; de opvolger "
                                     f"als trekker is {ONBEKEND}.")
            s.bronnen.extend(b for b in (t.bron, t.uit_functie_bron) if b)
        for plan in d.plannen:
            s.details.append(f"Plan: {plan.titel} ({plan.periode()}; "
                             f"status: {plan.status(self.vandaag)}).")
            if plan.status(self.vandaag) == "verlopen":
                s.opmerkingen.append(f"Het plan '{plan.titel}' is verlopen (tot en met "
                                     f"{plan.tot}); een opvolger staat niet in het register.")
        if not d.plannen:
            s.details.append(f"Plan: {ONBEKEND}.")
        for focus in d.focus:
            s.details.append(f"Focus: {focus.omschrijving}")
        if d.bron:
            s.bronnen.append(d.bron)

    def _regio(self, s: RouteStap) -> None:
        partners = [self.r.partner_naam(p) for p in self.r.programma_partners]
        s.wie = f"Actieprogramma '{self.r.programma_naam}' {self.r.naam}"
        s.details.append(f"Partners: {', '.join(partners) if partners else ONBEKEND}.")
        if self.r.programma_bron:
            s.bronnen.append(self.r.programma_bron)


def resolve_route(register: Register, gemeente: Gemeente, vorm: Vorm | None,
                  vandaag: date) -> Route:
    """Every step of the route of a signal from ``gemeente``, for ``vorm`` if given."""
    district = register.districten[gemeente.district or ""]
    resolver = _Resolver(register, gemeente, district, vorm, vandaag)
    stappen = [s for s in (resolver.step(stap) for stap in register.signaalroute) if s]
    for s in stappen:
        s.bronnen = list(dict.fromkeys(b for b in s.bronnen if b in register.bronnen))
    notities = [gemeente.toelichting] if gemeente.toelichting else []
    used = dict.fromkeys(b for s in stappen for b in s.bronnen)  # in order of first use
    bronnen = {b: {"titel": register.bronnen[b].titel, "url": register.bronnen[b].url}
               for b in used}
    return Route(gemeente, district, vorm, stappen, notities, bronnen)
