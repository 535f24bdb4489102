"""Both sides of a change, as git (or the work tree) holds them, put side by side.

Each side is read as data only: its register files, its schemas and its reference data, from
git objects or files; each is validated with its own schemas and reference data, and its routes
are answered by a register opened from those bytes (never from the cache, never by checking
anything out). A file that cannot be parsed on one side is named with its error and taken from
the other side, so it reads as 'not compared', never as 'everything in it was removed'.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mhcli.changes import Verschil
from mhcli.changes.impact import route_impact
from mhcli.changes.phrasing import Wijziging, wijzigingen
from mhcli.changes.reference import reference_changes
from mhcli.changes.schemas import SECTIE, schema_changes
from mhcli.changes.structure import facts
from mhcli.findings import Finding
from mhcli.parsed import LoadedRegister
from mhcli.snapshot import SCHEMA_FILES, Snapshot

if TYPE_CHECKING:
    from mhcli.api import Register
    from mhcli.places import Index

Schema = dict[str, Any]


class Side(NamedTuple):
    """One side of a change, parsed (leniently: one bad value does not hide its file)."""

    label: str
    loaded: LoadedRegister
    schemas: dict[str, Any]  # file name -> parsed schema (None: missing or not JSON)
    referentie: Mapping[str, bytes]
    plaatsen: Index | None  # None: the installed reference data
    geldig: bool

    @classmethod
    def of(cls, loaded: LoadedRegister, label: str,
           schemas: tuple[Schema, Schema] | None = None) -> Side:
        """A side from parsed documents, with the bundled schemas (or ``schemas``) and the
        installed reference data; not validated, so its routes are asked as far as possible."""
        from mhcli import places

        regio, district = schemas or _bundled_schemas()
        return cls(label, loaded, dict(zip(SCHEMA_FILES, (regio, district), strict=True)),
                   places.read_files(places.DATA), None, False)


def _bundled_schemas() -> tuple[Schema, Schema]:
    from mhcli.location import bundled_schemas
    from mhcli.validation import load_schemas

    schemas = load_schemas(bundled_schemas())
    assert schemas.regio is not None and schemas.district is not None  # shipped and tested
    return schemas.regio, schemas.district


def _register(loaded: LoadedRegister, side: Side, vandaag: date) -> Register:
    from mhcli.api import Register

    return Register.from_loaded(loaded, vandaag, side.label, plaatsen=side.plaatsen,
                                geldig=side.geldig)


def _why(loaded: LoadedRegister, rel: str) -> str:
    """The first reason a file could not be parsed, as 'regel 3, kolom 5: ...'."""
    for finding in loaded.findings:
        if finding.bestand.endswith(rel):
            where = f"regel {finding.regel}, kolom {finding.kolom}: " \
                if finding.regel is not None and finding.kolom is not None else ""
            return f" ({where}{finding.melding.rstrip('.')})"
    return ""


def _readable(side: LoadedRegister, other: LoadedRegister, label: str,
              notes: list[str]) -> LoadedRegister:
    """``side`` with each file that exists there but could not be parsed taken from ``other``,
    so that a YAML error reads as 'not compared', never as 'everything in it was removed'."""
    regio = side.regio
    if regio is None and other.regio is not None:
        notes.append(f"regio.yaml in {label} kon niet gelezen worden{_why(side, 'regio.yaml')} "
                     "en is niet vergeleken.")
        regio = other.regio
    parsed = {stem for stem, _ in side.districten}
    districten = list(side.districten)
    for stem, doc in other.districten:
        if stem in side.district_files and stem not in parsed:
            rel = f"districten/{stem}.yaml"
            notes.append(f"{rel} in {label} kon niet gelezen worden{_why(side, rel)} en is "
                         "niet vergeleken.")
            districten.append((stem, doc))
    return side._replace(regio=regio, districten=districten)


def _region(*loaded: LoadedRegister) -> set[str]:
    codes: set[str] = set()
    for register in loaded:
        docs = [doc.data for _, doc in register.districten]
        regio = register.regio.data if register.regio is not None else {}
        unnamed = (regio.get("regio") or {}).get("niet_genoemde_gemeenten") \
            if isinstance(regio, dict) and isinstance(regio.get("regio"), dict) else None
        items = [g for d in docs if isinstance(d, dict) for g in d.get("gemeenten") or []]
        items += unnamed if isinstance(unnamed, list) else []
        codes |= {g["cbs_code"] for g in items
                  if isinstance(g, dict) and isinstance(g.get("cbs_code"), str)}
    return codes


def compare_sides(old: Side, new: Side, notes: list[str], extra: list[Wijziging] | None = None,
                  vandaag: date | None = None, *, route: bool = True) -> Verschil:
    """The meaning of the change from ``old`` to ``new``; ``notes`` are said first, ``extra``
    (what a schema change means for validity) goes with the schema changes."""
    from mhcli.clock import today

    when = vandaag or today()
    a = _readable(old.loaded, new.loaded, old.label, notes)
    b = _readable(new.loaded, old.loaded, new.label, notes)
    regio, district = (new.schemas.get(n) or old.schemas.get(n) for n in SCHEMA_FILES)
    if not isinstance(regio, dict) or not isinstance(district, dict):
        regio, district = _bundled_schemas()
    changes = wijzigingen(facts(a, b, regio, district), a, b)
    for name in SCHEMA_FILES:
        changes += schema_changes(f"schemas/{name}", old.schemas.get(name),
                                  new.schemas.get(name))
    changes += extra or []
    changes += reference_changes(old.referentie, new.referentie, _region(a, b))
    impact = route_impact(_register(a, old, when), _register(b, new, when)) if route else []
    return Verschil(old.label, new.label, _ordered(changes), impact, notes)


def _ordered(changes: list[Wijziging]) -> list[Wijziging]:
    # Stable: each part comes sorted already; sections in the order a reviewer reads them.
    from mhcli.changes.phrasing import SECTIES

    return sorted(changes, key=lambda w: SECTIES.index(w.sectie))


def _errors(count: int) -> str:
    return f"{count} fout{'en' if count != 1 else ''}"


def _schema_docs(snapshot: Snapshot) -> dict[str, Any]:
    from mhcli.location import bundled_schemas

    out: dict[str, Any] = {}
    for name in SCHEMA_FILES:
        try:
            content = snapshot.schemas[name] if snapshot.schemas is not None \
                else (bundled_schemas() / name).read_bytes()
            out[name] = json.loads(content)
        except (KeyError, OSError, ValueError, RecursionError):
            out[name] = None
    return out


def _invalid(label: str, findings: list[Finding]) -> str | None:
    errors = [f for f in findings if f.is_error]
    if not errors:
        return None
    first = errors[0]
    return (f"het register in {label} is ongeldig ({_errors(len(errors))}, de eerste: "
            f"{first.location()}: {first.melding.rstrip('.')}); het is vergeleken voor zover "
            "mogelijk.")


def compare_snapshots(old: Snapshot, new: Snapshot, vandaag: date,
                      names: tuple[str, str] | None = None, warnings: tuple[str, ...] = ()
                      ) -> Verschil:
    """Validate both sides with their own schemas and reference data, and compare them;
    ``names``: the revisions as the caller named them (default: the snapshots' labels);
    ``warnings``: said first."""
    from mhcli.loading import parse_register
    from mhcli.snapshot import check

    checked_old = check(old, vandaag, fallback=new.referentie)
    checked_new = check(new, vandaag, fallback=old.referentie)
    notes = [*warnings, *checked_old.notes, *checked_new.notes]
    notes += [w for w in (_invalid(old.label, checked_old.findings),
                          _invalid(new.label, checked_new.findings)) if w]
    extra: list[Wijziging] = []
    if old.schemas != new.schemas:
        extra.append(_validity(checked_new, check(new, vandaag, schemas=checked_old.schemas,
                                                  plaatsen=checked_new.plaatsen), old.label))
    sides = []
    for snapshot, checked in ((old, checked_old), (new, checked_new)):
        sides.append(Side(snapshot.label, parse_register(snapshot.raw, lenient=True),
                          _schema_docs(snapshot), _reference(snapshot), checked.plaatsen,
                          not any(f.is_error for f in checked.findings)))
    verschil = compare_sides(sides[0], sides[1], notes, extra, vandaag)
    return verschil._replace(oud=names[0], nieuw=names[1]) if names else verschil


def _reference(snapshot: Snapshot) -> Mapping[str, bytes]:
    from mhcli import places

    return snapshot.referentie if snapshot.referentie is not None \
        else places.read_files(places.DATA)


def _validity(own: Any, other: Any, old_label: str) -> Wijziging:
    """Whether the new register passes both its own schemas and the old ones."""
    mine = [f for f in own.findings if f.is_error]
    theirs = [f for f in other.findings if f.is_error]
    label = own.snapshot.label
    if not mine and not theirs:
        said, gevoelig = (f"het register in {label} is geldig onder beide versies van de "
                          "schema's"), None
    elif not mine:
        first = theirs[0]
        said = (f"het register in {label} is geldig onder de nieuwe schema's, maar niet onder "
                f"die van {old_label} ({_errors(len(theirs))}, de eerste: {first.location()}: "
                f"{first.melding.rstrip('.')}): het heeft de ruimere regels nodig")
        gevoelig = "schema ruimer"
    elif not theirs:
        said = (f"het register in {label} is geldig onder de schema's van {old_label}, maar "
                f"niet onder de nieuwe ({_errors(len(mine))})")
        gevoelig = None
    else:
        said = (f"het register in {label} is ongeldig onder beide versies van de schema's "
                f"(nieuw: {_errors(len(mine))}, oud: {_errors(len(theirs))})")
        gevoelig = None
    return Wijziging("geldigheid", SECTIE, "Schema's", "schemas", "(geldigheid)", None, None,
                     f"Schema's: {said}.", gevoelig)


def compare_revisions(data: Path | None, oud: str, nieuw: str | None) -> Verschil:
    """The meaning of the change between two git revisions (``nieuw`` None: the work tree)."""
    from mhcli.clock import today
    from mhcli.gitsource import Repository
    from mhcli.location import locate
    from mhcli.snapshot import at_revision, in_folder

    location = locate(data)
    repository = Repository(location.data)
    old = at_revision(repository, oud)
    new = at_revision(repository, nieuw) if nieuw is not None \
        else in_folder(location, repository.root)
    # A diff answers no one: a register others can change is compared, with a warning.
    unsafe = location.unsafe_note()
    return compare_snapshots(old, new, today(), (oud, nieuw or "werkmap"),
                             (unsafe,) if unsafe else ())
