"""The one escaping path for text that leaves mhcli: register text, user input, paths, messages.

Everything that could act on a terminal or hide text becomes a visible escape such as ``\\x1b``:
C0 and C1 control characters (but tab and newline) and DEL, so no CSI or OSC sequence can get
through; bidirectional overrides and isolates, which make text read differently from what it is;
every other invisible format character (Unicode category Cf: zero-width space, joiners, soft
hyphen, byte order mark, tags) and default-ignorable fillers and variation selectors, which can
hide or disguise text (``Tho\\u200blen``); line and paragraph separators; and lone surrogates,
which is how Python holds the bytes of a file name that is not UTF-8 (shown as those bytes,
``\\xff``). mhcli prints no emoji from data, so a zero-width joiner is never needed there.

Text can also act on whoever reads the output line by line. A CI runner treats a line that
starts (after spaces) with ``::`` or ``##[`` as a workflow command (GitHub Actions: annotations,
``::add-mask::``, ``::stop-commands::``, ``::set-output``); so a word of data that starts so
has its first character shown as an escape (``\\x3a:error``), wherever wrapping puts it.
And a value meant for one line stays on one line: ``clean_line`` folds whitespace (prose in a
table cell), ``one_line`` shows a line break as ``\\n`` (user input, paths, messages: every
character is kept, visibly).
"""

from __future__ import annotations

import re
from pathlib import PurePath

# A hand-kept table rather than a unicodedata scan at start-up (that costs ~0.3 s); the tests
# check it against the running Python's Unicode database, and it covers Unicode 15 additions.
UNSAFE = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab, newline), DEL, C1
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f"  # zero width, marks, separators, bidi, invisible
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\ud800-\udfff"  # lone surrogates: undecodable bytes of a file name
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"  # tags and variation selectors supplement
    "]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# A word that starts a CI workflow command: '::' (GitHub Actions) or '##[' (its older form).
_COMMAND = re.compile(r"(?<!\S)(?=::|##\[)(.)")


def _defused(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group(1)):02x}"


def clean(text: object) -> str:
    """``text`` as a string with every control and invisible character shown as an escape, and
    no word that a CI runner would take as a workflow command."""
    shown = UNSAFE.sub(_visible, str(text))
    return _COMMAND.sub(_defused, shown) if "::" in shown or "##[" in shown else shown


def clean_line(text: object) -> str:
    """As ``clean``, and on one line with its whitespace folded: for prose in table cells,
    CSV, markdown and other one-line formats."""
    return " ".join(clean(text).split())


def one_line(text: object) -> str:
    """As ``clean``, and on one line with every character kept: a line break or tab shows as
    ``\\n`` or ``\\t``. For user input, paths and messages on line-based streams (stderr), where
    a line break would start a line that someone else wrote."""
    return clean(text).replace("\n", "\\n").replace("\t", "\\t")


def shown(value: object) -> str:
    """User input or a path, echoed in a message: cleaned, on one line, between quotes.

    A path keeps its exact spelling (no whitespace folding), so what is shown can be typed."""
    if isinstance(value, PurePath):
        return "'" + one_line(str(value)) + "'"
    return "'" + clean_line(value) + "'"


# --- markdown and GitHub workflow commands: also used by .github/scripts (standard library only,
# loaded from this file), so there is one way to make text literal there too.

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


def markdown_literal(text: object) -> str:
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


def workflow_data(text: str) -> str:
    """The message of a GitHub workflow command: line breaks as the runner expects (%0A)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A property of a workflow command (file=, title=): also ':' and ',' escaped."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")
