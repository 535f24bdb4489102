"""Plain text for pipes, files and NO_COLOR terminals: no escape codes, stable layout, wrapped
at spaces to the width (40 to 100 columns); a ``Whole`` value such as a path is never broken."""

from __future__ import annotations

from mhcli.render.layout import Whole, longest_word, wrap
from mhcli.render.sheet import Sheet
from mhcli.safe import clean

WIDTH = 100
MIN_WIDTH = 40


def _wrap(text: str, width: int, indent: str, first: str = "") -> list[str]:
    value = Whole(clean(text)) if isinstance(text, Whole) else clean(text)
    lead = indent + first
    lines = wrap(value, width - len(lead))
    return [(lead if n == 0 else indent + " " * len(first)) + line
            for n, line in enumerate(lines)]


def sheet(doc: Sheet, width: int | None = None) -> str:
    """``doc`` as text for ``width`` columns (default ``streams.terminal_width()``), kept
    between 40 and 100."""
    if width is None:
        from mhcli.streams import terminal_width

        width = terminal_width()
    width = min(max(width, MIN_WIDTH), WIDTH)
    out = _wrap(doc.titel, width, "")
    if doc.ondertitel:
        out.extend(_wrap(doc.ondertitel, width, ""))
    for line in doc.regels:
        out.extend(_wrap(line, width, ""))
    for note in doc.nadruk:
        out.append("")
        out.extend(_wrap(note, width, "", "LET OP: "))
    for section in doc.secties:
        out.append("")
        out.extend(_wrap(section.titel, width, ""))
        label_width = max((len(clean(label)) for label, _ in section.velden), default=0) + 1
        beside = 3 + label_width + 1 <= width // 2
        for label, value in section.velden:
            # A word too long for the value column puts that value under its label.
            shown = Whole(clean(value)) if isinstance(value, Whole) else clean(value)
            if beside and longest_word(shown) <= width - label_width - 4:
                out.extend(_wrap(value, width, "   ", f"{clean(label) + ':':<{label_width}} "))
            else:  # a long label at a narrow width: the value under it
                out.extend(_wrap(label + ":", width, "   "))
                out.extend(_wrap(value, width, "     "))
        for line in section.regels:
            out.extend(_wrap(line, width, "   ", "- "))
        for note in section.nadruk:
            out.extend(_wrap(note, width, "   ", "! "))
    return "\n".join(line.rstrip() for line in out) + "\n"
