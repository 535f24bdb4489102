"""What a name people type means: the one resolver behind `route`, `gemeente`, `zoek`, tab
completion and the site's search (whose data it generates at build time).

Every input becomes one ``Antwoord`` of one ``uitkomst``:

- ``gemeente``: one gemeente of the register, and how it was found (its name, its CBS code, the
  CBS spelling such as 'Middelburg (Z.)', or a woonplaats in it);
- ``meerdere``: the name is more than one place (a woonplaats in two gemeenten, or a woonplaats
  here and a gemeente elsewhere); each candidate with its gemeente and district, and whether
  they share one route apart from the gemeente;
- ``district``: a district of the register, not a gemeente;
- ``buiten-de-regio``: a gemeente or woonplaats elsewhere in the Netherlands, with its province;
- ``niet-in-register``: a gemeente of the region that the register does not place in a district
  (Alphen-Chaam, Baarle-Nassau), with the register's note;
- ``postcode``: mhcli knows no postcodes and says so;
- ``onbekend``: nothing by that name; suggestions, each labelled, never taken as the answer.

A register gemeente typed by name or CBS code is answered from the register alone; only other
input reads the CBS reference data (mhcli.places). Woonplaatsen are tied to gemeenten by CBS
code, never by name. Name matching follows mhcli.names. Every answer keeps the ids of the
sources its sentence rests on (``bronnen``): the CBS list where it says where a place lies, the
register's own source where 'outside the region' is the register's inference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mhcli.errors import MhcliError
from mhcli.names import cbs_key, near, normalize, postcode, sleutel, without_article
from mhcli.register import Gemeente, RegisterModel

UITKOMSTEN = ("gemeente", "meerdere", "district", "buiten-de-regio", "niet-in-register",
              "postcode", "onbekend")
REGISTER, NIET_GENOEMD, BUITEN = "register", "niet-in-register", "buiten-de-regio"
# How a gemeente was found (Antwoord.hoe, JSON gevonden_als.soort).
HOE = ("naam", "cbs-code", "cbs-naam", "woonplaats")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
CBS = "cbs-woonplaatsen"  # the id of the bundled CBS reference data (its bron.json)
FOUND_BY_CBS = ("cbs-naam", "woonplaats")  # found through the CBS list, which is then credited


def buiten_de_regio(register: RegisterModel) -> str | None:
    """Why 'outside the region' is an inference, when it is: the source states more gemeenten
    than it names, and the register supposes which the others are. None: nothing to add."""
    named = len(register.alle_gemeenten())
    stated = register.aantal_gemeenten
    if stated is None or stated <= named:
        return None
    return (f"afgeleid: de bron noemt {stated} gemeenten maar somt er {named} op; welke de "
            f"andere {stated - named} zijn, is niet bevestigd")


def names_list(items: list[str], last: str = " en ") -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])}{last}{items[-1]}"


@dataclass(frozen=True)
class Plaats:
    """One place a name can mean: a gemeente, a woonplaats or a district, and where it lies."""

    naam: str
    soort: str  # gemeente, woonplaats, district
    waar: str  # register, niet-in-register, buiten-de-regio
    gemeente: str | None = None
    cbs_code: str | None = None
    provincie: str | None = None
    district_id: str | None = None
    district_naam: str | None = None

    def uitleg(self) -> str:
        """What this place is, in words: 'woonplaats in gemeente Halderberge, district De
        Markiezaten'; 'gemeente in Zuid-Holland, buiten de regio'."""
        if self.soort == "district":
            return "district"
        where = "gemeente" if self.soort == "gemeente" else \
            f"woonplaats in gemeente {self.gemeente}"
        if self.waar == REGISTER:
            return f"{where}, district {self.district_naam}"
        if self.waar == NIET_GENOEMD:
            return f"{where}, in de regio maar niet in het register"
        if self.provincie:
            where += f" in {self.provincie}" if self.soort == "gemeente" else \
                f" ({self.provincie})"
        return f"{where}, buiten de regio"

    def label(self) -> str:
        return f"{self.naam} ({self.uitleg()})"

    def as_json(self) -> dict[str, Any]:
        return {
            "naam": self.naam,
            "soort": self.soort,
            "waar": self.waar,
            "gemeente": None if self.gemeente is None else {
                "naam": self.gemeente, "cbs_code": self.cbs_code, "provincie": self.provincie},
            "district": None if self.district_id is None else {
                "id": self.district_id, "naam": self.district_naam},
        }


@dataclass(frozen=True)
class Antwoord:
    """What one input means (see the module docstring for each ``uitkomst``)."""

    uitkomst: str
    invoer: str
    melding: str
    kandidaten: tuple[Plaats, ...] = ()
    gemeente: Gemeente | None = None
    hoe: str | None = None  # uitkomst gemeente: naam, cbs-code, cbs-naam or woonplaats
    gevonden_naam: str | None = None  # the name it was found by (a woonplaats, a CBS spelling)
    ook_buiten: tuple[str, ...] = ()  # gemeenten elsewhere with a woonplaats of that name
    district: dict[str, Any] | None = None  # uitkomst district: id, naam, gemeenten
    postcode: str | None = None
    zelfde_route: bool | None = None  # uitkomst meerdere: one route apart from the gemeente?
    gedeeld: dict[str, Any] | None = None  # what they share, when zelfde_route
    bronnen: tuple[str, ...] = ()  # the sources ``melding`` rests on; none: the tool's words
    afgeleid: str | None = None  # when 'outside the region' is the register's inference: why
    kandidaat_bronnen: tuple[tuple[str, ...], ...] = ()  # per candidate: what says where it is

    @property
    def gevonden(self) -> bool:
        return self.uitkomst == "gemeente"

    @property
    def suggesties(self) -> list[str]:
        """Names to offer ('bedoelde u'): the candidates' gemeenten where they are several
        gemeenten of one name, else the candidates' names."""
        if self.uitkomst == "meerdere":
            return list(dict.fromkeys(p.gemeente or p.naam for p in self.kandidaten))
        return list(dict.fromkeys(p.naam for p in self.kandidaten))

    def alle_bronnen(self) -> tuple[str, ...]:
        """Every source the answer cites: its sentence's, its candidates', what they share."""
        shared = (self.gedeeld or {}).get("bronnen", [])
        return tuple(dict.fromkeys([*self.bronnen, *(b for bs in self.kandidaat_bronnen
                                                     for b in bs), *shared]))

    def gemeenten(self) -> list[str]:
        """The gemeente(n) this answer is about: the one found, or the candidates'."""
        if self.gemeente is not None:
            return [self.gemeente.naam]
        return sorted({p.gemeente for p in self.kandidaten if p.gemeente})

    def gevonden_als(self) -> dict[str, Any] | None:
        if self.hoe is None:
            return None
        found: dict[str, Any] = {"soort": self.hoe, "naam": self.gevonden_naam}
        if self.ook_buiten:
            found["ook_buiten_de_regio"] = ", ".join(self.ook_buiten)
            if self.afgeleid:
                found["toelichting"] = self.afgeleid
        return found

    def as_json(self, refs: Callable[[tuple[str, ...]], list[Any]] | None = None
                ) -> dict[str, Any]:
        """The answer for machines when it is not one gemeente (README, 'Uitvoer voor
        machines'): the same keys for every uitkomst, null where they do not apply. ``refs``
        turns source ids into the sources themselves (as the route JSON gives them)."""
        ids = self.kandidaat_bronnen or tuple(() for _ in self.kandidaten)
        return {
            "gevonden": self.gevonden,
            "uitkomst": self.uitkomst,
            "invoer": self.invoer,
            "melding": self.melding,
            "kandidaten": [{**p.as_json(), "bronnen": refs(b) if refs else list(b)}
                           for p, b in zip(self.kandidaten, ids, strict=True)],
            "suggesties": self.suggesties,
            "district": self.district,
            "postcode": self.postcode,
            "zelfde_route": self.zelfde_route,
            "gedeeld": self.gedeeld,
        }


# --- the index of names ---------------------------------------------------------------------

@dataclass
class Namen:
    """Every name the resolver knows, by key (mhcli.names.sleutel), with what it can mean and
    how (naam, cbs-naam, woonplaats, district); in a fixed order: the register first."""

    register: RegisterModel
    by_key: dict[str, list[tuple[Plaats, str]]] = field(default_factory=dict)
    spelling: dict[str, str] = field(default_factory=dict)  # key -> the first name with it
    by_code: dict[str, Plaats] = field(default_factory=dict)
    toelichting: dict[str, str] = field(default_factory=dict)  # niet-genoemd code -> note
    gemeenten: dict[str, Gemeente] = field(default_factory=dict)  # the register's, by code

    def add(self, name: str, plek: Plaats, hoe: str) -> None:
        key = sleutel(name)
        if key:
            hits = self.by_key.setdefault(key, [])
            self.spelling.setdefault(key, name)
            if (plek, hoe) not in hits:
                hits.append((plek, hoe))

    def keys(self) -> list[str]:
        return list(self.by_key)


def _district_keys(*names: str) -> Iterator[str]:
    for name in names:
        yield name
        yield without_article(normalize(name))


def build_index(register: RegisterModel) -> Namen:
    """All names: the register's gemeenten and districts, its unplaced gemeenten, and every
    Dutch gemeente and woonplaats of the CBS reference data."""
    from mhcli import places

    index = Namen(register)
    in_register: dict[str, Plaats] = {}
    for d in register.districten.values():
        for g in d.gemeenten:
            plek = Plaats(g.naam, "gemeente", REGISTER, g.naam, g.cbs_code, g.provincie, d.id,
                        d.naam)
            index.add(g.naam, plek, "naam")
            if g.cbs_code:
                in_register.setdefault(g.cbs_code, plek)
                index.gemeenten.setdefault(g.cbs_code, g)
    for d in register.districten.values():
        plek = Plaats(d.naam, "district", REGISTER, district_id=d.id, district_naam=d.naam)
        for name in _district_keys(d.naam, d.id):
            index.add(name, plek, "district")
    unplaced: dict[str, Plaats] = {}
    for g in register.niet_genoemd:
        plek = Plaats(g.naam, "gemeente", NIET_GENOEMD, g.naam, g.cbs_code, g.provincie)
        index.add(g.naam, plek, "naam")
        if g.cbs_code:
            unplaced.setdefault(g.cbs_code, plek)
            index.toelichting[g.cbs_code] = g.toelichting or ""
    index.by_code.update(unplaced)
    index.by_code.update(in_register)
    for ref in places.gemeenten():
        plek = in_register.get(ref.code) or unplaced.get(ref.code) or Plaats(
            ref.naam, "gemeente", BUITEN, ref.naam, ref.code, ref.provincie)
        if plek.waar == BUITEN:
            index.add(ref.naam, plek, "naam")
            index.by_code[ref.code] = plek
        index.add(ref.cbs_naam, plek, "cbs-naam" if ref.cbs_naam != ref.naam else "naam")
        for old in ref.vroegere_namen:  # renamed in cbs_wijzigingen.json: the old name finds it
            index.add(old, plek, "cbs-naam")
    for w in places.woonplaatsen():
        home = index.by_code.get(w.gemeente_code)
        if home is None:
            continue
        if sleutel(w.naam) == sleutel(home.naam):  # the woonplaats that is the gemeente itself
            index.add(w.cbs_naam, home, "naam")
            continue
        plek = Plaats(w.naam, "woonplaats", home.waar, home.gemeente, home.cbs_code, home.provincie,
                    home.district_id, home.district_naam)
        index.add(w.naam, plek, "woonplaats")
        index.add(w.cbs_naam, plek, "woonplaats")
    return index


# --- resolving --------------------------------------------------------------------------------

RouteOf = Callable[[Gemeente], dict[str, Any]]


class Resolver:
    """Resolves many inputs against one register (the site's build, completion); for one input,
    ``resolve`` below is enough."""

    def __init__(self, register: RegisterModel, route_of: RouteOf | None = None) -> None:
        self.register = register
        self.route_of = route_of  # the route JSON of a gemeente, to compare candidates
        self._index: Namen | None = None
        self._afgeleid: list[str | None] = []  # buiten_de_regio, once per resolver

    @property
    def afgeleid(self) -> str | None:
        """buiten_de_regio for this register, worked out once (the site asks ~3,000 times)."""
        if not self._afgeleid:
            self._afgeleid.append(buiten_de_regio(self.register))
        return self._afgeleid[0]

    @property
    def index(self) -> Namen:
        if self._index is None:
            self._index = build_index(self.register)
        return self._index

    def resolve(self, text: str) -> Antwoord:
        # Plain spacing is collapsed; other separators (U+2028, U+0085) stay, to be shown escaped.
        shown = " ".join(w for w in _ASCII_SPACE.split(text) if w)
        if not any(ch.isalnum() for ch in shown):
            raise MhcliError("geef de naam of CBS-code van een gemeente, of een woonplaats.")
        if self._index is None:  # once the index is built, it answers these as well
            found = self._register_gemeente(shown)
            if found is not None:
                return found
        code = postcode(shown)
        if code is not None:
            return self._sourced(self._postcode(shown, code))
        cbs = cbs_key(shown)
        if cbs is not None:
            return self._sourced(self._code(shown, cbs))
        key = sleutel(shown)
        hits = self.index.by_key.get(key, [])
        return self._sourced(self._decide(shown, hits) if hits else self._unknown(shown, key))

    def _sourced(self, antwoord: Antwoord) -> Antwoord:
        from dataclasses import replace

        return replace(antwoord, kandidaat_bronnen=tuple(self.plek_bronnen(p)
                                                         for p in antwoord.kandidaten))

    def plek_bronnen(self, p: Plaats) -> tuple[str, ...]:
        """What says where a place lies: the register's district for its own places, the
        register's note for a gemeente it does not place, the CBS list for a woonplaats and for
        anything outside the register."""
        if p.waar == REGISTER:
            d = self.register.districten.get(p.district_id or "")
            own = tuple(b for b in ((d.gemeenten_bron, d.bron) if d else ()) if b)
            return own + ((CBS,) if p.soort == "woonplaats" else ())
        if p.waar == NIET_GENOEMD:
            g = next((g for g in self.register.niet_genoemd if g.cbs_code == p.cbs_code), None)
            return tuple(b for b in (g.bron if g else None,
                                     CBS if p.soort == "woonplaats" else None) if b)
        return self._sources([p])

    # A register gemeente by name or code: the register alone answers (no reference data).
    def _register_gemeente(self, shown: str) -> Antwoord | None:
        if postcode(shown) is not None:
            return None
        code = cbs_key(shown)
        gemeente = self.register.find_gemeente(shown)
        if gemeente is None or gemeente.district is None:
            return None
        hoe = "cbs-code" if code is not None and code == gemeente.cbs_code else "naam"
        return Antwoord("gemeente", shown, f"gemeente {gemeente.naam}", gemeente=gemeente,
                        hoe=hoe, gevonden_naam=code if hoe == "cbs-code" else gemeente.naam)

    def _gemeente(self, shown: str, plek: Plaats, hoe: str, ook_buiten: tuple[str, ...] = ()
                  ) -> Antwoord:
        gemeente = self.index.gemeenten.get(plek.cbs_code or "") or \
            self.register.find_gemeente(plek.naam)
        assert gemeente is not None  # the index holds the register's own gemeenten
        return Antwoord("gemeente", shown, f"gemeente {gemeente.naam}", gemeente=gemeente,
                        hoe=hoe, gevonden_naam=plek.naam if hoe == "woonplaats" else
                        gemeente.cbs_code if hoe == "cbs-code" else
                        gemeente.naam if hoe == "naam" else shown,
                        ook_buiten=ook_buiten,
                        afgeleid=self.afgeleid if ook_buiten else None)

    def _postcode(self, shown: str, code: str) -> Antwoord:
        melding = (f"'{shown}' is een postcode. mhcli kent geen postcodes (er is geen open "
                   "lijst van postcodes en gemeenten die het kan meeleveren); typ de naam van "
                   "de woonplaats of de gemeente.")
        kandidaten: tuple[Plaats, ...] = ()
        if " " not in code:  # four digits can also be meant as a CBS code
            plek = self.index.by_code.get(f"GM{code}")
            if plek is not None:
                kandidaten = (plek,)
                melding += (f" Bedoelt u CBS-code GM{code} ({plek.label()})? Typ dan "
                            f"GM{code}.")
        return Antwoord("postcode", shown, melding, kandidaten, postcode=code)

    def _code(self, shown: str, code: str) -> Antwoord:
        plek = self.index.by_code.get(code)
        if plek is None:
            return Antwoord("onbekend", shown, f"er is geen gemeente met CBS-code {code} (de "
                            "CBS-lijst van gemeenten kent die code niet).", bronnen=(CBS,))
        return self._decide(shown, [(plek, "cbs-code")])

    def _decide(self, shown: str, hits: list[tuple[Plaats, str]]) -> Antwoord:
        register_named = [(p, h) for p, h in hits if p.soort == "gemeente" and p.waar == REGISTER]
        if len({p for p, _ in register_named}) == 1:
            plek, hoe = register_named[0]
            return self._gemeente(shown, plek, hoe)
        districts = _unique(p for p, _ in hits if p.soort == "district")
        here = _unique(p for p, _ in hits if p.waar == REGISTER and p.soort != "district")
        unplaced = _unique(p for p, _ in hits if p.waar == NIET_GENOEMD)
        outside_g = _unique(p for p, _ in hits if p.waar == BUITEN and p.soort == "gemeente")
        outside_w = _unique(p for p, _ in hits if p.waar == BUITEN and p.soort != "gemeente"
                            and p.cbs_code not in {g.cbs_code for g in outside_g})
        here.sort(key=lambda p: sleutel(p.gemeente or ""))
        outside_g.sort(key=lambda p: sleutel(p.naam))
        outside_w.sort(key=lambda p: sleutel(p.gemeente or ""))
        in_region = here + unplaced + districts
        if len(here) == 1 and len(in_region) == 1 and not outside_g:
            elsewhere = tuple(sorted({f"{p.gemeente} ({p.provincie})" if p.provincie
                                      else str(p.gemeente) for p in outside_w}))
            return self._gemeente(shown, here[0], "woonplaats", elsewhere)
        if len(in_region) > 1 or (here and outside_g):
            return self._several(shown, [*here, *unplaced, *districts, *outside_g, *outside_w])
        if districts:
            return self._district(shown, districts[0], outside_g + outside_w)
        if unplaced:
            return self._unplaced(shown, unplaced, outside_g + outside_w)
        return self._outside(shown, outside_g + outside_w)

    def _several(self, shown: str, kandidaten: list[Plaats]) -> Antwoord:
        gemeenten = [p for p in kandidaten if p.waar == REGISTER and p.soort != "district"]
        same = None
        gedeeld = None
        if len(gemeenten) == len(kandidaten) and self.route_of is not None:
            # Each route with its gemeente's name left blank: any other difference counts.
            found = [self.index.gemeenten.get(p.cbs_code or "") for p in gemeenten]
            routes = [_without_gemeente(self.route_of(g._replace(naam="…", cbs_code=None)))
                      for g in found if g is not None]
            same = all(r == routes[0] for r in routes)
            if same:
                first = routes[0]
                shared = [s for s in first["stappen"] if s["rol"] == "zorgcoordinatie"]
                gedeeld = {"district": first["district"],
                           "zorgcoordinatie": [s["wie"] for s in shared],
                           # what says them, and the internal route (the first step)
                           "bronnen": list(dict.fromkeys(
                               b["id"] for s in [*first["stappen"][:1], *shared]
                               for b in s["bronnen"]))}
        names = [p.gemeente for p in gemeenten]
        if same:
            melding = (f"'{shown}' is een woonplaats in {_count(len(names))} gemeenten: "
                       f"{names_list(sorted(n for n in names if n))}, "
                       f"{'allebei' if len(names) == 2 else 'alle'} in district "
                       f"{gemeenten[0].district_naam}. De route is voor "
                       f"{'beide' if len(names) == 2 else 'alle'} dezelfde, op de gemeente na.")
        else:
            # That each gemeente has its own internal route is the register's source; which
            # gemeente a signal belongs to, none says: the person chooses.
            melding = (f"'{shown}' is meer dan één plaats: "
                       f"{names_list([p.label() for p in kandidaten], ' of ')}. Elke gemeente "
                       "heeft haar eigen interne meldroute; kies een gemeente voor haar route.")
        bronnen = self._sources(kandidaten)
        if not same and self.register.bron and self.register.bron not in bronnen:
            bronnen += (self.register.bron,)
        return Antwoord("meerdere", shown, melding, tuple(kandidaten), zelfde_route=same,
                        gedeeld=gedeeld, bronnen=bronnen)

    def _district(self, shown: str, plek: Plaats, outside: list[Plaats]) -> Antwoord:
        d = self.register.districten[plek.district_id or ""]
        leden = sorted(g.naam for g in d.gemeenten)
        melding = (f"'{shown}' is een district, geen gemeente. Een signaal gaat via de "
                   f"gemeente; kies een van de gemeenten van {d.naam}: {names_list(leden)}.")
        melding += _also(outside)
        return Antwoord("district", shown, melding, (plek, *outside),
                        district={"id": d.id, "naam": d.naam, "gemeenten": leden},
                        bronnen=tuple(b for b in (d.gemeenten_bron, d.bron) if b)
                        + self._sources(outside))

    def _unplaced(self, shown: str, unplaced: list[Plaats], outside: list[Plaats]) -> Antwoord:
        parts = []
        for plek in unplaced:
            note = self.index.toelichting.get(plek.cbs_code or "", "") or \
                "Die gemeente staat niet in het register."
            if plek.soort == "gemeente":
                parts.append(f"'{plek.naam}' staat niet in het register. {note}")
            else:
                parts.append(f"'{plek.naam}' is een woonplaats in gemeente {plek.gemeente}: "
                             f"{note}")
        own = tuple(g.bron for g in self.register.niet_genoemd
                    if g.bron and g.cbs_code in {p.cbs_code for p in unplaced})
        return Antwoord("niet-in-register", shown, " ".join(parts) + _also(outside),
                        (*unplaced, *outside), bronnen=own + self._sources([*unplaced, *outside]))

    def _outside(self, shown: str, outside: list[Plaats]) -> Antwoord:
        region = self.register.naam
        what = names_list([_outside_label(p) for p in outside], " of ")
        why = self.afgeleid
        melding = (f"{what} ligt buiten de regio {region}{f' ({why})' if why else ''}; dit "
                   "register kent alleen de route binnen de regio.")
        return Antwoord("buiten-de-regio", shown, melding, tuple(outside),
                        bronnen=self._sources(outside))

    def _unknown(self, shown: str, key: str) -> Antwoord:
        kandidaten = self.suggest(key)
        return Antwoord("onbekend", shown, f"'{shown}' is geen gemeente, woonplaats of district "
                        "die mhcli kent.", tuple(kandidaten))

    def _sources(self, kandidaten: list[Plaats] | tuple[Plaats, ...]) -> tuple[str, ...]:
        """What says where these places lie: the CBS list for a woonplaats or a place outside
        the register; the register's own source too where 'outside' is its inference."""
        cbs = any(p.soort == "woonplaats" or p.waar == BUITEN for p in kandidaten)
        inferred = any(p.waar == BUITEN for p in kandidaten) and \
            self.afgeleid is not None
        return tuple(b for b, used in ((CBS, cbs), (self.register.bron, inferred))
                     if used and b)

    def suggest(self, key: str) -> list[Plaats]:
        """Near misses for 'bedoelde u', each a labelled place: a woonplaats by that name as
        itself ('Oudenbosch, woonplaats in gemeente Halderberge', never only 'Halderberge', which
        would read as if 'Den Bosch' were Halderberge), else the places the near name answers
        with (zoek.js: the same rule over the same exported places and answers)."""
        found: list[Plaats] = []
        for near_key in near(key, self.index.keys()):
            named = [plek for plek, hoe in self.index.by_key[near_key] if hoe == "woonplaats"]
            for plek in named or self.places_of(self.resolve(self.index.spelling[near_key])):
                if plek not in found:
                    found.append(plek)
        return found

    def places_of(self, antwoord: Antwoord) -> list[Plaats]:
        """The places an answer points at: its gemeente, or its candidates."""
        if antwoord.gemeente is not None:
            return [self.index.by_code[antwoord.gemeente.cbs_code or ""]]
        return list(antwoord.kandidaten)


@dataclass(frozen=True)
class Export:
    """The resolver's answers for every name and code it knows, for the site's search: the
    browser looks an input up here and only decides itself what no name matches (a postcode,
    an unknown code, a typo), by the same rules (mhcli.names, zoek.js)."""

    plekken: list[Plaats]
    namen: list[tuple[str, Antwoord, list[int]]]  # key, answer, indexes into plekken
    codes: list[tuple[str, Antwoord, list[int]]]  # 'GM0716', answer, indexes


def export(resolver: Resolver) -> Export:
    index = resolver.index
    plekken: list[Plaats] = []
    position: dict[Plaats, int] = {}

    def refer(items: Any) -> list[int]:
        out = []
        for plek in items:
            if plek not in position:
                position[plek] = len(plekken)
                plekken.append(plek)
            out.append(position[plek])
        return out

    def entry(key: str, antwoord: Antwoord) -> tuple[str, Antwoord, list[int]]:
        return key, antwoord, refer(resolver.places_of(antwoord))

    for _key, hits in index.by_key.items():
        refer(plek for plek, _ in hits)
    namen = [entry(key, resolver.resolve(index.spelling[key])) for key in index.by_key]
    codes = [entry(code, resolver.resolve(code)) for code in sorted(index.by_code)]
    return Export(plekken, namen, codes)


def _unique(items: Iterator[Plaats] | Any) -> list[Plaats]:
    return list(dict.fromkeys(items))


def _count(n: int) -> str:
    return {2: "twee", 3: "drie", 4: "vier"}.get(n, str(n))


def _outside_label(p: Plaats) -> str:
    province = f", provincie {p.provincie}" if p.provincie else ""
    if p.soort == "gemeente":
        return f"gemeente {p.naam}" + (f" (provincie {p.provincie})" if p.provincie else "")
    return f"woonplaats {p.naam} (gemeente {p.gemeente}{province})"


def _also(outside: list[Plaats]) -> str:
    if not outside:
        return ""
    return (f" Buiten de regio heet ook zo: {names_list([_outside_label(p) for p in outside])}.")


def _without_gemeente(route: dict[str, Any]) -> dict[str, Any]:
    """A route's JSON without its gemeente and how it was found: what two gemeenten can share."""
    return {k: v for k, v in route.items() if k not in ("gemeente", "gevonden_als", "register")}


def resolve(register: RegisterModel, text: str, route_of: RouteOf | None = None) -> Antwoord:
    """What ``text`` means in ``register`` (see the module docstring)."""
    return Resolver(register, route_of).resolve(text)
