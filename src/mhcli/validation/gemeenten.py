"""Gemeenten across files: each in one district, each CBS code once, and the stated count."""

from __future__ import annotations

from typing import Any

from mhcli.findings import FOUT, WAARSCHUWING
from mhcli.geldigheid import holds, overlap
from mhcli.names import normalize
from mhcli.parsed import Document
from mhcli.validation.context import Context, Regel

DUBBELE_GEMEENTE = Regel(
    "dubbele-gemeente", FOUT, "Gemeente staat twee keer in het register",
    "Een gemeente hoort bij één district: zij staat in precies één districtbestand, en niet ook "
    "onder `niet_genoemde_gemeenten`. De melding noemt beide plaatsen; haal er een weg. (Een "
    "gemeente die naar een ander district gaat: knip en plak, zie CONTRIBUTING.)")
DUBBELE_CBS_CODE = Regel(
    "dubbele-cbs-code", FOUT, "CBS-code twee keer gebruikt",
    "Twee gemeenten hebben dezelfde CBS-code; een vraag op code zou niet weten welke bedoeld "
    "is. De melding noemt beide plaatsen; een van de twee codes is fout.")
AANTAL_GEMEENTEN = Regel(
    "aantal-gemeenten", WAARSCHUWING, "Genoemd aantal gemeenten wijkt af",
    "`regio.aantal_gemeenten` is het aantal dat de bron noemt; het register somt een ander "
    "aantal op. Zo blijft een eigenaardigheid van de bron zichtbaar (zij noemt 37 gemeenten en "
    "somt er 35 op). Verander het getal alleen als de bron een ander getal noemt.")

TITEL = "Gemeenten over bestanden heen"

REGELS = (DUBBELE_GEMEENTE, DUBBELE_CBS_CODE, AANTAL_GEMEENTEN)

# where, in which district ('' for regio), and the entry (its period: one gemeente may stand
# twice when it changes district on a date)
Seen = tuple[Document, tuple[Any, ...], str, Any]


def check(ctx: Context) -> None:
    names: dict[str, Seen] = {}
    codes: dict[str, Seen] = {}
    total = 0
    complete = len(ctx.districten) == len(ctx.loaded.district_files)  # else the count lies
    for _, doc in ctx.districten:
        district = ctx.text(doc, ("id",)) or "?"
        if not isinstance(ctx.get(doc, ("gemeenten",)), list):
            complete = False
        for i, item in ctx.items(doc, ("gemeenten",)):
            if holds(item, ctx.vandaag):
                total += 1
            _name(ctx, names, doc, ("gemeenten", i), district)
            _code(ctx, codes, doc, ("gemeenten", i))
    regio = ctx.regio
    if regio is None or not isinstance(ctx.get(regio, ("regio",)), dict):
        return
    unnamed = list(ctx.items(regio, ("regio", "niet_genoemde_gemeenten")))
    for i, _item in unnamed:
        _name(ctx, names, regio, ("regio", "niet_genoemde_gemeenten", i), "")
        _code(ctx, codes, regio, ("regio", "niet_genoemde_gemeenten", i))
    stated = ctx.year(regio, ("regio", "aantal_gemeenten"))
    if stated is not None and complete and stated != total:
        message = (f"de bron noemt {stated} gemeenten, het register somt er {total} op "
                   f"(verschil {stated - total}).")
        unnamed_names = [item.get("naam") for _, item in unnamed]
        if unnamed_names and len(unnamed_names) == stated - total:
            message += (" Niet genoemd, vermoedelijk (afgeleid, niet bevestigd): "
                        f"{', '.join(str(n) for n in unnamed_names)}.")
        ctx.add(regio, ("regio", "aantal_gemeenten"), AANTAL_GEMEENTEN, message)


def _name(ctx: Context, names: dict[str, Seen], doc: Document, item: tuple[Any, ...],
          district: str) -> None:
    path = (*item, "naam")
    naam = ctx.text(doc, path)
    if naam is None:
        return
    key = normalize(naam)
    entry = ctx.get(doc, item)
    if key not in names or not overlap(names[key][3], entry):
        names.setdefault(key, (doc, path, district, entry))
        return
    other_doc, other_path, other_district, _ = names[key]
    also = (ctx.where(other_doc, other_path),)
    if not district:
        where = ("staat twee keer onder niet_genoemde_gemeenten" if not other_district
                 else "staat als niet genoemde gemeente, maar ook in een district")
        message = f"'{naam}' {where} ({also[0]})."
    else:
        where = ("in hetzelfde district" if other_district == district
                 else f"ook in district '{other_district}'")
        message = f"'{naam}' staat {where} ({also[0]}). Een gemeente hoort bij één district."
    ctx.add(doc, path, DUBBELE_GEMEENTE, message, zie_ook=(ctx.plek(other_doc, other_path),))


def _code(ctx: Context, codes: dict[str, Seen], doc: Document, item: tuple[Any, ...]) -> None:
    path = (*item, "cbs_code")
    code = ctx.text(doc, path)
    if code is None:
        return
    entry = ctx.get(doc, item)
    if code not in codes or not overlap(codes[code][3], entry):
        codes.setdefault(code, (doc, path, "", entry))
        return
    other_doc, other_path, _, _ = codes[code]
    ctx.add(doc, path, DUBBELE_CBS_CODE,
            f"CBS-code {code} staat ook bij een andere gemeente "
            f"({ctx.where(other_doc, other_path)}); elke code is uniek.",
            zie_ook=(ctx.plek(other_doc, other_path),))
