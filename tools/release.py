"""Check that a release tag matches the version mhcli says it is, and that CHANGELOG.md has
its entry: the first job of .github/workflows/publiceer.yml, and a check before tagging.

Usage: python tools/release.py vX.Y.Z

Exit 0 when the tag, pyproject.toml, src/mhcli/version.py and a CHANGELOG.md heading
'## [X.Y.Z] - YYYY-MM-DD' agree; 1 with the first disagreement otherwise.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def problem(tag: str) -> str | None:
    match = re.fullmatch(r"v(\d+\.\d+\.\d+)", tag)
    if match is None:
        return f"de tag {tag} is geen vX.Y.Z."
    version = match[1]
    # A regex, not tomllib: the tests run this on Python 3.10 too.
    found = re.search(r'^version = "([^"]+)"$', (REPO / "pyproject.toml").read_text("utf-8"),
                      re.MULTILINE)
    project = found[1] if found else "geen versie"
    if project != version:
        return f"de tag {tag} hoort bij versie {version}, maar pyproject.toml zegt {project}."
    init = re.search(r'^__version__ = "([^"]+)"$',
                     (REPO / "src/mhcli/version.py").read_text("utf-8"), re.MULTILINE)
    if init is None or init[1] != version:
        return f"src/mhcli/version.py zegt {init[1] if init else 'geen versie'}, niet {version}."
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    if not re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog,
                     re.MULTILINE):
        return f"CHANGELOG.md heeft geen kop '## [{version}] - JJJJ-MM-DD'."
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write(__doc__ or "")
        return 2
    found = problem(argv[0])
    if found:
        print(f"release.py: {found}", file=sys.stderr)
        return 1
    print(f"mhcli {argv[0][1:]}: tag, pyproject.toml, version.py en CHANGELOG.md kloppen.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
