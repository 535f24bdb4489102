"""Plans: the years are in order, and an ended plan without a successor is flagged."""

from __future__ import annotations

from typing import Any

from mhcli.findings import FOUT, WAARSCHUWING
from mhcli.validation.context import Context, Regel

PLAN_JAREN = Regel(
    "plan-jaren", FOUT, "Eindjaar vóór beginjaar",
    "Een plan loopt van `van` tot en met `tot`; het eindjaar ligt hier vóór het beginjaar. "
    "Meestal zijn de twee verwisseld.")
PLAN_VERLOPEN = Regel(
    "plan-verlopen", WAARSCHUWING, "Plan verlopen",
    "Het plan liep tot en met een jaar dat voorbij is, en er staat geen later plan. Leg de "
    "opvolger vast (met zijn bron) zodra een bron die noemt; het oude plan blijft staan. Zie "
    "CONTRIBUTING, 'Een nieuw plan'.")

TITEL = "Plannen"

REGELS = (PLAN_JAREN, PLAN_VERLOPEN)


def check(ctx: Context) -> None:
    for _, doc in ctx.districten:
        plans = [(i, ctx.year(doc, ("plannen", i, "van")), ctx.year(doc, ("plannen", i, "tot")),
                  plan.get("titel", "?"))
                 for i, plan in ctx.items(doc, ("plannen",))]
        for i, van, tot, titel in plans:
            if van is not None and tot is not None and van > tot:
                ctx.add(doc, ("plannen", i, "tot"), PLAN_JAREN,
                        f"plan '{titel}' loopt van {van} tot {tot}: het eindjaar ligt vóór het "
                        "beginjaar.")
            elif tot is not None and tot < ctx.vandaag.year and not any(
                    _later(other, (van, tot)) for j, *other, _ in plans if j != i):
                ctx.add(doc, ("plannen", i, "tot"), PLAN_VERLOPEN,
                        f"plan '{titel}' liep tot en met {tot} en is verlopen; leg een opvolger "
                        "vast zodra een bron die noemt.")


def _later(other: list[Any], plan: tuple[int | None, int]) -> bool:
    """Whether plan ``other`` ([van, tot]) follows a plan that ran ``plan`` (van, tot). A plan
    that ends no later is no successor, even if it began later (Zeeland's uitvoeringsprogramma
    2020-2023 beside its plan van aanpak 2019-2023): both have ended."""
    other_van, other_tot = other
    van, tot = plan
    if other_tot is not None:
        return bool(other_tot > tot)
    return other_van is not None and other_van > (van if van is not None else tot)
