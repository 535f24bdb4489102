"""Remembering a register that was found valid, so a query on it skips YAML and jsonschema.

An entry is keyed by a hash of every register file (name and bytes), both schemas, the tool's
version and the Python version, and holds the data parsed from exactly those bytes (not the
line positions, which only `zoek` needs). Any change is a different key. The entry carries a
checksum of its content that is checked before anything is read from it: a corrupt, truncated,
unreadable or read-only cache means "no cache", never an error or a wrong answer.
`mhcli valideer` never reads it.

The content is stored with `marshal`: it reads a large register several times faster than
json, and since the checksum is verified first it only ever sees bytes this module wrote.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

from mhcli import __version__
from mhcli.source import Document, LoadedRegister, RawRegister

try:  # the builtin module: hashlib would load OpenSSL, ~5 ms of every query's start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

_SCHEMA_FILES = ("regio.schema.json", "district.schema.json")
_FORMAT = "mhcli-cache-2"


def folder() -> Path | None:
    """MHCLI_CACHE (empty: no cache), else $XDG_CACHE_HOME/mhcli, else ~/.cache/mhcli."""
    configured = os.environ.get("MHCLI_CACHE")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mhcli"


def key(raw: RawRegister, schemas: Path) -> str | None:
    """The key for this register and these schemas; None when they cannot all be read."""
    if raw.findings:
        return None
    digest = blake2b(f"{_FORMAT} {__version__} {sys.version}\0".encode())
    for item in sorted(raw.files, key=lambda f: f.rel):
        digest.update(f"{item.rel}\0{len(item.content)}\0".encode())
        digest.update(item.content)
    for name in _SCHEMA_FILES:
        try:
            content = (schemas / name).read_bytes()
        except OSError:
            return None
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def _entry(key: str | None) -> Path | None:
    base = folder()
    return base / f"register-{key}" if base is not None and key else None


def _check(payload: bytes) -> bytes:
    return blake2b(payload).hexdigest().encode()


def recall(key: str | None, raw: RawRegister) -> LoadedRegister | None:
    """The parsed register remembered under ``key``, or None (never an exception)."""
    entry = _entry(key)
    if entry is None:
        return None
    try:
        first, check, payload = entry.read_bytes().split(b"\n", 2)
        if first != f"{_FORMAT} {key}".encode() or check != _check(payload):
            return None
        stored = marshal.loads(payload)
        display = {f.rel: f.display for f in raw.files}
        regio = Document(display[stored["regio"][0]], stored["regio"][1], {}, {}) \
            if stored["regio"] else None
        districten = [(stem, Document(display[rel], data, {}, {}))
                      for stem, rel, data in stored["districten"]]
        return LoadedRegister(regio, districten, [], list(stored["district_files"]))
    except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):
        return None


def remember(key: str | None, raw: RawRegister, loaded: LoadedRegister) -> None:
    """Store a register that has just been found valid; silently nothing if that fails."""
    import tempfile

    entry = _entry(key)
    if entry is None:
        return
    rel = {f.display: f.rel for f in raw.files}
    try:
        payload = marshal.dumps({
            "regio": (rel[loaded.regio.display], loaded.regio.data) if loaded.regio else None,
            "districten": [(stem, rel[doc.display], doc.data) for stem, doc in loaded.districten],
            "district_files": loaded.district_files,
        })
    except ValueError:  # pragma: no cover - register data is plain YAML scalars and containers
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".register-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(f"{_FORMAT} {key}\n".encode() + _check(payload) + b"\n" + payload)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a cache that cannot be written is simply no cache
