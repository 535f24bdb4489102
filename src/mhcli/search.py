"""Searching every name and text of the register, and saying where each hit stands in words
people use (the district, gemeente or organisation, and the field's title from the schema)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar

from mhcli.names import cbs_key, normalize
from mhcli.parsed import Document, LoadedRegister, dotted

_IDENT = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*(-[a-z0-9]+)*")

# Longer than anyone types: the longest name in the register is under 80 characters and 10
# words. The work per value grows with the words, so a query of 60,000 words took over 30 s.
MAX_CHARS = 200
MAX_WORDS = 12


def query_words(text: str) -> list[str]:
    """The words of a query, normalized, each once. The query is text: a word is found as it
    is (no pattern, no wildcard). Too long a query is a usage error (exit 2)."""
    from mhcli.errors import MhcliError

    if len(text) > MAX_CHARS:
        raise MhcliError(f"de zoektekst is te lang ({len(text)} tekens); zoek met hoogstens "
                         f"{MAX_CHARS} tekens en {MAX_WORDS} woorden.")
    words = list(dict.fromkeys(normalize(text).split()))
    if len(words) > MAX_WORDS:
        raise MhcliError(f"de zoektekst heeft te veel woorden ({len(words)}); zoek met "
                         f"hoogstens {MAX_WORDS} woorden.")
    if not words:
        raise MhcliError("geef een zoektekst met minstens één letter of cijfer.")
    return words


@dataclass(frozen=True)
class Vondst:
    KOLOMMEN: ClassVar = [("waar", "Waar"), ("veld", "Veld"), ("gemarkeerd", "Tekst"),
                          ("plek", "Bestand")]
    bestand: str
    regel: int | None
    kolom: int | None
    waar: str
    veld: str
    pad: str
    tekst: str
    gemarkeerd: str

    @property
    def plek(self) -> str:
        return f"{self.bestand}:{self.regel}" if self.regel else self.bestand

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["gemarkeerd"]
        return data


def _label(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in ("naam", "titel", "functie", "id", "omschrijving"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return None


def _describe(doc: Document, schema: dict[str, Any], path: tuple[Any, ...]
              ) -> tuple[str, str]:
    """('District De Baronie, gemeente Breda', 'Naam') for a path in a district file."""
    where: list[str] = []
    if isinstance(doc.data, dict) and isinstance(doc.data.get("naam"), str) and "id" in doc.data:
        where.append(f"District {doc.data['naam']}")
    node: Any = doc.data
    part: dict[str, Any] = schema
    field = "Document"
    for step in path:
        if isinstance(step, int):
            part = part.get("items", {})
            node = node[step] if isinstance(node, list) and step < len(node) else None
            label = _label(node)
            kind = str(part.get("title", "item")).lower()
            where.append(f"{kind} {label}" if label else f"{kind} {step + 1}")
        else:
            part = part.get("properties", {}).get(step, {})
            node = node.get(step) if isinstance(node, dict) else None
            field = str(part.get("title", step))
    if not where:
        where.append("Regio")
    text = ", ".join(where)
    return text[0].upper() + text[1:], field


def _strings(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(data, dict):
        return [hit for k, v in data.items() for hit in _strings(v, (*path, k))]
    if isinstance(data, list):
        return [hit for i, v in enumerate(data) for hit in _strings(v, (*path, i))]
    if isinstance(data, (str, int)) and not isinstance(data, bool):
        return [(path, str(data))]
    return []


def _mark(value: str, words: list[str]) -> str:
    """Put »…« around each word of ``value`` that holds a search word."""
    out = []
    for word in value.split(" "):
        out.append(f"»{word}«" if any(w in normalize(word) for w in words) else word)
    return " ".join(out)


def zoek(loaded: LoadedRegister, schemas: Path, text: str, folder: str) -> list[Vondst]:
    """Every value that holds all words of ``text`` (any order; case and accents ignored)."""
    words = query_words(text)
    code = cbs_key(text)
    schema = {name: json.loads((schemas / f"{name}.schema.json").read_text(encoding="utf-8"))
              for name in ("regio", "district")}
    docs = [(loaded.regio, schema["regio"])] if loaded.regio else []
    docs += [(d, schema["district"]) for _, d in loaded.districten]
    prefix = folder.rstrip("/") + "/" if folder not in ("", ".") else ""
    hits = []
    for doc, doc_schema in docs:
        if doc is None:
            continue
        for path, value in _strings(doc.data):
            if _IDENT.fullmatch(value):  # an id or a reference to one: not text people read
                continue
            normalized = normalize(value)
            if (words and all(w in normalized for w in words)) or (code and value == code):
                line, col = doc.position(path) or (None, None)
                waar, veld = _describe(doc, doc_schema, path)
                hits.append(Vondst(doc.display.removeprefix(prefix), line, col, waar, veld,
                                   dotted(path), value, _mark(value, words)))
    return hits
