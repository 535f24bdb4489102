"""Which pull request a finished workflow run was for, and its base: for the job that comments.

Usage: python pull_request.py  (prints nummer=... and basis=... for $GITHUB_OUTPUT)

A workflow_run event names the head commit, branch and repository of the run, but no pull
request when it came from a fork. This asks GitHub for the open pull requests of that branch
and keeps the one whose head is exactly the run's commit; a newer push means a newer run will
comment, so an older one says nothing. Environment: REPOSITORY (owner/name), HEAD_SHA,
HEAD_OWNER, HEAD_BRANCH, GH_TOKEN (read access). Standard library only; talks to GitHub
through `gh api`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import quote

from gh_pages import pages  # beside this script: the folder is its first path entry

_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


def gh_api(path: str) -> str:
    done = subprocess.run(["gh", "api", "--paginate", path], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"pull_request.py: gh api {path} faalde (afsluitcode {done.returncode}).")
    return done.stdout


def _get(item: object, *keys: str) -> object:
    for key in keys:
        item = item.get(key) if isinstance(item, dict) else None
    return item


def main() -> int:
    repository = os.environ.get("REPOSITORY", "")
    head_sha = os.environ.get("HEAD_SHA", "")
    owner, branch = os.environ.get("HEAD_OWNER", ""), os.environ.get("HEAD_BRANCH", "")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository) or \
            not _SHA.fullmatch(head_sha) or not owner or not branch:
        print("::error title=mhcli reactie::de gebeurtenis noemt geen geldige repository, "
              "commit of tak.")
        return 1
    # The branch name comes from whoever opened the pull request: quoted, never interpreted.
    query = f"state=open&per_page=100&head={quote(owner, safe='')}:{quote(branch, safe='')}"
    found = [p for p in pages(gh_api(f"repos/{repository}/pulls?{query}"))
             if _get(p, "head", "sha") == head_sha]
    if not found:
        print(f"Geen open pull request met commit {head_sha[:7]} als kop; niets te doen.",
              file=sys.stderr)
        return 0
    number, base = _get(found[0], "number"), _get(found[0], "base", "sha")
    if not isinstance(number, int) or not isinstance(base, str) or not _SHA.fullmatch(base):
        print("::error title=mhcli reactie::GitHub gaf een onverwacht antwoord over de pull "
              "request.")
        return 1
    print(f"nummer={number}")
    print(f"basis={base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
