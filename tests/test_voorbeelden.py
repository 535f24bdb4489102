"""CONTRIBUTING's worked examples: each is a patch in tests/voorbeelden/ that applies to the
product's register, leaves it valid, and shows in CONTRIBUTING.md line for line.

`tools/voorbeelden.py` goes further: it applies each example and runs the whole suite outside
this named set (slow; see the README of tests/fixtures/register)."""

from __future__ import annotations

import json
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
