"""Every byte that leaves is safe: one escaping path for terminals, files and comments; CSV and
xlsx cells that a spreadsheet would run as formulas are neutralised; markdown pings nobody."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest

from mhcli import safe
from mhcli.errors import MhcliError
from mhcli.render import jsonout, markdown, spreadsheet
from mhcli.streams import write_new_file
from tests.conftest import Result

NASTY = ("Tho\u200blen \x1b]52;c;aGFjaw==\x07 \x1b[2J \x9b31m \u202eredro\u202c \u2066x\u2069 "
         "\ufeff\u00ad\u2028\U000e0041\udcff")


def test_every_control_and_format_character_becomes_visible() -> None:
    # The hand-kept table in safe.py, checked against this Python's Unicode database.
    for code in range(0x110000):
        char = chr(code)
        if char in "\t\n":
            continue
        if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"}:
            assert safe.clean(char) != char, f"U+{code:04X} gets through"
            assert safe.clean(char).startswith("\\"), f"U+{code:04X}"


def test_clean_shows_escapes_exactly() -> None:
    assert safe.clean(NASTY) == (
        "Tho\\u200blen \\x1b]52;c;aGFjaw==\\x07 \\x1b[2J \\x9b31m \\u202eredro\\u202c "
        "\\u2066x\\u2069 \\ufeff\\xad\\u2028\\U000e0041\\xff")
    assert safe.clean("André, Zorg- en Veiligheidshuis\tGoes\n") == (
        "André, Zorg- en Veiligheidshuis\tGoes\n")
    assert safe.clean_line("a\tb\n c") == "a b c"


def test_user_input_and_paths_are_shown_quoted_and_clean() -> None:
    assert safe.shown("Tholen\x1b[2J\n") == "'Tholen\\x1b[2J'"
    assert safe.shown(PurePosixPath("/tmp/a b\udcff\nc")) == "'/tmp/a b\\xff\\nc'"


def test_json_escapes_but_keeps_every_value() -> None:
    data = {"naam": NASTY, "lijst": [NASTY]}
    text = jsonout.dumps(data)
    assert json.loads(text) == data
    assert text.isascii() or all(safe.clean(c) == c for c in text if c not in "\n")
    text.encode("utf-8")  # no lone surrogate left to fail on


@pytest.mark.parametrize(("text", "expected"), [
    ("@everyone kijk", "`@everyone` kijk"),
    ("cc @org/team-a, (@piet)", "cc `@org/team-a`, (`@piet`)"),
    ("info@gemeente.nl", "info@gemeente.nl"),
    ("zie #12 en GH-7", "zie `#12` en `GH-7`"),
    ("~~weg~~ ~ook~", "\\~\\~weg\\~\\~ \\~ook\\~"),
    ("&#64;piet", "\\&`#64`;piet"),
    ("`@x` sluit", "\\``@x`\\` sluit"),
    ("- lijst", "\\- lijst"),
    ("> citaat", "\\> citaat"),
    ("2024. jaar", "2024\\. jaar"),
    ("a | b <b>*c*</b> [l](u)", "a \\| b \\<b>\\*c\\*\\</b> \\[l\\](u)"),
    ("Tho\u200blen", "Tho\\\\u200blen"),
])
def test_markdown_escape(text: str, expected: str) -> None:
    assert markdown.escape(text) == expected


ROWS = [{"naam": "André", "telefoon": "033-448 11 86", "formule": "=HYPERLINK(\"x\")"},
        {"naam": "+31 plus", "telefoon": "-1", "formule": "@SUM(A1)"},
        {"naam": "\tTab", "telefoon": "\rCR", "formule": "gewoon"}]


def test_csv_is_rfc4180_with_formulas_neutralised() -> None:
    text = spreadsheet.csv_text(["naam", "telefoon", "formule"], ROWS)
    assert text.startswith("naam,telefoon,formule\r\n")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0] == {"naam": "André", "telefoon": "033-448 11 86",
                       "formule": "'=HYPERLINK(\"x\")"}
    assert rows[1] == {"naam": "'+31 plus", "telefoon": "'-1", "formule": "'@SUM(A1)"}
    # A tab or CR at the start is folded by the one-line cleaning, then a CR shows as \x0d.
    assert rows[2] == {"naam": "Tab", "telefoon": "\\x0dCR", "formule": "gewoon"}


def test_csv_for_excel_has_bom_and_semicolons() -> None:
    text = spreadsheet.csv_text(["naam", "telefoon"], ROWS[:1], excel=True)
    assert text == "\ufeffnaam;telefoon\r\nAndré;033-448 11 86\r\n"
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["naam", "telefoon"], ["André", "033-448 11 86"]]


def test_neutral_leaves_ordinary_cells() -> None:
    assert [spreadsheet.neutral(t) for t in ("GM0716", "0716", "033-448 11 86", "a=b", "")] == [
        "GM0716", "0716", "033-448 11 86", "a=b", ""]
    assert [spreadsheet.neutral(t) for t in ("=1", "+1", "-1", "@a", "\t1", "\r1")] == [
        "'=1", "'+1", "'-1", "'@a", "'\t1", "'\r1"]


def test_xlsx_reads_back_with_header_filter_widths_and_text_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rows = [{"naam": "André", "cbs_code": "0716", "aantal": 8, "formule": "=1+1",
             "lijst": ["a", "b"], "leeg": None, "stuur": "x\x1by"}]
    keys = list(rows[0])
    data = spreadsheet.xlsx_bytes("Gemeenten [35]: *", keys, [k.title() for k in keys], rows)
    path = tmp_path / "uit.xlsx"
    write_new_file(path, data)
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "Gemeenten  35    "[:31].strip()
    assert [c.value for c in sheet[1]] == [k.title() for k in keys]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G2"
    values = [c.value for c in sheet[2]]
    assert values == ["André", "0716", 8, "=1+1", "a; b", "onbekend", "x\\x1by"]
    formula = sheet["D2"]
    assert formula.data_type == "s" and formula.quotePrefix
    assert sheet["B2"].data_type == "s" and sheet["C2"].data_type == "n"
    assert sheet.column_dimensions["A"].width == len("André") + 2
    assert sheet.column_dimensions["E"].width == len("Lijst") + 2


def test_write_new_file_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "uit.csv"
    write_new_file(path, b"een")
    with pytest.raises(MhcliError) as caught:
        write_new_file(path, b"twee")
    assert caught.value.exit_code == 2
    assert caught.value.message.startswith(f"'{path}' bestaat al; mhcli overschrijft geen")
    assert path.read_bytes() == b"een"
    dangling = tmp_path / "link.csv"
    dangling.symlink_to(tmp_path / "nergens")
    with pytest.raises(MhcliError, match="bestaat al"):
        write_new_file(dangling, b"x")
    assert not (tmp_path / "nergens").exists()
    with pytest.raises(MhcliError, match="bestaat niet"):
        write_new_file(tmp_path / "geen-map" / "uit.csv", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "uit.csv"]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root may write in a read-only folder")
def test_write_new_file_in_a_read_only_folder_is_an_output_error(tmp_path: Path) -> None:
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(MhcliError) as caught:
            write_new_file(folder / "uit.xlsx", b"x")
    finally:
        folder.chmod(0o700)
    assert caught.value.exit_code == 74
    assert "geen toestemming om te schrijven" in caught.value.message


def test_csv_of_a_hostile_register_has_no_formula(mhcli: Callable[..., Result],
                                                  register_copy: Path) -> None:
    # A gemeente cannot carry such a name (its CBS code names another); an organisation can.
    regio = register_copy / "regio.yaml"
    text = regio.read_text(encoding="utf-8")
    assert "    naam: Avans Hogeschool\n" in text
    regio.write_text(text.replace("    naam: Avans Hogeschool\n",
                                  "    naam: \"=cmd|' /C calc'!A0\"\n"), encoding="utf-8")
    for fmt in ("csv", "csv-excel"):
        result = mhcli("partners", "-f", fmt, "--data", str(register_copy))
        assert result.code == 0, result.err
        rows = csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"), newline=""),
                              delimiter="," if fmt == "csv" else ";")
        assert "'=cmd|' /C calc'!A0" in [r["naam"] for r in rows]


def test_openpyxl_is_not_loaded_for_csv() -> None:
    import subprocess

    code = ("import sys; from mhcli.render import spreadsheet; "
            "spreadsheet.csv_text(['a'], [{'a': 1}]); print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
