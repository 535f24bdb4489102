"""Names people can trust: no invisible characters, one script, NFC, and no lookalikes.

A register name is read by people and matched by mhcli; a name that looks like another one but
is spelled differently (a zero-width space, a Cyrillic 'Т') would route signals to the wrong
place while reading right. The confusable table is Unicode's (UTS #39), as shipped by the
``confusable-homoglyphs`` package; it is read here directly so that the package's own loader
(which imports urllib and honours a CONFUSABLE_DATA folder from the environment) stays unused.
Imported only while validating.
"""

from __future__ import annotations

import bisect
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from mhcli.names import normalize

# Keys whose text value is a name, and keys whose list items are names.
NAME_KEYS = frozenset({"naam", "volledige_naam", "plaats", "gemeente", "woonplaats"})
NAME_LISTS = frozenset({"woonplaatsen", "namen", "aliassen"})

# Invisible besides Unicode's format characters (Cf): controls, separators other than the
# plain space, the combining grapheme joiner, variation selectors and the Hangul fillers.
_INVISIBLE_EXTRA = frozenset({"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"})
_NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED", "Unknown"})
_SCRIPT_NAMES = {"LATIN": "Latijns", "CYRILLIC": "Cyrillisch", "GREEK": "Grieks",
                 "ARMENIAN": "Armeens", "HEBREW": "Hebreeuws", "ARABIC": "Arabisch",
                 "CHEROKEE": "Cherokee"}


@dataclass(frozen=True)
class NameProblem:
    doc: int  # index into the documents given to ``check``
    path: tuple[Any, ...]
    code: str
    message: str
    other: tuple[int, tuple[Any, ...]] | None = None  # the name this one can be mistaken for


def _data(name: str) -> Any:
    return json.loads((resources.files("confusable_homoglyphs") / name).read_bytes())


@cache
def _confusables() -> dict[str, list[dict[str, str]]]:
    data: dict[str, list[dict[str, str]]] = _data("confusables.json")
    return data


@cache
def _scripts() -> tuple[list[int], list[list[int]], list[str]]:
    data = _data("categories.json")
    ranges: list[list[int]] = data["code_points_ranges"]
    return [r[0] for r in ranges], ranges, data["iso_15924_aliases"]


def script(ch: str) -> str:
    starts, ranges, aliases = _scripts()
    i = bisect.bisect_right(starts, ord(ch)) - 1
    if i >= 0 and ranges[i][0] <= ord(ch) <= ranges[i][1]:
        return aliases[ranges[i][2]]
    return "Unknown"


def shown(text: str) -> str:
    """``text`` with every invisible character written as <U+200B>."""
    return "".join(f"<U+{ord(ch):04X}>" if _invisible(ch) else ch for ch in text)


def _invisible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return (category in ("Cf", "Cc", "Zl", "Zp", "Co", "Cn")
            or (category == "Zs" and ch != " ")
            or ch in _INVISIBLE_EXTRA
            or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF)


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip()


def problems_in(name: str) -> Iterator[tuple[str, str]]:
    """(code, message) for each way a single name cannot be trusted."""
    if name.isascii() and name.isprintable():
        return  # one script, composed, nothing hidden
    hidden = [ch for ch in name if _invisible(ch)]
    if hidden:
        yield ("onzichtbaar-teken",
               f"de naam '{shown(name)}' bevat een onzichtbaar teken ({_char_name(hidden[0])}); "
               "typ de naam opnieuw zonder dat teken.")
        return
    if unicodedata.normalize("NFC", name) != name:
        yield ("naam-niet-nfc",
               f"de naam '{name}' staat niet in NFC-vorm (een letter met een los accent); "
               "typ de letters met accent opnieuw of sla het bestand op als NFC.")
    scripts: dict[str, str] = {}
    for ch in name:
        if ch.isalpha():
            scripts.setdefault(script(ch), ch)
    real = [s for s in scripts if s not in _NEUTRAL_SCRIPTS]
    if len(real) > 1:
        names = " en ".join(_SCRIPT_NAMES.get(s, s.lower()) for s in real)
        odd = next((scripts[s] for s in real if s != "LATIN"), scripts[real[-1]])
        yield ("gemengd-schrift",
               f"de naam '{name}' mengt schriften ({names}): '{odd}' is {_char_name(odd)}; "
               "typ de naam opnieuw in één schrift.")


def _component(ch: str) -> set[str]:
    """Everything UTS #39 calls confusable with ``ch``, directly or through others."""
    table = _confusables()
    seen = {ch}
    todo = [ch]
    while todo:
        for glyph in table.get(todo.pop(), ()):
            other = glyph["c"].strip("\u200e")  # the table wraps right-to-left glyphs in LRMs
            if other and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


class _Skeletons:
    """UTS #39-style skeletons, built only for the characters the names use.

    UTS #39 compares skeletons case-sensitively (capital I and small l look alike, small i and
    small l do not), but a reader does not take case as the difference between two place
    names. So a name has three keys: the skeletons of the name as written, in lower case and in
    upper case, each folded afterwards. 'VIissingen' meets 'Vlissingen' as written, 'Bergen op
    ZOORN' meets 'Bergen op Zoom' in lower case, 'G0es' meets 'Goes' in upper case."""

    def __init__(self, names: list[str]) -> None:
        self.single: dict[str, str] = {}
        self.sequences: dict[str, str] = {}
        for ch in sorted({ch for name in names for form in self._forms(name) for ch in form}):
            if ch in self.single:
                continue
            group = _component(ch)
            chars = sorted(c for c in group if len(c) == 1)
            rep = chars[0] if chars else ch
            for c in chars:
                self.single[c] = rep
            for seq in group:  # 'rn' looks like 'm'
                if len(seq) > 1 and seq.isascii() and seq.isalpha() and seq.islower():
                    self.sequences[seq] = rep
        self.ordered = sorted(self.sequences.items(), key=lambda kv: (-len(kv[0]), kv[0]))

    @staticmethod
    def _forms(name: str) -> tuple[str, ...]:
        spaced = " ".join(name.split())
        return tuple(unicodedata.normalize("NFKD", form)
                     for form in (spaced, spaced.casefold(), spaced.upper()))

    def _skeleton(self, text: str) -> str:
        for seq, rep in self.ordered:
            text = text.replace(seq, rep)
        mapped = "".join(self.single.get(c, c) for c in text)
        return unicodedata.normalize("NFD", mapped).casefold()

    def __call__(self, name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self._skeleton(form) for form in self._forms(name)))


def names_in(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every (path, name) in a document."""
    if isinstance(data, dict):
        for key, value in data.items():
            sub = (*path, key)
            if key in NAME_KEYS and isinstance(value, str):
                yield sub, value
            elif key in NAME_LISTS and isinstance(value, list):
                yield from (((*sub, i), v) for i, v in enumerate(value) if isinstance(v, str))
            else:
                yield from names_in(value, sub)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from names_in(item, (*path, i))


Located = tuple[int, tuple[Any, ...], str]


def check(names: list[Located], where: Callable[[int, tuple[Any, ...]], str]
          ) -> list[NameProblem]:
    """Problems in ``names`` ((document index, path, name), in reading order); ``where`` gives
    the 'file:line:col' of each, for pointing one name at the other it can be mistaken for."""
    found: list[NameProblem] = []
    clean: list[Located] = []
    for doc, path, name in names:
        problems = list(problems_in(name))
        found.extend(NameProblem(doc, path, code, message) for code, message in problems)
        if not problems:
            clean.append((doc, path, name))
    skeleton = _Skeletons([name for _, _, name in clean])
    first: dict[str, Located] = {}
    for item in clean:
        doc, path, name = item
        others = [first.setdefault(key, item) for key in skeleton(name)]
        other = next((o for o in others if o is not item
                      and normalize(o[2]) != normalize(name)), None)
        if other is not None:
            found.append(NameProblem(
                doc, path, "verwisselbare-naam",
                f"de naam '{name}' lijkt op '{other[2]}' ({where(other[0], other[1])}) maar is "
                "anders gespeld; een lezer kan ze verwarren. Gebruik de juiste spelling of kies "
                "een naam die er duidelijk anders uitziet.", (other[0], other[1])))
    return found
