"""What a change to the register means.

Two layers. First the facts: the parsed documents of both registers are compared field by
field, guided by the JSON Schemas, so every property the schema allows is compared and named
with its Dutch ``title``; list items are matched by their identity (``id``, ``naam`` or
``titel`` when the item schema requires one, else by content), and an item whose identity
changed but whose content did not is a rename. Then the meaning: ``signal_view`` says, for one
gemeente, where its signals go and whom to call; a gemeente is listed under the route only when
that view changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from mhcli.parsed import Document, LoadedRegister, dotted
from mhcli.register import ONBEKEND, RegisterModel, build

Schema = dict[str, Any]
Path_ = tuple[str | int, ...]

ARROW = "→"
_MISSING: Any = object()
_IDENTITIES = ("id", "naam", "titel")
_MAX_LABEL = 60

# Sections in the order a reviewer reads them; the route section comes first (see render).
SECTIES = ("Bestuurlijk", "Gemeenten", "Districten", "Regio en programma",
           "Partners, organisaties en contacten", "Signaalroute", "Bronnen", "Overig")
_DISTRICT_SECTIONS = {"trekkers": "Bestuurlijk", "aansturing": "Bestuurlijk",
                      "focus": "Bestuurlijk", "plannen": "Bestuurlijk", "gemeenten": "Gemeenten"}
_REGIO_SECTIONS = {"regio": "Regio en programma", "programma": "Regio en programma",
                   "partners": "Partners, organisaties en contacten",
                   "organisaties": "Partners, organisaties en contacten",
                   "vormen": "Partners, organisaties en contacten",
                   "contacten": "Partners, organisaties en contacten",
                   "signaalroute": "Signaalroute", "bronnen": "Bronnen"}


class Wijziging(NamedTuple):
    """One changed fact, in the words of the schema."""

    soort: str  # toegevoegd, verwijderd, gewijzigd, hernoemd, verplaatst
    sectie: str  # one of SECTIES
    onderwerp: str  # "District De Baronie", "Gemeente Tholen", "Partner TF-RIEC"
    bestand: str  # "regio.yaml" or "districten/<naam>.yaml" (of the new side when it has one)
    pad: str  # where in that file, e.g. "trekkers[2].uit_functie.datum" (items from 1)
    oud: str | None
    nieuw: str | None
    melding: str

    def as_json(self) -> dict[str, Any]:
        return self._asdict()


class RouteWijziging(NamedTuple):
    """One change in where signals go or whom to call, shared by ``gemeenten``."""

    gemeenten: list[str]  # every name, sorted
    aspecten: list[dict[str, str | None]]  # {aspect, oud, nieuw}; None: not there
    wie: str  # "Tholen" or "8 gemeenten van Hart van Brabant"
    wat: str  # what changes for them
    melding: str  # the whole line, every name listed

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
        """The documented JSON (README, 'diff als JSON'); lists in the order of the text."""
        return {
            "oud": self.oud,
            "nieuw": self.nieuw,
            "gewijzigd": self.gewijzigd,
            "waarschuwingen": list(self.waarschuwingen),
            "route": [r.as_json() for r in self.route],
            "wijzigingen": [w.as_json() for w in self.wijzigingen],
        }


# --- values as people read them ---------------------------------------------------------------

def _same(a: Any, b: Any) -> bool:
    # json text, so that True and 1 (equal in Python) differ, and dict order does not matter.
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True,
                                                                     default=str)


def _lower_first(title: str) -> str:
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _props(schema: Schema) -> dict[str, Schema]:
    props = schema.get("properties") if isinstance(schema, dict) else None
    return props if isinstance(props, dict) else {}


def _title(schema: Schema, key: str) -> str:
    title = _props(schema).get(key, {}).get("title")
    return title if isinstance(title, str) else key


def _items_schema(schema: Schema) -> Schema:
    items = schema.get("items") if isinstance(schema, dict) else None
    return items if isinstance(items, dict) else {}


def show(value: Any, schema: Schema | None = None) -> str:
    """A value on one line: lists listed in full, objects as 'titel: waarde; ...'."""
    if value is None or value is _MISSING:
        return "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        return " ".join(value.split()) or "(leeg)"
    if isinstance(value, list):
        if not value:
            return "(leeg)"
        items = _items_schema(schema or {})
        if all(isinstance(v, dict) for v in value):
            return " | ".join(show(v, items) for v in value)
        return ", ".join(show(v, items) for v in value)
    if isinstance(value, dict):
        if not value:
            return "(leeg)"
        order = [k for k in _props(schema or {}) if k in value]
        order += sorted(k for k in value if k not in order)
        props = _props(schema or {})
        return "; ".join(f"{_lower_first(_title(schema or {}, k))}: {show(value[k], props.get(k))}"
                         for k in order)
    return str(value)


def _shorten(text: str) -> str:
    if len(text) <= _MAX_LABEL:
        return text
    cut = text[:_MAX_LABEL].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut} …"


def _required(schema: Schema) -> list[str]:
    required = schema.get("required")
    return [r for r in required if isinstance(r, str)] if isinstance(required, list) else []


def _identity(items: Schema) -> str | None:
    """The property that identifies an item of this list: id, naam or titel when required."""
    required = _required(items)
    return next((key for key in _IDENTITIES if key in required), None)


def _label(items: Schema, item: Any, key: str | None) -> str:
    """How people name an item: 'TF-RIEC', 'burgemeester Depla', 'Tholen'."""
    if not isinstance(item, dict):
        return _shorten(show(item))
    if key == "id":  # names are listed whole
        for name in ("naam", "titel", "id"):
            if isinstance(item.get(name), str):
                return show(item[name])
    if key is not None and isinstance(item.get(key), str):
        return show(item[key])
    required = _required(items)
    parts = [show(item[p]) for p in required if isinstance(item.get(p), str)]
    for extra in ("naam", "volledige_naam"):
        if extra not in required and isinstance(item.get(extra), str):
            parts.append(show(item[extra]))
            break
    return _shorten(" ".join(parts)) if parts else "(zonder naam)"


# --- the field-by-field comparison ------------------------------------------------------------

class _Fact(NamedTuple):
    soort: str
    doc: str  # "regio" or "district"
    bestand: str
    subject: str
    crumbs: tuple[str, ...]
    path: Path_
    old: Any
    new: Any
    schema: Schema
    key: str | None = None  # the identity of an added item, not repeated in its details
    note: str = ""  # said after the change, e.g. the file a renamed district moved to


class _Pair(NamedTuple):
    old_index: int | None
    new_index: int | None


def _leaves(value: Any, prefix: Path_ = ()) -> dict[Path_, str]:
    if isinstance(value, dict):
        out: dict[Path_, str] = {}
        for key, sub in value.items():
            out.update(_leaves(sub, (*prefix, str(key))))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for number, sub in enumerate(value):
            out.update(_leaves(sub, (*prefix, number)))
        return out
    return {prefix: json.dumps(value, sort_keys=True, default=str)}


def _similarity(left: dict[Path_, str], right: dict[Path_, str]) -> float:
    """Share of equal leaves: 1.0 means 'same content'."""
    if not left and not right:
        return 1.0
    equal = sum(1 for p, v in left.items() if right.get(p) == v)
    return equal / max(len(left), len(right))


def match(old: list[Any], new: list[Any], key: str | None) -> list[_Pair]:
    """Pairs of old and new items: by identity, then equal content, then most alike.

    Unpaired items come back with the other index None. Deterministic: only list order is
    consulted, never hash order."""
    def ident(item: Any) -> str | None:
        value = item.get(key) if key and isinstance(item, dict) else None
        return value if isinstance(value, str) else None

    def content(item: Any) -> dict[Path_, str]:  # the identity left out
        return {p: v for p, v in _leaves(item).items() if p[:1] != (key,)}

    pairs: dict[int, int] = {}  # new index -> old index
    free_old = list(range(len(old)))
    if key:
        first_old: dict[str, int] = {}
        for i, item in enumerate(old):
            k = ident(item)
            if k is not None and k not in first_old:
                first_old[k] = i
        for j, item in enumerate(new):
            k = ident(item)
            if k is not None and k in first_old and first_old[k] in free_old:
                pairs[j] = first_old[k]
                free_old.remove(first_old[k])
    for j, item in enumerate(new):  # items without identity, unchanged
        equal = next((i for i in free_old if _same(old[i], item)), None) \
            if j not in pairs else None
        if equal is not None:
            pairs[j] = equal
            free_old.remove(equal)
    old_content = {i: content(old[i]) for i in free_old}
    for j, item in enumerate(new):  # the most alike: a rename, or an item edited in place
        if j in pairs or not free_old:
            continue
        mine = content(item)
        score = {i: _similarity(old_content[i], mine) for i in free_old}
        best = max(free_old, key=lambda i: (score[i], -i))
        if score[best] >= 0.5:
            pairs[j] = best
            free_old.remove(best)
    out = [_Pair(pairs.get(j), j) for j in range(len(new))]
    out += [_Pair(i, None) for i in range(len(old)) if i not in pairs.values()]
    return out


class _Walker:
    def __init__(self, doc: str, bestand: str, subject: str) -> None:
        self.doc, self.bestand, self.subject = doc, bestand, subject
        self.out: list[_Fact] = []

    def fact(self, soort: str, crumbs: tuple[str, ...], path: Path_, old: Any, new: Any,
             schema: Schema, key: str | None = None, note: str = "") -> None:
        self.out.append(_Fact(soort, self.doc, self.bestand, self.subject, crumbs, path, old,
                              new, schema, key, note))

    def walk(self, schema: Schema, old: Any, new: Any, crumbs: tuple[str, ...],
             path: Path_) -> None:
        if old is not _MISSING and new is not _MISSING and _same(old, new):
            return
        if old is _MISSING or new is _MISSING:
            soort = "toegevoegd" if old is _MISSING else "verwijderd"
            self.fact(soort, crumbs, path, None if old is _MISSING else old,
                      None if new is _MISSING else new, schema)
        elif isinstance(old, dict) and isinstance(new, dict):
            self.walk_object(schema, old, new, crumbs, path)
        elif isinstance(old, list) and isinstance(new, list) and (
                _items_schema(schema).get("type") == "object"
                or any(isinstance(v, dict) for v in (*old, *new))):
            self.walk_list(schema, old, new, crumbs, path)
        else:
            self.fact("gewijzigd", crumbs, path, old, new, schema)

    def walk_object(self, schema: Schema, old: dict[str, Any], new: dict[str, Any],
                    crumbs: tuple[str, ...], path: Path_, skip: str | None = None) -> None:
        props = _props(schema)
        keys = [k for k in props if k in old or k in new]
        keys += sorted(str(k) for k in {*old, *new} if k not in props)  # beyond the schema
        for key in keys:
            if key == skip:
                continue
            self.walk(props.get(key, {}), old.get(key, _MISSING), new.get(key, _MISSING),
                      (*crumbs, _lower_first(_title(schema, key))), (*path, key))

    def walk_list(self, schema: Schema, old: list[Any], new: list[Any],
                  crumbs: tuple[str, ...], path: Path_) -> None:
        items = _items_schema(schema)
        key = _identity(items)
        title = items.get("title")
        noun = _lower_first(title if isinstance(title, str) else crumbs[-1] if crumbs
                            else "item")
        base = crumbs[:-1]  # the item names itself: 'partner TF-RIEC', not 'partners, ...'
        pairs = match(old, new, key)
        kept = [p for p in pairs if p.old_index is not None and p.new_index is not None]
        for pair in pairs:
            if pair.old_index is None:
                assert pair.new_index is not None
                item = new[pair.new_index]
                self.fact("toegevoegd", (*base, f"{noun} {_label(items, item, key)}"),
                          (*path, pair.new_index), None, item, items, key)
            elif pair.new_index is None:
                item = old[pair.old_index]
                self.fact("verwijderd", (*base, f"{noun} {_label(items, item, key)}"),
                          (*path, pair.old_index), item, None, items)
            else:
                a, b = old[pair.old_index], new[pair.new_index]
                crumb = (*base, f"{noun} {_label(items, a, key)}")
                where = (*path, pair.new_index)
                if key and isinstance(a, dict) and isinstance(b, dict) \
                        and not _same(a.get(key), b.get(key)):
                    self.fact("hernoemd", (*crumb, _lower_first(_title(items, key))),
                              (*where, key), a.get(key), b.get(key), _props(items).get(key, {}))
                    self.walk_object(items, a, b, crumb, where, skip=key)
                else:
                    self.walk(items, a, b, crumb, where)
        order_old = [p.old_index for p in sorted(kept, key=lambda p: p.old_index or 0)]
        order_new = [p.old_index for p in sorted(kept, key=lambda p: p.new_index or 0)]
        if order_old != order_new:
            self.fact("volgorde", (*crumbs, "volgorde"), path,
                      [_label(items, old[i], key) for i in order_old if i is not None],
                      [_label(items, old[i], key) for i in order_new if i is not None], {})


def _data(doc: Document | None) -> Any:
    return doc.data if doc is not None else _MISSING


def _district_docs(loaded: LoadedRegister) -> list[tuple[str, Any]]:
    """(file stem, data) of every district document, sorted by file name."""
    return sorted(((stem, doc.data) for stem, doc in loaded.districten), key=lambda d: d[0])


def _district_name(stem: str, data: Any) -> str:
    for key in ("naam", "id"):
        if isinstance(data, dict) and isinstance(data.get(key), str):
            return show(data[key])
    return stem


def _facts(old: LoadedRegister, new: LoadedRegister, regio_schema: Schema,
           district_schema: Schema) -> list[_Fact]:
    out: list[_Fact] = []
    a, b = _data(old.regio), _data(new.regio)
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*(k for k in _props(regio_schema) if k in a or k in b),
                    *sorted(str(k) for k in {*a, *b} if k not in _props(regio_schema))]:
            sub = _props(regio_schema).get(key, {})
            title = _title(regio_schema, key)
            walker = _Walker("regio", "regio.yaml", title)
            walker.walk(sub, a.get(key, _MISSING), b.get(key, _MISSING), (title,), (key,))
            out += walker.out
    elif a is not _MISSING or b is not _MISSING:
        walker = _Walker("regio", "regio.yaml", "Regio")
        walker.walk(regio_schema, a, b, ("regiobestand",), ())
        out += walker.out

    olds, news = _district_docs(old), _district_docs(new)
    pairs = match([d for _, d in olds], [d for _, d in news], _identity(district_schema) or "id")
    for pair in pairs:
        o = olds[pair.old_index] if pair.old_index is not None else None
        n = news[pair.new_index] if pair.new_index is not None else None
        stem, data = n if n is not None else o  # type: ignore[misc]
        naam = _district_name(stem, data)
        walker = _Walker("district", f"districten/{stem}.yaml", f"District {naam}")
        if o is None or n is None:
            walker.fact("toegevoegd" if o is None else "verwijderd", (), (),
                        None if o is None else o[1], None if n is None else n[1],
                        district_schema, note=f"bestand {walker.bestand}")
        elif isinstance(o[1], dict) and isinstance(n[1], dict):
            moved = f"districten/{o[0]}.yaml {ARROW} districten/{n[0]}.yaml" \
                if o[0] != n[0] else ""
            if not _same(o[1].get("id"), n[1].get("id")):
                walker.fact("hernoemd", ("id",), ("id",), o[1].get("id"), n[1].get("id"),
                            _props(district_schema).get("id", {}),
                            note=f"bestand {moved}" if moved else "")
            elif moved:
                walker.fact("hernoemd", ("bestand",), (), f"districten/{o[0]}.yaml",
                            f"districten/{n[0]}.yaml", {})
            walker.walk_object(district_schema, o[1], n[1], (), (), skip="id")
        else:
            walker.walk(district_schema, o[1], n[1], ("districtbestand",), ())
        out += walker.out
    return _references(_moves(out))


def _references(facts: list[_Fact]) -> list[_Fact]:
    """A renamed id carries its references: their updates are counted in the rename's line,
    not listed one by one."""
    renames = {f.old: f.new for f in facts if f.soort == "hernoemd" and f.path[-1:] == ("id",)
               and isinstance(f.old, str) and isinstance(f.new, str)}
    if not renames:
        return facts
    counted = dict.fromkeys(renames, 0)

    def follows(fact: _Fact) -> str | None:
        """The renamed id this change only follows, if that is all it does."""
        if fact.soort not in ("gewijzigd", "volgorde"):
            return None
        if isinstance(fact.old, str) and renames.get(fact.old) == fact.new:
            return fact.old
        if isinstance(fact.old, list) and isinstance(fact.new, list) and \
                [renames.get(x, x) if isinstance(x, str) else x for x in fact.old] == fact.new:
            return next((x for x in fact.old if x in renames), None)
        return None

    kept = []
    for fact in facts:
        ident = follows(fact)
        if ident is None:
            kept.append(fact)
        else:
            counted[ident] += 1
    out = []
    for fact in kept:
        count = counted.get(fact.old, 0) if fact.soort == "hernoemd" and \
            fact.path[-1:] == ("id",) and isinstance(fact.old, str) else 0
        if count:
            said = f"{count} verwijzing{'en' if count > 1 else ''} bijgewerkt"
            fact = fact._replace(note=f"{fact.note}; {said}" if fact.note else said)
        out.append(fact)
    return out


def _gemeente_fact(fact: _Fact) -> str | None:
    """The name of the gemeente a whole-item fact is about, if it is one."""
    value = fact.new if fact.soort == "toegevoegd" else fact.old
    in_list = (fact.doc == "district" and fact.path[:1] == ("gemeenten",)
               and len(fact.path) == 2) or \
        (fact.doc == "regio" and fact.path[:2] == ("regio", "niet_genoemde_gemeenten")
         and len(fact.path) == 3)
    if in_list and isinstance(value, dict) and isinstance(value.get("naam"), str):
        return str(value["naam"])
    return None


def _moves(facts: list[_Fact]) -> list[_Fact]:
    """A gemeente removed from one list and added to another is one move."""
    removed = {n: f for f in facts if f.soort == "verwijderd" and (n := _gemeente_fact(f))}
    added = {n: f for f in facts if f.soort == "toegevoegd" and (n := _gemeente_fact(f))}
    out = []
    for fact in facts:
        naam = _gemeente_fact(fact)
        if naam is None or naam not in removed or naam not in added:
            out.append(fact)
            continue
        if fact.soort == "verwijderd":
            continue
        before = removed[naam]
        schema = {"properties": {**_props(before.schema), **_props(fact.schema)}}
        walker = _Walker(fact.doc, fact.bestand, f"Gemeente {naam}")
        walker.fact("verplaatst", (f"gemeente {naam}",), fact.path, _where(before),
                    _where(fact), {})
        walker.walk_object(schema, before.old, fact.new, (f"gemeente {naam}",), fact.path)
        out += walker.out
    return out


def _where(fact: _Fact) -> str:
    if fact.doc == "regio":
        return "de niet genoemde gemeenten"
    return _lower_first(fact.subject)


# --- phrasing ---------------------------------------------------------------------------------

def _section(fact: _Fact) -> str:
    head = fact.path[0] if fact.path else None
    if fact.doc == "district":
        return _DISTRICT_SECTIONS.get(str(head), "Districten") if head is not None \
            else "Districten"
    if fact.path[:2] == ("regio", "niet_genoemde_gemeenten"):
        return "Gemeenten"
    return _REGIO_SECTIONS.get(str(head), "Overig")


def _subject(fact: _Fact) -> tuple[str, tuple[str, ...]]:
    """Who the fact is about, and the rest of its crumbs."""
    crumbs = fact.crumbs
    if fact.subject.startswith("Gemeente "):
        return fact.subject, crumbs[1:]
    if fact.doc == "district":
        if fact.path[:1] == ("gemeenten",) and len(crumbs) >= 1 and len(fact.path) >= 2:
            return f"{_upper_first(crumbs[0])} ({_lower_first(fact.subject)})", crumbs[1:]
        return fact.subject, crumbs
    if len(fact.path) >= 2 and isinstance(fact.path[1], int):
        return _upper_first(crumbs[0]), crumbs[1:]
    if fact.path[:2] == ("regio", "niet_genoemde_gemeenten") and len(fact.path) >= 3:
        return _upper_first(crumbs[0]), crumbs[1:]
    return _upper_first(crumbs[0]) if crumbs else fact.subject, crumbs[1:]


def _phrase(fact: _Fact, subject: str, rest: tuple[str, ...]) -> str:
    return _change(fact, subject, rest) + (f" ({fact.note})" if fact.note else "")


def _change(fact: _Fact, subject: str, rest: tuple[str, ...]) -> str:
    details = {k: v for k, v in fact.new.items() if k != fact.key} \
        if isinstance(fact.new, dict) else fact.new
    old, new = show(fact.old, fact.schema), show(details, fact.schema)
    where = ", ".join(rest[:-1])
    last = rest[-1] if rest else ""
    head = f"{subject}, {where}" if where else subject
    if fact.soort == "verplaatst":
        return f"{subject}: verplaatst van {fact.old} naar {fact.new}"
    if fact.soort == "hernoemd":
        return f"{head}: {last} {old} {ARROW} {new}"
    if fact.soort == "volgorde":
        return f"{head}: {last} {old} {ARROW} {new}" if last else f"{head}: {old} {ARROW} {new}"
    if not last:  # the subject itself came or went
        if fact.doc == "district" and not fact.path and fact.soort != "gewijzigd":
            return f"{subject} {fact.soort}"  # its gemeenten show under the route
        if fact.soort == "toegevoegd":
            return f"{subject} toegevoegd ({new})" if isinstance(fact.new, (dict, list)) \
                else f"{subject} toegevoegd: {new}"
        if fact.soort == "verwijderd":
            return f"{subject} verwijderd"
        return f"{subject}: {old} {ARROW} {new}"
    if fact.soort == "toegevoegd":
        if isinstance(fact.new, dict):
            return f"{head}: {last} toegevoegd ({new})"
        return f"{head}: {last} toegevoegd: {new}"
    if fact.soort == "verwijderd":
        if isinstance(fact.old, dict):
            return f"{head}: {last} verwijderd"
        return f"{head}: {last} verwijderd (was: {old})"
    return f"{head}: {last}: {old} {ARROW} {new}"


def _text_value(value: Any, schema: Schema) -> str | None:
    return None if value is None else show(value, schema)


def _wijzigingen(facts: list[_Fact]) -> list[Wijziging]:
    out = []
    for number, fact in enumerate(facts):
        subject, rest = _subject(fact)
        melding = _phrase(fact, subject, rest)
        out.append((SECTIES.index(_section(fact)), subject.casefold(), number,
                    Wijziging(fact.soort, _section(fact), subject, fact.bestand,
                              dotted(fact.path) if fact.path else "(bestand)",
                              _text_value(fact.old, fact.schema),
                              _text_value(fact.new, fact.schema), melding)))
    return [w for *_, w in sorted(out, key=lambda t: t[:3])]


# --- route impact -----------------------------------------------------------------------------

def signal_view(register: RegisterModel, gemeente: str) -> dict[str, str]:
    """Where signals from ``gemeente`` go and whom to call, as aspect -> text.

    Everything that depends on the route model is here: a gemeente is listed under "Gevolgen
    voor de route" exactly when this view changes. An empty view: not in the register."""
    found = next((g for g in register.alle_gemeenten() if g.naam == gemeente), None)
    if found is None:
        if any(g.naam == gemeente for g in register.niet_genoemd):
            return {"register": "niet genoemde gemeente, zonder route"}
        return {}
    district = register.districten[found.district or ""]

    def contacts(ids: Any) -> str:
        known = [register.contacten[c] for c in ids if c in register.contacten]
        return ", ".join(f"{c.naam} ({c.telefoon})" for c in known) or ONBEKEND

    route = register.signaalroute
    acuut, landelijk = route.bij_acuut_gevaar, route.ook_melden
    doorgeven = [register.organisatie_naam(i) if kind == "organisatie"
                 else register.partner_naam(i)
                 for s in route.stappen if s.rol == "doorgeven" for kind, i in s.aan]
    view = {
        "district": district.naam,
        "zorgcoördinatie": ", ".join(register.organisatie_naam(o)
                                     for o in district.zorgcoordinatie) or ONBEKEND,
        "aandachtsfunctionaris": ("elke gemeente in het district heeft er een"
                                  if district.aandachtsfunctionaris_per_gemeente else ONBEKEND),
        "doorgeven aan": ", ".join(doorgeven) or ONBEKEND,
        "bij acuut gevaar": contacts(acuut.contacten if acuut else ()),
        "landelijke meldpunten": contacts(landelijk.contacten if landelijk else ()),
    }
    for vorm in register.vormen.values():
        who = [register.partner_naam(p) for p in vorm.partners]
        called = contacts(vorm.contacten) if vorm.contacten else ""
        if who or called:
            view[f"bij {vorm.naam.lower()}"] = ", ".join([*who, *([called] if called else [])])
    return view


def _names(register: RegisterModel) -> list[str]:
    return [g.naam for g in register.alle_gemeenten()] + [g.naam for g in register.niet_genoemd]


def _who(names: list[str], old: RegisterModel, new: RegisterModel) -> str:
    if len(names) == 1:
        return names[0]
    districts = set()
    for register in (new, old):
        for g in register.alle_gemeenten():
            if g.naam in names:
                districts.add(register.districten[g.district or ""].naam)
        if districts:
            break
    where = f" van {next(iter(districts))}" if len(districts) == 1 else ""
    return f"{len(names)} gemeenten{where}"


def _route_text(changes: tuple[tuple[str, str | None, str | None], ...]) -> str:
    before = {aspect: old for aspect, old, _ in changes}
    after = {aspect: new for aspect, _, new in changes}
    parts = []
    if before.get("district") is None and after.get("district") is not None:
        details = "; ".join(f"{a}: {v}" for a, v in after.items()
                            if a in ("district", "zorgcoördinatie") and v)
        return f"krijgen voor het eerst een route ({details})"
    if before.get("district") is not None and after.get("district") is None:
        details = "; ".join(f"{a}: {v}" for a, v in before.items()
                            if a in ("district", "zorgcoördinatie") and v)
        return f"krijgen geen route meer (was: {details})"
    for aspect, old, new in changes:
        if aspect == "district":
            parts.append(f"verplaatst van district {old} naar district {new}")
        else:
            parts.append(f"{aspect}: {old or '(geen)'} {ARROW} {new or '(geen)'}")
    return "; ".join(parts)


def _fellows(register: RegisterModel) -> dict[str, frozenset[str]]:
    """Each gemeente -> the gemeenten of its district (itself included)."""
    out = {}
    for ident in register.districten:
        names = frozenset(g.naam for g in register.districten[ident].gemeenten)
        out.update(dict.fromkeys(names, names))
    return out


def route_changes(old: RegisterModel, new: RegisterModel) -> list[RouteWijziging]:
    """Gemeenten whose signals go elsewhere or who call someone else, grouped by change."""
    names = sorted(set(_names(old)) | set(_names(new)), key=lambda n: (n.casefold(), n))
    before, after = _fellows(old), _fellows(new)
    grouped: dict[tuple[tuple[str, str | None, str | None], ...], list[str]] = {}
    for naam in names:
        a, b = signal_view(old, naam), signal_view(new, naam)
        if naam in before and before.get(naam) == after.get(naam):
            b["district"] = a.get("district", "")  # a renamed district sends nowhere else
        keys = [*a, *(k for k in b if k not in a)]
        changes = tuple((k, a.get(k), b.get(k)) for k in keys
                        if a.get(k) != b.get(k) and k != "register")
        if changes:
            grouped.setdefault(changes, []).append(naam)
    out = []
    for changes, gemeenten in grouped.items():
        wie, wat = _who(gemeenten, old, new), _route_text(changes)
        listed = f" ({', '.join(gemeenten)})" if len(gemeenten) > 1 else ""
        joint = " " if wat.startswith("krijgen ") else ": "
        out.append(RouteWijziging(
            gemeenten, [{"aspect": k, "oud": o, "nieuw": n} for k, o, n in changes], wie,
            wat, f"Signalen uit {wie}{listed}{joint}{wat}"))
    return sorted(out, key=lambda r: (r.melding.casefold(), r.melding))


# --- the whole comparison ---------------------------------------------------------------------

def _default_schemas() -> tuple[Schema, Schema]:
    from mhcli.location import bundled_schemas
    from mhcli.validation import load_schemas

    schemas = load_schemas(bundled_schemas())
    assert schemas.regio is not None and schemas.district is not None  # shipped and tested
    return schemas.regio, schemas.district


def compare(old: LoadedRegister, new: LoadedRegister, old_label: str, new_label: str,
            schemas: tuple[Schema, Schema] | None = None,
            waarschuwingen: list[str] | None = None) -> Verschil:
    """The meaning of the change from ``old`` to ``new`` (parsed documents, valid or not);
    the labels name the two sides for people ('HEAD~1', 'werkmap').

    ``schemas``: the regio and district schema that guide and name the comparison (default:
    the bundled ones)."""
    regio_schema, district_schema = schemas or _default_schemas()
    notes = list(waarschuwingen or [])
    old, new = _readable(old, new, old_label, notes), _readable(new, old, new_label, notes)
    facts = _facts(old, new, regio_schema, district_schema)
    return Verschil(old_label, new_label, _wijzigingen(facts),
                    route_changes(build(old), build(new)), notes)


def _readable(side: LoadedRegister, other: LoadedRegister, label: str,
              notes: list[str]) -> LoadedRegister:
    """``side`` with each file that exists there but could not be parsed taken from ``other``,
    so that a YAML error reads as 'not compared', never as 'everything in it was removed'."""
    regio = side.regio
    if regio is None and other.regio is not None:
        notes.append(f"regio.yaml in {label} kon niet gelezen worden en is niet vergeleken.")
        regio = other.regio
    parsed = {stem for stem, _ in side.districten}
    districten = list(side.districten)
    for stem, doc in other.districten:
        if stem in side.district_files and stem not in parsed:
            notes.append(f"districten/{stem}.yaml in {label} kon niet gelezen worden en is niet "
                         "vergeleken.")
            districten.append((stem, doc))
    return side._replace(regio=regio, districten=districten)


def iter_leaves(schema: Schema, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every leaf property path of a schema; '[]' stands for 'an item of this list'."""
    props = _props(schema)
    if props:
        for key, sub in props.items():
            yield from iter_leaves(sub, (*path, key))
        return
    items = _items_schema(schema)
    if _props(items):
        yield from iter_leaves(items, (*path, "[]"))
        return
    yield path
