"""Remembering a register that was found valid, so a query on it skips YAML and jsonschema.

An entry is keyed by a hash of every register file (name and bytes), both schemas, the tool's
version and the Python version, and holds the data parsed from exactly those bytes (not the
line positions, which only `zoek` needs). Any change is a different key. `mhcli valideer`
never reads the cache.

Nothing read from the cache is trusted before it is checked (README, 'Cache'):
- the folder is used only when it is owned by the current user and not writable by group or
  others (as ssh and git do), and is created 0700; every file in it is opened relative to the
  folder's own descriptor, without following symlinks, without blocking, and used only when
  it is a regular file of ours no larger than a cap;
- an entry carries a MAC (keyed blake2b) of its key and content under a random per-user
  secret (the file `sleutel`, 0600, in that folder): only someone who can read that secret
  can forge an entry, and that someone can just as well edit the register or mhcli itself;
- the content is JSON (the `marshal` docs warn it is not safe for untrusted bytes), and any
  failure to read or parse it (MemoryError and RecursionError included) is a miss; the bad
  entry is removed so the next valid read replaces it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import Any

from mhcli import __version__
from mhcli.parsed import Document, LoadedRegister
from mhcli.source import RawRegister

try:  # the builtin module: hashlib would load OpenSSL, ~5 ms of every query's start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

_SCHEMA_FILES = ("regio.schema.json", "district.schema.json")
_FORMAT = "mhcli-cache-3"
SECRET = "sleutel"
_SECRET_BYTES = 32
_SCHEMA_LIMIT = 2 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0))


def folder() -> Path | None:
    """MHCLI_CACHE (empty: no cache), else $XDG_CACHE_HOME/mhcli, else ~/.cache/mhcli.

    A relative path is ignored, as the XDG spec says: it would put a cache wherever the user
    happens to stand."""
    configured = os.environ.get("MHCLI_CACHE")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mhcli" if os.path.isabs(base) else None


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


def _write(directory: int, name: str, content: bytes, *, replace: bool = True) -> bool:
    """Write ``name`` atomically (a temporary file, then a rename); False when that fails."""
    tmp = f".{name}-{os.urandom(6).hex()}"
    try:
        handle = os.open(tmp, _CREATE, 0o600, dir_fd=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            if replace:
                os.replace(tmp, name, src_dir_fd=directory, dst_dir_fd=directory)
            else:  # fails when another process was first: then theirs counts
                os.link(tmp, name, src_dir_fd=directory, dst_dir_fd=directory,
                        follow_symlinks=False)
        finally:
            with contextlib.suppress(OSError):  # gone after a rename
                os.unlink(tmp, dir_fd=directory)
        return True
    except OSError:
        return False


def _secret_key(directory: int, create: bool) -> bytes | None:
    """The per-user secret that entries are signed with; made on the first write."""
    found = _read(directory, SECRET, _SECRET_BYTES)
    if found is not None and len(found) == _SECRET_BYTES and _private(directory):
        return found
    if not create:
        return None
    fresh = os.urandom(_SECRET_BYTES)
    try:  # a bad one (wrong size or mode, a symlink, a FIFO) is replaced, a missing one made
        os.stat(SECRET, dir_fd=directory, follow_symlinks=False)
        bad = True
    except OSError:
        bad = False
    if not _write(directory, SECRET, fresh, replace=bad):
        found = _read(directory, SECRET, _SECRET_BYTES)  # another process made it just now
        if found is None or len(found) != _SECRET_BYTES or not _private(directory):
            return None
        fresh = found
    return fresh


def _private(directory: int) -> bool:
    try:
        st = os.stat(SECRET, dir_fd=directory, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and _mine(st) and not st.st_mode & 0o077


def key(raw: RawRegister, schemas: Path) -> str | None:
    """The key for this register and these schemas; None when they cannot all be read."""
    from mhcli.source import read_regular

    if raw.findings:
        return None
    digest = blake2b(f"{_FORMAT} {__version__} {sys.version}\0".encode())
    for item in sorted(raw.files, key=lambda f: f.rel):
        digest.update(f"{item.rel}\0{len(item.content)}\0".encode("utf-8", "surrogateescape"))
        digest.update(item.content)
    for name in _SCHEMA_FILES:
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


def _mac(secret: bytes, key: str, payload: bytes) -> bytes:
    digest = blake2b(key=secret, digest_size=32)
    digest.update(f"{_FORMAT} {key}\n".encode())
    digest.update(payload)
    return digest.hexdigest().encode()


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
    name = f"register-{key}"
    try:
        secret = _secret_key(directory, create=False)
        content = _read(directory, name, _limit(raw)) if secret is not None else None
        if secret is None or content is None:
            if secret is not None:
                _forget(directory, name)
            return None
        loaded = _decode(secret, key, content, raw)
        if loaded is None:
            _forget(directory, name)
        return loaded
    finally:
        os.close(directory)


def _decode(secret: bytes, key: str, content: bytes, raw: RawRegister) -> LoadedRegister | None:
    try:
        first, mac, payload = content.split(b"\n", 2)
        if first != f"{_FORMAT} {key}".encode() or mac != _mac(secret, key, payload):
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
        secret = _secret_key(directory, create=True)
        if secret is not None:
            _write(directory, f"register-{key}",
                   f"{_FORMAT} {key}\n".encode() + _mac(secret, key, payload) + b"\n" + payload)
    finally:
        os.close(directory)


def recall_bytes(kind: str, key: str, limit: int) -> bytes | None:
    """Bytes that `remember_bytes` stored under ``kind`` and ``key`` (both [a-z0-9-]), checked
    like a register entry: the folder, the file (regular, ours, at most ``limit`` bytes, opened
    without following links or blocking), then the MAC. None on any doubt; a bad entry goes."""
    directory = _open_folder(create=False)
    if directory is None:
        return None
    tag = f"{kind}-{key}"
    try:
        secret = _secret_key(directory, create=False)
        if secret is None:
            return None
        content = _read(directory, tag, limit + 256)
        try:
            first, mac, payload = (content or b"").split(b"\n", 2)
        except ValueError:
            _forget(directory, tag)
            return None
        if first != f"{_FORMAT} {tag}".encode() or mac != _mac(secret, tag, payload):
            _forget(directory, tag)
            return None
        return payload
    finally:
        os.close(directory)


def remember_bytes(kind: str, key: str, payload: bytes) -> None:
    """Store ``payload`` for `recall_bytes`, signed with the per-user secret; silently nothing
    if the cache folder is not safe to use or the write fails."""
    directory = _open_folder(create=True)
    if directory is None:
        return
    tag = f"{kind}-{key}"
    try:
        secret = _secret_key(directory, create=True)
        if secret is not None:
            _write(directory, tag, f"{_FORMAT} {tag}\n".encode() + _mac(secret, tag, payload)
                   + b"\n" + payload)
    finally:
        os.close(directory)
