"""Write docs/regels.md from the catalogue of finding codes (``--check``: only compare).

The catalogue is src/mhcli/validation/catalogue.py, gathered from each rule family's ``REGELS``;
tests/test_catalogue.py fails when docs/regels.md is not what this writes. Run from the
repository: ``python tools/regels.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "regels.md"


def main(argv: list[str]) -> int:
    from mhcli.validation.catalogue import markdown

    text = markdown()
    if argv == ["--check"]:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC.relative_to(REPO)} is verouderd; schrijf hem opnieuw met: python "
                  "tools/regels.py", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"{DOC.relative_to(REPO)} geschreven")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
