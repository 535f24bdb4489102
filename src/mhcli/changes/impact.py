"""What a change means for the people who ask: the real route, before and after.

Every question a signal can arrive with is put to both registers through the library's own
``Register.route`` — every gemeente of the region (by its CBS code, so a rename keeps it), with
and without each vorm, and every woonplaats of the region — and the answers are compared. An
answer is what ``route --format json`` says without its governance context and sources:
``bestuurlijk``, ``bronnen`` and machine ids are left out (README, "mhcli diff").
There is no second model of the route here; this module only compares and words.

``route_impact(old, new)`` is the whole computation, for any two opened registers.
"""

from __future__ import annotations

import hashlib
import json
import re
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from mhcli.changes.values import ARROW
from mhcli.errors import MhcliError, NotFound

if TYPE_CHECKING:
    from mhcli.api import Register

# Left out of an answer: context and provenance, not where a signal goes or whom to call.
NOT_THE_ANSWER = frozenset({"bestuurlijk", "bronnen", "id", "register", "suggesties"})


def answer(route_json: Any) -> Any:
    """An answer as people read it: route JSON without NOT_THE_ANSWER, at every level."""
    # Plain values are taken as they are, without a call each: this runs for every question.
    if isinstance(route_json, dict):
        return {k: answer(v) if isinstance(v, (dict, list)) else v
                for k, v in route_json.items() if k not in NOT_THE_ANSWER}
    if isinstance(route_json, list):
        return [answer(v) if isinstance(v, (dict, list)) else v for v in route_json]
    return route_json


class Aspect(NamedTuple):
    """One part of an answer that changed: what, before, after (None: not there)."""

    aspect: str
    oud: str | None
    nieuw: str | None

    def phrase(self) -> str:
        if self.aspect in ("route", "samengevoegd"):  # said as a whole
            return f"{self.nieuw}" if self.oud is None else f"{self.nieuw} (was: {self.oud})"
        if self.oud is None:
            return f"{self.aspect}: {self.nieuw}"
        if self.nieuw is None:
            return f"{self.aspect} vervalt (was: {self.oud})"
        return f"{self.aspect}: {self.oud} {ARROW} {self.nieuw}"

    def as_json(self) -> dict[str, str | None]:
        return self._asdict()


class RouteWijziging(NamedTuple):
    """One change in where signals go or whom to call, shared by ``gemeenten`` and
    ``woonplaatsen``."""

    gemeenten: list[str]  # every gemeente whose answer changed, sorted (a renamed one by both
    # names; a merger names the gemeenten that merged and the new one)
    woonplaatsen: list[str]  # woonplaatsen whose answer changed other than with their gemeente
    aspecten: list[Aspect]
    wie: str  # "Tholen", "8 gemeenten van Hart van Brabant", "woonplaats Zevenbergen"
    wat: str  # what changes for them, in one line
    melding: str  # the whole line
    gevoelig: str | None  # why it asks for a second reviewer; None for a rename only

    def as_json(self) -> dict[str, Any]:
        return {"gemeenten": self.gemeenten, "woonplaatsen": self.woonplaatsen,
                "aspecten": [a.as_json() for a in self.aspecten], "wie": self.wie,
                "wat": self.wat, "melding": self.melding, "gevoelig": self.gevoelig}


# --- asking ---------------------------------------------------------------------------------

# Answers are remembered per register content (its documents, reference data, day and
# validity): a revision compared with two others, as a history walks them, is asked once.
_REMEMBERED = 8
_Memo = dict[tuple[str, str | None, str | None], Any]
_asked: OrderedDict[tuple[str, int, str, bool], tuple[Any, _Memo]] = OrderedDict()
_keys: weakref.WeakKeyDictionary[Register, tuple[str, int, str, bool]] = \
    weakref.WeakKeyDictionary()


def _memo(register: Register) -> _Memo:
    key = _keys.get(register)
    if key is None:
        content = json.dumps(register.document(), sort_keys=True, default=str).encode()
        key = (hashlib.blake2b(content, digest_size=16).hexdigest(), id(register.plaatsen),
               register.vandaag.isoformat(), register.geldig)
        _keys[register] = key
    if key not in _asked:
        # The reference data is kept with its answers, so its id cannot be reused meanwhile.
        _asked[key] = (register.plaatsen, {})
        while len(_asked) > _REMEMBERED:
            _asked.popitem(last=False)
    _asked.move_to_end(key)
    return _asked[key][1]


def ask(register: Register, naam: str, vorm: str | None = None, rol: str | None = None
        ) -> Any:
    """The answer ``register`` gives to 'route NAAM [--vorm VORM] [--rol ROL]' (remembered).

    Not found is an answer too: {'gevonden': False, 'melding': ..., and what holds everywhere}.
    On a register with errors (diff compares those as far as it can) a failing route is
    answered as {'fout': ...}; on a valid one it is a bug and is raised."""
    memo = _memo(register)
    key = (naam, vorm, rol)
    if key not in memo:
        memo[key] = _ask(register, naam, vorm, rol)
    return memo[key]


def _ask(register: Register, naam: str, vorm: str | None, rol: str | None) -> Any:
    from mhcli.api import GeenRoute

    try:
        return answer({"gevonden": True, **register.route(naam, vorm, rol).as_json()})
    except GeenRoute as exc:
        return answer(exc.as_json())
    except NotFound as exc:  # the vorm or rol is not in this register
        return {"gevonden": False, "melding": exc.message}
    except MhcliError as exc:
        return {"gevonden": False, "melding": exc.message}
    except Exception as exc:
        if getattr(register, "geldig", True):
            raise
        return {"gevonden": False, "fout": type(exc).__name__}


# --- the questions --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Gemeente:
    key: str  # 'GM0716', or 'naam:<name>' without a code
    oud: str | None  # its name in the old register
    nieuw: str | None


def _gemeenten(old: Register, new: Register) -> list[_Gemeente]:
    def names(register: Register) -> dict[str, str]:
        model = register.model
        out: dict[str, str] = {}
        for g in [*model.alle_gemeenten(), *model.niet_genoemd]:
            out.setdefault(g.cbs_code or f"naam:{g.naam}", g.naam)
        return out

    before, after = names(old), names(new)
    keys = sorted({*before, *after}, key=lambda k: (after.get(k) or before[k]).casefold())
    return [_Gemeente(k, before.get(k), after.get(k)) for k in keys]


def _woonplaatsen(register: Register) -> dict[str, str]:
    """Every woonplaats of the region (of a gemeente in the register), by name -> gemeente
    code, in the register's own reference data."""
    from mhcli import places

    model = register.model
    codes = {g.cbs_code for g in [*model.alle_gemeenten(), *model.niet_genoemd] if g.cbs_code}
    with places.using(register.plaatsen):
        return {w.naam: w.gemeente_code for code in sorted(codes)
                for w in places.woonplaatsen_van(code)}


def _questions(old: Register, new: Register) -> list[tuple[str | None, str | None, str]]:
    """(vorm, rol, how its part of an answer is named) for every question asked of a
    gemeente: the route as it comes, with each vorm of either register, and for each rol. A
    vorm changes only the route of whom it concerns (the default rol), so it is asked with
    that rol; a rol is asked without a vorm."""
    vormen: dict[str, str] = {}
    rollen: dict[str, str] = {}
    for register in (old, new):
        for ident, vorm in register.model.vormen.items():
            vormen.setdefault(ident, vorm.naam)
        for rol in register.model.signaalroute.rollen:
            rollen.setdefault(rol.id, rol.naam)
    return [(None, None, ""),
            *((ident, None, f"bij {naam.lower()}") for ident, naam in vormen.items()),
            *((None, ident, f"voor rol {naam.lower()}") for ident, naam in rollen.items())]


# --- comparing two answers --------------------------------------------------------------------

def _who_of(item: Any) -> str:
    return str(item.get("wie") or item.get("naam") or "?") if isinstance(item, dict) else "?"


def _named(item: dict[str, Any]) -> str:
    return f"{_who_of(item)} ({item.get('telefoon') or 'nummer onbekend'})"


def _contacts(where: str, old: Any, new: Any, said: set[str], *, order: bool = True
              ) -> list[Aspect]:
    """Changes in a list of contacts: who came, who went, a number, 'wanneer' or any other
    field that changed, and (``order``) the order. Contacts in ``said`` were worded already
    (by the list 'wie belt u', which holds them all); those worded here are added to it."""
    a = [c for c in (old if isinstance(old, list) else []) if isinstance(c, dict)]
    b = [c for c in (new if isinstance(new, list) else []) if isinstance(c, dict)]
    before, after = {_who_of(c): c for c in a}, {_who_of(c): c for c in b}
    out: list[Aspect] = []
    worded: set[str] = set()
    for who, item in before.items():
        if who not in after and who not in said:
            out.append(Aspect(where, _named(item), None))
            worded.add(who)
    for who, item in after.items():
        if who in said:
            continue
        if who not in before:
            out.append(Aspect(where, None, f"{_named(item)} erbij "
                                           f"({item.get('wanneer') or 'wanneer onbekend'})"))
            worded.add(who)
            continue
        earlier = before[who]
        for field in [*(f for f in earlier if f not in ("wie", "naam")),
                      *(f for f in item if f not in earlier and f not in ("wie", "naam"))]:
            if earlier.get(field) != item.get(field):
                out.append(Aspect(f"{who}, {field.replace('_', ' ')}",
                                  _text(earlier.get(field)) or "onbekend",
                                  _text(item.get(field)) or "onbekend"))
                worded.add(who)
    kept_a = [w for w in before if w in after]
    kept_b = [w for w in after if w in before]
    if order and kept_a != kept_b:
        out.append(Aspect(f"{where}, volgorde", ", ".join(kept_a), ", ".join(kept_b)))
    said |= worded
    return out


def _text(value: Any) -> str | None:
    if value is None or value == []:
        return None
    if isinstance(value, list):
        return " | ".join(_text(v) or "" for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return " ".join(str(value).split())


_FIELD_WORDS = {"details": "toelichting", "opmerkingen": "opmerking"}
_PLURAL = {"stap": "stappen", "onderdeel": "onderdelen"}


def _steps(old: Any, new: Any, noun: str = "stap") -> list[Aspect]:
    """Changes in a list of steps (or of a role's parts, ``noun``): which went, which came,
    their order, and every field of each that changed."""
    a = [s for s in (old if isinstance(old, list) else []) if isinstance(s, dict)]
    b = [s for s in (new if isinstance(new, list) else []) if isinstance(s, dict)]

    def key(step: dict[str, Any]) -> tuple[Any, Any]:
        return step.get("rol"), step.get("titel")

    pairs: dict[int, int] = {}  # new index -> old index
    for match in (key, lambda s: (s.get("rol"), None)):
        for j, step in enumerate(b):
            if j in pairs:
                continue
            i = next((i for i, s in enumerate(a) if i not in pairs.values()
                      and match(s) == match(step)), None)
            if i is not None:
                pairs[j] = i

    def name(step: dict[str, Any], number: int) -> str:
        return f"{noun} {number} {step.get('titel') or step.get('rol') or '?'}"

    out: list[Aspect] = []
    gone = [name(s, i + 1) for i, s in enumerate(a) if i not in pairs.values()]
    if gone:
        out.append(Aspect(f"{noun} vervalt" if len(gone) == 1 else f"{_PLURAL[noun]} vervallen",
                          None, ", ".join(gone)))
    for j, step in enumerate(b):
        if j not in pairs:
            out.append(Aspect(f"nieuwe {noun}", None,
                              f"{name(step, j + 1)} ({step.get('wie')})"))
    kept_old = sorted(pairs.values())
    kept_new = [pairs[j] for j in sorted(pairs)]
    if kept_old != kept_new:
        out.append(Aspect(f"volgorde van de {_PLURAL[noun]}",
                          ", ".join(str(a[i].get("titel")) for i in kept_old),
                          ", ".join(str(a[i].get("titel")) for i in kept_new)))
    for j in sorted(pairs):
        before, after = a[pairs[j]], b[j]
        for field in [*before, *(f for f in after if f not in before)]:
            if field == "nummer" or before.get(field) == after.get(field):
                continue  # a number follows from the order, said above
            if field == "contacten":
                out += _contacts(f"{name(after, j + 1)}, contacten", before.get(field),
                                 after.get(field), set())
            else:
                word = _FIELD_WORDS.get(field, field.replace("_", " "))
                out.append(Aspect(f"{name(after, j + 1)}, {word}", _text(before.get(field)),
                                  _text(after.get(field))))
    return out


_KNOWN = frozenset({"gevonden", "gemeente", "district", "vorm", "rol", "wie_belt_u",
                    "bij_acuut_gevaar", "stappen", "onderdelen", "ook_melden", "notities",
                    "gevonden_als", "melding", "fout"})


def _summary(found: Any) -> str:
    """Where a found answer sends a signal, in one phrase."""
    district = (found.get("district") or {}).get("naam")
    zorg = next((s.get("wie") for s in found.get("stappen") or []
                 if isinstance(s, dict) and s.get("rol") == "zorgcoordinatie"), None)
    parts = [f"district {district}" if district else "", f"zorgcoördinatie: {zorg}" if zorg else ""]
    return "; ".join(p for p in parts if p) or "een route"


def compare_answers(old: Any, new: Any) -> list[Aspect]:
    """What changed between two answers to the same question, as aspects (empty: the same)."""
    if old == new:
        return []
    if old.get("gevonden") != new.get("gevonden"):
        if new.get("gevonden"):
            return [Aspect("route", None, f"voor het eerst een route ({_summary(new)})")]
        why = new.get("melding") or new.get("fout")
        return [Aspect("route", _summary(old), "geen route meer"),
                *([Aspect("mhcli zegt nu", None, str(why))] if why else [])]
    out: list[Aspect] = []
    if not new.get("gevonden"):
        for field in ("melding", "fout"):
            if old.get(field) != new.get(field):
                out.append(Aspect(field, _text(old.get(field)), _text(new.get(field))))
    a_gem, b_gem = old.get("gemeente") or {}, new.get("gemeente") or {}
    if a_gem.get("naam") != b_gem.get("naam"):
        out.append(Aspect("naam", a_gem.get("naam"), b_gem.get("naam")))
    for field, word in (("cbs_code", "CBS-code"), ("provincie", "provincie")):
        if a_gem.get(field) != b_gem.get(field):
            out.append(Aspect(word, _text(a_gem.get(field)), _text(b_gem.get(field))))
    for field in ("district", "vorm", "rol"):
        before, after = old.get(field) or {}, new.get(field) or {}
        for part in [*before, *(p for p in after if p not in before)]:
            if before.get(part) != after.get(part):
                out.append(Aspect(field if part == "naam" else f"{field}, {part}",
                                  _text(before.get(part)), _text(after.get(part))))
    if old.get("gevonden_als") != new.get("gevonden_als"):
        out.append(Aspect("gevonden als", _text(old.get("gevonden_als")),
                          _text(new.get("gevonden_als"))))
    said: set[str] = set()
    out += _contacts("wie belt u", old.get("wie_belt_u"), new.get("wie_belt_u"), said)
    a_acuut, b_acuut = old.get("bij_acuut_gevaar") or {}, new.get("bij_acuut_gevaar") or {}
    for field in ("titel", "wat"):
        if a_acuut.get(field) != b_acuut.get(field):
            out.append(Aspect(f"bij acuut gevaar, {field}", _text(a_acuut.get(field)),
                              _text(b_acuut.get(field))))
    out += _contacts("bij acuut gevaar", a_acuut.get("contacten"), b_acuut.get("contacten"),
                     said, order=False)
    out += _steps(old.get("stappen"), new.get("stappen"))
    out += _steps(old.get("onderdelen"), new.get("onderdelen"), "onderdeel")
    out += _contacts("ook melden", old.get("ook_melden"), new.get("ook_melden"), said,
                     order=False)
    if old.get("notities") != new.get("notities"):
        out.append(Aspect("let op", _text(old.get("notities")), _text(new.get("notities"))))
    for field in sorted({*old, *new} - _KNOWN):  # a part of the answer this module predates
        if old.get(field) != new.get(field):
            out.append(Aspect(field.replace("_", " "), _text(old.get(field)),
                              _text(new.get(field))))
    if not out:  # equal in all the parts named above, yet not equal: never say "nothing"
        out.append(Aspect("antwoord", "anders", "anders"))
    return out


# --- the impact -----------------------------------------------------------------------------

def _map_text(found: Any, change: Callable[[str], str]) -> Any:
    """``found`` with ``change`` applied to every text in it."""
    if isinstance(found, dict):
        return {k: _map_text(v, change) for k, v in found.items()}
    if isinstance(found, list):
        return [_map_text(v, change) for v in found]
    return change(found) if isinstance(found, str) else found


def _with_name(found: Any, old_name: str, new_name: str) -> Any:
    """``found`` with ``old_name`` written as ``new_name`` wherever it stands as a word."""
    pattern, replacement = _word(old_name), new_name.replace("\\", "\\\\")
    return _map_text(found, lambda text: pattern.sub(replacement, text))


def _with_text(found: Any, old: str, new: str) -> Any:
    """``found`` with every ``old`` in its texts written as ``new``."""
    return _map_text(found, lambda text: text.replace(old, new))


def _word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


class _Line(NamedTuple):
    gemeenten: tuple[str, ...]
    woonplaatsen: tuple[str, ...]
    aspecten: tuple[Aspect, ...]
    wie: str | None = None  # said instead of the names, for a merger
    gevoelig: str | None = None
    codes: tuple[str, ...] = ()  # the gemeenten's keys (CBS codes)
    home: str | None = None  # a woonplaats's gemeente (before, else after)
    kind: str = ""  # 'weg': the gemeente left the register; 'nieuw': it came


_QUIET = frozenset({"naam", "district heet nu"})


def _sensitive(aspecten: Iterable[Aspect]) -> str | None:
    kinds = {a.aspect for a in aspecten}
    return None if kinds <= _QUIET else "route"


def _home(register: Register, naam: str) -> tuple[str | None, frozenset[str]]:
    """The name of the district of gemeente ``naam`` and the keys of every gemeente in it."""
    for district in register.model.districten.values():
        if any(g.naam == naam for g in district.gemeenten):
            return district.naam, frozenset(g.cbs_code or g.naam for g in district.gemeenten)
    return None, frozenset()


def _renames(old: Register, new: Register, gem: _Gemeente) -> list[Aspect]:
    """What only got another name: the gemeente itself, its district (with the same gemeenten
    in it). Said quietly, if nothing else changed (see route_impact)."""
    if not gem.oud or not gem.nieuw:
        return []
    out = [Aspect("naam", gem.oud, gem.nieuw)] if gem.oud != gem.nieuw else []
    (before, fellows_before), (after, fellows_after) = _home(old, gem.oud), _home(new, gem.nieuw)
    if before and after and before != after and fellows_before == fellows_after:
        out.append(Aspect("district heet nu", before, after))
    return out


def route_impact(old: Register, new: Register, *, woonplaatsen: bool = True
                 ) -> list[RouteWijziging]:
    """Every question whose answer differs between ``old`` and ``new``, grouped by what
    changed: one RouteWijziging per distinct change.

    ``woonplaatsen=False`` asks only the gemeenten (for tests that mutate the register
    hundreds of times; a diff always asks the woonplaatsen too)."""
    lines: list[_Line] = []
    questions = _questions(old, new)
    for gem in _gemeenten(old, new):
        asked_old = gem.oud or gem.nieuw or ""
        asked_new = gem.nieuw or gem.oud or ""
        renamed = _renames(old, new, gem)
        aspects: list[Aspect] = []
        quiet = bool(renamed)  # so far, only names changed
        for vorm, rol, label in questions:
            before, after = ask(old, asked_old, vorm, rol), ask(new, asked_new, vorm, rol)
            changed = compare_answers(before, after)
            if changed and renamed:
                # The old answer with the new names: if that is the new answer, the change is
                # the names alone. Otherwise every difference is said, names and all.
                named = before
                for a in renamed:
                    named = _with_name(named, str(a.oud), str(a.nieuw))
                if compare_answers(named, after):
                    quiet = False
                else:
                    changed = []
            if label and changed:
                # Only what differs for this vorm or rol beyond the change without one; a
                # vorm's step titles carry '(bij <vorm>)', which is no change of its own.
                own = f" ({label})"
                plain = compare_answers(_with_text(before, own, ""), _with_text(after, own, ""))
                whole = {(a.oud is None, a.nieuw == "geen route meer")
                         for a in aspects if a.aspect == "route"}
                # A route that came or went as a whole was said once, for every vorm and rol.
                changed = [Aspect(f"{label}: {a.aspect}", a.oud, a.nieuw) for a in plain
                           if a not in aspects and not (a.aspect == "route" and (
                               a.oud is None, a.nieuw == "geen route meer") in whole)]
            aspects += changed
        if quiet:
            aspects = renamed
        elif renamed:
            aspects = [a for a in renamed if a.aspect == "naam"] + aspects
        if gem.oud and gem.nieuw and gem.oud != gem.nieuw:
            lost = ask(new, gem.oud)  # 'route <old name>' after the rename
            if (lost.get("gemeente") or {}).get("naam") != gem.nieuw:
                aspects.append(Aspect(f"'mhcli route {gem.oud}'", None,
                                      f"zegt nu: {lost.get('melding') or _summary(lost)}"))
        if aspects:
            names = tuple(n for n in dict.fromkeys([gem.oud, gem.nieuw]) if n)
            kind = "weg" if not gem.nieuw else "nieuw" if not gem.oud else ""
            lines.append(_Line(names, (), tuple(aspects), codes=(gem.key,), kind=kind))
    if woonplaatsen:
        lines = _places(old, new, lines)
    return _grouped(old, new, lines)


def _code(found: Any) -> str | None:
    if not found.get("gevonden"):
        return None
    gemeente = found.get("gemeente") or {}
    return gemeente.get("cbs_code") or gemeente.get("naam")


def _places(old: Register, new: Register, lines: list[_Line]) -> list[_Line]:
    """Woonplaatsen whose question now finds another gemeente, or none, or one for the first
    time; a merger (gemeenten gone, one new, their woonplaatsen now in it) becomes one line.
    A woonplaats that stays with its gemeente follows that gemeente's line, named in it."""
    before_places, after_places = _woonplaatsen(old), _woonplaatsen(new)
    gemeente_names = {n for line in lines for n in line.gemeenten}
    for register in (old, new):
        gemeente_names |= {g.naam for g in [*register.model.alle_gemeenten(),
                                             *register.model.niet_genoemd]}
    changed: list[tuple[str, Any, Any]] = []
    follows: dict[str, list[str]] = {}  # gemeente code -> its woonplaatsen that follow it
    renamed = _all_renames(old, new)
    for naam in sorted({*before_places, *after_places}, key=str.casefold):
        if naam in gemeente_names:
            continue  # asked as a gemeente already
        a, b = ask(old, naam), ask(new, naam)
        if renamed and a != b:
            named = a
            for old_name, new_name in renamed:
                named = _with_name(named, old_name, new_name)
            if named == b:
                continue  # only a gemeente or district it names was renamed: said there
        if _code(a) == _code(b) and _found_as(a) == _found_as(b) and \
                (a.get("gevonden") or a.get("melding") == b.get("melding")):
            continue  # the same gemeente: its own line says what changed for it
        home = _homes(old, naam)
        if len(home) == 1 and home == _homes(new, naam) and \
                _follows(old, a, *home) and _follows(new, b, *home):
            follows.setdefault(next(iter(home)), []).append(naam)
            continue
        changed.append((naam, a, b))
    merged = _mergers(old, new, lines, changed)
    out = [line for line in lines if not any(set(line.codes) & set(m.codes) for m in merged)]
    for number, line in enumerate(out):
        own = [w for code in line.codes for w in follows.pop(code, [])]
        if own:
            out[number] = line._replace(woonplaatsen=tuple(own))
    out += merged
    taken = {w for m in merged for w in m.woonplaatsen}
    for naam, a, b in changed:
        if naam not in taken:
            out.append(_Line((), (naam,), (_place_change(a, b),), None, "woonplaats",
                             home=_gemeente_naam(a) or _gemeente_naam(b)))
    for names in follows.values():  # a woonplaats whose gemeente's answer did not change
        for naam in names:
            a, b = ask(old, naam), ask(new, naam)
            out.append(_Line((), (naam,), (_place_change(a, b),), None, "woonplaats",
                             home=_gemeente_naam(a) or _gemeente_naam(b)))
    return out


def _found_as(found: Any) -> Any:
    """How a woonplaats was found, without the derived note on how many gemeenten the register
    lists (that count changes with every gemeente added or removed, and is said there)."""
    how = found.get("gevonden_als")
    return {k: v for k, v in how.items() if k != "toelichting"} if isinstance(how, dict) else how


def _all_renames(old: Register, new: Register) -> list[tuple[str, str]]:
    """(old name, new name) of every gemeente that kept its CBS code and every district that
    kept its gemeenten under another name."""
    out = [(g.oud, g.nieuw) for g in _gemeenten(old, new)
           if g.oud and g.nieuw and g.oud != g.nieuw]

    def members(register: Register) -> dict[frozenset[str], str]:
        return {frozenset(g.cbs_code or g.naam for g in d.gemeenten): d.naam
                for d in register.model.districten.values()}

    after = members(new)
    out += [(naam, after[key]) for key, naam in members(old).items()
            if key in after and after[key] != naam]
    return out


def _follows(register: Register, found: Any, code: str) -> bool:
    """Whether a woonplaats's answer is its gemeente's: the register has that gemeente (by
    CBS code) and the woonplaats finds it, or finds nothing when the gemeente has no route
    either."""
    gemeente = next((g.naam for g in [*register.model.alle_gemeenten(),
                                      *register.model.niet_genoemd] if g.cbs_code == code), None)
    if gemeente is None:
        return False
    return bool(found.get("gevonden")) == bool(ask(register, gemeente).get("gevonden")) and \
        _code(found) in (code, None)


def _homes(register: Register, naam: str) -> frozenset[str]:
    """The CBS codes of the gemeenten a woonplaats of that name lies in, in the register's own
    reference data."""
    from mhcli import places

    with places.using(register.plaatsen):
        return frozenset(w.gemeente_code for w in places.find(naam).woonplaatsen)


def _place_change(a: Any, b: Any) -> Aspect:
    """What changed for a woonplaats whose question finds another gemeente, or none."""
    if a.get("gevonden") and b.get("gevonden"):
        if _code(a) == _code(b):
            return Aspect("gevonden als", _text(a.get("gevonden_als")),
                          _text(b.get("gevonden_als")))
        return Aspect("gemeente", _gemeente_said(a), _gemeente_said(b))
    if a.get("gevonden"):
        return Aspect("gemeente", _gemeente_said(a),
                      f"geen route meer: {b.get('melding') or b.get('fout')}")
    if b.get("gevonden"):
        return Aspect("gemeente", None, f"voor het eerst een route: {_gemeente_said(b)}")
    return Aspect("melding", _text(a.get("melding") or a.get("fout")),
                  _text(b.get("melding") or b.get("fout")))


def _gemeente_naam(found: Any) -> str | None:
    return (found.get("gemeente") or {}).get("naam") if found.get("gevonden") else None


def _gemeente_said(found: Any) -> str:
    return f"{(found.get('gemeente') or {}).get('naam')} ({_summary(found)})"


def _mergers(old: Register, new: Register, lines: list[_Line],
             changed: list[tuple[str, Any, Any]]) -> list[_Line]:
    """Gemeenten that left the register, and one that came, whose woonplaatsen now find the
    new one: a merger, said as one line (which merged, into what, where their woonplaatsen
    now go)."""
    gone = {line.codes[0]: line for line in lines if line.kind == "weg"}
    came = {line.codes[0]: line for line in lines if line.kind == "nieuw"}
    into: dict[str, dict[str, list[str]]] = {}  # new code -> old code -> woonplaatsen
    for naam, a, b in changed:
        before, after = _code(a), _code(b)
        if before in gone and after in came:
            into.setdefault(after, {}).setdefault(before, []).append(naam)
    out = []
    for target_code, sources in sorted(into.items()):
        target = came[target_code].gemeenten[-1]
        names = sorted((gone[code].gemeenten[0] for code in sources), key=str.casefold)
        was = sorted({_summary(ask(old, n)) for n in names})
        places = sorted((w for ws in sources.values() for w in ws), key=str.casefold)
        aspects = [Aspect("samengevoegd", None, f"samengevoegd tot {target} ({target_code})"),
                   Aspect(f"hun {len(places)} woonplaatsen", " | ".join(was),
                          f"{target}: {_summary(ask(new, target))}")]
        for naam in names:  # what the old names find now
            found = ask(new, naam)
            if _code(found) != target_code:
                aspects.append(Aspect(f"'mhcli route {naam}'", None,
                                      f"zegt nu: {found.get('melding') or _summary(found)}"))
        out.append(_Line((*names, target), tuple(places), tuple(aspects), _names(names),
                         "gemeenten samengevoegd", (*sources, target_code)))
    return out


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _district_of(register: Register, naam: str) -> str | None:
    for district in register.model.districten.values():
        if any(g.naam == naam for g in district.gemeenten):
            return district.naam
    return None


def _who(line: _Line, count: int, old: Register, new: Register) -> str:
    if line.wie:
        return line.wie
    if line.woonplaatsen and not line.gemeenten:
        if len(line.woonplaatsen) == 1:
            return f"woonplaats {line.woonplaatsen[0]}"
        return f"{len(line.woonplaatsen)} woonplaatsen{f' van {line.home}' if line.home else ''}"
    if len(line.gemeenten) == 1:
        return line.gemeenten[0]
    if any(a.aspect == "naam" for a in line.aspecten) and len(line.gemeenten) == 2:
        return line.gemeenten[-1]
    districts: set[str] = set()
    for register in (new, old):  # where they are now, else where they were
        districts = {d for n in line.gemeenten if (d := _district_of(register, n))}
        if districts:
            break
    where = f" van {next(iter(districts))}" if len(districts) == 1 else ""
    return f"{count} gemeenten{where}"


def _generic(line: _Line) -> tuple[Aspect, ...]:
    """The line's aspects with its own names left out: 'gemeente Goes ligt buiten de regio'
    and 'gemeente Veere ligt buiten de regio' are one change."""
    names = [_word(n) for n in (*line.gemeenten, *line.woonplaatsen)]

    def strip(text: str | None) -> str | None:
        for pattern in names:
            text = pattern.sub("…", text) if text is not None else None
        return text

    return tuple(Aspect(str(strip(a.aspect)), strip(a.oud), strip(a.nieuw))
                 for a in line.aspecten)


def _grouped(old: Register, new: Register, lines: list[_Line]) -> list[RouteWijziging]:
    """Lines with the same change become one (a rename and a merger stay alone)."""
    routed = {g.naam for register in (old, new) for g in register.model.alle_gemeenten()}
    everyone = routed | {g.naam for register in (old, new) for g in register.model.niet_genoemd}
    groups: dict[object, list[_Line]] = {}
    for number, line in enumerate(lines):
        alone = line.wie is not None or any(a.aspect == "naam" for a in line.aspecten)
        key = ("alleen", number) if alone else (_generic(line), bool(line.gemeenten),
                                                line.gevoelig)
        groups.setdefault(key, []).append(line)
    out = []
    for members in groups.values():
        gemeenten = sorted({n for m in members for n in m.gemeenten}, key=str.casefold)
        woonplaatsen = sorted({n for m in members for n in m.woonplaatsen}, key=str.casefold)
        first = members[0]
        aspecten = first.aspecten if len(members) == 1 else _generic(first)
        if len(members) > 1:
            homes = {m.home for m in members}
            first = first._replace(gemeenten=tuple(gemeenten), woonplaatsen=tuple(woonplaatsen),
                                   home=homes.pop() if len(homes) == 1 else None)
        count = len({m.gemeenten[-1] for m in members if m.gemeenten}) or len(woonplaatsen)
        wie = _who(first, count, old, new)
        wat = "; ".join(a.phrase() for a in aspecten)
        shown = gemeenten or woonplaatsen
        listed = f" ({', '.join(shown)})" if len(members) > 1 and len(shown) > 1 else ""
        if count > 1 and set(gemeenten) >= everyone:
            wie, listed = f"alle {count} gemeenten", ""
        elif count > 1 and set(gemeenten) == routed:
            wie, listed = f"alle {count} gemeenten met een route", ""
        if gemeenten and woonplaatsen:
            listed += f" (ook {'woonplaats' if len(woonplaatsen) == 1 else 'woonplaatsen'} " \
                      f"{_names(woonplaatsen)})"
        out.append(RouteWijziging(gemeenten, woonplaatsen, list(aspecten), wie, wat,
                                  f"Signalen uit {wie}{listed}: {wat}",
                                  first.gevoelig or _sensitive(aspecten)))
    return sorted(out, key=lambda r: (r.gevoelig is None, r.melding.casefold(), r.melding))
