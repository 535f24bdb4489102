"""Matching names as people type them: case, accents, spaces, hyphens, apostrophes, CBS codes,
postcodes and small typos.

These rules are the one definition of "the same name"; the site's search (site/static/zoek.js)
implements exactly the same ones, and tests/fixtures/namen.tsv holds the inputs that prove both
agree. Change one side only together with the other and that table.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

# Letters that decomposition leaves whole but people type as plain letters.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d",
                       "ı": "i", "ð": "d", "þ": "th"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_SAINT = re.compile(r"(?<![a-z0-9])st(?= )")  # 'St. Willebrord' is 'Sint Willebrord'
_CBS = re.compile(r"^(?:gm)?0*([0-9]{1,4})$")
_POSTCODE = re.compile(r"^([1-9][0-9]{3})(?: ?([a-z]{2}))?$")
MAX_KEY = 80  # longer input is no place name: no fuzzy matching over it


def normalize(text: str) -> str:
    """The words of ``text`` in plain lowercase letters and digits, one space between them:
    '  Bergen-op-Zoom ' -> 'bergen op zoom'; "'s-Hertogenbosch" -> 's hertogenbosch';
    'Zorgcoördinatie' -> 'zorgcoordinatie'; 'St. Willebrord' -> 'sint willebrord'. Anything
    else separates words."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.lower())
        text = "".join(ch for ch in decomposed
                       if not unicodedata.category(ch).startswith("M")).translate(_FOLD)
    words = _NOT_WORD.sub(" ", text.lower()).strip()
    return _SAINT.sub("sint", words) if "st " in words else words


def sleutel(text: str) -> str:
    """The key a place name is matched on: its words without spaces, so that 'bergenopzoom',
    'Bergen op Zoom' and 'Bergen-op-Zoom' are one name."""
    return normalize(text).replace(" ", "")


def cbs_key(text: str) -> str | None:
    """'GM0716', 'gm 716', '0716' and '716' -> 'GM0716'; anything else -> None.

    Four digits without 'GM' that do not start with 0 are a postcode, not a code (see
    ``postcode``): 'GM1655' is gemeente Halderberge, '1655' a postcode in Noord-Holland."""
    compact = sleutel(text)
    if postcode(text) is not None:
        return None
    match = _CBS.match(compact)
    return f"GM{int(match.group(1)):04d}" if match else None


def postcode(text: str) -> str | None:
    """'4691', '4691 AB' and '4691ab' -> '4691' or '4691 AB'; anything else -> None."""
    match = _POSTCODE.match(normalize(text))
    if match is None:
        return None
    return match.group(1) + (f" {match.group(2).upper()}" if match.group(2) else "")


def without_article(normalized: str) -> str:
    return normalized[3:] if normalized.startswith("de ") else normalized


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap two neighbours),
    or ``limit + 1`` as soon as it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


def typo_limit(key: str) -> int:
    """How many typos a key of this length may hold and still be suggested: none below four
    letters, one up to seven, two from eight."""
    return 0 if len(key) < 4 else 1 if len(key) < 8 else 2


def near(query_key: str, keys: Iterable[str], limit: int = 3) -> list[str]:
    """Keys close to ``query_key``, best first: those that start with it (from three letters),
    then by number of typos; ties in the order of ``keys``. Never an answer, only 'bedoelde u'.

    The site's search ranks with the same rule (zoek.js, ``near``)."""
    if not query_key or len(query_key) > MAX_KEY:
        return []
    allowed = typo_limit(query_key)
    scored: list[tuple[int, int, str]] = []
    for order, key in enumerate(keys):
        if key == query_key:
            continue
        if len(query_key) >= 3 and key.startswith(query_key):
            scored.append((0, order, key))
            continue
        distance = edit_distance(query_key, key, allowed) if allowed else 1
        if distance <= allowed:
            scored.append((distance, order, key))
    scored.sort()
    return [key for _, _, key in scored[:limit]]


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
