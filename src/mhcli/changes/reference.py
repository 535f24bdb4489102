"""A change to the reference data that ships with mhcli (``src/mhcli/referentie``): the CBS
lists of gemeenten and woonplaatsen, where they come from, and any other file kept there.

One line in the CSV sends a village to another gemeente, so these files are reviewed like the
register: a woonplaats of the region that moves, and a gemeente of the region that is renamed
or goes, ask for a second reviewer; so does any change to a file this module does not know.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from mhcli.changes.phrasing import Wijziging
from mhcli.changes.values import ARROW

SECTIE = "Referentiegegevens"
FOLDER = "src/mhcli/referentie"
_LISTED = 20  # more changes than this outside the region are counted, not listed


def _rows(content: bytes | None) -> list[dict[str, str]] | None:
    if content is None:
        return []
    try:
        return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return None


def _by(rows: list[dict[str, str]], key: str) -> dict[str, dict[str, str]]:
    return {row.get(key) or "": row for row in rows}


class _Changes:
    def __init__(self, bestand: str, region: set[str]) -> None:
        self.bestand, self.region = bestand, region
        self.listed: list[Wijziging] = []
        self.elsewhere: list[Wijziging] = []

    def add(self, soort: str, pad: str, oud: str | None, nieuw: str | None, melding: str,
            codes: set[str], gevoelig: str | None) -> None:
        here = bool(codes & self.region)
        line = Wijziging(soort, SECTIE, f"Referentie {self.bestand.rsplit('/', 1)[-1]}",
                         self.bestand, pad, oud, nieuw, melding, gevoelig if here else None)
        (self.listed if here else self.elsewhere).append(line)

    def result(self) -> list[Wijziging]:
        if len(self.elsewhere) <= _LISTED:
            return self.listed + self.elsewhere
        rest = Wijziging("gewijzigd", SECTIE, f"Referentie {self.bestand.rsplit('/', 1)[-1]}",
                         self.bestand, "(bestand)", None, None,
                         f"{self.bestand}: en {len(self.elsewhere)} wijzigingen buiten de regio "
                         "(niet afzonderlijk genoemd)", None)
        return [*self.listed, rest]


def _gemeenten(changes: _Changes, old: list[dict[str, str]], new: list[dict[str, str]]) -> None:
    before, after = _by(old, "code"), _by(new, "code")
    for code in sorted({*before, *after}):
        a, b = before.get(code), after.get(code)
        if a == b:
            continue
        if a is None:
            changes.add("toegevoegd", code, None, b["naam"] if b else None,
                        f"CBS-gemeente {code} {b and b['naam']} toegevoegd", {code}, None)
        elif b is None:
            changes.add("verwijderd", code, a["naam"], None,
                        f"CBS-gemeente {code} {a['naam']} verwijderd", {code}, "CBS-lijst")
        else:
            for field in sorted({*a, *b}):
                if a.get(field) != b.get(field):
                    changes.add("gewijzigd", f"{code}.{field}", a.get(field), b.get(field),
                                f"CBS-gemeente {code} {a['naam']}: {field}: {a.get(field)} "
                                f"{ARROW} {b.get(field)}", {code}, "CBS-lijst")


def _woonplaatsen(changes: _Changes, old: list[dict[str, str]], new: list[dict[str, str]],
                  known: Mapping[str, str]) -> None:
    before, after = _by(old, "code"), _by(new, "code")

    def gemeente(code: str | None) -> str:
        return f"{code} {known[code]}" if code is not None and code in known else str(code)

    moved: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (old, new) -> (code, naam)
    for code in sorted({*before, *after}):
        a, b = before.get(code), after.get(code)
        if a == b:
            continue
        if a is not None and b is not None and a.get("gemeente_code") != b.get("gemeente_code"):
            moved.setdefault((a.get("gemeente_code") or "", b.get("gemeente_code") or ""),
                             []).append((code, b.get("naam") or code))
            a = {**a, "gemeente_code": b.get("gemeente_code") or ""}
            if a == b:
                continue
        if a is None or b is None:
            row = b or a
            assert row is not None
            soort = "toegevoegd" if a is None else "verwijderd"
            changes.add(soort, code, None if a is None else row["naam"],
                        None if b is None else row["naam"],
                        f"CBS-woonplaats {row['naam']} ({code}, gemeente "
                        f"{gemeente(row.get('gemeente_code'))}) {soort}",
                        {row.get("gemeente_code") or ""}, "woonplaats")
            continue
        for field in sorted({*a, *b}):
            if a.get(field) != b.get(field):
                changes.add("gewijzigd", f"{code}.{field}", a.get(field), b.get(field),
                            f"CBS-woonplaats {a['naam']} ({code}): {field}: {a.get(field)} "
                            f"{ARROW} {b.get(field)}", {a.get("gemeente_code") or ""},
                            "woonplaats")
    for (old_code, new_code), places in sorted(moved.items()):
        codes = ", ".join(c for c, _ in places)
        names = _names([n for _, n in places])
        which = "CBS-woonplaats" if len(places) == 1 else "CBS-woonplaatsen"
        changes.add("verplaatst", codes, old_code, new_code,
                    f"{which} {names} ({codes}): gemeente {gemeente(old_code)} {ARROW} "
                    f"{gemeente(new_code)}", {old_code, new_code},
                    "woonplaats naar andere gemeente")


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


# Recorded reorganisations rename and merge gemeenten and move woonplaatsen: always a second
# reviewer, wherever they are.
_SENSITIVE_JSON = frozenset({"cbs_wijzigingen.json"})


def _json(changes: _Changes, old: bytes | None, new: bytes | None, sensitive: bool = False
          ) -> bool:
    try:
        a = json.loads(old) if old is not None else {}
        b = json.loads(new) if new is not None else {}
    except ValueError:
        return False
    if not isinstance(a, dict) or not isinstance(b, dict):
        return False
    for key in sorted({*a, *b}):
        if a.get(key) != b.get(key):
            shown = [None if v is None else json.dumps(v, ensure_ascii=False)
                     for v in (a.get(key), b.get(key))]
            changes.add("gewijzigd", key, shown[0], shown[1],
                        f"{changes.bestand}, {key}: {shown[0] or '(leeg)'} {ARROW} "
                        f"{shown[1] or '(leeg)'}", changes.region if sensitive else set(),
                        "referentiegegevens" if sensitive else None)
    return True


def reference_changes(old: Mapping[str, bytes], new: Mapping[str, bytes],
                      region: set[str]) -> list[Wijziging]:
    """Every change between two versions of the reference folder (file name -> bytes).
    ``region``: the CBS codes of the gemeenten in either register; changes there are listed
    first and may ask for a second reviewer."""
    names: dict[str, str] = {}
    for files in (new, old):
        for row in _rows(files.get("gemeenten.csv")) or []:
            names.setdefault(row.get("code") or "", row.get("naam") or "")
    out: list[Wijziging] = []
    for name in sorted({*old, *new}):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        bestand = f"{FOLDER}/{name}"
        changes = _Changes(bestand, region)
        before, after = _rows(a), _rows(b)
        if name == "gemeenten.csv" and before is not None and after is not None:
            _gemeenten(changes, before, after)
        elif name == "woonplaatsen.csv" and before is not None and after is not None:
            _woonplaatsen(changes, before, after, names)
        elif name.endswith(".json") and _json(changes, a, b, name in _SENSITIVE_JSON):
            pass
        else:
            # A file this module cannot read line by line: say that it changed, and how much.
            lines = [(x or b"").decode("utf-8", "replace").splitlines() for x in (a, b)]
            gone = len([x for x in lines[0] if x not in set(lines[1])])
            came = len([x for x in lines[1] if x not in set(lines[0])])
            soort = "toegevoegd" if a is None else "verwijderd" if b is None else "gewijzigd"
            line = Wijziging(soort, SECTIE, f"Referentie {name}", bestand, "(bestand)", None,
                             None, f"{bestand} {soort} ({came} regels erbij, {gone} weg)",
                             "referentiegegevens")
            out.append(line)
            continue
        out += changes.result()
    return out

