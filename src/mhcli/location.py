"""Which register a command reads, and which schemas check it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from mhcli.errors import MhcliError
from mhcli.findings import printable_name

_PACKAGE = Path(__file__).resolve().parent

OPTIE = "optie"
OMGEVING = "omgeving"
WERKMAP = "werkmap"
MEEGELEVERD = "meegeleverd"


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
    hoe: str = MEEGELEVERD  # optie, omgeving, werkmap or meegeleverd
    notes: tuple[str, ...] = ()  # one Dutch line for each register the search passed over


def _schemas_for(data: Path) -> Path:
    """The schemas beside the register (as its `$schema` lines point), else the bundled ones."""
    beside = data.parent / "schemas"
    if (beside / "regio.schema.json").is_file() and (beside / "district.schema.json").is_file():
        return beside
    return bundled_schemas()


def _chosen(path: Path, how: str) -> Path:
    """A folder named with --data or MHCLI_DATA, or a usage error that says what is wrong."""
    shown = f"'{printable_name(str(path))}' ({how})"
    hint = "geef de map die regio.yaml en districten/ bevat."
    try:
        if not stat.S_ISDIR(os.stat(path).st_mode):
            raise MhcliError(f"de registermap {shown} is geen map; {hint}")
        with os.scandir(path):
            pass
    except FileNotFoundError:
        raise MhcliError(f"de registermap {shown} bestaat niet; {hint}") from None
    except PermissionError:
        raise MhcliError(f"de registermap {shown} is niet leesbaar (geen rechten); geef een "
                         "map die u mag lezen.") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise MhcliError(f"het pad van de registermap ({how}) is te lang voor het systeem; "
                             "kies een kortere map.") from None
        if exc.errno == errno.ELOOP:
            raise MhcliError(f"de registermap {shown} is een symbolische koppeling in een lus; "
                             f"{hint}") from None
        raise MhcliError(f"de registermap {shown} kan niet gelezen worden ({exc.strerror}); "
                         f"{hint}") from None
    return path


def _chain(path: Path) -> tuple[Path, ...]:
    """The path and every folder above it, up to /."""
    return (path, *path.parents)


def _untrusted(candidate: Path) -> str | None:
    """Why a register found by the search is not safe to answer from, or None: regio.yaml,
    districten/ and every file in it (see _untrusted_paths)."""
    starts = [candidate / "regio.yaml", candidate / "districten"]
    try:
        with os.scandir(candidate / "districten") as scan:
            starts += sorted(Path(e.path) for e in scan)
    except OSError:
        pass  # a missing or unreadable districten/ is a finding of the register itself
    return _untrusted_paths(starts)


def _untrusted_paths(starts: list[Path]) -> str | None:
    """Why these paths are not safe to answer from, or None.

    From each path (symlinks resolved) up to /, everything must be owned by
    the current user or root, else another user could have put it there. The register's
    files, its folder and the folder it sits in must not be writable by others either (a
    shared /tmp with its sticky bit counts as writable: anyone may create /tmp/data); a folder
    further up may be, but only with the sticky bit, which keeps others from renaming what is
    below it."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # pragma: no cover - no owners to check (Windows)
        return None
    me = geteuid()
    checked: set[str] = set()
    for start in starts:
        try:
            real = Path(os.path.realpath(start))
        except (OSError, ValueError):
            return "het pad kan niet worden nagelopen"
        for level, path in enumerate(_chain(real)):
            if str(path) in checked:
                break
            checked.add(str(path))
            try:
                st = os.stat(path)
            except FileNotFoundError:
                continue  # a missing districten/ is a finding of the register itself
            except OSError as exc:
                return f"{printable_name(str(path))} kan niet worden nagelopen ({exc.strerror})"
            if st.st_uid not in (me, 0):
                return (f"{printable_name(str(path))} is van een andere gebruiker "
                        f"(uid {st.st_uid})")
            if st.st_mode & stat.S_IWOTH and (level <= 2 or not st.st_mode & stat.S_ISVTX):
                return f"{printable_name(str(path))} is schrijfbaar voor anderen"
    return None


def _home() -> Path | None:
    try:
        return Path(os.path.realpath(Path.home()))
    except (RuntimeError, OSError, KeyError):
        return None


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def locate(option: Path | None, cwd: Path | None = None) -> Location:
    """--data, then MHCLI_DATA, then the nearest data/regio.yaml upwards, then the bundled one.

    The search upwards stops at the top of the enclosing git work tree (a folder with a .git
    entry) or at the home folder, and passes over a register that another user could have
    put there (see _untrusted); each one passed over gets a note in ``notes``."""
    if option is not None:
        return Location(_chosen(option, "--data"), _schemas_for(option), OPTIE)
    env = os.environ.get("MHCLI_DATA")
    if env:
        path = Path(env)
        return Location(_chosen(path, "MHCLI_DATA"), _schemas_for(path), OMGEVING)
    try:
        here = Path(os.path.realpath(cwd)) if cwd is not None else Path(os.getcwd())
    except OSError:
        raise MhcliError("de huidige map bestaat niet meer (verwijderd?); ga naar een bestaande "
                         "map of geef met --data de registermap.") from None
    home = _home()
    data = bundled_data()
    notes: list[str] = []
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if os.path.lexists(candidate / "regio.yaml"):
            if _same(candidate, data):  # the installation's own: no other user's to plant
                return Location(data, bundled_schemas(), MEEGELEVERD, tuple(notes))
            reason = _untrusted(candidate)
            if reason is None:
                schemas = _schemas_for(candidate)
                if schemas != bundled_schemas():
                    why = _untrusted_paths([schemas / "regio.schema.json",
                                            schemas / "district.schema.json"])
                    if why is not None:  # schemas decide what is valid: the same care
                        notes.append(f"{printable_name(str(schemas))} overgeslagen: {why}; de "
                                     "meegeleverde schema's controleren dit register.")
                        schemas = bundled_schemas()
                return Location(candidate, schemas, WERKMAP, tuple(notes))
            notes.append(f"{printable_name(str(candidate / 'regio.yaml'))} overgeslagen: "
                         f"{reason}; kies het met --data als u het toch bedoelt.")
        if folder == home or os.path.lexists(folder / ".git"):
            break
    if not (data / "regio.yaml").is_file():
        raise MhcliError("het meegeleverde register ontbreekt in de installatie; installeer "
                         "mhcli opnieuw of geef met --data een registermap.", exit_code=1)
    return Location(data, bundled_schemas(), MEEGELEVERD, tuple(notes))
