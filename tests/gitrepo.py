"""Registers in tiny git repositories with dated commits, made in a test's own folder: for
--zoals-bekend-op, `mhcli geschiedenis` and the site's history. Never the project's own git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import copy_register

THOLEN_WEG = '''    toelichting: >-
      Zeeuwse gemeente die aansluit bij district De Markiezaten, omdat zij is aangesloten bij
      het Zorg- en Veiligheidshuis De Markiezaten. Signalen uit Tholen gaan daarom naar De
      Markiezaten, niet naar district Zeeland.
'''
THOLEN_IN_ZEELAND = '''gemeenten:
  - naam: Tholen
    cbs_code: "GM0716"
    provincie: Zeeland
'''
# The fixture's Tholen note without its last sentence: an older wording, for a dated change.
THOLEN_KORT = THOLEN_WEG.replace(''' Signalen uit Tholen gaan daarom naar De
      Markiezaten, niet naar district Zeeland.''', "")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def move_tholen(data: Path, per: str | None) -> None:
    """Tholen from De Markiezaten to Zeeland: on a date (both entries dated) or outright."""
    markiezaten, zeeland = data / "districten/de-markiezaten.yaml", data / "districten/zeeland.yaml"
    if per is None:
        edit(markiezaten, '  - naam: Tholen\n    cbs_code: "GM0716"\n    provincie: Zeeland\n'
             + THOLEN_WEG, "")
        edit(zeeland, "gemeenten:\n", THOLEN_IN_ZEELAND)
    else:
        edit(markiezaten, THOLEN_WEG, THOLEN_WEG + f'    geldig_tot: "{per}"\n')
        edit(zeeland, "gemeenten:\n", THOLEN_IN_ZEELAND + f'    geldig_vanaf: "{per}"\n')


def git(root: Path, *args: str, when: str | None = None) -> str:
    """git in ``root`` with a fixed identity and no user or system configuration."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Beheer", "GIT_AUTHOR_EMAIL": "beheer@example.org",
           "GIT_COMMITTER_NAME": "Beheer", "GIT_COMMITTER_EMAIL": "beheer@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True)
    return done.stdout.strip()


def commits(root: Path) -> list[str]:
    """Every commit of the repository, newest first."""
    return git(root, "log", "--format=%H").split()


def dated_fixture(root: Path) -> Path:
    """The fixture register in a repository at ``root`` whose newest commit holds it exactly:
    first with an older note for Tholen (2023-01-10), then the note as the fixture has it
    (2024-05-01). Every gemeente has a history; only Tholen's has two entries. Returns the
    data folder."""
    data = copy_register(root)
    edit(data / "districten/de-markiezaten.yaml", THOLEN_WEG, THOLEN_KORT)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Register", when="2023-01-10T10:00:00+01:00")
    edit(data / "districten/de-markiezaten.yaml", THOLEN_KORT, THOLEN_WEG)
    git(root, "commit", "-q", "-am", "Toelichting Tholen: waarom niet Zeeland",
        when="2024-05-01T12:00:00+02:00")
    return data
