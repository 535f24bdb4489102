"""A change in words: each fact of ``structure`` as one Dutch line under the section a
reviewer looks for it in, and whether it asks for a second reviewer."""

from __future__ import annotations

from typing import Any, NamedTuple

from mhcli.changes.structure import Fact
from mhcli.changes.values import ARROW, Schema, lower_first, show, upper_first
from mhcli.parsed import LoadedRegister, dotted

# Sections in the order a reviewer reads them (the route impact and sensitive changes come
# before all of these; see render.diff).
SECTIES = ("Schema's", "Referentiegegevens", "Bestuurlijk", "Gemeenten", "Districten",
           "Regio en programma", "Partners, organisaties en contacten", "Signaalroute",
           "Bronnen", "Overig")
_DISTRICT_SECTIONS = {"trekkers": "Bestuurlijk", "aansturing": "Bestuurlijk",
                      "focus": "Bestuurlijk", "plannen": "Bestuurlijk", "gemeenten": "Gemeenten"}
_REGIO_SECTIONS = {"regio": "Regio en programma", "programma": "Regio en programma",
                   "partners": "Partners, organisaties en contacten",
                   "organisaties": "Partners, organisaties en contacten",
                   "vormen": "Partners, organisaties en contacten",
                   "contacten": "Partners, organisaties en contacten",
                   "signaalroute": "Signaalroute", "bronnen": "Bronnen"}


class Wijziging(NamedTuple):
    """One changed fact, in the words of the schema."""

    soort: str  # toegevoegd, verwijderd, gewijzigd, hernoemd, verplaatst, volgorde; for a
    # schema: strenger, ruimer, anders, tekst
    sectie: str  # one of SECTIES
    onderwerp: str  # "District De Baronie", "Gemeente Tholen", "Partner TF-RIEC"
    bestand: str  # "regio.yaml", "districten/<naam>.yaml" (of the new side when it has one),
    # "schemas/<naam>.schema.json" or "referentie/<naam>"
    pad: str  # where in that file, e.g. "trekkers[2].uit_functie.datum" (items from 1)
    oud: str | None
    nieuw: str | None
    melding: str
    gevoelig: str | None = None  # why it asks for a second reviewer; None: it does not

    def as_json(self) -> dict[str, Any]:
        return self._asdict()


def _section(fact: Fact) -> str:
    head = fact.path[0] if fact.path else None
    if fact.doc == "district":
        return _DISTRICT_SECTIONS.get(str(head), "Districten") if head is not None \
            else "Districten"
    if fact.path[:2] == ("regio", "niet_genoemde_gemeenten"):
        return "Gemeenten"
    return _REGIO_SECTIONS.get(str(head), "Overig")


def _subject(fact: Fact) -> tuple[str, tuple[str, ...]]:
    """Who the fact is about, and the rest of its crumbs."""
    crumbs = fact.crumbs
    if fact.subject.startswith("Gemeente "):
        return fact.subject, crumbs[1:]
    if fact.doc == "district":
        if fact.path[:1] == ("gemeenten",) and len(crumbs) >= 1 and len(fact.path) >= 2:
            return f"{upper_first(crumbs[0])} ({lower_first(fact.subject)})", crumbs[1:]
        return fact.subject, crumbs
    if len(fact.path) >= 2 and isinstance(fact.path[1], int):
        return upper_first(crumbs[0]), crumbs[1:]
    if fact.path[:2] == ("regio", "niet_genoemde_gemeenten") and len(fact.path) >= 3:
        return upper_first(crumbs[0]), crumbs[1:]
    return upper_first(crumbs[0]) if crumbs else fact.subject, crumbs[1:]


def _phrase(fact: Fact, subject: str, rest: tuple[str, ...]) -> str:
    return _change(fact, subject, rest) + (f" ({fact.note})" if fact.note else "")


def _change(fact: Fact, subject: str, rest: tuple[str, ...]) -> str:
    details = {k: v for k, v in fact.new.items() if k != fact.key} \
        if isinstance(fact.new, dict) else fact.new
    old, new = show(fact.old, fact.schema), show(details, fact.schema)
    where = ", ".join(rest[:-1])
    last = rest[-1] if rest else ""
    head = f"{subject}, {where}" if where else subject
    if fact.soort == "verplaatst":
        return f"{subject}: verplaatst van {fact.old} naar {fact.new}"
    if fact.soort == "hernoemd":
        return f"{head}: {last} {old} {ARROW} {new}"
    if fact.soort == "volgorde":
        return f"{head}: {last} {old} {ARROW} {new}" if last else f"{head}: {old} {ARROW} {new}"
    if not last:  # the subject itself came or went
        if fact.doc == "district" and not fact.path and fact.soort != "gewijzigd":
            return f"{subject} {fact.soort}"  # its gemeenten show under the route
        if fact.soort == "toegevoegd":
            return f"{subject} toegevoegd ({new})" if isinstance(fact.new, (dict, list)) \
                else f"{subject} toegevoegd: {new}"
        if fact.soort == "verwijderd":
            return f"{subject} verwijderd"
        return f"{subject}: {old} {ARROW} {new}"
    if fact.soort == "toegevoegd":
        if isinstance(fact.new, dict):
            return f"{head}: {last} toegevoegd ({new})"
        return f"{head}: {last} toegevoegd: {new}"
    if fact.soort == "verwijderd":
        if isinstance(fact.old, dict):
            return f"{head}: {last} verwijderd"
        return f"{head}: {last} verwijderd (was: {old})"
    return f"{head}: {last}: {old} {ARROW} {new}"


def _text_value(value: Any, schema: Schema) -> str | None:
    return None if value is None else show(value, schema)


def wijzigingen(facts: list[Fact], old: LoadedRegister, new: LoadedRegister
                ) -> list[Wijziging]:
    """Each fact as one Dutch line, in the order a reviewer reads them: by section, then by
    subject. ``old`` and ``new`` tell which facts are sensitive (a contact that is 112)."""
    out = []
    for number, fact in enumerate(facts):
        subject, rest = _subject(fact)
        melding = _phrase(fact, subject, rest)
        out.append((SECTIES.index(_section(fact)), subject.casefold(), number,
                    Wijziging(fact.soort, _section(fact), subject, fact.bestand,
                              dotted(fact.path) if fact.path else "(bestand)",
                              _text_value(fact.old, fact.schema),
                              _text_value(fact.new, fact.schema), melding,
                              sensitive(fact, old, new))))
    return [w for *_, w in sorted(out, key=lambda t: t[:3])]


# --- what asks for a second reviewer -------------------------------------------------------

# The reasons, as the summary names them.
NUMMER, ACUUT, ZVH, STAP, GEMEENTE = ("landelijk nummer", "112", "Zorg- en Veiligheidshuis",
                                      "stap van de route", "gemeente")
ZVH_SOORT = "zorg-en-veiligheidshuis"


def _item(loaded: LoadedRegister, path: tuple[Any, ...]) -> Any:
    node: Any = loaded.regio.data if loaded.regio is not None else None
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _acute_contacts(loaded: LoadedRegister) -> set[str]:
    found = _item(loaded, ("signaalroute", "bij_acuut_gevaar", "contacten"))
    return {c for c in found if isinstance(c, str)} if isinstance(found, list) else set()


def sensitive(fact: Fact, old: LoadedRegister, new: LoadedRegister) -> str | None:
    """Why a change asks for a second reviewer (see README "Gevoelige wijzigingen"), or None:
    a national number, 112, a Zorg- en Veiligheidshuis, a route step, a gemeente that goes or
    moves or changes its code."""
    head = fact.path[:1]
    if fact.doc == "regio":
        # The item itself: a removed one is found in the old register (its path counts there),
        # every other in the new one.
        item = _item(old if fact.soort == "verwijderd" else new, fact.path[:2])
        if head == ("contacten",) and len(fact.path) >= 2:
            acute = _acute_contacts(old) | _acute_contacts(new)
            own = item if isinstance(item, dict) else {}
            if "112" in (fact.old, fact.new, own.get("telefoon")) or own.get("id") in acute:
                return ACUUT
            return NUMMER
        if head == ("signaalroute",):
            part = fact.path[1] if len(fact.path) > 1 else None
            return {"bij_acuut_gevaar": ACUUT, "ook_melden": NUMMER}.get(str(part), STAP)
        if head == ("organisaties",) and len(fact.path) >= 2 and (
                (isinstance(item, dict) and item.get("soort") == ZVH_SOORT)
                or ZVH_SOORT in (fact.old, fact.new)):
            return ZVH
        if fact.path[:2] == ("regio", "niet_genoemde_gemeenten") and fact.soort in (
                "verwijderd", "verplaatst") and len(fact.path) == 3:
            return f"{GEMEENTE} {fact.soort}"
        if fact.path[:2] == ("regio", "niet_genoemde_gemeenten") and \
                fact.path[3:] == ("toelichting",):
            return "let op bij een gemeente"  # what 'route' says for it
        return None
    if not fact.path and fact.soort == "verwijderd":
        return "district verwijderd"
    if head == ("zorgcoordinatie",):
        return ZVH
    if head == ("aandachtsfunctionaris_per_gemeente",):
        return STAP
    if head == ("gemeenten",):
        if fact.soort in ("verwijderd", "verplaatst") and len(fact.path) == 2:
            return f"{GEMEENTE} {fact.soort}"
        if fact.path[2:] == ("cbs_code",):
            return "CBS-code van een gemeente"
        if fact.path[2:] == ("toelichting",):
            return "let op bij een gemeente"  # shown on its route
    return None


