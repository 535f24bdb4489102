"""Listings for people: plain text tables that fit the width (or one block per record) and
markdown tables. CSV and xlsx for machines and spreadsheets live in ``spreadsheet``."""

from __future__ import annotations

from typing import Any

from mhcli.register import ONBEKEND
from mhcli.render.layout import Whole, plain_table
from mhcli.safe import clean_line, one_line
from mhcli.safe import markdown_literal as escape


def cell(value: Any) -> str:
    """One value as people read it in a table cell (a record shows its own ``cel()``)."""
    if value is None:
        return ONBEKEND
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value) or ONBEKEND
    if isinstance(value, Whole):  # a path: one line, every character kept
        return Whole(one_line(value))
    if hasattr(value, "cel"):
        return cell(value.cel())
    return clean_line(value)


def plain(headers: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """Cells wrap at spaces only, never inside a word; where even the longest words do not fit
    side by side, each row becomes a block of 'Kop: waarde' lines. ``width`` defaults to
    ``streams.terminal_width()`` (100 in a pipe)."""
    if width is None:
        from mhcli.streams import terminal_width

        width = terminal_width()
    return plain_table([clean_line(h) for h in headers],
                       [[c if isinstance(c, Whole) else clean_line(c) for c in row]
                        for row in rows], width)


def markdown(headers: list[str], rows: list[list[str]]) -> str:
    from tabulate import tabulate

    return tabulate([[escape(c) for c in row] for row in rows],
                    headers=[escape(h) for h in headers], tablefmt="github",
                    disable_numparse=True) + "\n"

