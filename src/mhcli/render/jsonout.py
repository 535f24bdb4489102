"""JSON for machines: UTF-8, stable key order, and no raw control characters anywhere."""

from __future__ import annotations

import json
import re
from typing import Any

# json.dumps escapes C0 controls itself; C1 controls and bidi overrides it would emit raw.
_RAW = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def dumps(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
