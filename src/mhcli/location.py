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


TRUSTED = "MHCLI_VERTROUWD"  # folders to use even though others can change them


class Location(NamedTuple):
    data: Path
    schemas: Path
    hoe: str = MEEGELEVERD  # optie, omgeving, werkmap or meegeleverd
    notes: tuple[str, ...] = ()  # one Dutch line for each register the search passed over
    # For a register chosen with --data or MHCLI_DATA: why others could change it (None: they
    # cannot, or the user trusts them in MHCLI_VERTROUWD). A query refuses such a register
    # (``refuse_unsafe``); valideer and diff, which answer no one, read it with a note.
    onveilig: str | None = None

    def refuse_unsafe(self) -> None:
        """Raise the usage error for a chosen register that others can change."""
        if self.onveilig is not None:
            how = "--data" if self.hoe == OPTIE else "MHCLI_DATA"
            raise MhcliError(f"de registermap '{printable_name(str(self.data))}' ({how}) wordt "
                             f"niet gebruikt: {self.onveilig}, dus een ander kan veranderen wie "
                             "u belt. Maak het register alleen door u te wijzigen, of zet "
                             f"{TRUSTED} op deze map als u vertrouwt wie het kan wijzigen.")

    def unsafe_note(self) -> str | None:
        """The one line valideer and diff show for a chosen register that others can change."""
        if self.onveilig is None:
            return None
        return (f"let op: {self.onveilig}; een vraag aan dit register wordt geweigerd tot het "
                f"alleen door u te wijzigen is of in {TRUSTED} staat.")


SCHEMA_FILES = ("regio.schema.json", "district.schema.json")


def _schemas_for(data: Path) -> Path:
    """The schemas beside the register (as its `$schema` lines point), else the bundled ones."""
    beside = data.parent / "schemas"
    if all((beside / name).is_file() for name in SCHEMA_FILES):
        return beside
    return bundled_schemas()


def _trusted_schemas(data: Path, notes: list[str]) -> Path:
    """The schemas for the register at ``data``: those beside it only when no one else can
    change them (they decide what is valid), else the bundled ones with a note."""
    schemas = _schemas_for(data)
    if schemas == bundled_schemas():
        return schemas
    files = [schemas / name for name in SCHEMA_FILES]
    why = _links_out(schemas, files) or (None if _trusted(data) else _untrusted_paths(files))
    if why is None:
        return schemas
    notes.append(f"{printable_name(str(schemas))} overgeslagen: {why}; de meegeleverde "
                 "schema's controleren dit register.")
    return bundled_schemas()


def _links_out(folder: Path, files: list[Path]) -> str | None:
    """Why one of ``files`` is a link out of ``folder``, or None. A schema linked to another
    file of the machine (in a pull request) would have valideer read it and quote it."""
    try:
        root = os.path.realpath(folder)
        for path in files:
            target = os.path.realpath(path)
            if os.path.commonpath([target, root]) != root:
                return (f"{printable_name(str(path))} is een symbolische koppeling naar "
                        f"{printable_name(target)}, buiten de map")
    except (OSError, ValueError):
        return "het pad kan niet worden nagelopen"
    return None


def _trusted(folder: Path) -> bool:
    """Whether the user named ``folder`` in MHCLI_VERTROUWD (absolute paths, separated as in
    PATH): a register there is used even though others can change it."""
    listed = [entry for entry in os.environ.get(TRUSTED, "").split(os.pathsep)
              if os.path.isabs(entry)]
    return any(_same(folder, Path(entry)) for entry in listed)


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


def _untrusted(candidate: Path) -> str | None:
    """Why the register at ``candidate`` is not safe to answer from, or None: regio.yaml,
    districten/ and every file in it (see _untrusted_paths)."""
    base = str(candidate)
    folder = os.path.join(base, "districten")
    starts: list[tuple[str, bool]] = [(os.path.join(base, "regio.yaml"), True), (folder, True)]
    try:
        with os.scandir(folder) as scan:  # is_symlink() comes with the listing: no lstat
            starts += sorted((e.path, e.is_symlink()) for e in scan)
    except OSError:
        pass  # a missing or unreadable districten/ is a finding of the register itself
    return _untrusted_paths(starts)


def _untrusted_paths(starts: list[tuple[str, bool]] | list[Path]) -> str | None:
    """Why these paths are not safe to answer from, or None. A start is a path, or a path and
    whether it may be a symbolic link (False: known not to be one).

    From each path (symlinks resolved) up to /, everything must be owned by the current user
    or root, else another user could have put it there. The register's files, its folder and
    the folder it sits in must not be writable by others or by a group with other members
    either (a shared /tmp with its sticky bit counts as writable: anyone may create /tmp/data);
    a folder further up may be, but only with the sticky bit, which keeps others from renaming
    what is below it. A group that is the user's own (a user private group: named after the
    user, no other members) is no one else, as Debian's OpenSSH also reads it."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # pragma: no cover - no owners to check (Windows)
        return None
    me = geteuid()
    checked: set[str] = set()
    parents: dict[str, str] = {}
    for start in starts:
        name, maybe_link = start if isinstance(start, tuple) else (str(start), True)
        try:
            path = _real(name, maybe_link, parents)
        except (OSError, ValueError):
            return "het pad kan niet worden nagelopen"
        level = 0
        while path not in checked:  # from the path up to /; what is checked, is checked
            checked.add(path)
            why = _writable_by_others(path, level, me)
            if why is not None:
                return why
            parent = os.path.dirname(path)
            if parent == path:
                break
            path, level = parent, level + 1
    return None


def _writable_by_others(path: str, level: int, me: int) -> str | None:
    """Why someone else could change what is at ``path`` (``level`` folders above a start)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None  # a missing districten/ is a finding of the register itself
    except OSError as exc:
        return f"{printable_name(path)} kan niet worden nagelopen ({exc.strerror})"
    if st.st_uid not in (me, 0):
        return f"{printable_name(path)} is van een andere gebruiker (uid {st.st_uid})"
    guarded = level > 2 and st.st_mode & stat.S_ISVTX
    if st.st_mode & stat.S_IWOTH and not guarded:
        return f"{printable_name(path)} is schrijfbaar voor anderen"
    if st.st_mode & stat.S_IWGRP and not guarded and not _own_group(st.st_gid, me):
        return f"{printable_name(path)} is schrijfbaar voor de groep {_group_name(st.st_gid)}"
    return None


def _real(path: str, maybe_link: bool, parents: dict[str, str]) -> str:
    """``path`` with every symlink resolved; a plain file's folder is resolved once for all
    its files (a register of hundreds of district files stays cheap)."""
    if maybe_link:
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return os.path.realpath(path)
        except FileNotFoundError:
            pass  # a missing file is a finding of the register itself, not a risk
    folder, name = os.path.split(path)
    if folder not in parents:
        parents[folder] = os.path.realpath(folder)
    return os.path.join(parents[folder], name)


def _group_name(gid: int) -> str:
    try:
        import grp

        return f"'{grp.getgrgid(gid).gr_name}' (gid {gid})"
    except (ImportError, KeyError, OverflowError):
        return f"met gid {gid}"


def _own_group(gid: int, uid: int) -> bool:
    """Whether group ``gid`` is the user's private group: named after the user, with no
    other member, and the primary group of no one else (Debian's user-group-modes rule)."""
    if gid in _OWN_GROUPS:
        return _OWN_GROUPS[gid]
    try:
        import grp
        import pwd

        user = pwd.getpwuid(uid)
        group = grp.getgrgid(gid)
        alone = (group.gr_name == user.pw_name and set(group.gr_mem) <= {user.pw_name}
                 and all(p.pw_uid == uid for p in pwd.getpwall() if p.pw_gid == gid))
    except (ImportError, KeyError, OverflowError):
        alone = False
    _OWN_GROUPS[gid] = alone
    return alone


_OWN_GROUPS: dict[int, bool] = {}


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


def _named(path: Path, how: str) -> Location:
    """A register chosen by name. It is the user's choice, but not a blind one: a register
    that others can change is marked (``onveilig``), and its schemas are checked as the
    search checks them."""
    notes: list[str] = []
    reason = None if _trusted(path) else _untrusted(path)
    return Location(path, _trusted_schemas(path, notes), how, tuple(notes), reason)


def locate(option: Path | None, cwd: Path | None = None) -> Location:
    """--data, then MHCLI_DATA, then the nearest data/regio.yaml upwards, then the bundled one.

    The search upwards stops at the top of the enclosing git work tree (a folder with a .git
    entry) or at the home folder, and passes over a register that another user could have
    put there (see _untrusted); each one passed over gets a note in ``notes``."""
    if option is not None:
        return _named(_chosen(option, "--data"), OPTIE)
    env = os.environ.get("MHCLI_DATA")
    if env:
        return _named(_chosen(Path(env), "MHCLI_DATA"), OMGEVING)
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
            reason = None if _trusted(candidate) else _untrusted(candidate)
            if reason is None:
                schemas = _trusted_schemas(candidate, notes)
                return Location(candidate, schemas, WERKMAP, tuple(notes))
            notes.append(f"{printable_name(str(candidate / 'regio.yaml'))} overgeslagen: "
                         f"{reason}; vertrouwt u wie het kan wijzigen, zet dan {TRUSTED} op "
                         f"{printable_name(str(candidate))}.")
        if folder == home or os.path.lexists(folder / ".git"):
            break
    if not (data / "regio.yaml").is_file():
        raise MhcliError("het meegeleverde register ontbreekt in de installatie; installeer "
                         "mhcli opnieuw of geef met --data een registermap.", exit_code=1)
    return Location(data, bundled_schemas(), MEEGELEVERD, tuple(notes))
