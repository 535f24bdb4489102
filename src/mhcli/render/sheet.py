"""A small document model (title, prominent notes, sections) that text, markdown and the
terminal renderer each print in their own way; route, gemeente and district are built as one.

A route's sheet marks each text: a ``Bewering`` states a fact and carries the ids of the sources
that say it; a ``Kader`` is the tool's own words (a heading, a label, 'onbekend', how to choose
another role) and states none. A test walks every route's sheet and fails on plain text, so no
sentence that states a fact reaches a reader without its source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


class Bewering(str):
    """Text that states a fact, with the ids of the sources that say it."""

    bronnen: tuple[str, ...]

    def __new__(cls, text: str, bronnen: Iterable[str]) -> Bewering:
        made = super().__new__(cls, text)
        made.bronnen = tuple(dict.fromkeys(bronnen))
        return made


class Kader(str):
    """The tool's own words, which state no fact about the world."""


@dataclass
class Section:
    titel: str
    velden: list[tuple[str, str]] = field(default_factory=list)
    regels: list[str] = field(default_factory=list)
    nadruk: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    titel: str
    ondertitel: str | None = None
    nadruk: list[str] = field(default_factory=list)
    secties: list[Section] = field(default_factory=list)
    regels: list[str] = field(default_factory=list)  # lines under the subtitle, before the notes
