"""Register values as people read them: one line per value, items named as people name them,
and the few facts of a JSON Schema (titles, identities) that the comparison needs."""

from __future__ import annotations

import json
from typing import Any

Schema = dict[str, Any]
Path_ = tuple[str | int, ...]

ARROW = "→"
MISSING: Any = object()
_IDENTITIES = ("id", "naam", "titel")
_MAX_LABEL = 60


def same(a: Any, b: Any) -> bool:
    # json text, so that True and 1 (equal in Python) differ, and dict order does not matter.
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True,
                                                                     default=str)


def lower_first(title: str) -> str:
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def props(schema: Schema) -> dict[str, Schema]:
    found = schema.get("properties") if isinstance(schema, dict) else None
    return found if isinstance(found, dict) else {}


def title(schema: Schema, key: str) -> str:
    found = props(schema).get(key, {}).get("title")
    return found if isinstance(found, str) else key


def items_schema(schema: Schema) -> Schema:
    items = schema.get("items") if isinstance(schema, dict) else None
    return items if isinstance(items, dict) else {}


def show(value: Any, schema: Schema | None = None) -> str:
    """A value on one line: lists listed in full, objects as 'titel: waarde; ...'."""
    if value is None or value is MISSING:
        return "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        return " ".join(value.split()) or "(leeg)"
    if isinstance(value, list):
        if not value:
            return "(leeg)"
        items = items_schema(schema or {})
        if all(isinstance(v, dict) for v in value):
            return " | ".join(show(v, items) for v in value)
        return ", ".join(show(v, items) for v in value)
    if isinstance(value, dict):
        if not value:
            return "(leeg)"
        known = props(schema or {})
        order = [k for k in known if k in value]
        order += sorted(k for k in value if k not in order)
        return "; ".join(f"{lower_first(title(schema or {}, k))}: {show(value[k], known.get(k))}"
                         for k in order)
    return str(value)


def shorten(text: str) -> str:
    if len(text) <= _MAX_LABEL:
        return text
    cut = text[:_MAX_LABEL].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut} …"


def required(schema: Schema) -> list[str]:
    found = schema.get("required") if isinstance(schema, dict) else None
    return [r for r in found if isinstance(r, str)] if isinstance(found, list) else []


def identity(items: Schema) -> str | None:
    """The property that identifies an item of this list: id, naam or titel when required."""
    needed = required(items)
    return next((key for key in _IDENTITIES if key in needed), None)


def label(items: Schema, item: Any, key: str | None) -> str:
    """How people name an item: 'TF-RIEC', 'burgemeester Depla', 'Tholen'."""
    if not isinstance(item, dict):
        return shorten(show(item))
    if key == "id":  # names are listed whole
        for name in ("naam", "titel", "id"):
            if isinstance(item.get(name), str):
                return show(item[name])
    if key is not None and isinstance(item.get(key), str):
        return show(item[key])
    needed = required(items)
    parts = [show(item[p]) for p in needed if isinstance(item.get(p), str)]
    for extra in ("naam", "volledige_naam"):
        if extra not in needed and isinstance(item.get(extra), str):
            parts.append(show(item[extra]))
            break
    return shorten(" ".join(parts)) if parts else "(zonder naam)"


