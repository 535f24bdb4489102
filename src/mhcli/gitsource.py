"""The register as it was at a git revision, read with git itself: nothing is checked out,
nothing is written."""

import subprocess
from pathlib import Path

from mhcli.errors import GitError
from mhcli.findings import FOUT, Finding
from mhcli.source import DISTRICTEN, MAX_BYTES, REGIO, RawFile, RawRegister


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is niet gevonden; installeer git om registers te vergelijken.") \
            from None


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

    def _path(self, rel: str) -> str:
        return f"{self.prefix}/{rel}" if self.prefix not in ("", ".") else rel

    def read(self, revision: str) -> RawRegister:
        """Every register file at ``revision``; a revision without regio.yaml is an error."""
        commit = self.commit(revision)
        raw = RawRegister(f"{revision}:{self._path('')}".rstrip("/"), [], [], [])
        regio = _git(self.root, "cat-file", "blob", f"{commit}:{self._path(REGIO)}")
        if regio.returncode != 0:
            raise GitError(f"in revisie '{revision}' staat geen register: "
                           f"{self._path(REGIO)} ontbreekt daar.")
        raw.files.append(RawFile(REGIO, f"{revision}:{self._path(REGIO)}",
                                 regio.stdout[: MAX_BYTES + 1]))
        listing = _git(self.root, "ls-tree", "-z", "--name-only", f"{commit}:"
                       f"{self._path(DISTRICTEN)}")
        if listing.returncode != 0:
            raw.findings.append(Finding(f"{revision}:{self._path(DISTRICTEN)}", None, None, FOUT,
                                        "map-ontbreekt", "de map 'districten' ontbreekt in "
                                        "deze revisie."))
            return raw
        for name in sorted(n for n in listing.stdout.decode().split("\0") if n):
            if not name.endswith(".yaml") or name.startswith("."):
                continue
            rel = f"{DISTRICTEN}/{name}"
            raw.district_files.append(name.removesuffix(".yaml"))
            blob = _git(self.root, "cat-file", "blob", f"{commit}:{self._path(rel)}")
            display = f"{revision}:{self._path(rel)}"
            if blob.returncode != 0:
                raw.findings.append(Finding(display, None, None, FOUT, "onleesbaar",
                                            "dit is geen bestand in deze revisie."))
            else:
                raw.files.append(RawFile(rel, display, blob.stdout[: MAX_BYTES + 1]))
        return raw
