"""Periods (``geldig_vanaf``, ``geldig_tot``): in order, the zorgcoördinatie of a district once on
any day, and no unexplained gaps (mhcli.geldigheid says what the fields mean)."""

from __future__ import annotations

from mhcli.findings import FOUT, WAARSCHUWING
from mhcli.geldigheid import TOT, VANAF, Tijdvak, gaps, overlap, period, tijdvakken
from mhcli.validation.context import Context, Regel

GELDIGHEID_VOLGORDE = Regel(
    "geldigheid-volgorde", FOUT, "Geldig tot ligt niet na geldig vanaf",
    "`geldig_tot` is de eerste dag waarop een feit niet meer geldt; die ligt na `geldig_vanaf`, "
    "de eerste dag waarop het geldt. Verbeter een van de twee datums.")
GELDIGHEID_OVERLAP = Regel(
    "geldigheid-overlap", FOUT, "Zorgcoördinatie twee keer in dezelfde periode",
    "De zorgcoördinatie van een district is een lijst van perioden die elkaar niet overlappen: "
    "geef de oude een `geldig_tot` en de nieuwe een `geldig_vanaf` op dezelfde dag. (Een "
    "gemeente of contact twee keer in dezelfde periode is `dubbele-gemeente`, `dubbele-cbs-code` "
    "of `dubbel-id`.)")
GELDIGHEID_GAT = Regel(
    "geldigheid-gat", WAARSCHUWING, "Een periode ontbreekt",
    "Een gemeente, contact of zorgcoördinatie geldt tot een datum en pas later weer (of een "
    "district heeft een tijd geen trekker tussen twee trekkers in): mhcli antwoordt in die tijd "
    "'onbekend' of zonder. Klopt dat, dan zeggen de bronnen niets over die tijd; anders laat u "
    "`geldig_tot` en het volgende `geldig_vanaf` op dezelfde dag vallen.")

TITEL = "Geldigheid door de tijd"

REGELS = (GELDIGHEID_VOLGORDE, GELDIGHEID_OVERLAP, GELDIGHEID_GAT)

_WHAT = {"gemeente": "gemeente {}", "contact": "contact '{}'",
         "zorgcoordinatie": "de zorgcoördinatie van district '{}'"}


def check(ctx: Context) -> None:
    docs = [ctx.regio, *(doc for _, doc in ctx.districten)]
    well_formed = [ctx.get(d, ()) if d is not None else None for d in docs]
    groups: dict[tuple[str, str], list[Tijdvak]] = {}
    for vak in tijdvakken(well_formed[0], well_formed[1:]):
        groups.setdefault((vak.soort, vak.sleutel), []).append(vak)
    for n, (_, doc) in enumerate(ctx.districten, start=1):
        ident = str(ctx.get(doc, ("id",)) or n)
        for i, t in ctx.items(doc, ("trekkers",)):
            groups.setdefault(("trekkers", ident), []).append(
                Tijdvak("trekkers", ident, ("trekkers", i), n, t))
    for (soort, sleutel), vakken in groups.items():
        for vak in vakken:
            here = docs[vak.document]
            vanaf, tot = period(vak.item)
            if here is not None and vanaf is not None and tot is not None and tot <= vanaf:
                ctx.add(here, (*vak.pad, TOT), GELDIGHEID_VOLGORDE,
                        f"'geldig_tot' ({tot.isoformat()}) ligt niet na 'geldig_vanaf' "
                        f"({vanaf.isoformat()}); 'geldig_tot' is de eerste dag waarop het niet "
                        "meer geldt.")
        if soort == "zorgcoordinatie":
            for k, a in enumerate(vakken):
                for b in vakken[k + 1:]:
                    first, other = docs[a.document], docs[b.document]
                    if first is not None and other is not None and overlap(a.item, b.item):
                        ctx.add(other, b.pad, GELDIGHEID_OVERLAP,
                                f"de zorgcoördinatie van district '{sleutel}' staat twee keer "
                                f"in dezelfde periode ({ctx.where(first, a.pad)}); geef de oude "
                                "een 'geldig_tot' en de nieuwe een 'geldig_vanaf' op dezelfde "
                                "dag.", zie_ook=(ctx.plek(first, a.pad),))
        for begin, einde in gaps([v.item for v in vakken]):
            later = next(v for v in vakken if period(v.item)[0] == einde)
            then = docs[later.document]
            what = (f"district '{later.sleutel}' heeft geen trekker" if soort == "trekkers"
                    else f"{_WHAT[soort].format(sleutel)} ontbreekt")
            if then is not None:
                ctx.add(then, (*later.pad, VANAF), GELDIGHEID_GAT,
                        f"{what} van {begin.isoformat()} tot {einde.isoformat()}: de ene "
                        "periode eindigt voor de volgende begint. Klopt dat, dan is dit een gat "
                        "in de bronnen; anders: laat 'geldig_tot' en 'geldig_vanaf' op dezelfde "
                        "dag vallen.")
