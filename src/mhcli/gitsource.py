"""The register as it was at a git revision, read with git itself: nothing is checked out,
nothing is written."""

import subprocess
from datetime import date
from pathlib import Path
from typing import NamedTuple

from mhcli.errors import GitError
from mhcli.findings import FOUT, Finding, printable_name
from mhcli.source import (
    DISTRICTEN,
    MAX_BYTES,
    MAX_DISTRICT_FILES,
    MAX_TOTAL,
    REGIO,
    RawFile,
    RawRegister,
    register_too_large,
    too_large,
    too_many_files,
)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is niet gevonden; installeer git om registers te vergelijken.") \
            from None


class Change(NamedTuple):
    """A commit that changed the register folder: its hash, date (ISO 8601, as committed) and
    subject line."""

    commit: str
    datum: str
    onderwerp: str


class Repository:
    """The git repository that holds the register folder ``data``."""

    def __init__(self, data: Path) -> None:
        folder = data if data.is_dir() else data.parent
        if not folder.is_dir():
            raise GitError(f"de registermap {data} bestaat niet.")
        done = _git(folder, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise GitError(f"{data} ligt niet in een git-repository; 'mhcli diff' vergelijkt "
                           "revisies van een register onder git.")
        self.root = Path(done.stdout.decode().strip()).resolve()
        try:
            self.prefix = data.resolve().relative_to(self.root).as_posix()
        except ValueError:
            raise GitError(f"{data} ligt buiten de git-repository {self.root}.") from None

    def commit(self, revision: str) -> str:
        """The commit a revision names; a clear error for anything git does not know."""
        if revision.startswith("-"):
            raise GitError(f"onbekende revisie '{revision}'.")
        done = _git(self.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if done.returncode != 0:
            raise GitError(f"onbekende revisie '{revision}': git kent geen commit met die naam. "
                           "Gebruik bijvoorbeeld HEAD, HEAD~1, een tak of een commit-hash.")
        return done.stdout.decode().strip()

    def changes(self) -> list[Change]:
        """Every commit on the first-parent line of HEAD that changed the register folder,
        newest first (a merged branch counts on the day it was merged)."""
        done = _git(self.root, "log", "--first-parent", "-z", "--format=%H%x1f%cI%x1f%s",
                    "HEAD", "--", self._path("") or ".")
        if done.returncode != 0:
            raise GitError("git kan de geschiedenis van het register niet lezen (is er al een "
                           "commit?).")
        out = []
        for entry in done.stdout.decode("utf-8", "replace").split("\0"):
            parts = entry.strip("\n").split("\x1f")
            if len(parts) == 3:
                out.append(Change(*parts))
        return out

    def last_change_on(self, datum: date) -> Change:
        """The register as it stood on ``datum``: the newest change dated that day or before
        (the date as the commit states it, in its own time zone)."""
        changes = self.changes()
        for change in changes:
            if change.datum[:10] <= datum.isoformat():
                return change
        first = f" de eerste commit ervan is van {changes[-1].datum[:10]}" if changes else ""
        raise GitError(f"op {datum.isoformat()} stond het register nog niet in git;"
                       f"{first or ' git kent er geen commit van'}.")

    def _path(self, rel: str) -> str:
        return f"{self.prefix}/{rel}" if self.prefix not in ("", ".") else rel

    def _tree(self, commit: str, rel: str) -> dict[str, tuple[str, str, str]] | None:
        """name -> (mode, type, object id) of the entries of a folder at a commit."""
        listing = _git(self.root, "ls-tree", "-z", f"{commit}:{self._path(rel).rstrip('/')}")
        if listing.returncode != 0:
            return None
        entries: dict[str, tuple[str, str, str]] = {}
        for line in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if "\t" in line:
                meta, name = line.split("\t", 1)
                mode, kind, oid = meta.split()
                entries[name] = (mode, kind, oid)
        return entries

    def _sizes(self, oids: list[str]) -> dict[str, int]:
        """The size of each blob, asked of git before any blob is read."""
        if not oids:
            return {}
        done = subprocess.run(["git", "cat-file", "--batch-check=%(objectname) %(objectsize)"],
                              cwd=self.root, input="".join(f"{o}\n" for o in oids).encode(),
                              capture_output=True, check=False)
        sizes: dict[str, int] = {}
        for line in done.stdout.decode("ascii", "replace").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                sizes[parts[0]] = int(parts[1])
        return sizes

    def _blob(self, oid: str) -> bytes | None:
        done = _git(self.root, "cat-file", "blob", oid)
        return done.stdout if done.returncode == 0 else None

    def read(self, revision: str) -> RawRegister:
        """Every register file at ``revision``; a revision without regio.yaml is an error.

        Git is asked for every blob's size first: a blob over the cap of MAX_BYTES, or a
        revision whose register is over MAX_TOTAL or MAX_DISTRICT_FILES, is a finding, and
        those blobs are never read."""
        commit = self.commit(revision)
        raw = RawRegister(f"{revision}:{self._path('')}".rstrip("/"), [], [], [])
        top = self._tree(commit, "") or {}
        wanted: list[tuple[str, str, str]] = []  # rel, display, oid
        regio = top.get(REGIO)
        if regio is None or regio[1] != "blob":
            raise GitError(f"in revisie '{revision}' staat geen register: "
                           f"{self._path(REGIO)} ontbreekt daar.")
        wanted.append((REGIO, f"{revision}:{self._path(REGIO)}", regio[2]))
        listing = self._tree(commit, DISTRICTEN) if top.get(DISTRICTEN, ("", "", ""))[1] \
            == "tree" else None
        if listing is None:
            raw.findings.append(Finding(f"{revision}:{self._path(DISTRICTEN)}", None, None, FOUT,
                                        "map-ontbreekt", "de map 'districten' ontbreekt in "
                                        "deze revisie."))
        else:
            for name in sorted(listing):
                if not name.endswith(".yaml") or name.startswith("."):
                    continue
                rel = f"{DISTRICTEN}/{name}"
                display = f"{revision}:{printable_name(self._path(rel))}"
                mode, kind, oid = listing[name]
                if printable_name(name) != name:
                    raw.findings.append(Finding(display, None, None, FOUT,
                                                "bestandsnaam-codering", "de bestandsnaam is "
                                                "geen geldige UTF-8; hernoem het bestand."))
                    continue
                raw.district_files.append(name.removesuffix(".yaml"))
                if kind != "blob" or mode == "120000":
                    raw.findings.append(Finding(display, None, None, FOUT, "onleesbaar",
                                                "dit is geen bestand in deze revisie."))
                    continue
                wanted.append((rel, display, oid))
        sizes = self._sizes([oid for _, _, oid in wanted])
        total = sum(min(sizes.get(oid, 0), MAX_BYTES + 1) for _, _, oid in wanted)
        if len(wanted) - 1 > MAX_DISTRICT_FILES or total > MAX_TOTAL:
            raw.findings.append(Finding(raw.label, None, None, FOUT, *(
                ("te-veel-bestanden", too_many_files(len(wanted) - 1))
                if len(wanted) - 1 > MAX_DISTRICT_FILES
                else ("register-te-groot", register_too_large(total, len(wanted))))))
            return raw
        for rel, display, oid in wanted:
            size = sizes.get(oid)
            if size is not None and size > MAX_BYTES:
                raw.findings.append(Finding(display, None, None, FOUT, "te-groot",
                                            too_large(size)))
                continue
            content = self._blob(oid) if size is not None else None
            if content is None:
                raw.findings.append(Finding(display, None, None, FOUT, "onleesbaar",
                                            "git kan dit bestand niet lezen in deze revisie."))
            else:
                raw.files.append(RawFile(rel, display, content[: MAX_BYTES + 1]))
        return raw
