"""Every Dutch gemeente and woonplaats (CBS reference data), found by name as people type them.

The data lives in ``mhcli/referentie`` (built by tools/referentie.py, see README
'Referentiegegevens'): the CBS list, and ``cbs_wijzigingen.json``, the sourced reorganisations
newer than that list (renames, mergers, new codes), applied on top of it. It is read on the first
lookup only, so a query the register answers never touches it. ``load`` reads the same files
from any bytes (a git revision's), and ``using`` answers from them instead (``mhcli diff``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from mhcli.errors import EXIT_BUG, MhcliError
from mhcli.names import cbs_key, sleutel, suggestions

DATA = Path(__file__).with_name("referentie")


@dataclass(frozen=True)
class RefGemeente:
    code: str  # 'GM0687'
    naam: str  # as people write it: 'Middelburg'
    cbs_naam: str  # as the CBS table spells it: 'Middelburg (Z.)'
    provincie: str = ""  # from its COROP area (README 'Referentiegegevens')
    vroegere_namen: tuple[str, ...] = ()  # names before a rename in cbs_wijzigingen.json


@dataclass(frozen=True)
class Woonplaats:
    code: str  # 'WP1246'
    naam: str  # 'Oudenbosch'; 'Hengelo' for CBS's 'Hengelo (Gld)'
    gemeente_code: str  # 'GM1655'
    cbs_naam: str


@dataclass(frozen=True)
class Plaatsen:
    """What a name can mean: gemeenten and woonplaatsen of that name, each sorted by code."""

    gemeenten: tuple[RefGemeente, ...] = ()
    woonplaatsen: tuple[Woonplaats, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.gemeenten or self.woonplaatsen)


@dataclass(frozen=True)
class RefBron:
    """Where the reference data comes from, in the shape of a register bron plus the licence."""

    id: str
    titel: str
    url: str
    geraadpleegd: str
    licentie: str
    naamsvermelding: str
    peiljaar: int
    uitgever: str | None = None
    herleiding: str | None = None  # how the edition and tables are known (the file's own record)


@dataclass(frozen=True)
class Herindeling:
    """A reorganisation newer than the CBS list, as recorded in cbs_wijzigingen.json."""

    omschrijving: str
    ingang: str  # JJJJ-MM-DD
    bron_titel: str
    bron_url: str
    gemeenten: tuple[tuple[str, str], ...]  # (code, naam): a new gemeente or a new name
    opgeheven: tuple[str, ...]  # gemeente codes that no longer exist
    woonplaatsen: tuple[tuple[str, str], ...]  # (WP code, or GM code for all of one) -> GM code


@dataclass(frozen=True)
class Index:
    gemeenten: dict[str, RefGemeente]  # by code
    woonplaatsen: tuple[Woonplaats, ...]
    gemeenten_by_name: dict[str, tuple[RefGemeente, ...]]
    woonplaatsen_by_name: dict[str, tuple[Woonplaats, ...]]
    woonplaatsen_by_gemeente: dict[str, tuple[Woonplaats, ...]]
    bron: RefBron
    wijzigingen: tuple[Herindeling, ...]


WIJZIGINGEN = "cbs_wijzigingen.json"
FILES = ("gemeenten.csv", "woonplaatsen.csv", "bron.json", WIJZIGINGEN)


class ReferentieOnleesbaar(ValueError):
    """A reference file that cannot be read as mhcli expects: which file, and why."""

    def __init__(self, bestand: str, reden: str) -> None:
        super().__init__(f"{bestand}: {reden}")
        self.bestand, self.reden = bestand, reden


def _bad(reason: str) -> ReferentieOnleesbaar:
    return ReferentieOnleesbaar(WIJZIGINGEN, reason)


def _broken(what: str) -> MhcliError:
    return MhcliError(f"de referentiegegevens in {DATA} zijn onleesbaar ({what}); installeer "
                      "mhcli opnieuw.", exit_code=EXIT_BUG)


def _rows(files: Mapping[str, bytes], name: str, header: list[str]) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")))
    except KeyError:
        raise ReferentieOnleesbaar(name, "het bestand ontbreekt") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ReferentieOnleesbaar(name, str(exc)) from None
    if not rows or rows[0] != header:
        raise ReferentieOnleesbaar(name, f"onverwachte kolommen (verwacht: {','.join(header)})")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise ReferentieOnleesbaar(name, f"regel {number} heeft {len(row)} velden in plaats "
                                             f"van {len(header)}")
    return rows[1:]


def _grouped(items: Iterable[tuple[str, Any]]) -> dict[str, tuple[Any, ...]]:
    groups: dict[str, list[Any]] = {}
    for key, item in items:
        groups.setdefault(key, []).append(item)
    return {key: tuple(group) for key, group in groups.items()}


def _keys(naam: str, cbs_naam: str) -> tuple[str, ...]:
    return (sleutel(naam),) if naam == cbs_naam else (sleutel(naam), sleutel(cbs_naam))


_GM = re.compile(r"GM[0-9]{4}")  # always with fullmatch: '$' would allow a final newline
_WP = re.compile(r"WP[0-9]{4}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or _CONTROL.search(value):
        raise _bad(f"{what} is geen tekst")
    return value


def _codes(value: Any, pattern: re.Pattern[str], what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and pattern.fullmatch(v)
                                              for v in value):
        raise _bad(f"{what} is geen lijst van codes")
    return tuple(value)


def read_wijzigingen(text: str) -> tuple[Herindeling, ...]:
    """The reorganisations in cbs_wijzigingen.json, checked for shape (README,
    'Referentiegegevens', says how to write one)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _bad(str(exc)) from None
    entries = data.get("wijzigingen") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise _bad("'wijzigingen' ontbreekt of is geen lijst")
    found: list[Herindeling] = []
    for n, entry in enumerate(entries, start=1):
        what = f"wijziging {n}"
        if not isinstance(entry, dict) or not set(entry) <= {
                "omschrijving", "ingang", "bron", "gemeenten", "opgeheven", "woonplaatsen"}:
            raise _bad(f"{what} heeft onbekende sleutels")
        bron = entry.get("bron")
        if not isinstance(bron, dict) or set(bron) != {"titel", "url"} \
                or not str(bron.get("url")).startswith("https://"):
            raise _bad(f"{what} noemt geen bron (titel en https-url)")
        ingang = _text(entry.get("ingang"), f"{what}: ingang")
        try:
            date.fromisoformat(ingang)
        except ValueError:
            raise _bad(f"{what}: ingang is geen datum JJJJ-MM-DD") from None
        gemeenten = entry.get("gemeenten", [])
        if not isinstance(gemeenten, list) or not all(
                isinstance(g, dict) and set(g) == {"code", "naam"}
                and isinstance(g["code"], str) and _GM.fullmatch(g["code"]) for g in gemeenten):
            raise _bad(f"{what}: gemeenten zijn geen {{code, naam}}")
        moves = entry.get("woonplaatsen", {})
        if not isinstance(moves, dict):
            raise _bad(f"{what}: woonplaatsen is geen mapping")
        sources = _codes(list(moves), re.compile(f"{_GM.pattern}|{_WP.pattern}"),
                         f"{what}: woonplaatsen")
        targets = _codes(list(moves.values()), _GM, f"{what}: woonplaatsen")
        found.append(Herindeling(
            omschrijving=_text(entry.get("omschrijving"), f"{what}: omschrijving"),
            ingang=ingang,
            bron_titel=_text(bron["titel"], f"{what}: bron.titel"),
            bron_url=_text(bron["url"], f"{what}: bron.url"),
            gemeenten=tuple((g["code"], _text(g["naam"], f"{what}: naam")) for g in gemeenten),
            opgeheven=_codes(entry.get("opgeheven", []), _GM, f"{what}: opgeheven"),
            woonplaatsen=tuple(zip(sources, targets, strict=True)),
        ))
        if not (found[-1].gemeenten or found[-1].opgeheven or found[-1].woonplaatsen):
            raise _bad(f"{what} verandert niets")
    return tuple(found)


def apply_wijzigingen(gemeenten: dict[str, RefGemeente], woonplaatsen: tuple[Woonplaats, ...],
                      wijzigingen: tuple[Herindeling, ...]
                      ) -> tuple[dict[str, RefGemeente], tuple[Woonplaats, ...]]:
    """The CBS list after each reorganisation in turn: renames keep the code (and the old name
    as a way to find it), mergers move woonplaatsen to the gemeente they now belong to."""
    gemeenten = dict(gemeenten)
    plaatsen = {w.code: w for w in woonplaatsen}
    for n, change in enumerate(wijzigingen, start=1):
        what = f"wijziging {n} ({change.omschrijving})"
        for code, naam in change.gemeenten:
            old = gemeenten.get(code)
            if old is None:
                gemeenten[code] = RefGemeente(code, naam, naam)
            elif naam != old.naam:
                gemeenten[code] = RefGemeente(code, naam, naam, old.provincie, tuple(dict.fromkeys(
                    (*old.vroegere_namen, old.naam, old.cbs_naam))))
        for source, target in change.woonplaatsen:
            if target not in gemeenten or target in change.opgeheven:
                raise _bad(f"{what}: gemeente {target} bestaat niet")
            moved = [w for w in plaatsen.values() if source in (w.code, w.gemeente_code)]
            if not moved:
                raise _bad(f"{what}: {source} heeft geen woonplaatsen")
            plaatsen.update((w.code, replace(w, gemeente_code=target)) for w in moved)
        for code in change.opgeheven:
            if gemeenten.pop(code, None) is None:
                raise _bad(f"{what}: opgeheven gemeente {code} staat niet in de lijst")
            if any(w.gemeente_code == code for w in plaatsen.values()):
                raise _bad(f"{what}: woonplaatsen van {code} hebben geen nieuwe gemeente")
    return gemeenten, tuple(sorted(plaatsen.values(), key=lambda w: w.code))


def load(files: Mapping[str, bytes]) -> Index:
    """The reference data from the bytes of its files (name -> content), as a revision or a
    folder holds them; ReferentieOnleesbaar names the first file that cannot be read. Without
    cbs_wijzigingen.json (a revision from before it) the CBS list stands as it is."""
    gemeenten = {code: RefGemeente(code, naam, cbs_naam or naam, provincie)
                 for code, naam, cbs_naam, provincie in _rows(
                     files, "gemeenten.csv", ["code", "naam", "cbs_naam", "provincie"])}
    woonplaatsen = tuple(
        Woonplaats(code, naam, gemeente, cbs_naam or naam)
        for code, naam, gemeente, cbs_naam in _rows(
            files, "woonplaatsen.csv", ["code", "naam", "gemeente_code", "cbs_naam"]))
    try:
        meta = json.loads(files["bron.json"].decode("utf-8"))
        bron = RefBron(*(meta[key] for key in ("id", "titel", "url", "geraadpleegd", "licentie",
                                            "naamsvermelding", "peiljaar")),
                    *(meta.get(key) for key in ("uitgever", "herleiding")))
    except (ValueError, KeyError, TypeError) as exc:
        raise ReferentieOnleesbaar("bron.json", f"{type(exc).__name__}: {exc}") from None
    try:
        overrides = files[WIJZIGINGEN].decode("utf-8") if WIJZIGINGEN in files else None
    except UnicodeDecodeError as exc:
        raise _bad(str(exc)) from None
    wijzigingen = read_wijzigingen(overrides) if overrides is not None else ()
    gemeenten, woonplaatsen = apply_wijzigingen(gemeenten, woonplaatsen, wijzigingen)
    # Both spellings find a place: the plain 'Middelburg' and CBS's 'Middelburg (Z.)'; a
    # renamed gemeente is found by its old name too.
    return Index(
        gemeenten=gemeenten,
        woonplaatsen=woonplaatsen,
        gemeenten_by_name=_grouped((key, g) for g in gemeenten.values()
                                   for key in (*_keys(g.naam, g.cbs_naam),
                                               *map(sleutel, g.vroegere_namen))),
        woonplaatsen_by_name=_grouped((key, w) for w in woonplaatsen
                                      for key in _keys(w.naam, w.cbs_naam)),
        woonplaatsen_by_gemeente=_grouped((w.gemeente_code, w) for w in woonplaatsen),
        bron=bron,
        wijzigingen=wijzigingen,
    )


def read_files(folder: Path) -> dict[str, bytes]:
    """Every reference file in ``folder`` by name (those that cannot be read are left out)."""
    out = {}
    for name in FILES:
        try:
            out[name] = (folder / name).read_bytes()
        except OSError:
            continue
    return out


@cache
def _bundled() -> Index:
    files = read_files(DATA)
    if WIJZIGINGEN not in files:  # installed mhcli always has it: its absence is damage
        raise _broken(f"{WIJZIGINGEN}: het bestand ontbreekt")
    try:
        return load(files)
    except ReferentieOnleesbaar as exc:
        raise _broken(str(exc)) from None


# The reference data in force: the bundled files, unless a caller chose those of a revision
# (`mhcli diff` answers each side of a change from that side's own reference data).
_chosen: ContextVar[Index | None] = ContextVar("mhcli_referentie", default=None)


def _index() -> Index:
    return _chosen.get() or _bundled()


@contextmanager
def using(index: Index | None) -> Iterator[None]:
    """Answer from ``index`` inside the block (None: the bundled reference data)."""
    token = _chosen.set(index)
    try:
        yield
    finally:
        _chosen.reset(token)


def is_loaded() -> bool:
    """Whether the reference data has been read in this process (a warm route must not)."""
    return _bundled.cache_info().currsize > 0


def find(query: str) -> Plaatsen:
    """The gemeenten and woonplaatsen called ``query``; a woonplaats name can be in several
    gemeenten (Biervliet: Terneuzen and Sluis), and all are returned."""
    index = _index()
    key = sleutel(query)
    return Plaatsen(index.gemeenten_by_name.get(key, ()), index.woonplaatsen_by_name.get(key, ()))


def gemeente_by_code(code: str) -> RefGemeente | None:
    """'GM0687', 'gm 687' or '0687' -> gemeente Middelburg; an unknown code -> None."""
    key = cbs_key(code)
    return _index().gemeenten.get(key) if key else None


def gemeenten() -> tuple[RefGemeente, ...]:
    """All Dutch gemeenten, by code."""
    return tuple(_index().gemeenten.values())


def woonplaatsen_van(gemeente_code: str) -> tuple[Woonplaats, ...]:
    """The woonplaatsen of one gemeente, by woonplaatscode."""
    return _index().woonplaatsen_by_gemeente.get(gemeente_code, ())


def woonplaatsen() -> tuple[Woonplaats, ...]:
    """All Dutch woonplaatsen, by woonplaatscode."""
    return _index().woonplaatsen


def bron() -> RefBron:
    return _index().bron


def wijzigingen() -> tuple[Herindeling, ...]:
    """The reorganisations applied on top of the CBS list (cbs_wijzigingen.json)."""
    return _index().wijzigingen


def suggest(query: str, extra_names: Iterable[str] = (), limit: int = 3) -> list[str]:
    """Near misses for 'bedoelde u': ``extra_names`` (the register's own names, whose spelling
    wins on a tie) and every gemeente and woonplaats name."""
    index = _index()
    candidates = [*extra_names, *(g.naam for g in index.gemeenten.values()),
                  *(w.naam for w in index.woonplaatsen)]
    return suggestions(query, candidates, limit=limit)
