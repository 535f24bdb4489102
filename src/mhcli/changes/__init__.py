"""What a change to the register means: `mhcli diff`.

Everything that decides an answer is compared: the register (``structure``, worded by
``phrasing``), the schemas (``schemas``) and the reference data (``reference``); and what it
means for the people who ask is the real route before and after (``impact``). ``revisions``
reads both sides from git or the work tree; this module puts the parts together.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mhcli.changes.impact import RouteWijziging
from mhcli.changes.phrasing import SECTIES, Wijziging
from mhcli.changes.structure import iter_leaves
from mhcli.changes.values import ARROW, show

if TYPE_CHECKING:
    from mhcli.parsed import LoadedRegister

__all__ = ["ARROW", "SECTIES", "RouteWijziging", "Verschil", "Wijziging", "compare", "diff",
           "iter_leaves", "show"]


class Verschil(NamedTuple):
    oud: str
    nieuw: str
    wijzigingen: list[Wijziging]
    route: list[RouteWijziging]
    waarschuwingen: list[str]

    @property
    def gewijzigd(self) -> bool:
        return bool(self.wijzigingen or self.route)

    @property
    def gevoelig(self) -> list[Wijziging]:
        """The changes that ask for a second reviewer (route impacts not included)."""
        return [w for w in self.wijzigingen if w.gevoelig]

    def samenvatting(self) -> dict[str, int]:
        # A renamed gemeente is one gemeente, though both its names answer differently.
        gemeenten = {n for r in self.route
                     for n in (r.gemeenten[-1:] if r.aspecten and r.aspecten[0].aspect == "naam"
                               else r.gemeenten)}
        woonplaatsen = {n for r in self.route for n in r.woonplaatsen}
        return {"wijzigingen": len(self.wijzigingen), "gevoelig": len(self.gevoelig),
                "gemeenten": len(gemeenten), "woonplaatsen": len(woonplaatsen)}

    def as_json(self) -> dict[str, Any]:
        """The documented JSON (README, 'diff als JSON'); lists in the order of the text."""
        return {
            "oud": self.oud,
            "nieuw": self.nieuw,
            "gewijzigd": self.gewijzigd,
            "samenvatting": self.samenvatting(),
            "waarschuwingen": list(self.waarschuwingen),
            "route": [r.as_json() for r in self.route],
            "wijzigingen": [w.as_json() for w in self.wijzigingen],
        }


def compare(old: LoadedRegister, new: LoadedRegister, old_label: str, new_label: str,
            schemas: tuple[dict[str, Any], dict[str, Any]] | None = None,
            waarschuwingen: list[str] | None = None, *, route: bool = True) -> Verschil:
    """The meaning of the change from ``old`` to ``new`` (parsed documents, valid or not),
    with the bundled schemas and reference data on both sides; the labels name the two sides
    for people ('HEAD~1', 'werkmap'). For a change in git, see ``diff``.

    ``route=False`` leaves out the route impact: for tests of the field comparison alone."""
    from mhcli.changes.revisions import Side, compare_sides

    return compare_sides(Side.of(old, old_label, schemas), Side.of(new, new_label, schemas),
                         list(waarschuwingen or []), route=route)


def diff(data: Path | str | None, oud: str = "HEAD", nieuw: str | None = None) -> Verschil:
    """What the change from revision ``oud`` to ``nieuw`` (None: the work tree) means: the
    register, its schemas and the reference data, each side read as that revision holds it."""
    from mhcli.changes.revisions import compare_revisions

    return compare_revisions(Path(data) if data is not None else None, oud, nieuw)
