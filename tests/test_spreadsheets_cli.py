"""Spreadsheets for people, from every list command: read back with openpyxl and csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result


@pytest.mark.parametrize("command, rows, first", [
    (["gemeenten"], 35, ["Gemeente", "CBS-code", "District", "Provincie"]),
    (["districten"], 4, ["Naam", "Gemeenten", "Bestuurlijk trekker(s)"]),
    (["partners"], 12, ["Naam", "Soort", "Waar"]),
    (["zoek", "Veiligheidshuis"], None, ["Waar", "Veld", "Tekst"]),
    (["district", "De", "Markiezaten"], None, ["Onderdeel", "Waarde", "Toelichting"]),
])
def test_xlsx_for_every_list_command(command: list[str], rows: int | None, first: list[str],
                                     tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "lijst.xlsx"
    result = mhcli(*command, "--format", "xlsx", "--uitvoer", str(target))
    assert result.code == 0, result.err
    sheet = load_workbook(target).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:len(first)] == first
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    if rows is not None:
        assert sheet.max_row == rows + 1
    again = mhcli(*command, "--format", "xlsx", "--uitvoer", str(target))
    assert again.code == 2 and "overschrijft geen bestanden" in again.err


def test_xlsx_keeps_codes_as_text(tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    from openpyxl import load_workbook

    mhcli("gemeenten", "-f", "xlsx", "-o", str(tmp_path / "g.xlsx"))
    sheet = load_workbook(tmp_path / "g.xlsx").active
    assert sheet is not None
    codes = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes["Tholen"] == "GM0716"


def test_xlsx_needs_a_file(mhcli: Callable[..., Result]) -> None:
    result = mhcli("gemeenten", "--format", "xlsx")
    assert result.code == 2 and "--uitvoer" in result.err and result.out == ""


def test_counts_are_numbers_a_sum_can_add(tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    from openpyxl import load_workbook

    mhcli("districten", "-f", "xlsx", "-o", str(tmp_path / "d.xlsx"))
    sheet = load_workbook(tmp_path / "d.xlsx").active
    assert sheet is not None
    counts = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert counts == [8, 8, 7, 12] and sum(counts) == 35  # what =SUM(B2:B5) adds up
    mhcli("district", "Zeeland", "-f", "xlsx", "-o", str(tmp_path / "z.xlsx"))
    sheet = load_workbook(tmp_path / "z.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert ("Aantal gemeenten", 12, None) in rows
    assert sum(1 for row in rows if row[0] == "Gemeente") == 12


def test_district_as_csv_and_mermaid(mhcli: Callable[..., Result]) -> None:
    rows = list(csv.DictReader(io.StringIO(mhcli("district", "baronie", "-f", "csv").out)))
    assert rows[0] == {"onderdeel": "District", "waarde": "De Baronie", "toelichting": ""}
    assert next(r["waarde"] for r in rows if r["onderdeel"] == "Gemeente") == \
        "Breda (GM0758, Noord-Brabant)"
    chart = mhcli("district", "baronie", "-f", "mermaid").out.splitlines()
    assert chart[:2] == ["flowchart LR", '    district(["District De Baronie"])']
    assert '        g1["Breda"]' in chart
    assert '    z1{{"Zorgcoördinatie: Zorg- en Veiligheidshuis Baronie"}}' in chart


def test_csv_for_dutch_excel(mhcli: Callable[..., Result]) -> None:
    out = mhcli("districten", "--format", "csv-excel").out
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 4 and "André van der Reest" in rows[3]["trekkers"]
    memo = mhcli("district", "Zeeland", "--format", "csv-excel").out.lstrip("\ufeff")
    assert memo.splitlines()[:2] == ["Onderdeel;Waarde;Toelichting", "District;Zeeland;De Zeeuwse "
                                     "gemeente Tholen sluit aan bij district De Markiezaten, omdat "
                                     "zij is aangesloten bij het Zorg- en Veiligheidshuis De "
                                     "Markiezaten."]
    plain = mhcli("districten", "--format", "csv").out
    assert not plain.startswith("\ufeff") and plain.splitlines()[0].startswith("id,naam,")


def test_a_workbook_gets_the_rights_of_any_new_file(tmp_path: Path,
                                                    mhcli: Callable[..., Result]) -> None:
    import os

    umask = os.umask(0o022)
    try:
        mhcli("partners", "-f", "xlsx", "-o", str(tmp_path / "p.xlsx"))
    finally:
        os.umask(umask)
    assert (tmp_path / "p.xlsx").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("fmt", ["csv", "json", "tekst"])
def test_uitvoer_belongs_to_xlsx(fmt: str, tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    result = mhcli("gemeenten", "-f", fmt, "-o", str(tmp_path / "g"))
    assert result.code == 2 and result.out == "" and not (tmp_path / "g").exists()
    assert result.err.startswith("mhcli: --uitvoer hoort bij --format xlsx")
