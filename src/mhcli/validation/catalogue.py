"""The catalogue of finding codes: every code `mhcli valideer` can report, with its level, a short
title and help text, gathered from the rule families in the order the documentation shows them.

As yamllint's ``rules/__init__.py``: each family module declares its ``REGELS`` and (for a rule
over the parsed register) a ``check(ctx)``; this module lists the families. docs/regels.md is
generated from it (``python tools/regels.py``; a test keeps it current), and a test checks that
every code the source can emit is here. CONTRIBUTING, 'Een regel toevoegen', says how to add one.
"""

from __future__ import annotations

from types import ModuleType

from mhcli.findings import FOUT
from mhcli.validation import (
    cbs,
    contacten,
    districten,
    geldigheid,
    gemeenten,
    lezen,
    namen,
    plannen,
    signaalroute,
    trekkers,
    uitleg,
    verouderd,
    verwijzingen,
)
from mhcli.validation.context import Regel

# The rules over the parsed register, run in this order (the output is sorted by place).
RULES: tuple[ModuleType, ...] = (verwijzingen, districten, signaalroute, gemeenten, cbs,
                                 contacten, namen, plannen, trekkers, geldigheid, verouderd)
# Every family with codes, as the documentation lists them.
FAMILIES: tuple[ModuleType, ...] = (lezen, uitleg, *RULES)


def _gather() -> dict[str, Regel]:
    found: dict[str, Regel] = {}
    for family in FAMILIES:
        for regel in family.REGELS:
            if regel.code in found:
                raise AssertionError(f"code {regel.code} staat twee keer in de catalogus")
            found[regel.code] = regel
    return found


CATALOGUE: dict[str, Regel] = _gather()


def markdown() -> str:
    """docs/regels.md: every code by family, with its level and what to do."""
    lines = [
        "# Regels van `mhcli valideer`",
        "",
        "<!-- Gemaakt door `python tools/regels.py` uit src/mhcli/validation/catalogue.py; niet "
        "met de hand bewerken. -->",
        "",
        "Elke melding van `mhcli valideer` heeft een code (`[plan-verlopen]`, en `code` in "
        "`--format json`). Een **fout** maakt het register ongeldig: mhcli geeft er dan geen "
        "antwoord uit (afsluitcode 1). Een **waarschuwing** laat het register geldig, behalve "
        "met `--strikt`.",
    ]
    for family in FAMILIES:
        lines += ["", f"## {family.TITEL}", "", "| Code | Niveau | Wat |", "|---|---|---|"]
        lines += [f"| [`{r.code}`](#{r.code}) | {r.niveau} | {r.titel} |"
                  for r in family.REGELS]
        for regel in family.REGELS:
            lines += ["", f"### {regel.code}", "",
                      f"**{'Fout' if regel.niveau == FOUT else 'Waarschuwing'}.** {regel.titel}.",
                      "", regel.hulp]
    return "\n".join(lines) + "\n"
