"""The register's files as read from a folder: their bytes, one consistent state of them.

Nothing here imports a YAML parser: a query whose register is in the cache never needs one.

Memory is bounded before anything is parsed: a file over MAX_BYTES, a register over MAX_TOTAL
in all, more than MAX_DISTRICT_FILES district files, or a districten/ folder of more than
MAX_ENTRIES entries of any kind is a finding, decided from sizes and names alone (README,
'Grenzen'). The parser adds a cap on the number of values (mhcli.loading.MAX_VALUES): memory
follows the values, not the bytes ('[1,1,1,...]' is one value per two bytes).
"""

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from mhcli.errors import EXIT_REGISTER, MhcliError
from mhcli.findings import FOUT, WAARSCHUWING, Finding, display_path, printable_name

MIB = 1024 * 1024
# The real register's largest file is 15 KB and all of it 24 KB; a register 100 times that is
# under 1 MiB. Measured on a 2-core machine (README, 'Grenzen'): at these caps the worst shapes
# cost mhcli valideer about 5 s and 85 MB; without a total cap five 2 MiB files cost 41 s.
MAX_BYTES = 1 * MIB  # one file
MAX_TOTAL = 4 * MIB  # every file of the register together
MAX_DISTRICT_FILES = 1000
MAX_ENTRIES = 10_000  # names of any kind in districten/, listed at all

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


Signature = tuple[int, int, int, int]  # size, mtime_ns, inode, device


def _signature(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
NOT_REGULAR = ("geen-gewoon-bestand", "dit is geen gewoon bestand (maar bijvoorbeeld een pipe, "
               "apparaat of socket); verwacht een YAML-bestand.")


def _read_fd(handle: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(handle, min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_regular(path: Path, limit: int) -> tuple[bytes, Signature]:
    """At most ``limit`` bytes of the regular file at ``path`` and its signature at opening.

    Anything else (a FIFO, device or socket, also behind a symlink such as /dev/stdin) is
    refused before it is opened and again after, without ever blocking: OSError(EINVAL). A
    file larger than ``limit`` is not read at all: OSError(EFBIG)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, "not a regular file")
    handle = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(handle)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if st.st_size > limit:
            raise OSError(errno.EFBIG, "file too large")
        return _read_fd(handle, limit + 1), _signature(st)
    finally:
        os.close(handle)


def _mib(size: int) -> str:
    return f"{size / MIB:.1f} MiB".replace(".", ",")


def too_large(size: int | None = None) -> str:
    """The finding's message for a file over MAX_BYTES (also for a git blob)."""
    shown = f" ({_mib(size)})" if size is not None else ""
    return (f"het bestand is groter dan {MAX_BYTES // MIB} MiB{shown}; dat is geen "
            "registerbestand, en mhcli leest het niet.")


def register_too_large(total: int, files: int) -> str:
    """The finding's message for a register over MAX_TOTAL in all (also at a git revision)."""
    return (f"het register is samen {_mib(total)} in {files} bestanden, meer dan de "
            f"grens van {MAX_TOTAL // MIB} MiB; mhcli leest het niet. Het echte register is "
            "een paar tientallen kB: staan er bestanden in die er niet horen?")


def too_many_files(count: int) -> str:
    return (f"er staan {count} districtbestanden in 'districten', meer dan de grens van "
            f"{MAX_DISTRICT_FILES}; mhcli leest ze niet. Staan er bestanden in die er niet "
            "horen?")


def _outside(path: Path, root: str) -> str | None:
    """Where ``path`` points when it is a symbolic link to a regular file outside the register
    folder ``root`` (resolved); None otherwise. A link in a pull request could otherwise make
    valideer in CI read, and its messages quote, any file of that machine (a token in
    ~/.docker/config.json). Other odd targets (/dev/stdin, a loop) get their own finding."""
    try:
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            return None
        target = os.path.realpath(path)
        if not stat.S_ISREG(os.stat(target).st_mode):
            return None
    except (OSError, ValueError):
        return None
    return None if os.path.commonpath([target, root]) == root else target


def outside_message(target: str) -> str:
    return (f"dit is een symbolische koppeling naar {printable_name(target)}, buiten de "
            "registermap; mhcli leest het niet. Zet het bestand zelf in de registermap.")


def _read_bytes(path: Path, display: str, root: str, maybe_link: bool = True
                ) -> tuple[bytes, Signature] | Finding:
    def finding(code: str, message: str) -> Finding:
        return Finding(display, None, None, FOUT, code, message)

    target = _outside(path, root) if maybe_link else None
    if target is not None:
        return finding("koppeling-buiten-register", outside_message(target))
    try:
        return read_regular(path, MAX_BYTES)
    except IsADirectoryError:
        return finding("map-in-plaats-van-bestand", "dit is een map, geen bestand; "
                       "verwacht een YAML-bestand.")
    except FileNotFoundError:
        return finding("bestand-ontbreekt", "het bestand bestaat niet.")
    except PermissionError:
        return finding("onleesbaar", "geen leesrechten op dit bestand.")
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            return finding("te-groot", too_large(_size(path)))
        if exc.errno == errno.ELOOP:
            return finding("symlink-lus", "de symbolische koppeling verwijst naar zichzelf "
                           "(een lus); verwijs naar een echt bestand.")
        if exc.errno == errno.EINVAL:
            if path.is_dir():
                return finding("map-in-plaats-van-bestand", "dit is een map, geen bestand; "
                               "verwacht een YAML-bestand.")
            return finding(*NOT_REGULAR)
        if exc.errno == errno.ENAMETOOLONG:
            return finding("onleesbaar", "het pad is te lang voor het systeem; kies een kortere "
                           "map of bestandsnaam.")
        return finding("onleesbaar", f"het bestand kan niet gelezen worden ({exc.strerror}).")


def _size(path: Path) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _district_entries(folder: Path, root: str | None = None, links: set[str] | None = None
                      ) -> list[Path] | Finding:
    """The names in districten/ (``root``: the register folder it must lie in, resolved;
    ``links`` gets the names that are symbolic links, known from the listing itself)."""
    display = display_path(folder)
    try:
        real = os.path.realpath(folder)
    except (OSError, ValueError):
        real = root or ""
    if root is not None and os.path.commonpath([real, root]) != root:  # a link elsewhere
        return Finding(display, None, None, FOUT, "koppeling-buiten-register",
                       f"'districten' is een symbolische koppeling naar {printable_name(real)}, "
                       "buiten de registermap; mhcli leest die map niet. Zet de "
                       "districtbestanden zelf in de registermap.")
    try:
        names: list[str] = []
        with os.scandir(folder) as scan:
            for entry in scan:
                if len(names) == MAX_ENTRIES:
                    return Finding(display, None, None, FOUT, "te-veel-bestanden",
                                   f"de map 'districten' bevat meer dan {MAX_ENTRIES} namen; "
                                   "mhcli leest haar niet. Staan er bestanden in die er niet "
                                   "horen?")
                names.append(entry.name)
                if links is not None and entry.is_symlink():
                    links.add(entry.name)
        entries = [folder / name for name in sorted(names)]
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
    return entries


ATTEMPTS = 3


class TornRead(MhcliError):
    """The register kept changing while it was read."""

    exit_code = EXIT_REGISTER


def read_folder(data_dir: Path) -> RawRegister:
    """Gather the register files below ``data_dir`` (regio.yaml and districten/*.yaml).

    The files are read as one consistent state: when any file, or the list of district files,
    changed while they were read, they are read again (at most ATTEMPTS times in all)."""
    for _ in range(ATTEMPTS):
        raw, seen = _read_once(data_dir)
        if seen.unchanged():
            total = sum(len(f.content) for f in raw.files)
            if total > MAX_TOTAL:  # grew after the sizes were asked: still not parsed
                return raw._replace(files=[], findings=[*raw.findings, Finding(
                    raw.label, None, None, FOUT, "register-te-groot",
                    register_too_large(total, len(raw.files)))])
            return raw
    raise TornRead(f"het register in {display_path(data_dir)} veranderde steeds terwijl mhcli "
                   f"het las ({ATTEMPTS} pogingen); probeer het opnieuw als het opslaan klaar "
                   "is.")


def _checked(read: tuple[bytes, Signature]) -> Signature:
    """The signature, spoilt when fewer bytes came than the size said (torn while reading)."""
    content, signature = read
    return signature if len(content) >= signature[0] else (-1, 0, 0, 0)


class _Seen(NamedTuple):
    """What one reading saw: each file's signature at opening, the district file names."""

    files: list[tuple[Path, Signature]]
    listing: list[tuple[Path, tuple[str, ...]]]

    def unchanged(self) -> bool:
        for path, names in self.listing:
            now = _district_entries(path)
            if isinstance(now, Finding) or tuple(p.name for p in now) != names:
                return False
        for path, signature in self.files:
            try:
                if _signature(os.stat(path)) != signature:
                    return False
            except OSError:
                return False
        return True


def _over_the_caps(regio: Path, entries: list[Path]) -> tuple[str, str] | None:
    """(code, message) when the register is over MAX_DISTRICT_FILES or MAX_TOTAL, from the
    names and the sizes the file system gives; each file's own cap is checked as it is read."""
    wanted = [e for e in entries if e.suffix == ".yaml" and not e.name.startswith(".")]
    if len(wanted) > MAX_DISTRICT_FILES:
        return "te-veel-bestanden", too_many_files(len(wanted))
    total = real = 0
    for path in (str(regio), *map(str, wanted)):
        try:
            st = os.stat(path)
        except OSError:
            continue  # a finding of its own when it is read
        if stat.S_ISREG(st.st_mode):
            # A file over its own cap is never read: it weighs only that much in the total.
            total += min(st.st_size, MAX_BYTES + 1)
            real += st.st_size
    if total > MAX_TOTAL:
        return "register-te-groot", register_too_large(real, len(wanted) + 1)
    return None


def _read_once(data_dir: Path) -> tuple[RawRegister, _Seen]:
    label = display_path(data_dir)
    seen = _Seen([], [])

    def shown(rel: str) -> str:  # one resolve() for the folder, not one per file
        return rel if label == "." else f"{label}/{rel}"

    raw = RawRegister(label, [], [], [])
    if not data_dir.exists() and not data_dir.is_symlink():
        raw.findings.append(Finding(label, None, None, FOUT, "map-ontbreekt",
                                    "de registermap bestaat niet; geef met --data de map die "
                                    "regio.yaml en districten/ bevat."))
        return raw, seen
    if not data_dir.is_dir():
        raw.findings.append(Finding(label, None, None, FOUT, "geen-map",
                                    "dit is geen map; geef met --data de map die regio.yaml en "
                                    "districten/ bevat."))
        return raw, seen
    try:
        root = os.path.realpath(data_dir)
    except (OSError, ValueError):
        root = str(data_dir)
    folder = data_dir / DISTRICTEN
    links: set[str] = set()
    entries = _district_entries(folder, root, links)
    too_big = _over_the_caps(data_dir / REGIO, entries if isinstance(entries, list) else [])
    if too_big is not None:  # decided from names and sizes: nothing is read
        raw.findings.append(Finding(label, None, None, FOUT, *too_big))
        if isinstance(entries, list):
            seen.listing.append((folder, tuple(p.name for p in entries)))
            raw.district_files.extend(e.stem for e in entries if e.suffix == ".yaml"
                                      and not e.name.startswith("."))
        return raw, seen
    regio = _read_bytes(data_dir / REGIO, shown(REGIO), root)
    if isinstance(regio, Finding):
        raw.findings.append(regio)
    else:
        raw.files.append(RawFile(REGIO, shown(REGIO), regio[0]))
        seen.files.append((data_dir / REGIO, _checked(regio)))
    if isinstance(entries, Finding):
        raw.findings.append(entries)
        return raw, seen
    seen.listing.append((folder, tuple(p.name for p in entries)))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        display = shown(f"{DISTRICTEN}/{printable_name(entry.name)}")
        if entry.suffix == ".yml":
            raw.findings.append(Finding(display, None, None, WAARSCHUWING, "extensie",
                                        "dit bestand wordt overgeslagen; districtbestanden "
                                        f"eindigen op .yaml (hernoem het naar {entry.stem}.yaml)."))
            continue
        if entry.suffix != ".yaml":
            continue
        if printable_name(entry.name) != entry.name:
            raw.findings.append(Finding(display, None, None, FOUT, "bestandsnaam-codering",
                                        "de bestandsnaam is geen geldige UTF-8; hernoem het "
                                        "bestand naar het id van het district met .yaml."))
            continue
        raw.district_files.append(entry.stem)
        content = _read_bytes(entry, display, root, entry.name in links)
        if isinstance(content, Finding):
            raw.findings.append(content)
        else:
            raw.files.append(RawFile(f"{DISTRICTEN}/{entry.name}", display, content[0]))
            seen.files.append((entry, _checked(content)))
    return raw, seen
