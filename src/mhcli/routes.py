"""The route of a signal from one municipality, for one kind of reporter, resolved from the
register's `signaalroute`.

The route says no more than its sources, and orders only where a source orders: 112 is a
condition ("bij acuut gevaar") that comes first; for municipal staff the internal route (the
aandachtsfunctionaris's two tasks side by side, not as two steps); the national lines are
alternatives, each with its own `wanneer`; district and programme are governance context, never a
place a signal goes. Who reports (`rol`: municipal staff, a professional under the meldcode,
anyone) decides which parts apply. Titles and texts are data (regio.yaml); this module fills in
who each `rol` of a step means for this gemeente and its district, and keeps with every item the
ids of the sources that say it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from mhcli.register import (
    ONBEKEND,
    Aankondiging,
    Contact,
    District,
    Gemeente,
    RegisterModel,
    Rol,
    Stap,
    Vorm,
)

WANNEER_INTERN = "Via de interne meldroute van de gemeente."
CBS_BRON = "cbs-woonplaatsen"  # the id bron.json gives the bundled CBS reference data

Bronnen = dict[str, dict[str, Any]]  # bron id -> {titel, url, geraadpleegd, ...}, numbered by order


class RouteRegel(NamedTuple):
    """A line of text and the sources that say it; none: the tool's own words (an 'onbekend',
    how to ask), which state no fact."""

    tekst: str
    bronnen: tuple[str, ...] = ()


def _unique(ids: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


def bron_refs(ids: Iterable[str], bronnen: Bronnen) -> list[dict[str, Any]]:
    """Sources as JSON items carry them: {id, titel, url}, only those the route knows."""
    return [{"id": b, "titel": bronnen[b]["titel"], "url": bronnen[b]["url"]}
            for b in _unique(ids) if b in bronnen]


def contact_json(c: Contact, bronnen: Bronnen) -> dict[str, Any]:
    return {"id": c.id, "naam": c.naam, "telefoon": c.telefoon,
            "telefoon_buitenland": c.telefoon_buitenland, "wanneer": c.wanneer,
            "anoniem": c.anoniem, "bereikbaar": c.bereikbaar,
            "bronnen": bron_refs([c.bron] if c.bron else [], bronnen)}


@dataclass
class Onderdeel:
    """The acute-danger part or the national lines: a title, what to do, whom to call."""

    titel: str
    wat: str
    contacten: list[Contact]
    bronnen: list[str]


@dataclass
class RouteStap:
    """A step of the internal route, or a part of a role; ``rol`` is the step kind ('' for a
    part mhcli does not fill in)."""

    rol: str
    titel: str
    wie: str
    wat: str
    details: list[RouteRegel] = field(default_factory=list)
    contacten: list[Contact] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)  # what is unknown: no source says it
    bronnen: list[str] = field(default_factory=list)
    taak_van: str | None = None

    def json(self, bronnen: Bronnen) -> dict[str, Any]:
        return {"rol": self.rol or None, "taak_van": self.taak_van, "titel": self.titel,
                "wie": self.wie or None, "wat": self.wat,
                "details": [d.tekst for d in self.details],
                "contacten": [contact_json(c, bronnen) for c in self.contacten],
                "opmerkingen": self.opmerkingen, "bronnen": bron_refs(self.bronnen, bronnen)}


class RouteTrekker(NamedTuple):
    omschrijving: str
    verouderd: bool
    bronnen: tuple[str, ...]


class RoutePlan(NamedTuple):
    titel: str
    periode: str
    status: str
    bronnen: tuple[str, ...]


@dataclass
class Bestuurlijk:
    """District and programme: who steers, which plan, which focus. Context, not a route."""

    district: District
    aansturing: str
    coordinatie: list[str]
    trekkers: list[RouteTrekker]
    plannen: list[RoutePlan]
    focus: list[str]
    opmerkingen: list[RouteRegel]
    bronnen: list[str]
    programma: str
    programma_partners: list[str]
    programma_bronnen: list[str]


@dataclass(frozen=True)
class WieBelt:
    """One line of 'Wie belt u'. ``groep``: 'acuut' (112, first, as the sources say), 'rol'
    (what the chosen role has; the internal route for municipal staff) or 'landelijk' (the
    national lines, side by side, in no order)."""

    wanneer: str
    wie: str
    telefoon: str | None
    groep: str = "landelijk"
    bronnen: tuple[dict[str, Any], ...] = ()  # {id, titel, url}
    anoniem: bool | None = None
    telefoon_buitenland: str | None = None
    bereikbaar: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"groep": self.groep, "wanneer": self.wanneer, "wie": self.wie,
                "telefoon": self.telefoon, "telefoon_buitenland": self.telefoon_buitenland,
                "anoniem": self.anoniem, "bereikbaar": self.bereikbaar,
                "bronnen": list(self.bronnen)}


def _belt(c: Contact, wanneer: str | None, groep: str, ids: Iterable[str | None],
          bronnen: Bronnen) -> WieBelt:
    return WieBelt(wanneer or ONBEKEND, c.naam, c.telefoon, groep,
                   tuple(bron_refs(_unique([*ids, c.bron]), bronnen)), c.anoniem,
                   c.telefoon_buitenland, c.bereikbaar)


def _onderdeel_json(o: Onderdeel, bronnen: Bronnen) -> dict[str, Any]:
    return {"titel": o.titel, "wat": o.wat,
            "contacten": [contact_json(c, bronnen) for c in o.contacten],
            "bronnen": bron_refs(o.bronnen, bronnen)}


def rol_json(rol: Rol, bronnen: Bronnen, *, standaard: bool) -> dict[str, Any]:
    return {"id": rol.id, "naam": rol.naam, "wie": rol.wie, "standaard": standaard,
            "bronnen": bron_refs([rol.bron] if rol.bron else [], bronnen)}


@dataclass
class Universeel:
    """What holds for a signal from anywhere: 112, what the role has that needs no gemeente
    (Veilig Thuis for a professional), and the national lines."""

    bij_acuut_gevaar: Onderdeel
    ook_melden: Onderdeel
    bronnen: Bronnen
    onderdelen: list[RouteStap] = field(default_factory=list)
    rol: Rol | None = None
    rollen: tuple[Rol, ...] = ()

    def wie_belt_u(self) -> list[WieBelt]:
        """112 first (acute danger), then what the role has, side by side."""
        acuut = [_belt(c, c.wanneer or self.bij_acuut_gevaar.titel, "acuut",
                       self.bij_acuut_gevaar.bronnen, self.bronnen)
                 for c in self.bij_acuut_gevaar.contacten]
        return acuut + _part_calls(self.onderdelen, self.bronnen)

    def ook_melden_belt(self, skip: Iterable[str] = ()) -> list[WieBelt]:
        """The national lines, side by side; those the role already named are left out."""
        named = set(skip) | {c.id for o in self.onderdelen for c in o.contacten}
        return [_belt(c, c.wanneer or self.ook_melden.titel, "landelijk", [], self.bronnen)
                for c in self.ook_melden.contacten if c.id not in named]

    def as_json(self) -> dict[str, Any]:
        return {
            "bij_acuut_gevaar": _onderdeel_json(self.bij_acuut_gevaar, self.bronnen),
            "ook_melden": [contact_json(c, self.bronnen) for c in self.ook_melden.contacten],
            "onderdelen": [o.json(self.bronnen) for o in self.onderdelen],
            "bronnen": [{"id": ident, **info} for ident, info in self.bronnen.items()],
        }


def _part_calls(onderdelen: list[RouteStap], bronnen: Bronnen) -> list[WieBelt]:
    calls = []
    for part in onderdelen:
        for c in part.contacten:
            calls.append(_belt(c, part.wat, "rol", part.bronnen, bronnen))
        if not part.contacten and part.rol:  # a part mhcli filled in: who, but no number
            calls.append(WieBelt(part.wat, f"{part.titel}: {part.wie}", None, "rol",
                                 tuple(bron_refs(part.bronnen, bronnen))))
    return calls


@dataclass
class Route:
    gemeente: Gemeente
    district: District
    vorm: Vorm | None
    universeel: Universeel
    stappen: list[RouteStap]
    bestuurlijk: Bestuurlijk
    notities: list[str]
    gevonden_als: dict[str, Any] | None = None
    rol: Rol | None = None
    rollen: tuple[Rol, ...] = ()
    rol_gekozen: bool = False  # False: the default role, which the answer must say it assumes
    vorm_regels: list[RouteRegel] = field(default_factory=list)
    regio_bron: str | None = None  # what the register's inferences rest on (37 stated, 35 named)
    wijzigingen: list[Aankondiging] = field(default_factory=list)  # recorded ahead, by date
    op: date | None = None  # the date whose valid facts answered

    @property
    def bronnen(self) -> Bronnen:
        return self.universeel.bronnen

    @property
    def onderdelen(self) -> list[RouteStap]:
        return self.universeel.onderdelen

    def gemeente_bronnen(self) -> list[str]:
        """What says this gemeente's CBS code, provincie and district."""
        return _unique([self.gemeente.bron, self.district.gemeenten_bron, self.district.bron])

    def gevonden_als_bronnen(self) -> list[str]:
        """What says the name means this gemeente: the register for its own name or code; the
        CBS list for a woonplaats or a CBS spelling, with the register's inference where
        'outside the region' rests on it."""
        if not self.gevonden_als or self.gevonden_als.get("soort") not in ("cbs-naam",
                                                                           "woonplaats"):
            return self.gemeente_bronnen()
        inferred = self.gevonden_als.get("toelichting")
        return _unique([CBS_BRON, self.regio_bron if inferred else None])

    def notitie_bronnen(self) -> list[str]:
        """What says the gemeente's note (its toelichting): its own bron, else the district's."""
        return _unique([self.gemeente.bron or self.district.bron])

    def wie_belt_u(self) -> list[WieBelt]:
        """Whom to call: 112 first (acute danger), then the chosen role's own lines (for
        municipal staff the aandachtsfunctionaris, via the internal route), then the national
        lines, side by side."""
        calls = self.universeel.wie_belt_u()
        if self.stappen:
            first = self.stappen[0]
            intern = WieBelt(WANNEER_INTERN, f"Aandachtsfunctionaris mensenhandel van gemeente "
                                             f"{self.gemeente.naam}", None, "rol",
                             tuple(bron_refs([*first.bronnen, self.district.bron or ""],
                                             self.bronnen)))
            calls.insert(len(self.universeel.bij_acuut_gevaar.contacten), intern)
        return calls + self.universeel.ook_melden_belt()

    def as_json(self) -> dict[str, Any]:
        b = self.bestuurlijk
        universeel = self.universeel.as_json()
        bronnen = self.bronnen
        gevonden = None
        if self.gevonden_als:
            gevonden = {**self.gevonden_als,
                        "bronnen": bron_refs(self.gevonden_als_bronnen(), bronnen)}
        return {
            "gevonden": True,
            "uitkomst": "gemeente",  # mhcli.resolve: the other answers share gevonden/uitkomst
            "gemeente": {
                "naam": self.gemeente.naam,
                "cbs_code": self.gemeente.cbs_code,
                "provincie": self.gemeente.provincie,
                "toelichting": self.gemeente.toelichting,
                "bronnen": bron_refs(self.gemeente_bronnen(), bronnen),
            },
            "gevonden_als": gevonden,
            "district": {"id": self.district.id, "naam": self.district.naam,
                         "bronnen": bron_refs([self.district.bron or ""], bronnen)},
            "vorm": None if self.vorm is None else {
                "id": self.vorm.id, "naam": self.vorm.naam,
                "details": [r.tekst for r in self.vorm_regels],
                "bronnen": bron_refs([self.vorm.bron or ""], bronnen)},
            "rol": None if self.rol is None else {
                **rol_json(self.rol, bronnen, standaard=bool(self.rollen)
                           and self.rol == self.rollen[0]),
                "gekozen": self.rol_gekozen},
            "rollen": [rol_json(r, bronnen, standaard=n == 0)
                       for n, r in enumerate(self.rollen)],
            "wie_belt_u": [w.as_json() for w in self.wie_belt_u()],
            "bij_acuut_gevaar": universeel["bij_acuut_gevaar"],
            "stappen": [{"nummer": number, **s.json(bronnen)}
                        for number, s in zip(step_numbers(self.stappen), self.stappen,
                                             strict=True)],
            "onderdelen": universeel["onderdelen"],
            "ook_melden": universeel["ook_melden"],
            "bestuurlijk": {
                "district": {
                    "id": b.district.id,
                    "naam": b.district.naam,
                    "aansturing": b.aansturing,
                    "coordinatie": b.coordinatie,
                    "trekkers": [{"omschrijving": t.omschrijving, "verouderd": t.verouderd,
                                  "bronnen": bron_refs(t.bronnen, bronnen)} for t in b.trekkers],
                    "plannen": [{"titel": p.titel, "periode": p.periode, "status": p.status,
                                 "bronnen": bron_refs(p.bronnen, bronnen)} for p in b.plannen],
                    "focus": b.focus,
                    "opmerkingen": [o.tekst for o in b.opmerkingen],
                    "bronnen": bron_refs(b.bronnen, bronnen),
                },
                "regio": {"programma": b.programma, "partners": b.programma_partners,
                          "bronnen": bron_refs(b.programma_bronnen, bronnen)},
            },
            "notities": self.notities,
            "op": self.op.isoformat() if self.op is not None else None,
            "wijzigingen": [{**w.as_json(), "bronnen": bron_refs(w.bronnen, bronnen)}
                            for w in self.wijzigingen],
            "bronnen": universeel["bronnen"],
        }


def step_numbers(stappen: list[RouteStap]) -> list[int | None]:
    """1, 2, ... for the steps in order; None for a task, which stands beside the other tasks
    of its step, not after them."""
    numbers: list[int | None] = []
    count = 0
    for s in stappen:
        if s.taak_van:
            numbers.append(None)
        else:
            count += 1
            numbers.append(count)
    return numbers


def _join(names: list[str], last: str = ", ") -> str:
    if not names:
        return ONBEKEND
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])}{last}{names[-1]}"


def _contacts(register: RegisterModel, ids: tuple[str, ...]) -> list[Contact]:
    """The contacts named by ``ids``, in the register's order (no source ranks them)."""
    return [register.contacten[i] for i in ids if i in register.contacten]


class _Resolver:
    def __init__(self, register: RegisterModel, gemeente: Gemeente | None,
                 district: District | None, vorm: Vorm | None) -> None:
        self.r, self.g, self.d, self.vorm = register, gemeente, district, vorm

    def step(self, stap: Stap) -> RouteStap | None:
        fill = STEP_HANDLERS.get(stap.rol)
        if fill is None:
            return None
        made = RouteStap(stap.rol, stap.titel, ONBEKEND, stap.wat,
                         bronnen=[stap.bron] if stap.bron else [], taak_van=stap.taak_van)
        fill(self, stap, made)
        return made

    def part(self, stap: Stap) -> RouteStap | None:
        """A part of a role: filled in like a step when it has a ``rol``, else as it is. None
        when it needs a gemeente and there is none."""
        if stap.rol:
            return self.step(stap) if self.d is not None else None
        contacten = _contacts(self.r, stap.contacten)
        return RouteStap("", stap.titel, ", ".join(c.naam for c in contacten), stap.wat,
                         contacten=contacten, bronnen=[stap.bron] if stap.bron else [])

    def _per_gemeente_known(self, s: RouteStap) -> None:
        assert self.d is not None
        if self.d.aandachtsfunctionaris_per_gemeente:
            s.details.append(RouteRegel(f"Elke gemeente in district {self.d.naam} heeft een "
                                   "aandachtsfunctionaris en een interne meldroute.",
                                   tuple(_unique([self.d.bron]))))
            if self.d.bron:
                s.bronnen.append(self.d.bron)
        else:
            s.opmerkingen.append("Of deze gemeente een aandachtsfunctionaris en interne "
                                 f"meldroute heeft: {ONBEKEND}.")

    def interne_meldroute(self, stap: Stap, s: RouteStap) -> None:
        assert self.g is not None
        s.wie = f"Gemeente {self.g.naam}: interne meldroute"
        self._per_gemeente_known(s)

    def aandachtsfunctionaris(self, stap: Stap, s: RouteStap) -> None:
        assert self.g is not None
        s.wie = f"Aandachtsfunctionaris mensenhandel van gemeente {self.g.naam}"
        s.details.append(RouteRegel(f"Naam en bereikbaarheid: {ONBEKEND} (niet in het register; "
                               "vraag het na bij de gemeente)."))

    def doorgeven(self, stap: Stap, s: RouteStap) -> None:
        names = [self.r.partner_naam(i) if kind == "partner" else self.r.organisatie_naam(i)
                 for kind, i in stap.aan]  # in the source's order, whatever the vorm
        s.wie = _join(names, " of ")
        if self.vorm is None:
            return
        s.titel = f"{s.titel} (bij {self.vorm.naam.lower()})"
        s.details.extend(vorm_regels(self.r, self.vorm))
        if self.vorm.bron:
            s.bronnen.append(self.vorm.bron)
        s.contacten = _contacts(self.r, self.vorm.contacten)

    def zorgcoordinatie(self, stap: Stap, s: RouteStap) -> None:
        assert self.d is not None
        orgs = [self.r.organisaties[o] for o in self.d.zorgcoordinatie if o in self.r.organisaties]
        s.wie = _join([o.naam for o in orgs], " samen met ")
        if self.d.zorgcoordinatie_omschrijving:
            s.details.append(RouteRegel(self.d.zorgcoordinatie_omschrijving,
                                   tuple(_unique([self.d.bron]))))
        for org in orgs:
            where = [f"plaats: {org.plaats}" if org.plaats else "",
                     f"werkgebied: {org.werkgebied}" if org.werkgebied else ""]
            said = _unique([org.bron, org.plaats_bron if org.plaats else None])
            if any(where):
                s.details.append(RouteRegel(f"{org.naam}: {'; '.join(w for w in where if w)}.",
                                       tuple(said)))
            if org.toelichting:
                s.details.append(RouteRegel(f"{org.naam}: {org.toelichting}",
                                       tuple(_unique([org.bron]))))
            s.bronnen.extend(said)
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


def vorm_regels(register: RegisterModel, vorm: Vorm) -> list[RouteRegel]:
    """What the register says fits a form of exploitation in particular: never 'first', since
    no source ranks the partners or lines."""
    fitting = [register.partner_naam(p) for p in vorm.partners]
    fitting += [f"{c.naam} ({c.telefoon})" for c in _contacts(register, vorm.contacten)
                if c.partner not in vorm.partners]
    if not fitting:
        return [RouteRegel(f"Het register noemt bij {vorm.naam.lower()} geen partner of nummer in "
                      "het bijzonder.")]
    return [RouteRegel(f"Bij {vorm.naam.lower()} noemt de bron in het bijzonder: "
                  f"{_join(fitting, ' en ')} (naast de andere, niet eerst).",
                  tuple(_unique([vorm.bron])))]


def _bestuurlijk(register: RegisterModel, d: District, vandaag: date) -> Bestuurlijk:
    bronnen = [d.bron] if d.bron else []
    for t in d.trekkers:
        bronnen.extend(b for b in (t.bron, t.uit_functie_bron) if b)
    bronnen.extend(p.bron for p in d.plannen if p.bron)
    return Bestuurlijk(
        district=d,
        aansturing=d.aansturing or ONBEKEND,
        coordinatie=[register.organisatie_naam(o) for o in d.coordinatie],
        trekkers=[RouteTrekker(t.label(), t.left_office(vandaag),
                          tuple(_unique([t.bron or d.bron, t.uit_functie_bron
                                         if t.left_office(vandaag) else None])))
                  for t in d.huidige_trekkers()],
        plannen=[RoutePlan(p.titel, p.periode(), p.status(vandaag),
                           tuple(_unique([p.bron, d.bron]))) for p in d.plannen],
        focus=[f.omschrijving for f in d.focus],
        opmerkingen=[RouteRegel(tekst, bron) for tekst, bron in d.verouderd_met_bronnen(vandaag)],
        bronnen=_unique(bronnen),
        programma=f"Actieprogramma '{register.programma_naam}' {register.naam}",
        programma_partners=[register.partner_naam(p) for p in register.programma_partners],
        programma_bronnen=[register.programma_bron] if register.programma_bron else [],
    )


def bron_info(register: RegisterModel, ids: Iterable[str | None]) -> Bronnen:
    """The sources behind ``ids``, in order of first use; the bundled CBS reference data comes
    with the edition and licence its own file records (mhcli/referentie/bron.json)."""
    out: Bronnen = {}
    for b in _unique(ids):
        known = register.bronnen.get(b)
        if b == CBS_BRON:
            out[b] = cbs_bron(known.toelichting if known else None)
        elif known is not None:
            out[b] = {"titel": known.titel, "url": known.url, "geraadpleegd": known.geraadpleegd,
                      "toelichting": known.toelichting}
    return out


def cbs_bron(toelichting: str | None = None) -> dict[str, Any]:
    """The credit CBS's licence asks for, and the edition as the bundled file records it."""
    from mhcli import places

    b = places.bron()
    return {"titel": b.titel, "url": b.url, "geraadpleegd": b.geraadpleegd,
            "toelichting": toelichting, "uitgever": b.uitgever, "licentie": b.licentie,
            "naamsvermelding": b.naamsvermelding, "editie": b.peiljaar,
            "herleiding": b.herleiding}


def _rol(register: RegisterModel, rol: str | Rol | None) -> tuple[Rol | None, bool]:
    """The role asked for (and whether it was asked for) or the default; None: the register
    names no roles (a register read 'as far as possible')."""
    if isinstance(rol, Rol):
        return rol, True
    if rol is None and not register.signaalroute.rollen:
        return None, False
    return register.rol(rol), rol is not None


def universeel(register: RegisterModel, vorm: Vorm | None = None,
               rol: str | Rol | None = None, extra_bronnen: Iterable[str] = ()) -> Universeel:
    """112, what the role has that needs no gemeente, and the national lines: true for a
    signal from anywhere, in or outside the region."""
    route = register.signaalroute
    chosen, _ = _rol(register, rol)

    def part(stap: Stap | None) -> Onderdeel:
        if stap is None:
            return Onderdeel(ONBEKEND, "", [], [])
        return Onderdeel(stap.titel, stap.wat, _contacts(register, stap.contacten),
                         [stap.bron] if stap.bron else [])

    resolver = _Resolver(register, None, None, vorm)
    parts = [p for p in (resolver.part(o) for o in (chosen.onderdelen if chosen else ())) if p]
    acuut, ook = part(route.bij_acuut_gevaar), part(route.ook_melden)
    used: list[str | None] = [
        *acuut.bronnen, *(c.bron for c in acuut.contacten),
        *(b for p in parts for b in [*p.bronnen, *(c.bron for c in p.contacten)]),
        *ook.bronnen, *(c.bron for c in ook.contacten), *extra_bronnen,
        chosen.bron if chosen else None]
    return Universeel(acuut, ook, bron_info(register, used), parts, chosen,
                      register.signaalroute.rollen)


def resolve_route(register: RegisterModel, gemeente: Gemeente, vorm: Vorm | None,
                  vandaag: date, gevonden_als: dict[str, Any] | None = None,
                  rol: str | Rol | None = None) -> Route:
    """The route of a signal from ``gemeente``, for ``vorm`` and ``rol`` (the id of a role;
    None: the default role, the first in the register) if given."""
    district = register.districten[gemeente.district or ""]
    chosen, gekozen = _rol(register, rol)
    resolver = _Resolver(register, gemeente, district, vorm)
    stappen: list[RouteStap] = []
    if chosen is None or chosen.interne_meldroute:
        made = (resolver.step(stap) for stap in register.signaalroute.stappen)
        stappen = [s for s in made if s]
    parts = [p for p in (resolver.part(o) for o in (chosen.onderdelen if chosen else ())) if p]
    for s in (*stappen, *parts):
        s.bronnen = [b for b in _unique(s.bronnen) if b in register.bronnen]
    bestuurlijk = _bestuurlijk(register, district, vandaag)
    base = universeel(register, vorm, chosen)
    base.onderdelen = parts
    regels = vorm_regels(register, vorm) if vorm is not None else []
    rollen = register.signaalroute.rollen
    by_cbs = gevonden_als is not None and gevonden_als.get("soort") in ("cbs-naam",
                                                                       "woonplaats")
    used: list[str | None] = [
        gemeente.bron, district.gemeenten_bron, district.bron,
        CBS_BRON if by_cbs else None, register.bron if by_cbs else None,
        chosen.bron if chosen else None,
        *base.bij_acuut_gevaar.bronnen, *(c.bron for c in base.bij_acuut_gevaar.contacten),
        *(b for s in (*stappen, *parts) for b in [*s.bronnen, *(c.bron for c in s.contacten)]),
        *base.ook_melden.bronnen, *(c.bron for c in base.ook_melden.contacten),
        vorm.bron if vorm else None, *bestuurlijk.bronnen, *bestuurlijk.programma_bronnen,
        *(r.bron for r in rollen)]
    route = register.signaalroute
    contact_ids = [i for stap in (route.bij_acuut_gevaar, *route.stappen, route.ook_melden,
                                  *(chosen.onderdelen if chosen else ())) if stap
                   for i in stap.contacten] + list(vorm.contacten if vorm else ())
    wijzigingen = register.aankondigingen(district.id, gemeente.cbs_code, contact_ids)
    used += [b for w in wijzigingen for b in w.bronnen]
    base.bronnen = bron_info(register, _unique(used))  # numbered in order of first use
    notities = [gemeente.toelichting] if gemeente.toelichting else []
    return Route(gemeente, district, vorm, base, stappen, bestuurlijk, notities, gevonden_als,
                 chosen, rollen, gekozen, regels, register.bron, wijzigingen,
                 register.op if register.op != date.min else None)
