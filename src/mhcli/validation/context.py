"""What every rule works with: the parsed register, the findings so far, and safe access to values.

A rule reads values through ``Context.get``/``text``/``items``, which skip every value that broke
its schema (and what lies below it): a rule never reports a follow-up of a schema error, and an
author still sees every other problem in the same round.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from mhcli.findings import Finding, Plek
from mhcli.parsed import Document, LoadedRegister


class Regel(NamedTuple):
    """One finding code: how bad it is and what to do about it (documented in docs/regels.md)."""

    code: str
    niveau: str  # findings.FOUT or findings.WAARSCHUWING
    titel: str  # a few words, for the documentation's table of contents
    hulp: str  # what it means and what to do, in full sentences


class Context:
    def __init__(self, loaded: LoadedRegister, vandaag: date, max_bron_maanden: int) -> None:
        self.loaded = loaded
        self.vandaag = vandaag
        self.max_bron_maanden = max_bron_maanden
        self.findings: list[Finding] = list(loaded.findings)
        # Per document, the paths of values that broke the schema.
        self.malformed: dict[int, set[tuple[Any, ...]]] = {}

    @property
    def regio(self) -> Document | None:
        return self.loaded.regio

    @property
    def districten(self) -> list[tuple[str, Document]]:
        return self.loaded.districten

    def documents(self) -> list[Document]:
        """regio.yaml first, then the district files, in reading order."""
        return ([self.regio] if self.regio else []) + [doc for _, doc in self.districten]

    def add(self, doc: Document, path: tuple[Any, ...], regel: Regel, message: str, *,
            key: bool = False, zie_ook: tuple[Plek, ...] = ()) -> None:
        pos = doc.position(path, key=key)
        line, col = pos if pos else (None, None)
        self.findings.append(Finding(doc.display, line, col, regel.niveau, regel.code, message,
                                     zie_ook))

    def plek(self, doc: Document, path: tuple[Any, ...]) -> Plek:
        pos = doc.position(path)
        return Plek(doc.display, *(pos if pos else (None, None)))

    def where(self, doc: Document, path: tuple[Any, ...]) -> str:
        """'file:line:col' of the value at ``path``, for a message that names a second place."""
        pos = doc.position(path)
        return f"{doc.display}:{pos[0]}:{pos[1]}" if pos else doc.display

    def ok(self, doc: Document, path: tuple[Any, ...]) -> bool:
        """Whether the value at ``path`` passed the schema (as far as the schema says)."""
        bad = self.malformed.get(id(doc))
        return not bad or not any(path[:end] in bad for end in range(len(path) + 1))

    def get(self, doc: Document, path: tuple[Any, ...]) -> Any:
        """The value at ``path`` if it is there and well-formed, else None."""
        if not self.ok(doc, path):
            return None
        value: Any = doc.data
        for part in path:
            if isinstance(part, int) and isinstance(value, list) and 0 <= part < len(value):
                value = value[part]
            elif isinstance(part, str) and isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        return value

    def items(self, doc: Document, path: tuple[Any, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
        """The mappings in the list at ``path``, with their index; malformed ones left out."""
        value = self.get(doc, path)
        for i, item in enumerate(value if isinstance(value, list) else []):
            if isinstance(item, dict) and self.ok(doc, (*path, i)):
                yield i, item

    def text(self, doc: Document, path: tuple[Any, ...]) -> str | None:
        value = self.get(doc, path)
        return value if isinstance(value, str) else None

    def year(self, doc: Document, path: tuple[Any, ...]) -> int | None:
        value = self.get(doc, path)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def unchecked(self, doc: Document) -> None:
        """No usable schema: no value counts as checked, so the rules skip all of it."""
        self.malformed[id(doc)] = {()}


def as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
