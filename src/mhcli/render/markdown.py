"""Markdown, to paste into documents, issues and pull requests."""

from __future__ import annotations

import re

from mhcli.render.safe import clean_line
from mhcli.render.sheet import Sheet

_SPECIAL = re.compile(r"([\\`*_{}\[\]<|#])")


def escape(text: object) -> str:
    """Register text as literal markdown: no accidental emphasis, links, HTML or table cells."""
    escaped = _SPECIAL.sub(r"\\\1", clean_line(text))
    return "\\" + escaped if escaped.startswith(">") else escaped  # not a block quote


def sheet(doc: Sheet) -> str:
    out = [f"# {escape(doc.titel)}", ""]
    if doc.ondertitel:
        out += [escape(doc.ondertitel), ""]
    for note in doc.nadruk:
        out += [f"> **Let op:** {escape(note)}", ""]
    for section in doc.secties:
        out += [f"## {escape(section.titel)}", ""]
        out += [f"- **{escape(label)}:** {escape(value)}" for label, value in section.velden]
        out += [f"- {escape(line)}" for line in section.regels]
        out += [f"- ⚠️ {escape(note)}" for note in section.nadruk]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
