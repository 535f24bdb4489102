"""Annotate only the findings on lines a change touched; every finding goes to the job summary.

Usage: python annotate.py FINDINGS_JSON BASE [HEAD]

FINDINGS_JSON is the output of `mhcli valideer --format json`, run from the repository root.
BASE..HEAD is the change (`git diff BASE...HEAD`); with an unknown BASE (a first push) nothing is
annotated. A finding about two places (a gemeente in two districts) may name the other ones in
`zie_ook`, a list of {bestand, regel, kolom}: it is annotated at every one of its places the change
touched, each naming the others, so it shows wherever the pull request made it. Standard
library only: this runs before and apart from mhcli's installed code; it makes text literal with
mhcli's own `safe.py`, loaded from this checkout (that file imports only the standard library).
"""

from __future__ import annotations

import importlib.util
import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType


def _safe() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "src" / "mhcli" / "safe.py"
    spec = importlib.util.spec_from_file_location("mhcli_safe", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


safe = _safe()

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
LEVELS = {"fout": "error", "waarschuwing": "warning"}


def changed_lines(base: str, head: str) -> dict[str, set[int]] | None:
    """Lines of the head side each file's change touched, or None if BASE is not a commit."""
    known = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"],
                           capture_output=True, text=True, check=False)
    if known.returncode != 0:
        return None
    # --no-renames: a renamed file counts as new, so findings its new name causes are annotated.
    done = subprocess.run(
        ["git", "-c", "core.quotePath=false", "diff", "-U0", "--no-renames", "--no-color",
         "--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/", f"{base}...{head}"],
        capture_output=True, text=True, check=False)
    if done.returncode != 0:  # e.g. a shallow clone without the merge base
        print(f"::warning title=mhcli annotaties::git diff {base}...{head} faalde; alle "
              "meldingen staan in de samenvatting.")
        return None
    diff = done.stdout
    lines: dict[str, set[int]] = {}
    current: set[int] = set()
    old_path = ""
    header = False  # between "diff --git" and the first hunk: a removed "-- x" is no header
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            header = True
        elif header and line.startswith("--- "):
            old_path = line[6:] if line.startswith("--- a/") else ""
        elif header and line.startswith("+++ "):
            # A deleted file has no head lines, but is touched.
            path = line[6:] if line.startswith("+++ b/") else old_path
            current = lines.setdefault(path, set())
        elif match := HUNK.match(line):
            header = False
            start, count = int(match[1]), int(match[2] or 1)
            if count:
                current.update(range(start, start + count))
            else:
                # A pure deletion after line `start`: the lines either side of the gap are touched
                # (a removed key is reported on the line that now follows it).
                current.update({start, start + 1})
    return lines


def places(finding: dict[str, object]) -> list[dict[str, object]]:
    """Where a finding is: its own place, then the others it names in `zie_ook`."""
    others = finding.get("zie_ook")
    return [finding, *(o for o in (others if isinstance(others, list) else [])
                       if isinstance(o, dict) and o.get("bestand"))]


def where(place: dict[str, object]) -> str:
    shown = str(place["bestand"])
    if place.get("regel") is not None:
        shown += f":{place['regel']}"
        if place.get("kolom") is not None:
            shown += f":{place['kolom']}"
    return shown


def annotation(finding: dict[str, object], place: dict[str, object] | None = None) -> str:
    place = place if place is not None else finding
    props = [f"file={safe.clean(safe.workflow_property(str(place['bestand'])))}"]
    if place.get("regel") is not None:
        props.append(f"line={place['regel']}")
    if place.get("kolom") is not None:
        props.append(f"col={place['kolom']}")
    props.append(f"title={safe.workflow_property('mhcli ' + str(finding['code']))}")
    level = LEVELS.get(str(finding["niveau"]), "warning")
    message = str(finding["melding"])
    elsewhere = [where(p) for p in places(finding) if p is not place]
    if elsewhere:
        message += f" (ook: {', '.join(elsewhere)})"
    return f"::{level} {','.join(props)}::{safe.clean(safe.workflow_data(message))}"


def place_changed(place: dict[str, object], lines: dict[str, set[int]]) -> bool:
    path = posixpath.normpath(str(place["bestand"]))
    regel = place.get("regel")
    if regel is None:
        # A finding about a whole file or folder: annotated when the change touched it.
        return any(p == path or p.startswith(path + "/") for p in lines)
    return isinstance(regel, int) and regel in lines.get(path, set())


def on_changed_line(finding: dict[str, object], lines: dict[str, set[int]]) -> bool:
    return any(place_changed(p, lines) for p in places(finding))


def summary_line(finding: dict[str, object]) -> str:
    shown = " ".join(f"`{where(p).replace('`', '')}`" for p in places(finding))
    return (f"- {finding['niveau']} {shown} [{finding['code']}]: "
            f"{safe.markdown_literal(finding['melding'])}")


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__ or "")
        return 2
    findings_path, base = argv[0], argv[1]
    head = argv[2] if len(argv) == 3 else "HEAD"
    try:
        report = json.loads(Path(findings_path).read_text(encoding="utf-8"))
        findings = [*report["fouten"], *report["waarschuwingen"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"::error title=mhcli valideer::geen leesbare uitvoer van mhcli valideer ({exc}); "
              "zie de regels hierboven.")
        return 1
    lines = changed_lines(base, head) if base.strip("0") else None
    here = [f for f in findings if lines is not None and on_changed_line(f, lines)]
    elsewhere = [f for f in findings if f not in here]
    for finding in here:
        for place in places(finding):
            if lines is not None and place_changed(place, lines):
                print(annotation(finding, place))

    verdict = "geldig" if report.get("geldig") else "ongeldig"
    out = [f"## Validatie van het register: {verdict}", "",
           f"{len(report['fouten'])} fout(en), {len(report['waarschuwingen'])} waarschuwing(en)."]
    if here:
        out += ["", "### Op regels die deze wijziging raakt (ook als annotatie)", "",
                *map(summary_line, here)]
    if elsewhere:
        title = ("Elders in het register (niet door deze wijziging)" if lines is not None
                 else "Alle meldingen (geen basisrevisie om mee te vergelijken)")
        out += ["", f"### {title}", "", *map(summary_line, elsewhere)]
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("\n".join(out) + "\n")
    else:
        print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
