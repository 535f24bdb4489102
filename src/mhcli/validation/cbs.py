"""Gemeenten against the CBS list: a real code, the name the list gives it, and never a woonplaats.

The list ships with mhcli (README, 'Referentiegegevens'), with the sourced reorganisations newer
than it applied on top (``cbs_wijzigingen.json``). A register cannot add a gemeente the list does
not know: a made-up gemeente would answer for signals from a place it does not cover (a
'Oudenbosch' in Zeeland would take the signals of Oudenbosch, which lies in Halderberge).
"""

from __future__ import annotations

from typing import Any

from mhcli import places
from mhcli.findings import FOUT
from mhcli.names import sleutel
from mhcli.parsed import Document
from mhcli.validation.context import Context, Regel

CBS_ONBEKEND = Regel(
    "cbs-onbekend", FOUT, "CBS-code bestaat niet",
    "De code staat niet in de CBS-lijst die met mhcli wordt meegeleverd (ook niet na de "
    "herindelingen in cbs_wijzigingen.json). Controleer de code bij het CBS. Is de gemeente "
    "nieuwer dan de lijst (een herindeling), dan legt een codewijziging van mhcli die vast in "
    "src/mhcli/referentie/cbs_wijzigingen.json, met bron; zie README, 'Referentiegegevens'.")
CBS_NAAM = Regel(
    "cbs-naam", FOUT, "Naam hoort niet bij de CBS-code",
    "De CBS-code hoort bij een gemeente met een andere naam: een vraag op code zou naar de "
    "verkeerde gemeente gaan. Schrijf de naam zoals het CBS (de gewone vorm, 'Middelburg' voor "
    "'Middelburg (Z.)', mag ook) of verbeter de code. Heet de gemeente na een herindeling "
    "anders, zie dan cbs-onbekend.")
NAAM_IS_WOONPLAATS = Regel(
    "naam-is-woonplaats", FOUT, "Gemeente met de naam van een woonplaats",
    "De naam is geen gemeente maar een woonplaats van een andere gemeente. Signalen uit die "
    "woonplaats horen bij haar eigen gemeente; een gemeente met haar naam zou ze ergens anders "
    "heen sturen. Neem de gemeente op waar de woonplaats bij hoort.")

TITEL = "Gemeenten en de CBS-lijst"

REGELS = (CBS_ONBEKEND, CBS_NAAM, NAAM_IS_WOONPLAATS)

Item = tuple[Document, tuple[Any, ...]]


def _gemeenten(ctx: Context) -> list[Item]:
    """Every gemeente in the register with a name and code: district files, then regio.yaml."""
    found: list[Item] = [(doc, ("gemeenten", i)) for _, doc in ctx.districten
                         for i, _ in ctx.items(doc, ("gemeenten",))]
    if ctx.regio is not None:
        found += [(ctx.regio, ("regio", "niet_genoemde_gemeenten", i))
                  for i, _ in ctx.items(ctx.regio, ("regio", "niet_genoemde_gemeenten"))]
    return found


def check(ctx: Context) -> None:
    items = _gemeenten(ctx)
    if not items:
        return
    jaar = places.bron().peiljaar
    for doc, item in items:
        naam = ctx.text(doc, (*item, "naam"))
        code = ctx.text(doc, (*item, "cbs_code"))
        ref = places.gemeente_by_code(code) if code is not None else None
        found = places.find(naam) if naam is not None else places.Plaatsen()
        named = [g for g in found.gemeenten if g.code != code]
        if code is not None and ref is None:
            hint = (f"'{naam}' heeft bij het CBS code {named[0].code}" if named
                    else "controleer de code bij het CBS")
            ctx.add(doc, (*item, "cbs_code"), CBS_ONBEKEND,
                    f"CBS-code {code} staat niet in de CBS-lijst van gemeenten ({jaar}); "
                    f"{hint}.")
        if naam is None:
            continue
        if not found.gemeenten and any(w.gemeente_code != code for w in found.woonplaatsen):
            owners = [places.gemeente_by_code(w.gemeente_code) for w in found.woonplaatsen]
            shown = " en ".join(f"gemeente {g.naam} ({g.code})" for g in owners if g)
            ctx.add(doc, (*item, "naam"), NAAM_IS_WOONPLAATS,
                    f"'{naam}' is geen gemeente maar een woonplaats van {shown}; een signaal "
                    f"uit {naam} hoort bij die gemeente. Neem de gemeente zelf op, met haar "
                    "CBS-code.")
        elif ref is not None and naam not in (ref.naam, ref.cbs_naam):
            _wrong_name(ctx, (doc, item), naam, ref, named, items, jaar)


def _wrong_name(ctx: Context, this: Item, naam: str, ref: places.RefGemeente,
                named: list[places.RefGemeente], items: list[Item], jaar: int) -> None:
    doc, item = this
    village = any(w.gemeente_code == ref.code for w in places.find(naam).woonplaatsen)
    if named:
        hint = f"'{naam}' heeft bij het CBS code {named[0].code}; controleer de code"
    elif sleutel(naam) in (sleutel(ref.naam), sleutel(ref.cbs_naam)):
        hint = f"schrijf '{ref.naam}' zoals het CBS"
    elif naam in ref.vroegere_namen:
        hint = f"de gemeente heet sinds een herindeling '{ref.naam}'"
    elif village:
        hint = f"'{naam}' is een woonplaats in die gemeente; schrijf de gemeentenaam '{ref.naam}'"
    else:
        hint = f"schrijf '{ref.naam}' of controleer de code"
    # The gemeente the code belongs to may stand elsewhere in the register: name that place.
    owner = next(((d, i) for d, i in items if (d is not doc or i != item)
                  and ctx.text(d, (*i, "naam")) in (ref.naam, ref.cbs_naam)), None)
    also = (ctx.plek(owner[0], (*owner[1], "naam")),) if owner else ()
    where = f"; in het register op {ctx.where(owner[0], (*owner[1], 'naam'))}" if owner else ""
    ctx.add(doc, (*item, "naam"), CBS_NAAM,
            f"gemeente '{naam}' heeft CBS-code {ref.code}, maar die code hoort bij "
            f"'{ref.naam}' (CBS-lijst {jaar}{where}); {hint}.", zie_ook=also)
