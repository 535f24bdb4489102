"""Markdown, to paste into documents, issues and pull requests."""

from __future__ import annotations

import re

from mhcli.render.sheet import Sheet
from mhcli.safe import clean_line

# Every ASCII punctuation character that can start markdown syntax anywhere in a line gets a
# backslash (CommonMark allows one before any ASCII punctuation): emphasis, code, links and
# images, HTML, entities ('&'), table cells ('|'), strikethrough ('~', single too in GFM).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<|#~&])")
# At the start of a line also block quotes, list markers and ordered-list numbers ('1. x').
_LEADING = re.compile(r"^([-+=>])|^(\d+)([.)])")
# GitHub links mentions and references after rendering, so a backslash does not stop them
# (github/markup#1168, cmark-gfm#181); text inside a code span is never linked. A mention
# starts after a non-word character, as GitHub's own parser reads it, so an e-mail address
# (info@voorbeeld.nl) stays as it is. A reference is '#12', 'GH-12', and anything before a
# '#12' that GitHub may read as a repository or its owner ('owner/repo#12', 'repo#12'); a
# commit is 'owner/repo@1a2b3c4' or 'owner@1a2b3c4'. Each becomes one code span, whole, and
# parts that touch ('@team#1', '#1#2') one span together: text right after a span is a new
# text node, where GitHub looks again.
_NAME = r"[A-Za-z0-9_.-]+"
_MENTION = r"@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9_.-]+)?"
_ISSUE = r"GH-\d+"
_REF = rf"(?:{_NAME}(?:/{_NAME})?)?#\d+"
_COMMIT = rf"{_NAME}(?:/{_NAME})?@[0-9a-fA-F]{{7,40}}(?![0-9A-Za-z])"
# A name-led part is tried only where a run of name characters starts: tried inside the run
# too, it would scan the rest of the run from every position (quadratic on 'a.a.a.a...').
_FIRST = (rf"(?<![A-Za-z0-9_])(?:{_MENTION}|{_ISSUE})"
          rf"|(?<![A-Za-z0-9_.-])(?:{_REF}|{_COMMIT})")
_LIVE = re.compile(rf"(?:{_FIRST})(?:{_MENTION}|{_ISSUE}|{_REF}|{_COMMIT})*")


def _escape_plain(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def escape(text: object) -> str:
    """Register text as literal markdown on one line: no emphasis, links, HTML, entities, table
    cells or strikethrough, and no @mention, #123, owner/repo#123 or commit reference that
    would ping or link on GitHub (those become code spans, which GitHub leaves alone; all
    other backticks are escaped, so a span cannot be closed early)."""
    line = clean_line(text)
    out: list[str] = []
    end = 0
    for live in _LIVE.finditer(line):
        out.append(_escape_plain(line[end:live.start()]))
        out.append(f"`{live.group()}`")
        end = live.end()
    out.append(_escape_plain(line[end:]))
    escaped = "".join(out)
    return _LEADING.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else
                        f"{m.group(2)}\\{m.group(3)}", escaped)


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

