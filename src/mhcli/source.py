"""The register's files as read: their bytes, and the documents parsed from them.

Nothing here imports a YAML parser: a query whose register is in the cache never needs one.
"""

import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from mhcli.findings import FOUT, WAARSCHUWING, Finding, display_path

MAX_BYTES = 2 * 1024 * 1024

Path_ = tuple[str | int, ...]
Position = tuple[int, int]


class Document(NamedTuple):
    """One parsed YAML file: its data and where each value and key stands."""

    display: str
    data: Any
    positions: dict[Path_, Position]
    key_positions: dict[Path_, Position]

    def position(self, path: Path_, *, key: bool = False) -> Position | None:
        """The position of the value (or key) at ``path``, else of its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return None


def dotted(path: tuple[Any, ...]) -> str:
    """('gemeenten', 3, 'naam') -> 'gemeenten[4].naam' (items counted from 1, as people do)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


class LoadedRegister(NamedTuple):
    """The parsed documents of a register and every problem met while reading them."""

    regio: Document | None
    districten: list[tuple[str, Document]]
    findings: list[Finding]
    district_files: list[str]  # stems, readable or not


# --- the register on disk ---------------------------------------------------------------------

REGIO = "regio.yaml"
DISTRICTEN = "districten"


class RawFile(NamedTuple):
    rel: str
    display: str
    content: bytes


class RawRegister(NamedTuple):
    """The bytes of every register file, gathered from a folder or a git revision."""

    label: str
    files: list[RawFile]
    findings: list[Finding]
    district_files: list[str]  # the stem of every districten/*.yaml, readable or not


def _read_bytes(path: Path, display: str) -> bytes | Finding:
    def finding(code: str, message: str) -> Finding:
        return Finding(display, None, None, FOUT, code, message)

    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        return finding("map-in-plaats-van-bestand", "dit is een map, geen bestand; "
                       "verwacht een YAML-bestand.")
    except FileNotFoundError:
        return finding("bestand-ontbreekt", "het bestand bestaat niet.")
    except PermissionError:
        return finding("onleesbaar", "geen leesrechten op dit bestand.")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return finding("symlink-lus", "de symbolische koppeling verwijst naar zichzelf "
                           "(een lus); verwijs naar een echt bestand.")
        return finding("onleesbaar", f"het bestand kan niet gelezen worden ({exc.strerror}).")


def _district_entries(folder: Path) -> Iterator[Path] | Finding:
    display = display_path(folder)
    try:
        with os.scandir(folder) as scan:
            entries = sorted((Path(e.path) for e in scan), key=lambda p: p.name)
    except FileNotFoundError:
        return Finding(display, None, None, FOUT, "map-ontbreekt",
                       "de map 'districten' ontbreekt; elk district heeft daarin een bestand.")
    except NotADirectoryError:
        return Finding(display, None, None, FOUT, "geen-map",
                       "'districten' is een bestand; verwacht een map met districtbestanden.")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Finding(display, None, None, FOUT, "symlink-lus",
                           "de symbolische koppeling verwijst naar zichzelf (een lus).")
        return Finding(display, None, None, FOUT, "onleesbaar",
                       f"de map kan niet gelezen worden ({exc.strerror}).")
    return iter(entries)


def read_folder(data_dir: Path) -> RawRegister:
    """Gather the register files below ``data_dir`` (regio.yaml and districten/*.yaml)."""
    label = display_path(data_dir)

    def shown(rel: str) -> str:  # one resolve() for the folder, not one per file
        return rel if label == "." else f"{label}/{rel}"

    raw = RawRegister(label, [], [], [])
    if not data_dir.exists() and not data_dir.is_symlink():
        raw.findings.append(Finding(label, None, None, FOUT, "map-ontbreekt",
                                    "de registermap bestaat niet; geef met --data de map die "
                                    "regio.yaml en districten/ bevat."))
        return raw
    if not data_dir.is_dir():
        raw.findings.append(Finding(label, None, None, FOUT, "geen-map",
                                    "dit is geen map; geef met --data de map die regio.yaml en "
                                    "districten/ bevat."))
        return raw
    regio = _read_bytes(data_dir / REGIO, shown(REGIO))
    if isinstance(regio, Finding):
        raw.findings.append(regio)
    else:
        raw.files.append(RawFile(REGIO, shown(REGIO), regio))
    entries = _district_entries(data_dir / DISTRICTEN)
    if isinstance(entries, Finding):
        raw.findings.append(entries)
        return raw
    for entry in entries:
        if entry.name.startswith("."):
            continue
        display = shown(f"{DISTRICTEN}/{entry.name}")
        if entry.suffix == ".yml":
            raw.findings.append(Finding(display, None, None, WAARSCHUWING, "extensie",
                                        "dit bestand wordt overgeslagen; districtbestanden "
                                        f"eindigen op .yaml (hernoem het naar {entry.stem}.yaml)."))
            continue
        if entry.suffix != ".yaml":
            continue
        raw.district_files.append(entry.stem)
        content = _read_bytes(entry, display)
        if isinstance(content, Finding):
            raw.findings.append(content)
        else:
            raw.files.append(RawFile(f"{DISTRICTEN}/{entry.name}", display, content))
    return raw
