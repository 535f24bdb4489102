"""The facts of a change: both registers' parsed documents compared field by field, guided by
the JSON Schemas, so every property the schema allows is compared. List items are matched by
their identity (``id``, ``naam`` or ``titel`` when the item schema requires one, else by
content); an item whose identity changed but whose content did not is a rename, a gemeente
taken from one list and put in another is a move, and a renamed id carries its references.

The words come later (``phrasing``); here a change is a ``Fact``: what kind, where, old, new.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from mhcli.changes.values import (
    ARROW,
    MISSING,
    Path_,
    Schema,
    identity,
    items_schema,
    label,
    lower_first,
    props,
    same,
    show,
    title,
)
from mhcli.parsed import Document, LoadedRegister


class Fact(NamedTuple):
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


def match(old: list[Any], new: list[Any], key: str | None, stable: str | None = None
          ) -> list[_Pair]:
    """Pairs of old and new items: by ``stable`` (a property that stays with the thing
    through a rename: a gemeente's CBS code), by identity, then equal content, then most
    alike (never two items whose ``stable`` values differ).

    Unpaired items come back with the other index None. Deterministic: only list order is
    consulted, never hash order."""
    def value(item: Any, name: str | None) -> str | None:
        found = item.get(name) if name and isinstance(item, dict) else None
        return found if isinstance(found, str) else None

    def content(item: Any) -> dict[Path_, str]:  # the identity left out
        return {p: v for p, v in _leaves(item).items() if p[:1] != (key,)}

    pairs: dict[int, int] = {}  # new index -> old index
    free_old = list(range(len(old)))
    for name in (stable, key):
        if not name:
            continue
        first_old: dict[str, int] = {}
        for i, item in enumerate(old):
            k = value(item, name)
            if k is not None and k not in first_old:
                first_old[k] = i
        for j, item in enumerate(new):
            k = value(item, name)
            if j not in pairs and k is not None and k in first_old and \
                    first_old[k] in free_old:
                pairs[j] = first_old[k]
                free_old.remove(first_old[k])
    for j, item in enumerate(new):  # items without identity, unchanged
        equal = next((i for i in free_old if same(old[i], item)), None) \
            if j not in pairs else None
        if equal is not None:
            pairs[j] = equal
            free_old.remove(equal)
    old_content = {i: content(old[i]) for i in free_old}
    for j, item in enumerate(new):  # the most alike: a rename, or an item edited in place
        if j in pairs or not free_old:
            continue
        mine = content(item)
        mine_stable = value(item, stable)
        candidates = [i for i in free_old if mine_stable is None
                      or value(old[i], stable) in (None, mine_stable)]
        if not candidates:
            continue
        score = {i: _similarity(old_content[i], mine) for i in candidates}
        best = max(candidates, key=lambda i: (score[i], -i))
        if score[best] >= 0.5:
            pairs[j] = best
            free_old.remove(best)
    out = [_Pair(pairs.get(j), j) for j in range(len(new))]
    out += [_Pair(i, None) for i in range(len(old)) if i not in pairs.values()]
    return out


class _Walker:
    def __init__(self, doc: str, bestand: str, subject: str) -> None:
        self.doc, self.bestand, self.subject = doc, bestand, subject
        self.out: list[Fact] = []

    def fact(self, soort: str, crumbs: tuple[str, ...], path: Path_, old: Any, new: Any,
             schema: Schema, key: str | None = None, note: str = "") -> None:
        self.out.append(Fact(soort, self.doc, self.bestand, self.subject, crumbs, path, old,
                              new, schema, key, note))

    def walk(self, schema: Schema, old: Any, new: Any, crumbs: tuple[str, ...],
             path: Path_) -> None:
        if old is not MISSING and new is not MISSING and same(old, new):
            return
        if old is MISSING or new is MISSING:
            soort = "toegevoegd" if old is MISSING else "verwijderd"
            self.fact(soort, crumbs, path, None if old is MISSING else old,
                      None if new is MISSING else new, schema)
        elif isinstance(old, dict) and isinstance(new, dict):
            self.walk_object(schema, old, new, crumbs, path)
        elif isinstance(old, list) and isinstance(new, list) and (
                items_schema(schema).get("type") == "object"
                or any(isinstance(v, dict) for v in (*old, *new))):
            self.walk_list(schema, old, new, crumbs, path)
        else:
            self.fact("gewijzigd", crumbs, path, old, new, schema)

    def walk_object(self, schema: Schema, old: dict[str, Any], new: dict[str, Any],
                    crumbs: tuple[str, ...], path: Path_, skip: str | None = None) -> None:
        known = props(schema)
        keys = [k for k in known if k in old or k in new]
        keys += sorted(str(k) for k in {*old, *new} if k not in known)  # beyond the schema
        for key in keys:
            if key == skip:
                continue
            self.walk(known.get(key, {}), old.get(key, MISSING), new.get(key, MISSING),
                      (*crumbs, lower_first(title(schema, key))), (*path, key))

    def walk_list(self, schema: Schema, old: list[Any], new: list[Any],
                  crumbs: tuple[str, ...], path: Path_) -> None:
        items = items_schema(schema)
        key = identity(items)
        heading = items.get("title")
        noun = lower_first(heading if isinstance(heading, str) else crumbs[-1] if crumbs
                           else "item")
        base = crumbs[:-1]  # the item names itself: 'partner TF-RIEC', not 'partners, ...'
        pairs = match(old, new, key, "cbs_code" if "cbs_code" in props(items) else None)
        kept = [p for p in pairs if p.old_index is not None and p.new_index is not None]
        for pair in pairs:
            if pair.old_index is None:
                assert pair.new_index is not None
                item = new[pair.new_index]
                self.fact("toegevoegd", (*base, f"{noun} {label(items, item, key)}"),
                          (*path, pair.new_index), None, item, items, key)
            elif pair.new_index is None:
                item = old[pair.old_index]
                self.fact("verwijderd", (*base, f"{noun} {label(items, item, key)}"),
                          (*path, pair.old_index), item, None, items)
            else:
                a, b = old[pair.old_index], new[pair.new_index]
                crumb = (*base, f"{noun} {label(items, a, key)}")
                where = (*path, pair.new_index)
                if key and isinstance(a, dict) and isinstance(b, dict) \
                        and not same(a.get(key), b.get(key)):
                    self.fact("hernoemd", (*crumb, lower_first(title(items, key))),
                              (*where, key), a.get(key), b.get(key), props(items).get(key, {}))
                    self.walk_object(items, a, b, crumb, where, skip=key)
                else:
                    self.walk(items, a, b, crumb, where)
        order_old = [p.old_index for p in sorted(kept, key=lambda p: p.old_index or 0)]
        order_new = [p.old_index for p in sorted(kept, key=lambda p: p.new_index or 0)]
        if order_old != order_new:
            self.fact("volgorde", (*crumbs, "volgorde"), path,
                      [label(items, old[i], key) for i in order_old if i is not None],
                      [label(items, old[i], key) for i in order_new if i is not None], {})


def _data(doc: Document | None) -> Any:
    return doc.data if doc is not None else MISSING


def _district_docs(loaded: LoadedRegister) -> list[tuple[str, Any]]:
    """(file stem, data) of every district document, sorted by file name."""
    return sorted(((stem, doc.data) for stem, doc in loaded.districten), key=lambda d: d[0])


def _district_name(stem: str, data: Any) -> str:
    for key in ("naam", "id"):
        if isinstance(data, dict) and isinstance(data.get(key), str):
            return show(data[key])
    return stem


def facts(old: LoadedRegister, new: LoadedRegister, regio_schema: Schema,
           district_schema: Schema) -> list[Fact]:
    out: list[Fact] = []
    a, b = _data(old.regio), _data(new.regio)
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*(k for k in props(regio_schema) if k in a or k in b),
                    *sorted(str(k) for k in {*a, *b} if k not in props(regio_schema))]:
            sub = props(regio_schema).get(key, {})
            heading = title(regio_schema, key)
            walker = _Walker("regio", "regio.yaml", heading)
            walker.walk(sub, a.get(key, MISSING), b.get(key, MISSING), (heading,), (key,))
            out += walker.out
    elif a is not MISSING or b is not MISSING:
        walker = _Walker("regio", "regio.yaml", "Regio")
        walker.walk(regio_schema, a, b, ("regiobestand",), ())
        out += walker.out

    olds, news = _district_docs(old), _district_docs(new)
    pairs = match([d for _, d in olds], [d for _, d in news], identity(district_schema) or "id")
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
            if not same(o[1].get("id"), n[1].get("id")):
                walker.fact("hernoemd", ("id",), ("id",), o[1].get("id"), n[1].get("id"),
                            props(district_schema).get("id", {}),
                            note=f"bestand {moved}" if moved else "")
            elif moved:
                walker.fact("hernoemd", ("bestand",), (), f"districten/{o[0]}.yaml",
                            f"districten/{n[0]}.yaml", {})
            walker.walk_object(district_schema, o[1], n[1], (), (), skip="id")
        else:
            walker.walk(district_schema, o[1], n[1], ("districtbestand",), ())
        out += walker.out
    return _references(_moves(out))


def _references(facts: list[Fact]) -> list[Fact]:
    """A renamed id carries its references: their updates are counted in the rename's line,
    not listed one by one."""
    renames = {f.old: f.new for f in facts if f.soort == "hernoemd" and f.path[-1:] == ("id",)
               and isinstance(f.old, str) and isinstance(f.new, str)}
    if not renames:
        return facts
    counted = dict.fromkeys(renames, 0)

    def follows(fact: Fact) -> str | None:
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


def _gemeente_fact(fact: Fact) -> str | None:
    """Who the gemeente a whole-item fact is about is: its CBS code (a gemeente keeps it
    through a rename), else its name; None when the fact is not about one gemeente."""
    value = fact.new if fact.soort == "toegevoegd" else fact.old
    in_list = (fact.doc == "district" and fact.path[:1] == ("gemeenten",)
               and len(fact.path) == 2) or \
        (fact.doc == "regio" and fact.path[:2] == ("regio", "niet_genoemde_gemeenten")
         and len(fact.path) == 3)
    if in_list and isinstance(value, dict) and isinstance(value.get("naam"), str):
        code = value.get("cbs_code")
        return f"code:{code}" if isinstance(code, str) and code else f"naam:{value['naam']}"
    return None


def _moves(facts: list[Fact]) -> list[Fact]:
    """A gemeente removed from one list and added to another is one move."""
    removed = {n: f for f in facts if f.soort == "verwijderd" and (n := _gemeente_fact(f))}
    added = {n: f for f in facts if f.soort == "toegevoegd" and (n := _gemeente_fact(f))}
    out = []
    for fact in facts:
        key = _gemeente_fact(fact)
        if key is None or key not in removed or key not in added:
            out.append(fact)
            continue
        if fact.soort == "verwijderd":
            continue
        naam = str(fact.new["naam"])
        before = removed[key]
        schema = {"properties": {**props(before.schema), **props(fact.schema)}}
        walker = _Walker(fact.doc, fact.bestand, f"Gemeente {naam}")
        walker.fact("verplaatst", (f"gemeente {naam}",), fact.path, _where(before),
                    _where(fact), {})
        walker.walk_object(schema, before.old, fact.new, (f"gemeente {naam}",), fact.path)
        out += walker.out
    return out


def _where(fact: Fact) -> str:
    if fact.doc == "regio":
        return "de niet genoemde gemeenten"
    return lower_first(fact.subject)


def iter_leaves(schema: Schema, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every leaf property path of a schema; '[]' stands for 'an item of this list'."""
    known = props(schema)
    if known:
        for key, sub in known.items():
            yield from iter_leaves(sub, (*path, key))
        return
    items = items_schema(schema)
    if props(items):
        yield from iter_leaves(items, (*path, "[]"))
        return
    yield path
