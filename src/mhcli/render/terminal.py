"""Rich output for a person at a terminal. Register text is always passed as rich Text, never
as markup, so '[bold]' in the data prints as '[bold]'."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mhcli.render.safe import clean
from mhcli.render.sheet import Sheet


def console() -> Console:
    return Console(highlight=False, emoji=False, markup=False, soft_wrap=False)


def sheet(doc: Sheet, out: Console) -> None:
    out.print(Text(clean(doc.titel), style="bold"))
    if doc.ondertitel:
        out.print(Text(clean(doc.ondertitel), style="dim"))
    for note in doc.nadruk:
        out.print(Panel(Text(clean(note)), title=Text("Let op", style="bold yellow"),
                        border_style="yellow", expand=True))
    for section in doc.secties:
        parts: list[Any] = []
        if section.velden:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column()
            for label, value in section.velden:
                grid.add_row(Text(clean(label) + ":"), Text(clean(value)))
            parts.append(grid)
        parts += [Text("• " + clean(line)) for line in section.regels]
        parts += [Text("! " + clean(note), style="yellow") for note in section.nadruk]
        out.print(Panel(Group(*parts), title=Text(clean(section.titel), style="bold cyan"),
                        title_align="left", border_style="cyan"))


def table(headers: list[str], rows: list[list[str]], out: Console, title: str | None) -> None:
    grid = Table(title=Text(clean(title)) if title else None, show_lines=True,
                 header_style="bold")
    for header in headers:
        grid.add_column(Text(header), overflow="fold")
    for row in rows:
        grid.add_row(*(Text(clean(cell)) for cell in row))
    out.print(grid)
