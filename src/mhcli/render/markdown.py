"""Markdown, to paste into documents, issues and pull requests."""

from __future__ import annotations

from mhcli.render.sheet import Sheet
from mhcli.safe import markdown_literal as escape


def sheet(doc: Sheet) -> str:
    out = [f"# {escape(doc.titel)}", ""]
    if doc.ondertitel:
        out += [escape(doc.ondertitel), ""]
    for line in doc.regels:
        out += [escape(line), ""]
    for note in doc.nadruk:
        out += [f"> **Let op:** {escape(note)}", ""]
    for section in doc.secties:
        out += [f"## {escape(section.titel)}", ""]
        out += [f"- **{escape(label)}:** {escape(value)}" for label, value in section.velden]
        out += [f"- {escape(line)}" for line in section.regels]
        out += [f"- ⚠️ {escape(note)}" for note in section.nadruk]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"

