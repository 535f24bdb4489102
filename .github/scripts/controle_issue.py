"""Keep one issue with the latest `mhcli controleer` report: created once, edited after.

Usage: python3 controle_issue.py REPOSITORY REPORT_FILE EXIT_CODE

EXIT_CODE is that of `mhcli controleer`: 5 (a source is kapot or a number is gone) or 0 (all is
well). The issue is the oldest one opened by ISSUE_AUTHOR (default github-actions[bot]) whose
body holds the hidden marker; pull requests in the listing are skipped, and an issue by anyone
else is never touched, also when it quotes the marker. Its body becomes the report; it is open
while the report asks for action and closed when it no longer does, so the list of open issues
says whether anything needs doing. No issue yet and nothing to do: nothing is created.

Talks to GitHub only through `gh api` (GH_TOKEN in the environment). Standard library only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gh_pages import pages  # beside this script: the folder is its first path entry

MARKER = "<!-- mhcli-controleer -->"
TITLE = "Controle van de bronnen en nummers (mhcli controleer)"
LABEL = "mhcli-controle"
LIMIT = 65536  # GitHub's maximum issue body, in characters
ACTION, FINE = "5", "0"


def gh_api(*args: str, payload: dict[str, Any] | None = None) -> str:
    command = ["gh", "api", *args]
    if payload is not None:
        command += ["--input", "-"]
    done = subprocess.run(command, input=None if payload is None else json.dumps(payload),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"controle_issue.py: gh api {' '.join(args)} faalde (afsluitcode "
                         f"{done.returncode}).")
    return done.stdout


def run_url() -> str:
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    run_id = os.environ.get("GITHUB_RUN_ID", "")
    return f"{server}/{repository}/actions/runs/{run_id}" if repository and run_id else ""


def compose(report: str) -> str:
    url = run_url()
    footer = (f"\n_Bijgewerkt door [deze run]({url}); de volgende controle werkt dit issue weer "
              "bij._\n" if url else "")
    body = f"{MARKER}\n{report.rstrip()}\n{footer}"
    if len(body) > LIMIT:
        note = ("\n\n_Ingekort: de volledige uitvoer staat in de samenvatting van de run"
                + (f" ({url})" if url else "") + "._\n")
        cut = body.rfind("\n", 0, LIMIT - len(note))
        body = body[:cut] + note
    return body


def _login(user: object) -> object:
    return user.get("login") if isinstance(user, dict) else None


def find(repository: str, author: str) -> dict[str, Any] | None:
    listing = gh_api("--paginate", f"repos/{repository}/issues?state=all&creator={quote(author)}"
                     "&sort=created&direction=asc&per_page=100")
    ours = [i for i in pages(listing) if "pull_request" not in i
            and _login(i.get("user")) == author and MARKER in str(i.get("body") or "")]
    return min(ours, key=lambda i: int(i["number"])) if ours else None


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[2] not in (ACTION, FINE):
        sys.stderr.write(__doc__ or "")
        return 2
    repository, report_file, code = argv
    # The workflow passes at most 100,000 bytes on: a character may be cut in two.
    with Path(report_file).open(encoding="utf-8", errors="replace") as handle:
        report = handle.read()
    if not report.strip():
        raise SystemExit("controle_issue.py: het rapport is leeg; het issue blijft zoals het is.")
    body = compose(report)
    author = os.environ.get("ISSUE_AUTHOR", "github-actions[bot]")
    issue = find(repository, author)
    wanted = "open" if code == ACTION else "closed"
    if issue is None:
        if code == FINE:
            print("Alles in orde en nog geen issue: niets aangemaakt.")
            return 0
        created = json.loads(gh_api("--method", "POST", f"repos/{repository}/issues",
                                    payload={"title": TITLE, "body": body, "labels": [LABEL]}))
        print(f"Issue {created.get('number')} aangemaakt.")
        return 0
    change: dict[str, Any] = {}
    if issue.get("body") != body:
        change["body"] = body
    if issue.get("state") != wanted:
        change["state"] = wanted
        if wanted == "closed":
            change["state_reason"] = "completed"
    if not change:
        print(f"Issue {issue['number']} is al actueel.")
        return 0
    gh_api("--method", "PATCH", f"repos/{repository}/issues/{issue['number']}", payload=change)
    what = {"open": "heropend", "closed": "gesloten"}.get(change.get("state", ""), "bijgewerkt")
    print(f"Issue {issue['number']} {what}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
