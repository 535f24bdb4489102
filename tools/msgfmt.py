"""Compile a gettext .po catalogue to the binary .mo that Python's gettext reads.

Just what mhcli's own catalogue uses (msgid/msgstr, comments, continued strings; no plurals or
contexts), so that building the package needs neither GNU gettext nor Babel."""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path


def parse(text: str) -> dict[str, str]:
    """The msgid -> msgstr pairs of a .po file."""
    messages: dict[str, str] = {}
    key: str | None = None
    current: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word in ("msgid", "msgstr"):
            if word == "msgid" and "msgid" in current:
                messages[current["msgid"]] = current.get("msgstr", "")
                current = {}
            key, line = word, rest
        if key is None or not line.startswith('"'):
            raise ValueError(f"line {number}: expected msgid, msgstr or a string: {raw!r}")
        current[key] = current.get(key, "") + ast.literal_eval(line)
    if "msgid" in current:
        messages[current["msgid"]] = current.get("msgstr", "")
    return messages


def compile_po(text: str) -> bytes:
    """The .mo bytes of a .po text: GNU's layout, strings sorted, no hash table."""
    messages = sorted((k.encode(), v.encode()) for k, v in parse(text).items() if v)
    count = len(messages)
    originals = 7 * 4
    translations = originals + count * 8
    offset = translations + count * 8
    table_o, table_t, data = [], [], b""
    for ids, _ in messages:
        table_o += [len(ids), offset + len(data)]
        data += ids + b"\0"
    for _, strs in messages:
        table_t += [len(strs), offset + len(data)]
        data += strs + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals, translations, 0, 0)
    return header + struct.pack(f"<{4 * count}I", *table_o, *table_t) + data


def main(argv: list[str]) -> int:
    for name in argv:
        po = Path(name)
        po.with_suffix(".mo").write_bytes(compile_po(po.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
