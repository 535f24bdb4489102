"""What a change to the register means: facts added, removed and changed, and above all whose
signals now go somewhere else."""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, NamedTuple

from mhcli.register import ONBEKEND, District, Gemeente, Register
from mhcli.routes import RouteStap, resolve_route


class Wijziging(NamedTuple):
    soort: str  # toegevoegd, verwijderd, gewijzigd, verplaatst
    onderwerp: str  # gemeente, district, trekkers, plan, ...
    naam: str
    oud: str | None
    nieuw: str | None
    melding: str

    def as_json(self) -> dict[str, Any]:
        return self._asdict()


class RouteWijziging(NamedTuple):
    gemeenten: list[str]
    stappen: list[dict[str, str]]  # rol, titel, oud, nieuw
    melding: str

    def as_json(self) -> dict[str, Any]:
        return self._asdict()


class Verschil(NamedTuple):
    oud: str
    nieuw: str
    wijzigingen: list[Wijziging]
    route: list[RouteWijziging]
    waarschuwingen: list[str]

    @property
    def gewijzigd(self) -> bool:
        return bool(self.wijzigingen or self.route)

    def as_json(self) -> dict[str, Any]:
        return {
            "oud": self.oud,
            "nieuw": self.nieuw,
            "gewijzigd": self.gewijzigd,
            "waarschuwingen": self.waarschuwingen,
            "wijzigingen": [w.as_json() for w in self.wijzigingen],
            "route": [r.as_json() for r in self.route],
        }


def _text(value: Any) -> str:
    if value in (None, "", (), []):
        return ONBEKEND
    if isinstance(value, (list, tuple)):
        return "; ".join(_text(v) for v in value)
    return str(value)


class _Differ:
    def __init__(self, old: Register, new: Register, vandaag: date) -> None:
        self.old, self.new, self.vandaag = old, new, vandaag
        self.out: list[Wijziging] = []

    def add(self, soort: str, onderwerp: str, naam: str, oud: Any, nieuw: Any,
            melding: str) -> None:
        self.out.append(Wijziging(soort, onderwerp, naam,
                                  None if oud is None else _text(oud),
                                  None if nieuw is None else _text(nieuw), melding))

    def field(self, onderwerp: str, naam: str, label: str, oud: Any, nieuw: Any) -> None:
        if _text(oud) != _text(nieuw):
            self.add("gewijzigd", onderwerp, naam, oud, nieuw,
                     f"{label}: {_text(oud)} -> {_text(nieuw)}.")

    def gemeenten(self) -> None:
        old = {g.naam: g for g in self.old.alle_gemeenten()}
        new = {g.naam: g for g in self.new.alle_gemeenten()}
        for naam in new.keys() - old.keys():
            g = new[naam]
            self.add("toegevoegd", "gemeente", naam, None, self._district_naam(self.new, g),
                     f"Gemeente {naam} toegevoegd aan district "
                     f"{self._district_naam(self.new, g)}.")
        for naam in old.keys() - new.keys():
            g = old[naam]
            self.add("verwijderd", "gemeente", naam, self._district_naam(self.old, g), None,
                     f"Gemeente {naam} verwijderd uit district "
                     f"{self._district_naam(self.old, g)}.")
        for naam in sorted(old.keys() & new.keys()):
            a, b = old[naam], new[naam]
            if a.district != b.district:
                van, naar = self._district_naam(self.old, a), self._district_naam(self.new, b)
                self.add("verplaatst", "gemeente", naam, van, naar,
                         f"{naam} is verplaatst van district {van} naar district {naar}.")
            for label, x, y in (("CBS-code", a.cbs_code, b.cbs_code),
                                ("provincie", a.provincie, b.provincie),
                                ("toelichting", a.toelichting, b.toelichting)):
                self.field("gemeente", naam, f"{naam}, {label}", x, y)

    @staticmethod
    def _district_naam(register: Register, g: Gemeente) -> str:
        district = register.districten.get(g.district or "")
        return district.naam if district else ONBEKEND

    def districten(self) -> None:
        old, new = self.old.districten, self.new.districten
        for ident in [i for i in new if i not in old]:
            self.add("toegevoegd", "district", new[ident].naam, None, new[ident].naam,
                     f"District {new[ident].naam} toegevoegd.")
        for ident in [i for i in old if i not in new]:
            self.add("verwijderd", "district", old[ident].naam, old[ident].naam, None,
                     f"District {old[ident].naam} verwijderd.")
        for ident in [i for i in old if i in new]:
            a, b = old[ident], new[ident]
            for label, get in self._district_fields():
                self.field(label, b.naam, f"{b.naam}, {label}", get(self.old, a),
                           get(self.new, b))

    def _district_fields(self) -> list[tuple[str, Callable[[Register, District], Any]]]:
        def orgs(ids: Iterable[str], r: Register) -> list[str]:
            return [r.organisatie_naam(o) for o in ids]

        return [
            ("naam", lambda r, d: d.naam),
            ("trekkers", lambda r, d: [t.label() for t in d.trekkers]),
            ("plan", lambda r, d: [f"{p.titel} ({p.periode()})" for p in d.plannen]),
            ("planstatus", lambda r, d: [p.status(self.vandaag) for p in d.plannen]),
            ("focus", lambda r, d: [f.omschrijving for f in d.focus]),
            ("aansturing", lambda r, d: d.aansturing),
            ("coördinatie", lambda r, d: orgs(d.coordinatie, r)),
            ("zorgcoördinatie", lambda r, d: orgs(d.zorgcoordinatie, r)),
        ]

    def by_id(self, onderwerp: str, old: dict[str, Any], new: dict[str, Any],
              describe: Callable[[Any], str]) -> None:
        for ident in [i for i in new if i not in old]:
            self.add("toegevoegd", onderwerp, ident, None, describe(new[ident]),
                     f"{onderwerp.capitalize()} toegevoegd: {describe(new[ident])}.")
        for ident in [i for i in old if i not in new]:
            self.add("verwijderd", onderwerp, ident, describe(old[ident]), None,
                     f"{onderwerp.capitalize()} verwijderd: {describe(old[ident])}.")
        for ident in [i for i in old if i in new]:
            a, b = old[ident], new[ident]
            for name in a._fields:  # each changed field on its own line
                self.field(onderwerp, ident, f"{onderwerp} {ident}, {name}", getattr(a, name),
                           getattr(b, name))

    def regio(self) -> None:
        o, n = self.old, self.new
        self.field("programma", o.programma_naam, "programma", o.programma_naam,
                   n.programma_naam)
        self.field("programma", n.programma_naam, "missie", o.missie, n.missie)
        self.field("programma", n.programma_naam, "pijlers", [p.naam for p in o.pijlers],
                   [p.naam for p in n.pijlers])
        self.field("programma", n.programma_naam, "partners van het programma",
                   [o.partner_naam(p) for p in o.programma_partners],
                   [n.partner_naam(p) for p in n.programma_partners])
        self.field("regio", n.naam, "genoemd aantal gemeenten", o.aantal_gemeenten,
                   n.aantal_gemeenten)
        self.by_id("partner", o.partners, n.partners, lambda p: p.naam)
        self.by_id("organisatie", o.organisaties, n.organisaties,
                   lambda x: x.naam + (f" ({x.plaats})" if x.plaats else ""))
        self.by_id("contact", o.contacten, n.contacten, lambda c: f"{c.naam} {c.telefoon}")
        self.by_id("vorm", o.vormen, n.vormen, lambda v: v.naam)
        self.by_id("bron", o.bronnen, n.bronnen,
                   lambda b: f"{b.titel} (geraadpleegd {b.geraadpleegd or ONBEKEND})")
        self.field("signaalroute", "signaalroute", "stappen van de signaalroute",
                   [s.titel for s in o.signaalroute.stappen],
                   [s.titel for s in n.signaalroute.stappen])


# Steps whose details only restate the district; a change there shows in later steps.
_WHO_ONLY = {"interne-meldroute", "aandachtsfunctionaris"}


def _step_view(stap: RouteStap) -> tuple[str, str]:
    details = [] if stap.rol in _WHO_ONLY else list(stap.details)
    details += [f"{c.naam} {c.telefoon}" for c in stap.contacten]
    return stap.wie, "; ".join(details)


def _routes(register: Register, vandaag: date) -> dict[str, dict[str, RouteStap]]:
    out = {}
    for g in register.alle_gemeenten():
        route = resolve_route(register, g, None, vandaag)
        out[g.naam] = {s.rol: s for s in route.stappen}
    return out


def _route_changes(old: Register, new: Register, vandaag: date) -> list[RouteWijziging]:
    before, after = _routes(old, vandaag), _routes(new, vandaag)
    grouped: dict[tuple[tuple[str, str, str, str], ...], list[str]] = {}
    for naam in sorted(before.keys() & after.keys(), key=str.casefold):
        a, b = before[naam], after[naam]
        steps = []
        for rol in [*a, *(r for r in b if r not in a)]:
            old_view = _step_view(a[rol]) if rol in a else ("(geen)", "")
            new_view = _step_view(b[rol]) if rol in b else ("(geen)", "")
            if old_view == new_view:
                continue
            titel = (b.get(rol) or a[rol]).titel
            if old_view[0] != new_view[0]:
                steps.append((rol, titel, old_view[0], new_view[0]))
            else:
                steps.append((rol, titel, old_view[1] or ONBEKEND, new_view[1] or ONBEKEND))
        if steps:
            grouped.setdefault(tuple(steps), []).append(naam)
    changes = []
    for changed, names in grouped.items():
        who = ", ".join(names) if len(names) <= 6 else f"{', '.join(names[:5])} en " \
            f"{len(names) - 5} andere"
        parts = [f"{titel.lower()}: {oud} -> {nieuw}" for _, titel, oud, nieuw in changed]
        changes.append(RouteWijziging(
            names, [{"rol": r, "titel": t, "oud": o, "nieuw": n} for r, t, o, n in changed],
            f"Signalen uit {who}: {'; '.join(parts)}."))
    return changes


def compare(old: Register, new: Register, oud: str, nieuw: str, vandaag: date,
            waarschuwingen: list[str] | None = None) -> Verschil:
    """The meaning of the change from ``old`` to ``new``."""
    differ = _Differ(old, new, vandaag)
    differ.gemeenten()
    differ.districten()
    differ.regio()
    route = _route_changes(old, new, vandaag)
    # A move says in the same line where the municipality's signals now go.
    by_name = {naam: change for change in route for naam in change.gemeenten}
    wijzigingen = []
    for w in differ.out:
        change = by_name.get(w.naam) if w.soort == "verplaatst" else None
        if change is not None:
            steps = "; ".join(f"{s['titel'].lower()} {s['oud']} -> {s['nieuw']}"
                              for s in change.stappen if s["rol"] == "zorgcoordinatie")
            if steps:
                w = w._replace(melding=f"{w.melding[:-1]}; signalen uit {w.naam}: {steps}.")
        wijzigingen.append(w)
    return Verschil(oud, nieuw, wijzigingen, route, list(waarschuwingen or []))
