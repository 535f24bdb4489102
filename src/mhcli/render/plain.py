"""Plain text for pipes, files and NO_COLOR terminals: no escape codes, stable layout."""

from __future__ import annotations

import textwrap

from mhcli.render.safe import clean
from mhcli.render.sheet import Sheet

WIDTH = 100


def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        lines.extend(textwrap.wrap(paragraph, WIDTH, initial_indent=indent + first,
                                   subsequent_indent=indent + " " * len(first),
                                   break_on_hyphens=False) or [indent + first])
    return lines


def sheet(doc: Sheet) -> str:
    out = [clean(doc.titel)]
    if doc.ondertitel:
        out.append(clean(doc.ondertitel))
    for note in doc.nadruk:
        out.append("")
        out.extend(_wrap(note, "", "LET OP: "))
    for section in doc.secties:
        out.append("")
        out.append(clean(section.titel))
        width = max((len(label) for label, _ in section.velden), default=0)
        for label, value in section.velden:
            out.extend(_wrap(value, "   ", f"{label + ':':<{width + 1}} "))
        for line in section.regels:
            out.extend(_wrap(line, "   ", "- "))
        for note in section.nadruk:
            out.extend(_wrap(note, "   ", "! "))
    return "\n".join(out) + "\n"
