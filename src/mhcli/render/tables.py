"""Listings as plain text, markdown and csv tables (tabulate and the csv module)."""

from __future__ import annotations

import csv
import io
from typing import Any

from mhcli.render.markdown import escape
from mhcli.render.safe import clean_line

WIDTH = 100


def cell(value: Any) -> str:
    if value is None:
        return "onbekend"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    return clean_line(value)


def plain(headers: list[str], rows: list[list[str]]) -> str:
    from tabulate import tabulate

    # Long cells wrap within their column, so a wide table stays within about 100 columns.
    width = max(14, (WIDTH - 2 * len(headers)) // max(len(headers), 1))
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True,
                    maxcolwidths=width) + "\n"


def markdown(headers: list[str], rows: list[list[str]]) -> str:
    from tabulate import tabulate

    return tabulate([[escape(c) for c in row] for row in rows],
                    headers=[escape(h) for h in headers], tablefmt="github",
                    disable_numparse=True) + "\n"


def csv_text(keys: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([cell(row.get(k)) for k in keys])
    return buffer.getvalue()
