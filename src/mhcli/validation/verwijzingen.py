"""Ids and references: every id in regio.yaml is unique, and every reference names a declared id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mhcli.findings import FOUT
from mhcli.geldigheid import overlap
from mhcli.parsed import Document, dotted
from mhcli.validation.context import Context, Regel

DUBBEL_ID = Regel(
    "dubbel-id", FOUT, "Id komt twee keer voor",
    "Twee items in dezelfde lijst van regio.yaml (partners, organisaties, vormen, contacten, "
    "bronnen, signaalroute.rollen) hebben hetzelfde id; een verwijzing zou niet weten welke "
    "bedoeld is. De melding noemt beide plaatsen; geef een van de twee een ander id.")
ONBEKENDE_VERWIJZING = Regel(
    "onbekende-verwijzing", FOUT, "Verwijzing naar een onbekend id",
    "Een `bron`, `partner`, `organisatie`, `vorm` of een lijst van contacten of organisaties "
    "noemt een id dat niet in de lijst van regio.yaml staat. De melding noemt de ids die wel "
    "bestaan; verbeter de tikfout of voeg het item (met zijn bron) toe.")

TITEL = "Ids en verwijzingen"

REGELS = (DUBBEL_ID, ONBEKENDE_VERWIJZING)

SECTIONS = ("partners", "organisaties", "vormen", "contacten", "bronnen")
_REFERENCE_KEYS = {
    "bron": "bronnen",
    "gemeenten_bron": "bronnen",
    "partner": "partners",
    "organisatie": "organisaties",
    "plaats_bron": "bronnen",
    "cbs_bron": "bronnen",
    "vorm": "vormen",
}
_REFERENCE_LISTS = {
    "partners": "partners",
    "contacten": "contacten",
    "organisaties": "organisaties",
    "coordinatie": "organisaties",
}

Reference = tuple[tuple[Any, ...], str, str]


def declared(ctx: Context, doc: Document, section: str) -> dict[str, tuple[Any, ...]] | None:
    """The ids declared in a list section of regio.yaml and their paths; None when the section
    itself is malformed (then nothing can be said about references to it)."""
    if not isinstance(ctx.get(doc, (section,)), list):
        return None
    found: dict[str, tuple[Any, ...]] = {}
    for i, item in enumerate(doc.data[section]):
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str):
            found.setdefault(ident, (section, i, "id"))
    return found


def _references(data: Any, path: tuple[Any, ...] = ()) -> Iterator[Reference]:
    """Every id that points elsewhere: (path, the section it must be declared in, the id).

    A key names a reference only inside an item; top-level sections such as `partners:` in
    regio.yaml declare rather than refer, so depth 0 lists are skipped."""
    if isinstance(data, dict):
        for key, value in data.items():
            sub = (*path, key)
            if key in _REFERENCE_KEYS and isinstance(value, str):
                yield sub, _REFERENCE_KEYS[key], value
            elif key in _REFERENCE_LISTS and path and isinstance(value, list) \
                    and all(isinstance(v, str) for v in value):
                yield from (((*sub, i), _REFERENCE_LISTS[key], v) for i, v in enumerate(value))
            else:
                yield from _references(value, sub)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _references(item, (*path, i))


def check(ctx: Context) -> None:
    regio = ctx.regio
    if regio is None or not ctx.ok(regio, ()):
        return
    known: dict[str, dict[str, tuple[Any, ...]] | None] = {}
    for section in SECTIONS:
        ids = known[section] = declared(ctx, regio, section)
        seen: dict[str, list[tuple[Any, ...]]] = {}
        for i, item in enumerate(regio.data[section] if ids is not None else []):
            ident = item.get("id") if isinstance(item, dict) else None
            path = (section, i, "id")
            if ids is None or not isinstance(ident, str):
                continue
            # A contact may follow itself on a date (a new number): one id, periods apart.
            earlier = [p for p in seen.get(ident, [])
                       if section != "contacten" or overlap(regio.data[section][p[1]], item)]
            seen.setdefault(ident, []).append(path)
            if earlier:
                ctx.add(regio, path, DUBBEL_ID, f"id '{ident}' staat al in '{section}' "
                        f"({ctx.where(regio, earlier[0])}); elk id is uniek"
                        + (" (in dezelfde periode: zie 'geldig_vanaf' en 'geldig_tot')."
                           if section == "contacten" else "."),
                        zie_ook=(ctx.plek(regio, earlier[0]),))
    for doc in ctx.documents():
        for path, kind, value in _references(doc.data):
            declared_ids = known[kind]
            if declared_ids is None or value in declared_ids or not ctx.ok(doc, path):
                continue
            options = ", ".join(sorted(declared_ids)) or "(geen)"
            ctx.add(doc, path, ONBEKENDE_VERWIJZING,
                    f"{dotted(path)}: '{value}' staat niet in '{kind}' van regio.yaml; bekend "
                    f"zijn: {options}.")
