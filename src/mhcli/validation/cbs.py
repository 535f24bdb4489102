"""Gemeenten against the CBS list: a code the list knows, and the name the list gives it.

The list ships with mhcli (README, 'Referentiegegevens'). A code that belongs to another gemeente
is an error: a lookup by code would answer for the wrong one.
"""

from __future__ import annotations

from mhcli import places
from mhcli.findings import FOUT, WAARSCHUWING
from mhcli.names import normalize
from mhcli.validation.context import Context, Regel

CBS_ONBEKEND = Regel(
    "cbs-onbekend", WAARSCHUWING, "CBS-code niet in de CBS-lijst",
    "De code staat niet in de CBS-lijst die met mhcli wordt meegeleverd. Controleer de code bij "
    "het CBS; de code kan nieuwer zijn dan de lijst.")
CBS_NAAM = Regel(
    "cbs-naam", FOUT, "Naam hoort niet bij de CBS-code",
    "De CBS-code hoort bij een gemeente met een andere naam: een vraag op code zou naar de "
    "verkeerde gemeente gaan. Schrijf de naam zoals het CBS (de gewone vorm, 'Middelburg' voor "
    "'Middelburg (Z.)', mag ook) of verbeter de code.")

TITEL = "Gemeenten en de CBS-lijst"

REGELS = (CBS_ONBEKEND, CBS_NAAM)


def check(ctx: Context) -> None:
    """Each gemeente in a district file: the code exists, and the name is the CBS name (or its
    plain form) of that code."""
    jaar = places.bron().peiljaar
    for _, doc in ctx.districten:
        data = doc.data if isinstance(doc.data, dict) else {}
        items = data.get("gemeenten")
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            naam, code = item.get("naam"), item.get("cbs_code")
            if not isinstance(naam, str) or not isinstance(code, str):
                continue  # the schema reports these
            ref = places.gemeente_by_code(code)
            if ref is not None and ref.code != code:
                ref = None  # 'GM0716' only, not '0716': the schema says how to write it
            named = [g for g in places.find(naam).gemeenten if g.code != code]
            if ref is None:
                hint = (f"'{naam}' heeft bij het CBS code {named[0].code}" if named
                        else "controleer de code bij het CBS")
                ctx.add(doc, ("gemeenten", i, "cbs_code"), CBS_ONBEKEND,
                        f"CBS-code {code} staat niet in de CBS-lijst van gemeenten ({jaar}); "
                        f"{hint}.")
            elif naam not in (ref.naam, ref.cbs_naam):
                village = any(w.gemeente_code == code for w in places.find(naam).woonplaatsen)
                if named:
                    hint = f"'{naam}' heeft bij het CBS code {named[0].code}; controleer de code"
                elif normalize(naam) in (normalize(ref.naam), normalize(ref.cbs_naam)):
                    hint = f"schrijf '{ref.naam}' zoals het CBS"
                elif village:
                    hint = (f"'{naam}' is een woonplaats in die gemeente; schrijf de "
                            f"gemeentenaam '{ref.naam}'")
                else:
                    hint = f"schrijf '{ref.naam}' of controleer de code"
                ctx.add(doc, ("gemeenten", i, "naam"), CBS_NAAM,
                        f"gemeente '{naam}' heeft CBS-code {code}, maar die code hoort bij "
                        f"'{ref.naam}' (CBS-lijst {jaar}); {hint}.")
