"""Remembering a register that was found valid, so a query on it skips YAML and jsonschema.

An entry is named by a key over everything the verdict "valid" depends on: every register
file (name and bytes), both schemas, mhcli's version, the Python version, a digest of
mhcli's own code (every ``.py`` file of the package, by file identity as Python's bytecode
cache goes by it) and of its reference data (the bytes of every file below ``referentie/``),
and the date. An upgrade, a local edit of mhcli with the same version string, new reference
data, or a new day is a different key. The entry holds the data parsed from exactly those
bytes (not the line positions, which only `zoek` needs). `mhcli valideer` never reads the
cache. `mhcli site` keeps its compiled templates here too (``recall_bytes``): code that
Jinja2 unmarshals, so the folder checks below are what keep another user's code from
running.

What each check stops (README, 'Cache'):
- another user: the folder is used only when it is ours and not writable by group or others
  (as ssh and git require), and is created 0700, so no one else can put, replace or rename
  an entry in it; a folder that is a symlink counts as where it points;
- accidents and odd machines (a FIFO, a link to /dev/zero, an 8 GiB sparse file, a folder
  where an entry belongs, a full disk): every entry is opened relative to the folder's own
  descriptor, without following symlinks, without blocking, and used only when it is a
  regular file of ours no larger than a cap; its content is JSON (never ``marshal`` or
  pickle), with a checksum that catches a damaged file, and any failure to read or parse it
  (MemoryError and RecursionError included) is a miss: the entry is removed and replaced
  after the real validation.
Someone who runs programs as you can write an entry that mhcli will use; a secret key would
not stop them (they can read it), and they can just as well edit the register or mhcli.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Any

from mhcli.location import SCHEMA_FILES
from mhcli.parsed import Document, LoadedRegister
from mhcli.source import RawRegister
from mhcli.version import __version__

try:  # the builtin module: hashlib would load OpenSSL, ~5 ms of every query's start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

_FORMAT = "mhcli-cache-4"
_PREFIX = "register-"
_KEEP = 16  # entries; a new one pushes out the oldest (each is about the register's size)
_STALE_SECONDS = 3600  # a temporary file this old was left by a process that was killed
_SCHEMA_LIMIT = 2 * 1024 * 1024
_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_REFERENCE = "referentie"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_OWN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0))


def folder() -> Path | None:
    """MHCLI_CACHE (empty: no cache), else $XDG_CACHE_HOME/mhcli, else ~/.cache/mhcli.

    A relative path, in either variable, is ignored as the XDG spec says for XDG_CACHE_HOME:
    it would put the cache wherever the user happens to stand."""
    configured = os.environ.get("MHCLI_CACHE")
    if configured is not None and not configured.strip():
        return None
    if configured is not None and os.path.isabs(configured):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mhcli" if os.path.isabs(base) else None


_own: dict[str, str | None] = {}


def own_digest(package: str | None = None) -> str | None:
    """A digest of mhcli's own code and reference data, worked out once per process (the code
    that runs is the code that was loaded). None when a file cannot be read: then no cache."""
    package = package or _PACKAGE
    if package not in _own:
        _own[package] = _digest_tree(package)
    return _own[package]


def _digest_tree(package: str) -> str | None:
    """Every .py file below ``package`` by name, size, modification time and inode, and every
    file below its referentie/ by name and bytes, in name order (the bundled register and
    schemas are keyed by their bytes already).

    Code by its file identity, not its bytes: that is what Python itself goes by to decide that
    a module changed and its bytecode must be made again, so any edit or upgrade that changes
    the code that runs changes the key; and it costs 0.3 ms at start-up where reading and
    hashing the 470 kB of code cost 1.6 to 2.3 ms (measured in a fresh process on the 2-core
    machine). The reference data is small and is what a verdict reads: its bytes count."""
    code: list[tuple[str, str]] = []
    reference: list[tuple[str, str]] = []
    folders = [""]
    try:
        while folders:
            rel = folders.pop()
            with os.scandir(os.path.join(package, rel)) as scan:
                for entry in scan:
                    name = f"{rel}/{entry.name}" if rel else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != "__pycache__" and name not in ("data", "schemas"):
                            folders.append(name)
                    elif name.startswith(f"{_REFERENCE}/"):
                        reference.append((name, entry.path))
                    elif name.endswith(".py"):
                        st = entry.stat()
                        code.append((name, f"{st.st_size} {st.st_mtime_ns} {st.st_ino} "
                                           f"{st.st_dev}"))
        digest = blake2b(digest_size=16)
        for name, identity in sorted(code):
            digest.update(f"{name}\0{identity}\n".encode("utf-8", "surrogateescape"))
        for name, path in sorted(reference):
            handle = os.open(path, _OWN)
            try:
                content = os.read(handle, os.fstat(handle).st_size + 1)
            finally:
                os.close(handle)
            digest.update(f"{name}\0{len(content)}\0".encode("utf-8", "surrogateescape"))
            digest.update(content)
    except OSError:
        return None
    return digest.hexdigest()


def _mine(st: os.stat_result) -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is None or st.st_uid == geteuid()


def _open_folder(create: bool) -> int | None:
    """A descriptor of the cache folder when it is safe to use (see the module text)."""
    base = folder()
    if base is None:
        return None
    try:
        if create and not base.exists():
            base.parent.mkdir(parents=True, exist_ok=True)
            base.mkdir(mode=0o700, exist_ok=True)
        handle = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
                         | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(handle)
        if stat.S_ISDIR(st.st_mode) and _mine(st) and not st.st_mode & 0o022:
            return handle
    except OSError:
        pass
    os.close(handle)
    return None


def _read(directory: int, name: str, limit: int) -> bytes | None:
    """The bytes of ``name`` if it is a regular file of ours of at most ``limit`` bytes."""
    try:
        handle = os.open(name, _READ, dir_fd=directory)
    except OSError:
        return None
    try:
        st = os.fstat(handle)
        if not stat.S_ISREG(st.st_mode) or not _mine(st) or st.st_size > limit:
            return None
        content = os.read(handle, st.st_size + 1)
        while len(content) <= st.st_size:
            more = os.read(handle, st.st_size + 1 - len(content))
            if not more:
                break
            content += more
        return content if len(content) == st.st_size else None
    except OSError:
        return None
    finally:
        os.close(handle)


def _write(directory: int, name: str, content: bytes) -> bool:
    """Write ``name`` atomically (a temporary file, then a rename); False when that fails."""
    tmp = f".{name}-{os.urandom(6).hex()}"
    try:
        handle = os.open(tmp, _CREATE, 0o600, dir_fd=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(tmp, name, src_dir_fd=directory, dst_dir_fd=directory)
        finally:
            with contextlib.suppress(OSError):  # gone after a rename
                os.unlink(tmp, dir_fd=directory)
        return True
    except OSError:
        return False


def key(raw: RawRegister, schemas: Path, vandaag: date) -> str | None:
    """The key for this register and these schemas, under this mhcli, on the day ``vandaag``
    (a rule may depend on the date, as a plan's end does); None when something it depends on
    cannot be read (then there is no cache)."""
    from mhcli.source import read_regular

    own = own_digest()
    if raw.findings or own is None:
        return None
    digest = blake2b(f"{_FORMAT} {__version__} {sys.version} {own} {vandaag.isoformat()}\0"
                     .encode())
    for item in sorted(raw.files, key=lambda f: f.rel):
        digest.update(f"{item.rel}\0{len(item.content)}\0".encode("utf-8", "surrogateescape"))
        digest.update(item.content)
    for name in SCHEMA_FILES:
        try:
            content = read_regular(schemas / name, _SCHEMA_LIMIT)[0]
        except OSError:
            return None
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def _limit(raw: RawRegister) -> int:
    # JSON of parsed YAML is about as long as the YAML; an entry far larger is not ours.
    return 64 * 1024 + 4 * sum(len(f.content) for f in raw.files)


def _header(key: str, payload: bytes) -> bytes:
    """The first line of an entry: format, key, and a checksum that catches a damaged file
    (a disk error, a partial copy). It stops no person: anyone who can write the entry can
    work it out."""
    return f"{_FORMAT} {key} {blake2b(payload, digest_size=16).hexdigest()}\n".encode()


def _forget(directory: int, name: str) -> None:
    """Remove a bad entry (whatever it is) so that the next write can replace it."""
    try:
        if stat.S_ISDIR(os.stat(name, dir_fd=directory, follow_symlinks=False).st_mode):
            os.rmdir(name, dir_fd=directory)
        else:
            os.unlink(name, dir_fd=directory)
    except OSError:
        pass


def recall(key: str | None, raw: RawRegister) -> LoadedRegister | None:
    """The parsed register remembered under ``key``, or None (never an exception)."""
    if not key:
        return None
    directory = _open_folder(create=False)
    if directory is None:
        return None
    name = f"{_PREFIX}{key}"
    try:
        content = _read(directory, name, _limit(raw))
        loaded = _decode(key, content, raw) if content is not None else None
        if loaded is None:
            _forget(directory, name)
        return loaded
    finally:
        os.close(directory)


def _decode(key: str, content: bytes, raw: RawRegister) -> LoadedRegister | None:
    try:
        first, payload = content.split(b"\n", 1)
        if first + b"\n" != _header(key, payload):
            return None
        import json

        stored = json.loads(payload)
        display = {f.rel: f.display for f in raw.files}
        regio = Document(display[stored["regio"][0]], stored["regio"][1], {}, {}) \
            if stored["regio"] else None
        districten = [(str(stem), Document(display[rel], data, {}, {}))
                      for stem, rel, data in stored["districten"]]
        return LoadedRegister(regio, districten, [], [str(s) for s in stored["district_files"]])
    except Exception:  # MemoryError, RecursionError, bad shapes: all a miss
        return None


def remember(key: str | None, raw: RawRegister, loaded: LoadedRegister) -> None:
    """Store a register that has just been found valid; silently nothing if that fails."""
    if not key:
        return
    rel = {f.display: f.rel for f in raw.files}
    stored: dict[str, Any] = {
        "regio": [rel[loaded.regio.display], loaded.regio.data] if loaded.regio else None,
        "districten": [[stem, rel[doc.display], doc.data] for stem, doc in loaded.districten],
        "district_files": loaded.district_files,
    }
    import json

    try:
        payload = json.dumps(stored, ensure_ascii=False, separators=(",", ":")).encode()
        if json.loads(payload) != stored:  # pragma: no cover - e.g. a non-text mapping key
            return
    except (ValueError, TypeError, RecursionError):  # pragma: no cover - not plain JSON data
        return
    if len(payload) > _limit(raw) - 1024:
        return
    directory = _open_folder(create=True)
    if directory is None:
        return
    try:
        if _write(directory, f"{_PREFIX}{key}", _header(key, payload) + payload):
            _prune(directory)
    finally:
        os.close(directory)


def recall_bytes(kind: str, key: str, limit: int) -> bytes | None:
    """Bytes that `remember_bytes` stored under ``kind`` and ``key`` (both [a-z0-9-]), checked
    like a register entry: the folder, the file (regular, ours, at most ``limit`` bytes, opened
    without following links or blocking), then the checksum. None on any doubt; a bad entry
    goes."""
    directory = _open_folder(create=False)
    if directory is None:
        return None
    tag = f"{kind}-{key}"
    try:
        content = _read(directory, tag, limit + 256)
        if content is not None:
            first, newline, payload = content.partition(b"\n")
            if newline and first + newline == _header(tag, payload):
                return payload
        _forget(directory, tag)
        return None
    finally:
        os.close(directory)


def remember_bytes(kind: str, key: str, payload: bytes) -> None:
    """Store ``payload`` for `recall_bytes`; silently nothing if the cache folder is not safe
    to use or the write fails."""
    directory = _open_folder(create=True)
    if directory is None:
        return
    tag = f"{kind}-{key}"
    try:
        _write(directory, tag, _header(tag, payload) + payload)
    finally:
        os.close(directory)


def _prune(directory: int) -> None:
    """Keep the newest _KEEP register entries; remove temporary files that a killed process
    left, and the secret key that mhcli 0.2 kept here."""
    import time

    entries: list[tuple[int, str]] = []
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(directory) as scan:
        for entry in scan:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith(_PREFIX):
                entries.append((st.st_mtime_ns, entry.name))
            elif (entry.name.startswith(".") and now - st.st_mtime > _STALE_SECONDS) \
                    or entry.name == "sleutel":
                _forget(directory, entry.name)
    for _, name in sorted(entries, reverse=True)[_KEEP:]:
        _forget(directory, name)
