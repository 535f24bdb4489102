"""Where an answer comes from: which register, how it was chosen, its content, its commit."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from mhcli.findings import printable_name
from mhcli.location import MEEGELEVERD, OMGEVING, OPTIE, SCHEMA_FILES, WERKMAP, Location

try:  # the builtin module: hashlib would load OpenSSL, ~5 ms of every query's start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

_SCHEMA_LIMIT = 2 * 1024 * 1024

_HOW = {
    OPTIE: "gekozen met --data",
    OMGEVING: "gekozen met MHCLI_DATA",
    WERKMAP: "gevonden vanaf de huidige map",
    MEEGELEVERD: "meegeleverd met mhcli",
}


@dataclass(frozen=True)
class Herkomst:
    """The register an answer comes from. ``inhoud`` and ``commit`` are worked out when first
    asked for: a query that does not show them pays nothing, and git only ever runs for a
    register that is not the bundled one."""

    pad: str  # the register folder, absolute, printable
    hoe: str  # optie, omgeving, werkmap or meegeleverd
    folder: Path = field(repr=False, compare=False)
    schemas: Path = field(repr=False, compare=False)
    files: tuple[tuple[str, bytes], ...] = field(default=(), repr=False, compare=False)
    # Read from git as known on a date (--zoals-bekend-op): (commit, its date, the date asked).
    git: tuple[str, str, str] | None = None

    @classmethod
    def of(cls, location: Location, files: tuple[tuple[str, bytes], ...],
           git: tuple[str, str, str] | None = None) -> Herkomst:
        """``files``: (path relative to the register folder, bytes) of every register file;
        ``git``: the commit they were read from, as for ``mhcli route --zoals-bekend-op``."""
        try:
            pad = os.path.abspath(location.data)
        except OSError:  # a relative path below a deleted working folder
            pad = str(location.data)
        return cls(printable_name(pad), location.hoe, location.data, location.schemas,
                   tuple(sorted(files)), git)

    def _schema_bytes(self) -> list[tuple[str, bytes | None]]:
        from mhcli.source import read_regular

        out: list[tuple[str, bytes | None]] = []
        for name in SCHEMA_FILES:
            try:
                out.append((name, read_regular(self.schemas / name, _SCHEMA_LIMIT)[0]))
            except OSError:
                out.append((name, None))
        return out

    @cached_property
    def inhoud(self) -> str:
        """'blake2b:' and 16 hex digits over every register file and both schemas."""
        digest = blake2b(digest_size=8)
        for rel, content in self.files:
            digest.update(f"{rel}\0{len(content)}\0".encode("utf-8", "surrogateescape"))
            digest.update(content)
        for name, schema in self._schema_bytes():
            if schema is None:
                digest.update(f"schemas/{name}\0-\0".encode())
            else:
                digest.update(f"schemas/{name}\0{len(schema)}\0".encode())
                digest.update(schema)
        return f"blake2b:{digest.hexdigest()}"

    @cached_property
    def commit(self) -> str | None:
        """HEAD's commit when the folder is in a git work tree and every register file and
        schema there is exactly as in HEAD; else None (also for the bundled register)."""
        if self.git is not None:
            return self.git[0]
        if self.hoe == MEEGELEVERD:
            return None
        try:
            return _commit(self.folder, self.schemas, self.files)
        except (OSError, UnicodeError, ValueError):
            return None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pad": self.pad, "hoe": self.hoe, "inhoud": self.inhoud,
                               "commit": self.commit}
        if self.git is not None:
            out["zoals_bekend_op"] = {"datum": self.git[2], "commit": self.git[0],
                                      "commit_datum": self.git[1]}
        return out

    def as_bundled(self) -> bool:
        """Whether this register says exactly what the bundled one says (same files, same
        schemas): then an answer from it is the bundled answer, wherever it was found."""
        if self.git is not None:
            return False
        if self.hoe == MEEGELEVERD:
            return True
        from mhcli.location import bundled_data, bundled_schemas
        from mhcli.source import read_folder

        try:
            raw = read_folder(bundled_data())
        except Exception:  # a broken installation is simply not the same
            return False
        bundled = Herkomst.of(Location(bundled_data(), bundled_schemas(), MEEGELEVERD),
                              tuple((f.rel, f.content) for f in raw.files))
        return not raw.findings and bundled.inhoud == self.inhoud

    def regel(self) -> str:
        """One Dutch line: 'Register: /pad/data (gekozen met --data)'."""
        line = f"Register: {self.pad} ({_HOW.get(self.hoe, self.hoe)})"
        if self.git is not None:
            line += (f", zoals bekend op {self.git[2]}: commit {self.git[0][:12]} van "
                     f"{self.git[1][:10]}")
        return line


def _git(cwd: Path, *args: str) -> str | None:
    from mhcli.errors import GitError
    from mhcli.gitsource import git

    try:
        done = git(cwd, *args, timeout=10)
    except (GitError, OSError):
        return None
    return done.stdout.decode("utf-8", "surrogateescape") if done.returncode == 0 else None


def _commit(folder: Path, schemas: Path, files: tuple[tuple[str, bytes], ...]) -> str | None:
    import hashlib

    real = Path(os.path.realpath(folder))
    head = _git(real, "rev-parse", "--show-toplevel", "--show-object-format", "HEAD")
    if head is None:
        return None
    top_text, object_format, commit = head.splitlines()[:3]
    top = Path(os.path.realpath(top_text))
    prefix = real.relative_to(top).as_posix()

    def inside(rel: str) -> str:
        return rel if prefix == "." else f"{prefix}/{rel}"

    ours = {inside(rel): content for rel, content in files}
    spec = [inside("regio.yaml"), inside("districten")]
    schema_folder = Path(os.path.realpath(schemas))
    if schema_folder.is_relative_to(top):
        schema_prefix = schema_folder.relative_to(top).as_posix()
        for name in SCHEMA_FILES:
            rel = name if schema_prefix == "." else f"{schema_prefix}/{name}"
            ours[rel] = (schemas / name).read_bytes()
            spec.append(rel)
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *spec)
    if listing is None:
        return None
    districten = inside("districten") + "/"
    theirs: dict[str, str] = {}
    for line in filter(None, listing.split("\0")):
        meta, path = line.split("\t", 1)
        name = path.removeprefix(districten)
        if path.startswith(districten) and ("/" in name or name.startswith(".")
                                            or not name.endswith(".yaml")):
            continue  # not a file mhcli reads
        theirs[path] = meta.split()[2]

    def blob_id(content: bytes) -> str:
        return hashlib.new(object_format, b"blob %d\0" % len(content) + content).hexdigest()

    same = theirs.keys() == ours.keys() and all(
        blob_id(ours[path]) == oid for path, oid in theirs.items())
    return commit if same else None
