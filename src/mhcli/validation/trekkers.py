"""Trekkers: an entry for someone who has left office is flagged until a successor is recorded."""

from __future__ import annotations

from datetime import date

from mhcli.findings import WAARSCHUWING
from mhcli.geldigheid import period
from mhcli.names import normalize
from mhcli.parsed import Document
from mhcli.validation.context import Context, Regel, as_date

TREKKER_UIT_FUNCTIE = Regel(
    "trekker-uit-functie", WAARSCHUWING, "Trekker uit functie",
    "De trekker heeft de functie verlaten (`uit_functie.datum` is voorbij) en er staat geen "
    "opvolger met dezelfde functie. Leg de opvolger vast zodra een bron die noemt, of zet "
    "`historisch: true` bij deze trekker. Zie CONTRIBUTING, 'Een nieuwe trekker'.")

TITEL = "Trekkers"

REGELS = (TREKKER_UIT_FUNCTIE,)


def _out_of_office(ctx: Context, doc: Document, i: int) -> date | None:
    """The date trekker ``i`` left office, when that date has passed."""
    datum = as_date(ctx.get(doc, ("trekkers", i, "uit_functie", "datum")))
    return datum if datum is not None and datum <= ctx.vandaag else None


def _same_office(ctx: Context, doc: Document, i: int, j: int) -> bool:
    """Whether trekkers ``i`` and ``j`` hold the same functie (in the same gemeente)."""
    functie = ctx.text(doc, ("trekkers", i, "functie"))
    other = ctx.text(doc, ("trekkers", j, "functie"))
    gemeente = ctx.text(doc, ("trekkers", i, "gemeente"))
    other_gemeente = ctx.text(doc, ("trekkers", j, "gemeente"))
    return (functie is not None and other is not None
            and normalize(functie) == normalize(other)
            and (gemeente is None or other_gemeente is None
                 or normalize(gemeente) == normalize(other_gemeente)))


def _ended(ctx: Context, doc: Document, j: int) -> bool:
    """Whether trekker ``j`` is no longer trekker (its geldig_tot has come)."""
    tot = period(ctx.get(doc, ("trekkers", j)))[1]
    return tot is not None and tot <= ctx.vandaag


def _in_office(ctx: Context, doc: Document, j: int) -> bool:
    return (ctx.get(doc, ("trekkers", j, "historisch")) is not True
            and _out_of_office(ctx, doc, j) is None and not _ended(ctx, doc, j))


def check(ctx: Context) -> None:
    for _, doc in ctx.districten:
        entries = list(ctx.items(doc, ("trekkers",)))
        for i, trekker in entries:
            datum = _out_of_office(ctx, doc, i)
            if datum is None or ctx.get(doc, ("trekkers", i, "historisch")) is True \
                    or _ended(ctx, doc, i):
                continue
            if any(j != i and _in_office(ctx, doc, j) and _same_office(ctx, doc, i, j)
                   for j, _ in entries):
                continue  # a successor is recorded
            naam = trekker.get("volledige_naam") or trekker.get("naam") or "?"
            ctx.add(doc, ("trekkers", i, "uit_functie", "datum"), TREKKER_UIT_FUNCTIE,
                    f"trekker {naam} ({trekker.get('functie', '?')}) heeft die functie op "
                    f"{datum.isoformat()} verlaten; de vermelding is verouderd. Leg de opvolger "
                    "vast zodra een bron die noemt, of zet 'historisch: true' bij deze "
                    "trekker.")
