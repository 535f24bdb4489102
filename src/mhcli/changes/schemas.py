"""A change to a JSON Schema, as rules: which got stricter, which looser, which changed in a
way no rule of thumb can judge, and which only changed their documentation.

A schema is code that decides what the register may say: a loosened one lets a wrong value in
without a word. Stricter is safe (the register is then checked against it); looser, and
anything whose direction is unknown (a new pattern, a changed ``$ref``), asks for a second
reviewer.
"""

from __future__ import annotations

from typing import Any

from mhcli.changes.phrasing import Wijziging
from mhcli.changes.values import ARROW

STRENGER, RUIMER, ANDERS, TEKST = "strenger", "ruimer", "anders", "tekst"
SECTIE = "Schema's"

_TEXT = frozenset({"title", "description", "examples", "$comment", "default",
                   "markdownDescription", "deprecated", "readOnly", "writeOnly"})
_LOWER_BOUNDS = {"minLength": "minimale lengte", "minItems": "minimaal aantal items",
                 "minProperties": "minimaal aantal sleutels", "minimum": "minimum",
                 "exclusiveMinimum": "minimum (exclusief)", "minContains": "minimaal aantal"}
_UPPER_BOUNDS = {"maxLength": "maximale lengte", "maxItems": "maximaal aantal items",
                 "maxProperties": "maximaal aantal sleutels", "maximum": "maximum",
                 "exclusiveMaximum": "maximum (exclusief)", "maxContains": "maximaal aantal"}
_ADDED_IS_STRICTER = {"pattern": "patroon", "format": "formaat", "const": "vaste waarde",
                      "not": "niet toegestaan", "if": "voorwaarde", "contains": "moet bevatten",
                      "propertyNames": "regels voor sleutelnamen",
                      "dependentRequired": "samen verplicht",
                      "dependentSchemas": "afhankelijke regels"}
_SUBSCHEMAS = ("items", "additionalItems", "contains", "propertyNames", "not", "if", "then",
               "else", "unevaluatedItems", "unevaluatedProperties")
_MAPS = ("properties", "$defs", "definitions", "patternProperties", "dependentSchemas")


def _shown(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else f"{text[:77]}..."


def _types(value: Any) -> set[str] | None:
    if isinstance(value, str):
        return {value, "number"} if value == "integer" else {value}
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return set(value) | ({"number"} if "integer" in value else set())
    return None


class _Walk:
    def __init__(self) -> None:
        self.found: list[tuple[str, str, str, str | None, str | None]] = []  # direction,
        # where, what, old, new

    def add(self, direction: str, where: str, what: str, old: Any = None, new: Any = None
            ) -> None:
        self.found.append((direction, where, what, None if old is None else _shown(old),
                           None if new is None else _shown(new)))

    def walk(self, old: Any, new: Any, where: str) -> None:
        if old == new:
            return
        if not isinstance(old, dict) or not isinstance(new, dict):
            if (old is True and isinstance(new, dict)) or new is False:
                self.add(STRENGER, where, "regels", old, new)
            elif new is True or (old is False and isinstance(new, dict)):
                self.add(RUIMER, where, "regels", old, new)
            else:
                self.add(ANDERS, where, "regels", old, new)
            return
        for key in sorted({*old, *new}, key=str):
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            self.keyword(key, a, b, where, old, new)

    def keyword(self, key: str, a: Any, b: Any, where: str, old: dict[str, Any],
                new: dict[str, Any]) -> None:
        if key in _TEXT:
            self.add(TEKST, where, key, a, b)
        elif key == "required":
            was = {str(x) for x in a} if isinstance(a, list) else set()
            now = {str(x) for x in b} if isinstance(b, list) else set()
            for name in sorted(now - was):
                self.add(STRENGER, where, f"'{name}' verplicht")
            for name in sorted(was - now):
                self.add(RUIMER, where, f"'{name}' niet meer verplicht")
        elif key == "additionalProperties":
            if b is False or (a in (None, True) and isinstance(b, dict)):
                self.add(STRENGER, where, "andere sleutels", a, b)
            elif a is False or b in (None, True):
                self.add(RUIMER, where, "andere sleutels toegestaan", a, b)
            else:
                self.walk(a, b, f"{where} (andere sleutels)")
        elif key == "enum":
            if not isinstance(a, list) or not isinstance(b, list):
                self.add(RUIMER if not isinstance(b, list) else STRENGER, where,
                         "toegestane waarden", a, b)
                return
            gone = [x for x in a if x not in b]
            came = [x for x in b if x not in a]
            if gone:
                self.add(STRENGER, where, "waarden niet meer toegestaan", gone)
            if came:
                self.add(RUIMER, where, "waarden erbij toegestaan", None, came)
        elif key == "type":
            types_a, types_b = _types(a), _types(b)
            if types_a is None or types_b is None:
                self.add(RUIMER if types_b is None else ANDERS, where, "type", a, b)
            elif types_b < types_a:
                self.add(STRENGER, where, "type", a, b)
            elif types_a < types_b:
                self.add(RUIMER, where, "type", a, b)
            else:
                self.add(ANDERS, where, "type", a, b)
        elif key == "uniqueItems":
            self.add(STRENGER if b else RUIMER, where, "elk item uniek", a, b)
        elif key in _LOWER_BOUNDS or key in _UPPER_BOUNDS:
            word = _LOWER_BOUNDS.get(key) or _UPPER_BOUNDS[key]
            lower = key in _LOWER_BOUNDS
            if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
                added = a is None
                self.add(STRENGER if added else RUIMER if b is None else ANDERS, where, word,
                         a, b)
            else:
                self.add(STRENGER if (b > a) == lower else RUIMER, where, word, a, b)
        elif key in _MAPS:
            a_map = a if isinstance(a, dict) else {}
            b_map = b if isinstance(b, dict) else {}
            closed = new.get("additionalProperties") is False
            for name in sorted({*a_map, *b_map}):
                here = f"{where}.{name}" if key == "properties" else f"{where} ({key} {name})"
                if name not in b_map:
                    # Gone from a closed object: the key is no longer allowed at all.
                    self.add(STRENGER if key == "properties" and closed else RUIMER, here,
                             "sleutel niet meer toegestaan" if key == "properties" and closed
                             else "regels weg")
                elif name not in a_map:
                    self.add(RUIMER if key == "properties" and closed else STRENGER, here,
                             "sleutel erbij toegestaan" if key == "properties" and closed
                             else "regels erbij")
                else:
                    self.walk(a_map[name], b_map[name], here)
        elif key in _SUBSCHEMAS and a is not None and b is not None:
            self.walk(a, b, f"{where}[]" if key == "items" else f"{where} ({key})")
        elif key in _ADDED_IS_STRICTER:
            word = _ADDED_IS_STRICTER[key]
            self.add(STRENGER if a is None else RUIMER if b is None else ANDERS, where, word,
                     a, b)
        elif key == "allOf" and isinstance(a, list) and isinstance(b, list):
            self.list_of(a, b, where, key, added=STRENGER, removed=RUIMER)
        elif key == "anyOf" and isinstance(a, list) and isinstance(b, list):
            self.list_of(a, b, where, key, added=RUIMER, removed=STRENGER)
        else:  # $ref, oneOf, $schema, a keyword this module does not know
            self.add(ANDERS, where, key, a, b)

    def list_of(self, a: list[Any], b: list[Any], where: str, key: str, *, added: str,
                removed: str) -> None:
        if len(a) == len(b):
            for number, (x, y) in enumerate(zip(a, b, strict=True), start=1):
                self.walk(x, y, f"{where} ({key} {number})")
            return
        if len(b) > len(a):
            self.add(added, where, f"{key}: {len(a)} {ARROW} {len(b)} onderdelen")
        else:
            self.add(removed, where, f"{key}: {len(a)} {ARROW} {len(b)} onderdelen")


def _phrase(direction: str, where: str, what: str, old: str | None, new: str | None) -> str:
    if old is not None and new is not None:
        change = f"{what}: {old} {ARROW} {new}"
    elif old is not None:
        change = f"{what} weg (was: {old})"
    elif new is not None:
        change = f"{what}: {new}"
    else:
        change = what
    label = {STRENGER: "strenger", RUIMER: "ruimer", ANDERS: "anders, richting onbekend",
             TEKST: "alleen tekst"}[direction]
    return f"{where}: {change} ({label})"


def schema_changes(bestand: str, old: Any, new: Any) -> list[Wijziging]:
    """Every rule of schema ``bestand`` that differs between ``old`` and ``new`` (parsed JSON;
    None: the file is not there)."""
    if old == new:
        return []
    subject = f"Schema {bestand.rsplit('/', 1)[-1].removesuffix('.schema.json')}"
    if old is None or new is None:
        soort = "toegevoegd" if old is None else "verwijderd"
        return [Wijziging(ANDERS, SECTIE, subject, bestand, "(bestand)", None, None,
                          f"{subject} {soort} (anders, richting onbekend)", "schema anders")]
    walker = _Walk()
    walker.walk(old, new, "")
    out = []
    for direction, where, what, before, after in walker.found:
        shown = where.lstrip(".") or "(hoofdniveau)"
        gevoelig = {RUIMER: "schema ruimer", ANDERS: "schema anders"}.get(direction)
        out.append(Wijziging(direction, SECTIE, subject, bestand, shown, before, after,
                             f"{subject}, {_phrase(direction, shown, what, before, after)}",
                             gevoelig))
    order = {RUIMER: 0, ANDERS: 1, STRENGER: 2, TEKST: 3}
    return sorted(out, key=lambda w: (order[w.soort], w.pad))
