"""Remembering that a register was valid, so a query on an unchanged register skips jsonschema.

The key is a hash of every register file (name and bytes), both schemas and the tool's version:
any change to any of them is a different key. The cache is only ever a shortcut; a corrupt,
unreadable or read-only cache folder means "no cache", never an error or a wrong answer.
`mhcli valideer` never reads it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from mhcli import __version__
from mhcli.loading import RawRegister

_SCHEMA_FILES = ("regio.schema.json", "district.schema.json")


def folder() -> Path | None:
    """MHCLI_CACHE (empty: no cache), else $XDG_CACHE_HOME/mhcli, else ~/.cache/mhcli."""
    configured = os.environ.get("MHCLI_CACHE")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mhcli"


def key(raw: RawRegister, schemas: Path) -> str | None:
    digest = hashlib.sha256(f"mhcli {__version__}\0".encode())
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


def _entry(key: str) -> Path | None:
    base = folder()
    return base / f"geldig-{key}" if base is not None else None


def known_valid(key: str | None) -> bool:
    entry = _entry(key) if key else None
    if entry is None:
        return False
    try:
        return entry.read_text(encoding="ascii") == key
    except (OSError, UnicodeDecodeError, ValueError):
        return False


def remember_valid(key: str | None) -> None:
    entry = _entry(key) if key else None
    if entry is None or key is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".geldig-")
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(key)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a cache that cannot be written is simply no cache
