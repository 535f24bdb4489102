"""Facts over time: which entries of the register hold on a date, and what changes after it.

Four kinds of entry may carry ``geldig_vanaf`` (the first day it holds) and ``geldig_tot`` (the
first day it no longer holds), as JJJJ-MM-DD: a gemeente in a district file (its membership of
that district), a trekker, the zorgcoördinatie of a district (one object, or a list of them) and
a contact in regio.yaml. An entry without them always holds. One gemeente (by CBS code), one
contact (by id) or the zorgcoördinatie of one district may stand more than once, with periods
that do not overlap; ``tijdvakken`` lists them for ``mhcli valideer``
(mhcli.validation.geldigheid). Plans keep their own
years (``van``, ``tot``).

Every query answers from the entries valid on one date (``op``: today, or ``--op``); an entry
that starts or ends after it is announced ("wijzigt per ...") and takes effect on its date by
itself. Pure standard library: a warm ``mhcli route`` goes through here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

VANAF = "geldig_vanaf"
TOT = "geldig_tot"


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def period(item: Any) -> tuple[date | None, date | None]:
    """(geldig_vanaf, geldig_tot) of an entry; None where it states none (or no date)."""
    if not isinstance(item, dict):
        return None, None
    return _date(item.get(VANAF)), _date(item.get(TOT))


def holds(item: Any, op: date) -> bool:
    vanaf, tot = period(item)
    return (vanaf is None or vanaf <= op) and (tot is None or op < tot)


def overlap(a: Any, b: Any) -> bool:
    """Whether the periods of two entries share a day."""
    (a0, a1), (b0, b1) = period(a), period(b)
    return (a0 is None or b1 is None or a0 < b1) and (b0 is None or a1 is None or b0 < a1)


def _dated(items: list[Any]) -> bool:
    return any(isinstance(i, dict) and (VANAF in i or TOT in i) for i in items)


def _kept(items: Any, op: date) -> Any:
    if not isinstance(items, list) or not _dated(items):
        return items  # the same list: an undated register is not copied
    return [i for i in items if holds(i, op)]


def zorg_entries(data: Any) -> list[Any]:
    """The zorgcoördinatie of a district file as a list of entries (one object is one)."""
    zorg = data.get("zorgcoordinatie") if isinstance(data, dict) else None
    return zorg if isinstance(zorg, list) else [zorg] if zorg is not None else []


def district_on(data: Any, op: date) -> Any:
    """A district file's data with only what holds on ``op`` (the zorgcoördinatie as the one
    object that holds, or none)."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key in ("gemeenten", "trekkers"):
        if key in out:
            out[key] = _kept(out[key], op)
    if isinstance(out.get("zorgcoordinatie"), (list, dict)):
        valid = [z for z in zorg_entries(out) if isinstance(z, dict) and holds(z, op)]
        if valid:
            out["zorgcoordinatie"] = valid[0]
        else:
            del out["zorgcoordinatie"]
    return out


def regio_on(data: Any, op: date) -> Any:
    """regio.yaml's data with only the contacts that hold on ``op``."""
    if not isinstance(data, dict) or "contacten" not in data:
        return data
    kept = _kept(data["contacten"], op)
    return data if kept is data["contacten"] else {**data, "contacten": kept}


class Tijdvak(NamedTuple):
    """One entry of something that may change over time, where it stands, and its period."""

    soort: str  # 'gemeente', 'contact', 'zorgcoordinatie'
    sleutel: str  # CBS code, contact id, district id
    pad: tuple[Any, ...]  # where in its document
    document: int  # index: 0 regio.yaml, 1.. the district files in order
    item: dict[str, Any]


def tijdvakken(regio: Any, districten: list[Any]) -> Iterator[Tijdvak]:
    """Every entry that has an identity over time: gemeenten by CBS code, contacts by id, the
    zorgcoördinatie of each district."""
    if isinstance(regio, dict) and isinstance(regio.get("contacten"), list):
        for i, c in enumerate(regio["contacten"]):
            if isinstance(c, dict) and isinstance(c.get("id"), str):
                yield Tijdvak("contact", str(c["id"]), ("contacten", i), 0, c)
    for n, data in enumerate(districten, start=1):
        if not isinstance(data, dict):
            continue
        for i, g in enumerate(data.get("gemeenten") or []):
            if isinstance(g, dict) and isinstance(g.get("cbs_code"), str):
                yield Tijdvak("gemeente", str(g["cbs_code"]), ("gemeenten", i), n, g)
        zorg = data.get("zorgcoordinatie")
        ident = str(data.get("id") or n)
        if isinstance(zorg, dict):
            yield Tijdvak("zorgcoordinatie", ident, ("zorgcoordinatie",), n, zorg)
        elif isinstance(zorg, list):
            for i, z in enumerate(zorg):
                if isinstance(z, dict):
                    yield Tijdvak("zorgcoordinatie", ident, ("zorgcoordinatie", i), n, z)


def gaps(items: list[dict[str, Any]]) -> list[tuple[date, date]]:
    """The stretches between entries that none covers: (first day uncovered, first day
    covered again), only between a start and an end the entries state."""
    spans = sorted((period(i) for i in items), key=lambda p: (p[0] or date.min))
    out: list[tuple[date, date]] = []
    covered: date | None = date.min
    for vanaf, tot in spans:
        if covered is not None and vanaf is not None and covered != date.min and vanaf > covered:
            out.append((covered, vanaf))
        if covered is None or tot is None:
            covered = None
        elif covered == date.min or tot > covered:
            covered = tot
    return out

