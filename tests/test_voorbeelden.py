"""CONTRIBUTING's worked examples: each is a patch in tests/voorbeelden/ that applies to the
product's register, leaves it valid, shows in CONTRIBUTING.md line for line, and makes
`mhcli diff` say what CONTRIBUTING says it does.

`tools/voorbeelden.py` goes further: it applies each example and runs the whole suite outside
this named set (slow; see the README of tests/fixtures/register)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, REPO, Result

pytestmark = pytest.mark.bundled  # of the named set that reads the product's own data/

EXAMPLES = sorted((REPO / "tests" / "voorbeelden").glob("*.patch"))


def _added_lines(patch: Path) -> list[str]:
    return [line[1:].strip() for line in patch.read_text(encoding="utf-8").splitlines()
            if line.startswith("+") and not line.startswith("+++") and line[1:].strip()]


def test_there_is_an_example_for_each_worked_example() -> None:
    assert {p.stem for p in EXAMPLES} == {"tholen-naar-zeeland", "nieuwe-trekker", "nieuw-plan",
                                          "baarle-nassau-bij-de-baronie", "district-hernoemd"}


@pytest.mark.parametrize("patch", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_applies_and_leaves_the_register_valid(patch: Path, tmp_path: Path,
                                                       mhcli: Callable[..., Result]) -> None:
    shutil.copytree(BUNDLED, tmp_path / "data")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    subprocess.run(["git", "apply", str(patch)], cwd=tmp_path, check=True, capture_output=True)
    result = mhcli("valideer", "--data", "data", "-f", "json", cwd=tmp_path)
    assert json.loads(result.out)["fouten"] == [], result.out
    assert result.code == 0


@pytest.mark.parametrize("patch", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_contributing_shows_every_line_the_example_adds(patch: Path) -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    shown = {line.strip() for line in text.splitlines()}
    missing = [line for line in _added_lines(patch) if line not in shown]
    assert not missing, f"CONTRIBUTING.md toont deze regels van {patch.name} niet: {missing}"


# Which section of CONTRIBUTING.md tells each example.
SECTIONS = {"tholen-naar-zeeland": "### Een gemeente gaat naar een ander district",
            "nieuwe-trekker": "### Een nieuwe trekker", "nieuw-plan": "### Een nieuw plan",
            "baarle-nassau-bij-de-baronie": "### Een gemeente krijgt een district",
            "district-hernoemd": "### Een districtbestand krijgt een andere naam"}


def _said(example: str) -> list[str]:
    """The lines CONTRIBUTING shows under `$ mhcli diff` in the example's section."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index(SECTIONS[example]):]
    section = section[:section.index("\n### ", 1)]
    [block] = re.findall(r"```text\n\$ mhcli diff\n(.*?)```", section, re.S)
    return block.splitlines()


def _shows(output: list[str], said: list[str]) -> bool:
    """Whether ``output`` holds the runs of ``said`` (split at '...') in order, each run as
    consecutive lines."""
    runs: list[list[str]] = [[]]
    for line in said:
        if line == "...":
            runs.append([])
        else:
            runs[-1].append(line)
    at = 0
    for run in filter(None, runs):
        found = next((i for i in range(at, len(output) - len(run) + 1)
                      if output[i:i + len(run)] == run), None)
        if found is None:
            return False
        at = found + len(run)
    return said[-1] == "..." or at == len(output) if said else True


@pytest.mark.parametrize("patch", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_mhcli_diff_says_what_contributing_says(patch: Path, tmp_path: Path,
                                                mhcli: Callable[..., Result]) -> None:
    shutil.copytree(BUNDLED, tmp_path / "data")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    for command in (["init", "-q", "-b", "main"], ["add", "-A"],
                    ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q",
                     "-m", "register"], ["apply", str(patch)]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True, capture_output=True)
    result = mhcli("diff", cwd=tmp_path)
    assert result.code == 0, result.err
    said = _said(patch.stem)
    assert _shows(result.out.splitlines(), said), \
        f"CONTRIBUTING.md zegt over {patch.stem}:\n" + "\n".join(said) + \
        f"\n\nmhcli diff zegt:\n{result.out}"
    # And beyond the excerpt: exactly the gemeenten the example is about.
    data = json.loads(mhcli("diff", "-f", "json", cwd=tmp_path).out)
    gemeenten = sorted({n for r in data["route"] for n in r["gemeenten"]})
    assert gemeenten == {"tholen-naar-zeeland": ["Tholen"],
                         "baarle-nassau-bij-de-baronie": ["Baarle-Nassau"]}.get(patch.stem, [])
