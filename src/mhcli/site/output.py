"""Writing the website so that nobody else can redirect it: a fresh private folder beside the
target, filled without following links, then swapped in for the target.

Threat model (README, 'Website'): another user who can write near the target must not be able
to send a page elsewhere, make mhcli delete a file of theirs choosing, or make it hang.
- The target is refused when it is a link, not a folder, owned by another user, or writable by
  group or others; its parent when another user (not root) owns it, or when group or others can
  write it without the sticky bit (then they could rename our entries).
- Every file is created new (O_EXCL, O_NOFOLLOW) in a folder that mkdtemp made 0700 for us:
  nothing there is anyone else's, so nothing is written through a link or into a pipe.
- An earlier build is replaced only when every entry in it is what the marker says this
  command wrote (same path, size and hash): anything else, a link, a pipe, a device or a file
  someone changed, stops the build before it starts. Only listed files are ever deleted, through
  a descriptor of the old folder that no rename can redirect.
Nothing is opened that could block: the marker is read with O_NONBLOCK after an lstat.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from mhcli.streams import OutputError, _reason

try:  # the builtin module, as in mhcli.cache
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

MARKER = ".mhcli-site"  # marks a folder this command wrote, and lists what it wrote
_FORMAT = "mhcli-site-1"
_MARKER_LIMIT = 64 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC
# What a build of mhcli 0.2 (whose marker held no list) could have written.
_LEGACY = re.compile(r"(index|regio|over)\.html|(gemeente|district)/[a-z0-9-]+\.html|"
                     r"assets/[a-z]+\.(css|js)|downloads/[a-z.]+\.(json|csv)")


def _uid() -> int | None:
    geteuid = getattr(os, "geteuid", None)
    return geteuid() if geteuid is not None else None


def _fail(message: str) -> OutputError:
    return OutputError(message)


def _os_fail(what: str, where: Path | str, exc: OSError) -> OutputError:
    return OutputError(f"{what} '{where}' lukte niet: {_reason(exc)}.")


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def _writable_by_others(mode: int) -> bool:
    return bool(mode & (stat.S_IWGRP | stat.S_IWOTH))


class _Earlier:
    """An earlier build found at the target: its identity and the files it may lose."""

    def __init__(self, st: os.stat_result, files: list[str], folders: list[str]) -> None:
        self.st = st
        self.files = files
        self.folders = folders


def _check_parent(parent: Path) -> None:
    try:
        st = os.stat(parent)
    except FileNotFoundError:
        return  # created below, by us
    except OSError as exc:
        raise _os_fail("De map", parent, exc) from None
    if not stat.S_ISDIR(st.st_mode):
        raise _fail(f"'{parent}' is geen map; geef een map voor de website.")
    uid = _uid()
    if uid is not None and st.st_uid not in (uid, 0):
        raise _fail(f"de map '{parent}' is van een andere gebruiker; die kan de website "
                    "omleiden. Kies een map in een map van uzelf.")
    if _writable_by_others(st.st_mode) and not st.st_mode & stat.S_ISVTX:
        raise _fail(f"de map '{parent}' is schrijfbaar voor anderen; zij kunnen de website "
                    "omleiden. Kies een map in een map die alleen u kunt schrijven.")


def _read_marker(directory: int, shown: Path) -> dict[str, Any] | None:
    """The list of an earlier build: {path: [size, hash]}; None for a marker of mhcli 0.2."""
    try:
        fd = os.open(MARKER, _READ, dir_fd=directory)
    except OSError as exc:
        raise _os_fail("Lezen van", shown / MARKER, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MARKER_LIMIT:
            raise _fail(f"'{shown / MARKER}' is geen gewoon bestand van mhcli; kies een nieuwe "
                        "map.")
        data = _read_all(fd)
    finally:
        os.close(fd)
    if data.startswith(b"Gebouwd door 'mhcli site'"):
        return None
    try:
        parsed = json.loads(data)
        files = parsed["bestanden"]
        if parsed.get("formaat") != _FORMAT or not isinstance(files, dict):
            raise ValueError
    except (ValueError, KeyError, TypeError, RecursionError):
        raise _fail(f"'{shown / MARKER}' is niet te lezen als lijst van een eerdere build; "
                    "kies een nieuwe map.") from None
    return files


def _hash_file(directory: int, name: str) -> tuple[int, str] | None:
    try:
        fd = os.open(name, _READ, dir_fd=directory)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = _read_all(fd)
    finally:
        os.close(fd)
    return len(data), _digest(data)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _inspect(out: Path) -> _Earlier | None:
    """None for a target that does not exist; else what may be replaced, or an OutputError."""
    try:
        st = os.lstat(out)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _os_fail("Bekijken van", out, exc) from None
    if stat.S_ISLNK(st.st_mode):
        raise _fail(f"'{out}' is een symbolische koppeling; mhcli schrijft nooit via een "
                    "koppeling. Geef de map zelf.")
    if not stat.S_ISDIR(st.st_mode):
        raise _fail(f"'{out}' is geen map; geef een nieuwe of lege map voor de website.")
    uid = _uid()
    if uid is not None and st.st_uid != uid:
        raise _fail(f"de map '{out}' is van een andere gebruiker; mhcli schrijft daar niet. "
                    "Kies een nieuwe map.")
    if _writable_by_others(st.st_mode):
        raise _fail(f"de map '{out}' is schrijfbaar voor anderen; zij kunnen de website "
                    "omleiden. Maak haar alleen voor u schrijfbaar (chmod go-w) of kies een "
                    "nieuwe map.")
    try:
        directory = os.open(out, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError as exc:
        raise _os_fail("Openen van", out, exc) from None
    try:
        return _earlier(directory, out, st)
    except OSError as exc:  # a folder inside that cannot be read, an I/O error
        raise _os_fail("Bekijken van", out, exc) from None
    finally:
        os.close(directory)


def _earlier(directory: int, out: Path, st: os.stat_result) -> _Earlier:
    """What may be replaced in the existing folder ``out`` (open as ``directory``)."""
    found = _walk(directory, out, "")
    if not found[0] and not found[1]:
        return _Earlier(st, [], [])
    if MARKER not in found[0]:
        raise _fail(f"de map '{out}' is niet leeg en bevat geen eerder gebouwde site; "
                    "kies een lege of nieuwe map.")
    listed = _read_marker(directory, out)
    foreign = []
    for name, (size, _mode) in sorted(found[0].items()):
        if name == MARKER:
            continue
        if listed is None:
            ok = bool(_LEGACY.fullmatch(name))
        else:
            entry = listed.get(name)
            ok = (isinstance(entry, list) and len(entry) == 2 and entry[0] == size
                  and _hash_file(directory, name) == (size, entry[1]))
        if not ok:
            foreign.append(name)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" en nog {len(foreign) - 5}"
                                           if len(foreign) > 5 else "")
        raise _fail(f"de map '{out}' bevat bestanden die mhcli niet (zo) schreef: {shown}. "
                    "mhcli verwijdert ze niet; verplaats ze of kies een nieuwe map.")
    return _Earlier(st, sorted(found[0]), sorted(found[1], reverse=True))


def _walk(directory: int, shown: Path, prefix: str) -> tuple[dict[str, tuple[int, int]],
                                                               list[str]]:
    """Every regular file (path: (size, mode)) and folder below ``directory``; anything else
    (a link, a pipe, a device, a folder that is not ours alone) is an OutputError."""
    files: dict[str, tuple[int, int]] = {}
    folders: list[str] = []
    uid = _uid()
    with os.scandir(directory) as entries:
        for entry in entries:
            rel = prefix + entry.name
            st = entry.stat(follow_symlinks=False)
            where = shown / rel
            if stat.S_ISLNK(st.st_mode):
                raise _fail(f"'{where}' is een symbolische koppeling; mhcli schrijft nooit via "
                            "een koppeling naar een andere plek. Verwijder haar of kies een "
                            "nieuwe map.")
            if stat.S_ISREG(st.st_mode):
                files[rel] = (st.st_size, st.st_mode)
            elif stat.S_ISDIR(st.st_mode):
                if (uid is not None and st.st_uid != uid) or _writable_by_others(st.st_mode):
                    raise _fail(f"de map '{where}' is van een ander of schrijfbaar voor anderen; "
                                "kies een nieuwe map.")
                folders.append(rel)
                sub = os.open(entry.name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC,
                              dir_fd=directory)
                try:
                    more_files, more_folders = _walk(sub, shown, rel + "/")
                finally:
                    os.close(sub)
                files.update(more_files)
                folders.extend(more_folders)
            else:
                raise _fail(f"'{where}' is geen gewoon bestand of map (een pipe, apparaat of "
                            "socket); mhcli schrijft er niet naar en verwijdert het niet. Kies "
                            "een nieuwe map.")
    return files, folders


class SiteWriter:
    """Files written into a private folder beside ``out``; `commit` swaps it in."""

    def __init__(self, out: Path) -> None:
        self.out = Path(os.path.abspath(out))
        self.files: dict[str, list[Any]] = {}
        self._folders: set[str] = set()
        self.achtergelaten: Path | None = None  # the earlier build, when it could not be removed
        _check_parent(self.out.parent)
        self.earlier = _inspect(self.out)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=".mhcli-site-", dir=self.out.parent))
        except OSError as exc:
            raise _os_fail("Een map maken naast", self.out, exc) from None

    def write(self, rel: str, data: bytes) -> None:
        folder, _, _name = rel.rpartition("/")
        if folder and folder not in self._folders:
            path = ""
            for part in folder.split("/"):
                path = f"{path}/{part}" if path else part
                if path not in self._folders:
                    try:
                        os.mkdir(self.tmp / path, 0o777)
                    except FileExistsError:
                        pass
                    except OSError as exc:
                        raise _os_fail("Een map maken in", self.out, exc) from None
                    self._folders.add(path)
        try:
            fd = os.open(self.tmp / rel, _CREATE, 0o666)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
        except OSError as exc:
            raise _os_fail("Schrijven van", self.out / rel, exc) from None
        self.files[rel] = [len(data), _digest(data)]

    def abort(self) -> None:
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)

    def commit(self) -> None:
        marker = {"formaat": _FORMAT,
                  "uitleg": "Gebouwd door 'mhcli site'. Een nieuwe build vervangt deze map, "
                            "als die alleen de bestanden hieronder bevat, zoals ze geschreven "
                            "zijn.",
                  "bestanden": dict(sorted(self.files.items()))}
        self.write(MARKER, (json.dumps(marker, indent=1) + "\n").encode())
        umask = os.umask(0o022)
        os.umask(umask)
        mode = (self.earlier.st.st_mode & 0o777) if self.earlier else 0o777 & ~umask
        try:
            os.chmod(self.tmp, mode)
        except OSError as exc:
            raise _os_fail("Rechten zetten op", self.tmp, exc) from None
        if self.earlier is None:
            try:
                os.rename(self.tmp, self.out)
            except OSError as exc:
                raise _os_fail("Plaatsen van de website in", self.out, exc) from None
            return
        self._replace(self.earlier)

    def _replace(self, earlier: _Earlier) -> None:
        try:
            old = os.open(self.out, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
        except OSError as exc:
            raise _os_fail("Openen van", self.out, exc) from None
        try:
            st = os.fstat(old)
            if (st.st_dev, st.st_ino) != (earlier.st.st_dev, earlier.st.st_ino):
                raise _fail(f"de map '{self.out}' is tijdens de build vervangen; mhcli schrijft "
                            "er niet. Probeer het opnieuw.")
            try:
                hold = tempfile.mkdtemp(prefix=".mhcli-site-oud-", dir=self.out.parent)
                os.rename(self.out, hold)
            except OSError as exc:
                raise _os_fail("Vervangen van", self.out, exc) from None
            try:
                os.rename(self.tmp, self.out)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    os.rename(hold, self.out)
                raise _os_fail("Plaatsen van de website in", self.out, exc) from None
            _remove(old, earlier)
            try:
                os.rmdir(hold)
            except OSError:
                self.achtergelaten = Path(hold)  # the new site is in place; say what is left
        finally:
            os.close(old)


def _remove(directory: int, earlier: _Earlier) -> None:
    """Delete the earlier build's files through the old folder's own descriptor; a folder
    that is not empty afterwards (something new appeared) stays."""
    for rel in earlier.files:
        folder, _, name = rel.rpartition("/")
        with contextlib.suppress(OSError), _opened(directory, folder) as where:
            os.unlink(name, dir_fd=where)
    for rel in earlier.folders:  # deepest first
        folder, _, name = rel.rpartition("/")
        with contextlib.suppress(OSError), _opened(directory, folder) as where:
            os.rmdir(name, dir_fd=where)


@contextlib.contextmanager
def _opened(directory: int, folder: str) -> Any:
    if not folder:
        yield directory
        return
    fds: list[int] = []
    current = directory
    try:
        for part in folder.split("/"):
            current = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC,
                              dir_fd=current)
            fds.append(current)
        yield current
    finally:
        for fd in fds:
            os.close(fd)
