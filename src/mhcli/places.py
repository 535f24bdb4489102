"""Every Dutch gemeente and woonplaats (CBS reference data), found by name as people type them.

The data lives in ``mhcli/referentie`` (built by tools/referentie.py, see README
'Referentiegegevens'). It is read on the first lookup only, so a query the register answers
never touches it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mhcli.errors import EXIT_BUG, MhcliError
from mhcli.findings import FOUT, Finding
from mhcli.names import cbs_key, sleutel, suggestions
from mhcli.parsed import Document

DATA = Path(__file__).with_name("referentie")


@dataclass(frozen=True)
class RefGemeente:
    code: str  # 'GM0687'
    naam: str  # as people write it: 'Middelburg'
    cbs_naam: str  # as the CBS table spells it: 'Middelburg (Z.)'
    provincie: str = ""  # from its COROP area (README 'Referentiegegevens')


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
class Bron:
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
class Index:
    gemeenten: dict[str, RefGemeente]  # by code
    woonplaatsen: tuple[Woonplaats, ...]
    gemeenten_by_name: dict[str, tuple[RefGemeente, ...]]
    woonplaatsen_by_name: dict[str, tuple[Woonplaats, ...]]
    woonplaatsen_by_gemeente: dict[str, tuple[Woonplaats, ...]]
    bron: Bron


FILES = ("gemeenten.csv", "woonplaatsen.csv", "bron.json")


class ReferentieOnleesbaar(ValueError):
    """A reference file that cannot be read as mhcli expects: which file, and why."""

    def __init__(self, bestand: str, reden: str) -> None:
        super().__init__(f"{bestand}: {reden}")
        self.bestand, self.reden = bestand, reden


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


def load(files: Mapping[str, bytes]) -> Index:
    """The reference data from the bytes of its files (name -> content), as a revision or a
    folder holds them; ReferentieOnleesbaar names the first file that cannot be read."""
    gemeenten = {code: RefGemeente(code, naam, cbs_naam or naam, provincie)
                 for code, naam, cbs_naam, provincie in _rows(
                     files, "gemeenten.csv", ["code", "naam", "cbs_naam", "provincie"])}
    woonplaatsen = tuple(
        Woonplaats(code, naam, gemeente, cbs_naam or naam)
        for code, naam, gemeente, cbs_naam in _rows(
            files, "woonplaatsen.csv", ["code", "naam", "gemeente_code", "cbs_naam"]))
    try:
        meta = json.loads(files["bron.json"].decode("utf-8"))
        bron = Bron(*(meta[key] for key in ("id", "titel", "url", "geraadpleegd", "licentie",
                                            "naamsvermelding", "peiljaar")),
                    *(meta.get(key) for key in ("uitgever", "herleiding")))
    except (ValueError, KeyError, TypeError) as exc:
        raise ReferentieOnleesbaar("bron.json", f"{type(exc).__name__}: {exc}") from None
    # Both spellings find a place: the plain 'Middelburg' and CBS's 'Middelburg (Z.)'.
    return Index(
        gemeenten=gemeenten,
        woonplaatsen=woonplaatsen,
        gemeenten_by_name=_grouped((key, g) for g in gemeenten.values()
                                   for key in _keys(g.naam, g.cbs_naam)),
        woonplaatsen_by_name=_grouped((key, w) for w in woonplaatsen
                                      for key in _keys(w.naam, w.cbs_naam)),
        woonplaatsen_by_gemeente=_grouped((w.gemeente_code, w) for w in woonplaatsen),
        bron=bron,
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
    try:
        return load(read_files(DATA))
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


def bron() -> Bron:
    return _index().bron


def suggest(query: str, extra_names: Iterable[str] = (), limit: int = 3) -> list[str]:
    """Near misses for 'bedoelde u': ``extra_names`` (the register's own names, whose spelling
    wins on a tie) and every gemeente and woonplaats name."""
    index = _index()
    candidates = [*extra_names, *(g.naam for g in index.gemeenten.values()),
                  *(w.naam for w in index.woonplaatsen)]
    return suggestions(query, candidates, limit=limit)


def check_register_gemeenten(districten: list[tuple[str, Document]], *,
                             niveau: str = FOUT) -> list[Finding]:
    """Each register gemeente against the CBS list: the code exists, and the name is the CBS
    name (or its plain form) of that code."""
    index = _index()
    jaar = index.bron.peiljaar
    findings: list[Finding] = []

    def add(doc: Document, path: tuple[str | int, ...], code: str, message: str) -> None:
        pos = doc.position(path)
        line, col = pos if pos else (None, None)
        findings.append(Finding(doc.display, line, col, niveau, code, message))

    for _, doc in districten:
        data = doc.data if isinstance(doc.data, dict) else {}
        items = data.get("gemeenten")
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            naam, code = item.get("naam"), item.get("cbs_code")
            if not isinstance(naam, str) or not isinstance(code, str):
                continue  # the schema reports these
            ref = index.gemeenten.get(code)
            named = [g for g in index.gemeenten_by_name.get(sleutel(naam), ())
                     if g.code != code]
            if ref is None:
                hint = (f"'{naam}' heeft bij het CBS code {named[0].code}" if named
                        else "controleer de code bij het CBS")
                add(doc, ("gemeenten", i, "cbs_code"), "cbs-onbekend",
                    f"CBS-code {code} staat niet in de CBS-lijst van gemeenten ({jaar}); "
                    f"{hint}.")
            elif naam not in (ref.naam, ref.cbs_naam):
                village = any(w.gemeente_code == code
                              for w in index.woonplaatsen_by_name.get(sleutel(naam), ()))
                if named:
                    hint = f"'{naam}' heeft bij het CBS code {named[0].code}; controleer de code"
                elif sleutel(naam) in _keys(ref.naam, ref.cbs_naam):
                    hint = f"schrijf '{ref.naam}' zoals het CBS"
                elif village:
                    hint = (f"'{naam}' is een woonplaats in die gemeente; schrijf de "
                            f"gemeentenaam '{ref.naam}'")
                else:
                    hint = f"schrijf '{ref.naam}' of controleer de code"
                add(doc, ("gemeenten", i, "naam"), "cbs-naam",
                    f"gemeente '{naam}' heeft CBS-code {code}, maar die code hoort bij "
                    f"'{ref.naam}' (CBS-lijst {jaar}); {hint}.")
    return findings
