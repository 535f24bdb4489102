"""A small document model (title, prominent notes, sections) that text, markdown and the
terminal renderer each print in their own way; route, gemeente and district are built as one."""

from __future__ import annotations

from dataclasses import dataclass, field


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
