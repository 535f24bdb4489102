"""District files: each is named after its id, and regio.districten lists exactly those files."""

from __future__ import annotations

from mhcli.findings import FOUT
from mhcli.parsed import Document
from mhcli.validation.context import Context, Regel

BESTANDSNAAM = Regel(
    "bestandsnaam", FOUT, "Bestand heet anders dan het district",
    "Een districtbestand heet naar het `id` van het district (`de-baronie.yaml` heeft `id: "
    "de-baronie`). Hernoem het bestand of pas het id aan, en dan ook `regio.districten`.")
DISTRICT_ONTBREEKT = Regel(
    "district-ontbreekt", FOUT, "District zonder bestand",
    "`regio.districten` in regio.yaml noemt een district waarvoor geen bestand "
    "`districten/<id>.yaml` bestaat. Maak het bestand of haal het id uit de lijst.")
DISTRICT_NIET_IN_REGIO = Regel(
    "district-niet-in-regio", FOUT, "District ontbreekt in regio.districten",
    "Er is een districtbestand dat niet in `regio.districten` van regio.yaml staat; voeg het "
    "id daar toe (of haal het bestand weg).")

TITEL = "Districtbestanden"

REGELS = (BESTANDSNAAM, DISTRICT_ONTBREEKT, DISTRICT_NIET_IN_REGIO)


def check(ctx: Context) -> None:
    seen: dict[str, Document] = {}
    for stem, doc in ctx.districten:
        ident = ctx.text(doc, ("id",))
        if ident is None:
            continue
        if ident != stem:
            ctx.add(doc, ("id",), BESTANDSNAAM,
                    f"het district heet '{ident}' maar het bestand '{stem}.yaml'; noem het "
                    f"bestand '{ident}.yaml' of pas het id aan.")
        seen[ident] = doc
    regio = ctx.regio
    order = ctx.get(regio, ("regio", "districten")) if regio else None
    if regio is None or not isinstance(order, list) or not ctx.loaded.district_files:
        return  # no district files at all is a finding of its own
    for i, ident in enumerate(order):
        # A district whose file exists but is broken has its own findings already.
        if isinstance(ident, str) and ctx.ok(regio, ("regio", "districten", i)) \
                and ident not in seen and ident not in ctx.loaded.district_files:
            ctx.add(regio, ("regio", "districten", i), DISTRICT_ONTBREEKT,
                    f"district '{ident}' staat in regio.districten, maar er is geen bestand "
                    f"districten/{ident}.yaml met dat id.")
    for ident, doc in seen.items():
        if ident not in order:
            ctx.add(doc, ("id",), DISTRICT_NIET_IN_REGIO,
                    f"district '{ident}' staat niet in regio.districten van regio.yaml; voeg "
                    "het daar toe.", zie_ook=(ctx.plek(regio, ("regio", "districten")),))
