"""Listings for spreadsheets: CSV (RFC 4180, for machines), CSV for Dutch Excel, and xlsx.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a
formula by Excel, LibreOffice and Google Sheets; such a cell gets a leading ``'`` (OWASP, 'CSV
Injection'). In xlsx the cell is also stored as text with Excel's quote prefix, so it stays text
even when someone edits it. openpyxl is imported only when an xlsx file is made."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from mhcli.render.tables import cell

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def neutral(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(keys: list[str], rows: list[dict[str, Any]], *, excel: bool = False) -> str:
    """RFC 4180 CSV: a header of ``keys``, comma-separated, CRLF line ends, UTF-8 (as Python's
    csv module and sqlite-utils write it). ``excel``: ``;`` and a byte order mark, which Dutch
    Excel needs to split the columns and to read 'André' as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([neutral(k) for k in keys])
    for row in rows:
        writer.writerow([neutral(cell(row.get(k))) for k in keys])
    return ("\ufeff" if excel else "") + buffer.getvalue()


def _value(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # a count stays a number, so it sorts and sums
    return cell(value)


def xlsx_bytes(title: str, keys: list[str], headers: list[str],
               rows: list[dict[str, Any]]) -> bytes:
    """An Excel workbook with one sheet: a bold, frozen header row with filters, a column per
    key, widths that fit the text (at most 60), and every text cell stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _SHEET_TITLE_BAD.sub(" ", cell(title))[:31].strip() or "mhcli"
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    for number, header in enumerate(headers, start=1):
        target = sheet.cell(row=1, column=number)
        target.value = cell(header)
        target.data_type = "s"
        target.font = bold
    widths = [len(cell(h)) for h in headers]
    for row_number, row in enumerate(rows, start=2):
        for number, key in enumerate(keys, start=1):
            value = _value(row.get(key))
            target = sheet.cell(row=row_number, column=number)
            target.value = value
            if isinstance(value, str):
                target.data_type = "s"  # never a formula, whatever it starts with
                if value.startswith(_FORMULA_START):
                    target.quotePrefix = True
            target.alignment = top
            widths[number - 1] = max(widths[number - 1], len(str(value)))
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(width, 60) + 2
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
