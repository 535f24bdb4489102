"""Rich output for a person at a terminal. Register text is always passed as rich Text, never
as markup, so '[bold]' in the data prints as '[bold]'; emoji codes and highlighting are off, so
':smile:' and numbers print as they are. Lines are wrapped here, at spaces only (``layout``),
so rich never splits a word or a path."""

from __future__ import annotations

import io
import sys
from typing import IO, Any, cast

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mhcli.render.layout import Whole, fit, longest_word, records, wrap
from mhcli.render.sheet import Sheet
from mhcli.safe import clean

PANEL_OVERHEAD = 4  # border and one space of padding on each side


class _Stdout(io.TextIOBase):
    """stdout for rich, through ``streams.write``: a terminal that went away or a full
    device gets the same exit codes as plain output (0 for a reader gone, 74 otherwise)."""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(sys.stdout, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        from mhcli.streams import write

        write(text)
        return len(text)

    def isatty(self) -> bool:
        return True  # console() is only asked for when stdout is a terminal

    def fileno(self) -> int:
        return sys.stdout.fileno()


def console(width: int | None = None) -> Console:
    """A console for stdout; ``width`` defaults to ``streams.terminal_width()``, so a COLUMNS
    of 0 or garbage is ignored (rich itself would take COLUMNS=0 and print nothing)."""
    if width is None:
        from mhcli.streams import terminal_width

        width = terminal_width()
    return Console(file=cast("IO[str]", _Stdout()), highlight=False, emoji=False, markup=False,
                   soft_wrap=False, width=width)


def _text(value: str) -> Text:
    return Text(value, no_wrap=True, overflow="fold")


def _safe(value: str) -> str:
    return Whole(clean(value)) if isinstance(value, Whole) else clean(value)


def _fields(velden: list[tuple[str, str]], width: int) -> Text:
    labels = [clean(label) + ":" for label, _ in velden]
    label_width = max((len(label) for label in labels), default=0) + 1
    beside = label_width <= width // 2
    out = Text(no_wrap=True, overflow="fold")
    for number, (label, (_, value)) in enumerate(zip(labels, velden, strict=True)):
        if number:
            out.append("\n")
        if beside and longest_word(_safe(value)) <= width - label_width:
            lines = wrap(_safe(value), width - label_width)
            out.append(f"{label:<{label_width}}", style="bold")
            out.append(("\n" + " " * label_width).join(lines))
        else:
            out.append(label, style="bold")
            out.append("\n  " + "\n  ".join(wrap(_safe(value), width - 2)))
    return out


def _lines(prefix: str, text: str, width: int, style: str = "") -> Text:
    lines = wrap(_safe(text), width - len(prefix))
    body = ("\n" + " " * len(prefix)).join(lines)
    return Text(prefix + body, style=style, no_wrap=True, overflow="fold")


def _words(doc: Sheet) -> list[str]:
    texts = [doc.titel, doc.ondertitel or "", *doc.regels, *doc.nadruk]
    for section in doc.secties:
        texts += [section.titel, *section.regels, *section.nadruk]
        texts += [f"{label}: {value}" for label, value in section.velden]
    return [w for t in texts for w in ([t] if isinstance(t, Whole) else t.split())]


def sheet(doc: Sheet, out: Console) -> None:
    width = out.width
    inner = max(width - PANEL_OVERHEAD, 10)
    if max((len(w) for w in _words(doc)), default=0) > inner - 2:
        # A word (a web address, a path) wider than a panel would be cut by its border: plain
        # text instead, each line whole, so the terminal wraps it and a copy gets it entire.
        from mhcli.render import plain

        out.print(Text(plain.sheet(doc, width).rstrip("\n")), soft_wrap=True)
        return
    out.print(_lines("", doc.titel, width, "bold"))
    if doc.ondertitel:
        out.print(_lines("", doc.ondertitel, width, "dim"))
    for line in doc.regels:
        out.print(_lines("", line, width))
    for note in doc.nadruk:
        out.print(Panel(_lines("", note, inner), title=Text("Let op", style="bold yellow"),
                        border_style="yellow", expand=True))
    for section in doc.secties:
        parts: list[Any] = []
        if section.velden:
            parts.append(_fields(section.velden, inner))
        parts += [_lines("• ", line, inner) for line in section.regels]
        parts += [_lines("! ", note, inner, "yellow") for note in section.nadruk]
        out.print(Panel(Group(*parts), title=Text(clean(section.titel), style="bold cyan"),
                        title_align="left", border_style="cyan", expand=True))


def table(headers: list[str], rows: list[list[str]], out: Console, title: str | None) -> None:
    """A table without row lines whose columns fit the console; rows that take several lines
    get a blank line between them. Too narrow for a table: one block per row."""
    width = out.width
    heads = [clean(h) for h in headers]
    cells = [[_safe(c) for c in row] for row in rows]
    # A rich table with the default box: a border on each side and between columns, and one
    # space of padding on either side of each cell.
    layout = fit(heads, cells, width, 3 * len(heads) + 1)
    if title:
        out.print(_lines("", title, width, "bold"))
    if layout is None:
        out.print(_text(records(heads, cells, width).rstrip("\n")))
        return
    grid = Table(show_lines=False, header_style="bold", leading=1 if layout.wrapped else 0)
    for header, w in zip(heads, layout.widths, strict=True):
        grid.add_column(_text("\n".join(wrap(header, w))), width=w, no_wrap=True,
                        overflow="fold")
    for row in cells:
        grid.add_row(*(_text("\n".join(wrap(c, w)))
                       for c, w in zip(row, layout.widths, strict=True)))
    out.print(grid)
