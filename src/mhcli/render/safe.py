"""The one escaping path for text that leaves mhcli: register text, user input, paths, messages.

Everything that could act on a terminal or hide text becomes a visible escape such as ``\\x1b``:
C0 and C1 control characters (but tab and newline) and DEL, so no CSI or OSC sequence can get
through; bidirectional overrides and isolates, which make text read differently from what it is;
every other invisible format character (Unicode category Cf: zero-width space, joiners, soft
hyphen, byte order mark, tags) and default-ignorable fillers and variation selectors, which can
hide or disguise text (``Tho\\u200blen``); line and paragraph separators; and lone surrogates,
which is how Python holds the bytes of a file name that is not UTF-8 (shown as those bytes,
``\\xff``). mhcli prints no emoji from data, so a zero-width joiner is never needed there.
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


def clean(text: object) -> str:
    """``text`` as a string with every control and invisible character shown as an escape."""
    return UNSAFE.sub(_visible, str(text))


def clean_line(text: object) -> str:
    """As ``clean``, and on one line: for table cells and one-line formats."""
    return " ".join(clean(text).split())


def shown(value: object) -> str:
    """User input or a path, echoed in a message: cleaned, on one line, between quotes.

    A path keeps its exact spelling (no whitespace folding), so what is shown can be typed."""
    if isinstance(value, PurePath):
        return "'" + clean(str(value)).replace("\n", "\\n").replace("\t", "\\t") + "'"
    return "'" + clean_line(value) + "'"
