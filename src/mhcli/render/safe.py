"""Making register text safe to print: control characters become visible escapes."""

from __future__ import annotations

import re

# C0 and C1 control characters (but tab and newline), DEL, and the bidirectional overrides
# that can make text read differently from what it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object) -> str:
    """``text`` as a string with every control character shown as an escape such as \\x1b."""
    return _UNSAFE.sub(_visible, str(text))


def clean_line(text: object) -> str:
    """As ``clean``, and on one line: for table cells and one-line formats."""
    return " ".join(clean(text).split())
