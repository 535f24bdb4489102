"""One reading of `gh api --paginate` output, for the scripts beside it (standard library only)."""

from __future__ import annotations

import json
from typing import Any


def pages(text: str) -> list[dict[str, Any]]:
    """`gh api --paginate` prints one JSON array per page, back to back."""
    decoder = json.JSONDecoder()
    items: list[dict[str, Any]] = []
    position, text = 0, text.strip()
    while position < len(text):
        page, position = decoder.raw_decode(text, position)
        items.extend(page)
        while position < len(text) and text[position].isspace():
            position += 1
    return items
