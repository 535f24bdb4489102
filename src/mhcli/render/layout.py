"""Text layout for people: wrap at word boundaries only, fit a table to a width, or fall back to
one block per record when it cannot fit. Shared by the plain and the rich renderers."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

GAP = 2  # spaces between plain table columns


class Whole(str):
    """A value that is never wrapped, such as a file path: it stays on one line even when that
    line is longer than the width (a broken path cannot be copied)."""


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width``, broken only at spaces; a word longer than the
    width gets a line of its own, whole. Newlines in ``text`` are kept."""
    if isinstance(text, Whole):
        return [str(text)]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, max(width, 1), break_long_words=False,
                                   break_on_hyphens=False) or [""])
    return lines


def longest_word(text: str) -> int:
    if isinstance(text, Whole):
        return len(text)
    return max((len(word) for word in text.split()), default=0)


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


@dataclass(frozen=True)
class Fit:
    widths: list[int]
    wrapped: bool  # some cell takes more than one line


def fit(headers: list[str], rows: list[list[str]], width: int, overhead: int) -> Fit | None:
    """Column widths so the table, plus ``overhead`` characters of gaps and borders, fits in
    ``width`` without splitting a word; None when even the longest words do not fit."""
    if not headers:
        return Fit([], False)
    columns = list(zip(headers, *rows, strict=True))
    natural = [max(_longest_line(c) for c in column) for column in columns]
    room = width - overhead
    # A header is a name (a district, 'CBS-code'): split over two lines it reads as two, so a
    # table whose headers cannot stay whole is shown as records instead.
    least = [max([len(h), *(longest_word(c) for c in column[1:])])
             for h, column in zip(headers, columns, strict=True)]
    if sum(least) > room:
        return None
    widths = list(least)
    spare = room - sum(widths)
    # Give the spare room, one character at a time, to the column that misses the most of its
    # natural width: wide text columns grow first, short codes are already whole.
    while spare > 0:
        need = [n - w for n, w in zip(natural, widths, strict=True)]
        most = max(range(len(need)), key=lambda i: need[i])
        if need[most] <= 0:
            break
        widths[most] += 1
        spare -= 1
    wrapped = any(_longest_line(c) > w
                  for column, w in zip(columns, widths, strict=True) for c in column)
    return Fit(widths, wrapped)


def plain_table(headers: list[str], rows: list[list[str]], width: int) -> str:
    """A table in the style of tabulate's 'simple', with cells wrapped at word boundaries, or
    a list of records when the table cannot fit in ``width``."""
    if not headers:
        return "\n"
    layout = fit(headers, rows, width, GAP * (len(headers) - 1))
    if layout is None:
        if not rows:  # nothing to list: the headers say what would have been there
            return "\n".join(wrap("  ".join(headers), width)) + "\n"
        return records(headers, rows, width)
    gap = " " * GAP

    def lines_of(cells: list[str]) -> list[str]:
        parts = [wrap(c, w) for c, w in zip(cells, layout.widths, strict=True)]
        height = max((len(p) for p in parts), default=1)
        return [gap.join(((p[i] if i < len(p) else "").ljust(w))
                         for p, w in zip(parts, layout.widths, strict=True)).rstrip()
                for i in range(height)]

    out = lines_of(headers)
    out.append(gap.join("-" * w for w in layout.widths))
    for number, row in enumerate(rows):
        if layout.wrapped and number:
            out.append("")  # with rows of several lines, a blank line shows where one ends
        out.extend(lines_of(row))
    return "\n".join(out) + "\n"


def records(headers: list[str], rows: list[list[str]], width: int) -> str:
    """One block per row, 'Kop: waarde' per line, for widths where no table fits. A table whose
    first column has no header holds labels in that column (the districts side by side): it
    becomes one block per other column, titled by its header."""
    if headers and not headers[0]:
        labels = [row[0] for row in rows]
        return "\n\n".join(_block(labels, [row[n] for row in rows], width, title)
                           for n, title in enumerate(headers[1:], start=1)) + "\n"
    return "\n\n".join(_block(headers, row, width) for row in rows) + "\n"


def _block(labels: list[str], values: list[str], width: int, title: str | None = None) -> str:
    label_width = max((len(label) for label in labels), default=0) + 2
    beside = label_width <= width // 2  # otherwise the value goes under its label
    lines: list[str] = wrap(title, width) if title else []
    for label, value in zip(labels, values, strict=True):
        # A word too long for the value column puts that value under its label.
        if beside and longest_word(value) <= width - label_width:
            indent = " " * label_width
            wrapped = wrap(value, width - label_width)
            lines.append(f"{label + ':':<{label_width}}{wrapped[0]}".rstrip())
            lines.extend((indent + line).rstrip() for line in wrapped[1:])
        else:
            lines.append(label + ":")
            lines.extend(("  " + line).rstrip() for line in wrap(value, width - 2))
    return "\n".join(lines)
