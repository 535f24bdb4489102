"""JSON for machines: UTF-8, stable key order, and no raw control or invisible characters."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from mhcli.safe import UNSAFE


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON spells a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _utf8_stdout() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return encoding.lower().replace("-", "").replace("_", "") in {"utf8", "utf8sig"}


def dumps(data: Any, *, ascii_only: bool | None = None) -> str:
    """``data`` as indented JSON. json.dumps escapes C0 controls itself; C1 controls, bidi
    overrides, zero-width and other format characters, and lone surrogates (a file name that
    is not UTF-8) it would emit raw, so they are written as \\u escapes: same value, safe bytes.
    ``ascii_only`` (default: when stdout is not UTF-8) escapes every non-ASCII character too,
    so JSON on an ASCII or Latin-1 stream stays valid JSON with the same values."""
    if ascii_only is None:
        ascii_only = not _utf8_stdout()
    text = json.dumps(data, ensure_ascii=ascii_only, indent=2)
    return UNSAFE.sub(_escaped, text) + "\n"
