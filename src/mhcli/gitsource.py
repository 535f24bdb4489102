"""Files as git holds them, read with git's plumbing: at a revision or in the index (what is
staged). Nothing is checked out, nothing is written. The one place mhcli runs git."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import NamedTuple

from mhcli.errors import GitError, NotInGit
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

INDEX = ":index"  # the revision that means "what is staged"
_FULL_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
SHORT = 7


def git(cwd: Path, *args: str, input: bytes | None = None, timeout: float = 60
        ) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``cwd``: plumbing that only reads objects, the index and refs.

    Pathspecs are literal, file names come back unquoted, and fsmonitor and signature checks
    are off (a repository's own configuration could otherwise start a program, and gpg's text
    would mix with git's). Raises GitError when git is missing or
    does not answer in time."""
    try:
        return subprocess.run(["git", "--literal-pathspecs", "-c", "core.quotePath=false",
                               "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
                               *args], cwd=cwd, input=input,
                              stdin=subprocess.DEVNULL if input is None else None,
                              capture_output=True, check=False, timeout=timeout)
    except FileNotFoundError:
        raise GitError("git is niet gevonden; installeer git om registers te vergelijken.") \
            from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git antwoordde niet binnen {timeout:.0f} seconden.") from None


def short(revision: str) -> str:
    """A full commit hash as people read it (its first 7 digits); anything else as it is."""
    return revision[:SHORT] if _FULL_SHA.fullmatch(revision) else revision


Entry = tuple[str, str, str]  # mode, type (blob or tree), object id


class Change(NamedTuple):
    """A commit that changed the register folder: its hash, date (ISO 8601, as committed) and
    subject line."""

    commit: str
    datum: str
    onderwerp: str

    @property
    def dag(self) -> date | None:
        return day_of(self.datum)


def day_of(datum: str) -> date | None:
    """The day of a commit date as the commit states it; None for a date git holds but no
    calendar does (year 10000, a hand-made commit object)."""
    try:
        return date.fromisoformat(datum[:10])
    except ValueError:
        return None


class Repository:
    """The git repository that holds the register folder ``data``."""

    def __init__(self, data: Path) -> None:
        folder = data if data.is_dir() else data.parent
        if not folder.is_dir():
            raise GitError(f"de registermap {data} bestaat niet.")
        done = git(folder, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise NotInGit(f"{data} ligt niet in een git-repository; 'mhcli diff', "
                           "'mhcli geschiedenis' en --zoals-bekend-op lezen revisies van een "
                           "register onder git.")
        self.root = Path(os.fsdecode(done.stdout.strip())).resolve()
        try:
            self.prefix = data.resolve().relative_to(self.root).as_posix()
        except ValueError:
            raise GitError(f"{data} ligt buiten de git-repository {self.root}.") from None
        self._listed: set[str] = set()  # commits changes() read from git's own log

    def commit(self, revision: str) -> str:
        """The commit a revision names; a clear error for anything git does not know."""
        if revision.startswith("-"):
            raise GitError(f"onbekende revisie '{revision}'.")
        done = git(self.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if done.returncode != 0:
            raise GitError(f"onbekende revisie '{revision}': git kent geen commit met die naam. "
                           "Gebruik bijvoorbeeld HEAD, HEAD~1, een tak of een commit-hash.")
        return done.stdout.decode().strip()

    def path(self, rel: str) -> str:
        """``rel`` (relative to the register folder) relative to the repository root; '..'
        steps out of the register folder (``../schemas``)."""
        parts = self.prefix.split("/") if self.prefix not in ("", ".") else []
        for part in rel.split("/"):
            if part == "..":
                if not parts:
                    return "/.."  # above the repository: nothing git holds
                parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        return "/".join(parts)

    def changes(self) -> list[Change]:
        """Every commit on the first-parent line of HEAD that changed the register folder,
        newest first (a merged branch counts on the day it was merged); NotInGit when there is
        none."""
        done = git(self.root, "log", "--first-parent", "-z", "--format=%H%x1f%cI%x1f%s",
                    "HEAD", "--", self.path("") or ".")
        if done.returncode != 0:
            raise GitError("git kan de geschiedenis van het register niet lezen (is er al een "
                           "commit?).")
        out = []
        for entry in done.stdout.decode("utf-8", "replace").split("\0"):
            if not entry.strip("\n"):
                continue
            # The subject is last and may hold anything, the separator too.
            parts = entry.strip("\n").split("\x1f", 2)
            if len(parts) != 3 or not _FULL_SHA.fullmatch(parts[0]):
                raise GitError("git gaf een geschiedenis die mhcli niet kan lezen.")
            out.append(Change(*parts))
        if not out:
            raise NotInGit("git kent geen commit die de registermap veranderde; leg het "
                           "register eerst vast (git add, git commit).")
        self._listed.update(c.commit for c in out)
        return out

    def shallow(self) -> bool:
        """Whether this is a shallow clone: the oldest commit it holds is not the first one."""
        done = git(self.root, "rev-parse", "--is-shallow-repository")
        return done.stdout.strip() == b"true"

    def last_change_on(self, datum: date) -> Change:
        """The register as it stood on ``datum``: the newest change dated that day or before
        (the date as the commit states it, in its own time zone)."""
        changes = self.changes()
        for change in changes:
            if change.datum[:10] <= datum.isoformat():
                return change
        raise GitError(f"op {datum.isoformat()} stond het register nog niet in git; de eerste "
                       f"commit ervan is van {changes[-1].datum[:10]}.")


    def _tree(self, source: str, folder: str) -> dict[str, Entry] | None:
        """name -> (mode, type, object id) of the entries of ``folder`` (relative to the root)
        in a commit, or in the index when ``source`` is INDEX; None: no such folder."""
        if source == INDEX:
            return self._index_tree(folder)
        spec = f"{source}:{folder}" if folder else f"{source}^{{tree}}"
        listing = git(self.root, "ls-tree", "-z", spec)
        if listing.returncode != 0:
            return None
        entries: dict[str, Entry] = {}
        for line in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if "\t" in line:
                meta, name = line.split("\t", 1)
                mode, kind, oid = meta.split()
                entries[name] = (mode, kind, oid)
        return entries

    def _index_tree(self, folder: str) -> dict[str, Entry] | None:
        args = ["ls-files", "--stage", "-z"] + (["--", f"{folder}/"] if folder else [])
        listing = git(self.root, *args)
        if listing.returncode != 0:
            raise GitError("git kan de index (wat klaarstaat voor de commit) niet lezen.")
        entries: dict[str, Entry] = {}
        for line in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if "\t" not in line:
                continue
            meta, path = line.split("\t", 1)
            mode, oid, stage = meta.split()
            name, _, rest = path[len(folder) + 1 if folder else 0:].partition("/")
            if rest:
                entries.setdefault(name, ("040000", "tree", ""))
            elif stage != "0":  # a merge conflict: no one content to read
                entries[name] = (mode, "conflict", oid)
            else:
                entries[name] = (mode, "blob", oid)
        return entries or None

    def _sizes(self, oids: list[str]) -> dict[str, int]:
        """The size of each blob, asked of git before any blob is read."""
        if not oids:
            return {}
        done = git(self.root, "cat-file", "--batch-check=%(objectname) %(objectsize)",
                   input="".join(f"{o}\n" for o in oids).encode())
        sizes: dict[str, int] = {}
        for line in done.stdout.decode("ascii", "replace").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                sizes[parts[0]] = int(parts[1])
        return sizes

    def _blobs(self, oids: list[str]) -> dict[str, bytes]:
        """The blobs ``oids`` by object id, all read by one git process (a history of many
        commits would otherwise start one per file per commit); one git cannot read is left
        out."""
        if not oids:
            return {}
        done = git(self.root, "cat-file", "--batch",
                   input="".join(f"{o}\n" for o in dict.fromkeys(oids)).encode())
        found: dict[str, bytes] = {}
        out, at = done.stdout, 0
        while at < len(out):
            end = out.find(b"\n", at)
            if end < 0:
                break
            header = out[at:end].decode("ascii", "replace").split()
            at = end + 1
            if len(header) != 3 or not header[2].isdigit():  # "<oid> missing"
                continue
            size = int(header[2])
            if header[1] == "blob":
                found[header[0]] = out[at:at + size]
            at += size + 1  # the content and its closing newline
        return found

    def _source(self, revision: str) -> str:
        if revision == INDEX:
            return INDEX
        # A commit git itself listed in changes() needs no second question.
        return revision if revision in self._listed else self.commit(revision)

    @staticmethod
    def label(revision: str) -> str:
        """How a revision is named in messages: short hashes, 'index' for what is staged."""
        return "index" if revision == INDEX else short(revision)

    def read(self, revision: str) -> RawRegister:
        """Every register file at ``revision`` (INDEX: as staged); a revision without
        regio.yaml is an error.

        Git is asked for every blob's size first: a blob over the cap of MAX_BYTES, or a
        revision whose register is over MAX_TOTAL or MAX_DISTRICT_FILES, is a finding, and
        those blobs are never read."""
        source = self._source(revision)
        shown = self.label(revision)
        in_index = source == INDEX

        def display(rel: str) -> str:
            # The index holds the work tree's own files: named as in the work tree.
            return self.path(rel) if in_index else f"{shown}:{self.path(rel)}"

        raw = RawRegister(display("") if not in_index else self.path("") or ".", [], [], [])
        top = self._tree(source, self.path("")) or {}
        wanted: list[tuple[str, str, str]] = []  # rel, display, oid
        regio = top.get(REGIO)
        if regio is None or regio[1] != "blob":
            where = "in de index (wat klaarstaat voor de commit)" if in_index \
                else f"in revisie '{revision}'"
            raise GitError(f"{where} staat geen register: {self.path(REGIO)} ontbreekt daar.")
        wanted.append((REGIO, display(REGIO), regio[2]))
        listing = self._tree(source, self.path(DISTRICTEN)) \
            if top.get(DISTRICTEN, ("", "", ""))[1] == "tree" else None
        if listing is None:
            raw.findings.append(Finding(display(DISTRICTEN), None, None, FOUT, "map-ontbreekt",
                                        "de map 'districten' ontbreekt in deze revisie."))
        else:
            for name in sorted(listing):
                if not name.endswith(".yaml") or name.startswith("."):
                    continue
                rel = f"{DISTRICTEN}/{name}"
                shown_name = display(f"{DISTRICTEN}/{printable_name(name)}")
                mode, kind, oid = listing[name]
                if printable_name(name) != name:
                    raw.findings.append(Finding(shown_name, None, None, FOUT,
                                                "bestandsnaam-codering", "de bestandsnaam is "
                                                "geen geldige UTF-8; hernoem het bestand."))
                    continue
                raw.district_files.append(name.removesuffix(".yaml"))
                if kind == "conflict":
                    raw.findings.append(Finding(shown_name, None, None, FOUT, "conflict",
                                                "dit bestand heeft een onopgelost "
                                                "merge-conflict; los het op en stage het."))
                    continue
                if kind != "blob" or mode == "120000":
                    raw.findings.append(Finding(shown_name, None, None, FOUT, "onleesbaar",
                                                "dit is geen bestand in deze revisie."))
                    continue
                wanted.append((rel, shown_name, oid))
        for rel, shown_name, content in self._contents(wanted, raw.findings, raw.label):
            raw.files.append(RawFile(rel, shown_name, content))
        return raw

    def _contents(self, wanted: list[tuple[str, str, str]], findings: list[Finding],
                  whole: str | None = None) -> list[tuple[str, str, bytes]]:
        """The blobs of ``wanted`` (rel, shown, oid); those too large are findings. ``whole``:
        the register's label, when ``wanted`` is a whole register (regio.yaml first), whose
        file count and total size are capped too."""
        sizes = self._sizes([oid for _, _, oid in wanted])
        out: list[tuple[str, str, bytes]] = []
        if whole is not None:
            total = sum(min(sizes.get(oid, 0), MAX_BYTES + 1) for _, _, oid in wanted)
            if len(wanted) - 1 > MAX_DISTRICT_FILES or total > MAX_TOTAL:
                findings.append(Finding(whole, None, None, FOUT, *(
                    ("te-veel-bestanden", too_many_files(len(wanted) - 1))
                    if len(wanted) - 1 > MAX_DISTRICT_FILES
                    else ("register-te-groot", register_too_large(total, len(wanted))))))
                return out
        blobs = self._blobs([oid for _, _, oid in wanted if sizes.get(oid, MAX_BYTES + 1)
                             <= MAX_BYTES])
        for rel, shown, oid in wanted:
            size = sizes.get(oid)
            if size is not None and size > MAX_BYTES:
                findings.append(Finding(shown, None, None, FOUT, "te-groot", too_large(size)))
                continue
            content = blobs.get(oid)
            if content is None:
                findings.append(Finding(shown, None, None, FOUT, "onleesbaar",
                                        "git kan dit bestand niet lezen in deze revisie."))
            else:
                out.append((rel, shown, content[: MAX_BYTES + 1]))
        return out

    def read_folder(self, revision: str, folder: str
                    ) -> tuple[dict[str, bytes], list[Finding]]:
        """The files directly in ``folder`` (relative to the repository root) at ``revision``
        (INDEX: as staged), by name; an empty mapping when the folder is not there. Files over
        the cap are findings, never read."""
        source = self._source(revision)
        listing = self._tree(source, folder) if not folder.startswith("/") else None
        findings: list[Finding] = []
        if not listing:
            return {}, findings
        prefix = "" if source == INDEX else f"{self.label(revision)}:"
        wanted = [(name, f"{prefix}{folder}/{printable_name(name)}", oid)
                  for name, (mode, kind, oid) in sorted(listing.items())
                  if kind == "blob" and mode != "120000" and not name.startswith(".")]
        return {name: content for name, _, content in self._contents(wanted, findings)}, \
            findings

    def staged_changes(self, folders: list[str]) -> bool:
        """Whether what is staged differs from HEAD in any of ``folders`` (relative to the
        root): added, changed or deleted files all count. Without a HEAD (a first commit),
        anything staged there counts."""
        spec = [f for f in folders if not f.startswith("/")]
        head = git(self.root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        if head.returncode != 0:
            listing = git(self.root, "ls-files", "-z", "--", *spec)
            return bool(listing.stdout.strip(b"\0"))
        done = git(self.root, "diff-index", "--cached", "--quiet", "--no-ext-diff",
                   "--no-textconv", "HEAD", "--", *spec)
        if done.returncode not in (0, 1):
            raise GitError("git kan niet zeggen wat er klaarstaat voor de commit.")
        return done.returncode == 1
