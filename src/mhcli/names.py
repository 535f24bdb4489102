"""Matching names as people type them: case, diacritics, hyphens, stray spaces, CBS codes."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

_SEPARATORS = re.compile(r"[\s\-_./'’`]+")
_CBS = re.compile(r"^(?:gm)?\s*0*([0-9]{1,4})$")


def normalize(text: str) -> str:
    """'  Bergen-op-Zoom ' -> 'bergen op zoom'; 'Zorgcoördinatie' -> 'zorgcoordinatie'."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def cbs_key(text: str) -> str | None:
    """'GM0716', 'gm 716' and '0716' -> 'GM0716'; anything else -> None."""
    match = _CBS.match(normalize(text).replace(" ", ""))
    return f"GM{int(match.group(1)):04d}" if match else None


def without_article(normalized: str) -> str:
    return normalized[3:] if normalized.startswith("de ") else normalized


def suggestions(query: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Names close to ``query``, best first; never a guess that is taken as the answer."""
    by_key: dict[str, str] = {}
    for name in candidates:
        by_key.setdefault(normalize(name), name)
    key = normalize(query)
    # A name whose word starts with what was typed ('hart' -> 'Hart van Brabant') comes first.
    starts = [k for k in by_key if len(key) >= 3 and (k.startswith(key) or
                                                      any(w.startswith(key) for w in k.split()))]
    close = difflib.get_close_matches(key, list(by_key), n=limit, cutoff=0.7)
    return [by_key[k] for k in dict.fromkeys([*sorted(starts), *close])][:limit]


def lookup(query: str, index: dict[str, T]) -> T | None:
    """Find ``query`` in an index keyed by normalized names (and, for districts, without 'de')."""
    key = normalize(query)
    if key in index:
        return index[key]
    return index.get(without_article(key))
