"""Post mhcli's diff as one pull request comment, edited in place on every later push.

Usage: python comment.py [--alleen-bijwerken] REPOSITORY PR BODY_FILE

The comment carries a hidden marker; the first comment by COMMENT_AUTHOR (default
github-actions[bot]) holding it is edited, otherwise one is created. Talks to GitHub only through
`gh api` (GH_TOKEN in the environment). DIFF_OUTCOME other than "success" (the diff step failed)
posts that instead of a partial diff, so an old comment never stands for a new change.
--alleen-bijwerken: edit an existing comment, never create one (a pull request that no longer
changes the register says so where it said otherwise). Standard library only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gh_pages import pages  # beside this script: the folder is its first path entry

MARKER = "<!-- mhcli-diff -->"
LIMIT = 65536  # GitHub's maximum comment body, in characters


def gh_api(*args: str, body: str | None = None) -> str:
    command = ["gh", "api", *args]
    if body is not None:
        command += ["--input", "-"]
    done = subprocess.run(command, input=None if body is None else json.dumps({"body": body}),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"comment.py: gh api {' '.join(args)} faalde (afsluitcode "
                         f"{done.returncode}).")
    return done.stdout


def _login(user: object) -> object:
    return user.get("login") if isinstance(user, dict) else None


def run_url() -> str:
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    run_id = os.environ.get("GITHUB_RUN_ID", "")
    return f"{server}/{repository}/actions/runs/{run_id}" if repository and run_id else ""


def compose(diff: str) -> str:
    url = run_url()
    if os.environ.get("DIFF_OUTCOME", "success") != "success":
        where = f"de log van de run ({url})" if url else "de log van de run"
        return (f"{MARKER}\n**mhcli diff** kon deze wijziging niet vergelijken; zie {where}. "
                "Deze reactie toont daarom geen eerdere uitkomst meer.\n")
    body = f"{MARKER}\n{diff.rstrip()}\n"
    if len(body) > LIMIT:
        note = ("\n\n_Ingekort: de volledige uitvoer staat in de samenvatting van de run"
                + (f" ({url})" if url else "") + "._\n")
        cut = body.rfind("\n", 0, LIMIT - len(note))
        body = body[:cut] + note
    return body


def main(argv: list[str]) -> int:
    only_edit = "--alleen-bijwerken" in argv
    argv = [a for a in argv if a != "--alleen-bijwerken"]
    if len(argv) != 3:
        sys.stderr.write(__doc__ or "")
        return 2
    repository, pr, body_file = argv
    try:
        diff = Path(body_file).read_text(encoding="utf-8")
    except OSError:
        diff = ""
    body = compose(diff)
    author = os.environ.get("COMMENT_AUTHOR", "github-actions[bot]")
    comments = pages(gh_api("--paginate", f"repos/{repository}/issues/{pr}/comments?per_page=100"))
    ours = [c for c in comments if MARKER in str(c.get("body", ""))
            and _login(c.get("user")) == author]
    if not ours and only_edit:
        print(f"Pull request {pr} verandert het register niet; geen reactie.")
    elif not ours:
        gh_api("--method", "POST", f"repos/{repository}/issues/{pr}/comments", body=body)
        print(f"Reactie geplaatst op pull request {pr}.")
    elif ours[0].get("body") == body:
        print(f"Reactie {ours[0]['id']} is al actueel.")
    else:
        gh_api("--method", "PATCH", f"repos/{repository}/issues/comments/{ours[0]['id']}",
               body=body)
        print(f"Reactie {ours[0]['id']} bijgewerkt.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
