"""Which register a command reads, and which schemas check it."""

import os
from pathlib import Path
from typing import NamedTuple

from mhcli.errors import MhcliError

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # In a wheel the folder sits inside the package; in a source checkout (editable install)
    # it is the repository's own top-level folder.
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent.parent / name


def bundled_data() -> Path:
    return _bundled("data")


def bundled_schemas() -> Path:
    return _bundled("schemas")


class Location(NamedTuple):
    data: Path
    schemas: Path


def _schemas_for(data: Path) -> Path:
    """The schemas beside the register (as its `$schema` lines point), else the bundled ones."""
    beside = data.parent / "schemas"
    if (beside / "regio.schema.json").is_file() and (beside / "district.schema.json").is_file():
        return beside
    return bundled_schemas()


def locate(option: Path | None, cwd: Path | None = None) -> Location:
    """--data, then MHCLI_DATA, then the nearest data/regio.yaml upwards, then the bundled one."""
    if option is not None:
        return Location(option, _schemas_for(option))
    env = os.environ.get("MHCLI_DATA")
    if env:
        path = Path(env)
        return Location(path, _schemas_for(path))
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if (candidate / "regio.yaml").is_file():
            return Location(candidate, _schemas_for(candidate))
    data = bundled_data()
    if not (data / "regio.yaml").is_file():
        raise MhcliError("het meegeleverde register ontbreekt in de installatie; installeer "
                         "mhcli opnieuw of geef met --data een registermap.", exit_code=1)
    return Location(data, bundled_schemas())
