"""One state of everything that decides an answer: the register's files, the schemas that check
them and the reference data (CBS lists), as a folder, a git revision or the git index holds
them; and that state checked, with its own schemas and its own reference data.

`mhcli diff` compares two snapshots; `mhcli valideer --staged` checks the one in the index.
Nothing here runs code from a snapshot: its files are read as data.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from mhcli.findings import WAARSCHUWING, Finding, display_path
from mhcli.location import Location, bundled_schemas
from mhcli.source import MAX_BYTES, RawRegister, read_folder, read_regular

if TYPE_CHECKING:
    from mhcli.gitsource import Repository
    from mhcli.parsed import LoadedRegister
    from mhcli.places import Index
    from mhcli.validation import Schemas

SCHEMA_FILES = ("regio.schema.json", "district.schema.json")
# Where a checkout of mhcli keeps its reference data (a register-only repository has none;
# its snapshots use the installed mhcli's).
REFERENTIE = "src/mhcli/referentie"


class Snapshot(NamedTuple):
    label: str  # 'HEAD~1', 'a1b2c3d', 'werkmap', 'index'
    raw: RawRegister
    schemas: Mapping[str, bytes] | None  # None: those of the installed mhcli
    schemas_folder: str  # how the schema files are named in messages
    referentie: Mapping[str, bytes] | None  # None: that of the installed mhcli
    findings: list[Finding]  # schema or reference files that could not be read


def _folder_files(folder: Path) -> dict[str, bytes]:
    """The regular files directly in ``folder`` (not hidden, at most MAX_BYTES each)."""
    out: dict[str, bytes] = {}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if stat.S_ISREG(os.stat(entry.path).st_mode):
                out[entry.name] = read_regular(Path(entry.path), MAX_BYTES + 1)[0]
        except OSError:
            continue
    return out


def in_folder(location: Location, root: Path | None) -> Snapshot:
    """The register at ``location`` as it is on disk; the reference data of the checkout of
    mhcli at ``root`` when there is one (else the installed)."""
    raw = read_folder(location.data)
    schemas = {name: content for name, content in _folder_files(location.schemas).items()
               if name in SCHEMA_FILES}
    folder = root / REFERENTIE if root is not None else None
    referentie = _folder_files(folder) if folder is not None and folder.is_dir() else None
    return Snapshot("werkmap", raw, schemas, display_path(location.schemas), referentie or None,
                    [])


def at_revision(repository: Repository, revision: str) -> Snapshot:
    """The register, its schemas (``../schemas`` beside it, if both are there) and the
    reference data of an mhcli checkout, as they are at ``revision`` (gitsource.INDEX: as
    staged)."""
    raw = repository.read(revision)
    label = repository.label(revision)
    folder = repository.path("../schemas")
    schemas, findings = repository.read_folder(revision, folder)
    schemas = {n: c for n, c in schemas.items() if n in SCHEMA_FILES}
    chosen = schemas if set(SCHEMA_FILES) <= set(schemas) else None
    referentie, more = repository.read_folder(revision, REFERENTIE)
    shown = folder if label == "index" else f"{label}:{folder}"
    return Snapshot(label, raw, chosen, shown, referentie or None, [*findings, *more])


class Checked(NamedTuple):
    """A snapshot parsed and validated with its own schemas and reference data."""

    snapshot: Snapshot
    loaded: LoadedRegister  # as validated (strict)
    schemas: Schemas
    plaatsen: Index
    findings: list[Finding]
    notes: list[str]  # reference data that could not be read, and what was used instead


_loaded: dict[str, Index] = {}  # by content: the same files give the same Index object


def _load(files: Mapping[str, bytes]) -> Index:
    from hashlib import blake2b

    from mhcli import places

    digest = blake2b(digest_size=16)
    for name in sorted(files):
        digest.update(f"{name}\0{len(files[name])}\0".encode())
        digest.update(files[name])
    key = digest.hexdigest()
    if key not in _loaded:
        if len(_loaded) >= 4:
            _loaded.pop(next(iter(_loaded)))
        _loaded[key] = places.load(files)
    return _loaded[key]


def reference_index(snapshot: Snapshot, fallback: Mapping[str, bytes] | None = None
                    ) -> tuple[Index, list[str]]:
    """The reference data of ``snapshot`` (else the installed); when its files cannot be read,
    those of ``fallback`` (else the installed), with a note that names the file and why."""
    from mhcli import places

    installed = places.read_files(places.DATA)
    files = snapshot.referentie if snapshot.referentie is not None else installed
    try:
        return _load(files), []
    except places.ReferentieOnleesbaar as exc:
        other = fallback if fallback is not None else installed
        note = (f"{REFERENTIE}/{exc.bestand} in {snapshot.label} kon niet gelezen worden "
                f"({exc.reden}); de antwoorden van {snapshot.label} komen daarom uit de "
                "referentiegegevens van de andere kant.")
        try:
            return _load(other), [note]
        except places.ReferentieOnleesbaar:
            return _load(installed), [note]


def schemas_of(snapshot: Snapshot) -> Schemas:
    from mhcli.validation import load_schemas

    if snapshot.schemas is None:
        return load_schemas(bundled_schemas())
    return load_schemas(Path(snapshot.schemas_folder), snapshot.schemas)


def check(snapshot: Snapshot, vandaag: date, *, max_bron_maanden: int = 12,
          schemas: Schemas | None = None, plaatsen: Index | None = None,
          fallback: Mapping[str, bytes] | None = None) -> Checked:
    """Parse and validate ``snapshot`` with its own schemas and reference data (or those
    given: ``mhcli diff`` also checks a register under the other side's schemas)."""
    from mhcli import places
    from mhcli.loading import parse_register
    from mhcli.validation import validate

    notes: list[str] = []
    if plaatsen is None:
        plaatsen, notes = reference_index(snapshot, fallback)
    chosen = schemas if schemas is not None else schemas_of(snapshot)
    loaded = parse_register(snapshot.raw)
    with places.using(plaatsen):
        findings = validate(loaded, chosen, vandaag=vandaag, max_bron_maanden=max_bron_maanden)
    findings += [f._replace(niveau=WAARSCHUWING) for f in snapshot.findings]
    return Checked(snapshot, loaded, chosen, plaatsen, findings, notes)
