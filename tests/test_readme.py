"""The README shows real output: every `$ mhcli ...` example is what that command prints."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.bundled  # of the named set that reads the product's own data/

TOOL = runpy.run_path(str(REPO / "tools" / "readme_uitvoer.py"))


def _examples() -> list[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for m in TOOL["BLOCK"].finditer(text)]


def test_the_readme_has_examples_of_the_main_commands() -> None:
    commands = {command.split()[1] for command, _ in _examples()}
    assert {"route", "gemeente", "gemeenten", "district", "districten", "partners",
            "zoek", "valideer"} <= commands


@pytest.mark.parametrize("command, shown", _examples(), ids=[c for c, _ in _examples()])
def test_readme_example_is_real_output(command: str, shown: str, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    monkeypatch.chdir(REPO)
    assert TOOL["expected"](command, shown) == shown, \
        f"README is verouderd; herschrijf met: python tools/readme_uitvoer.py ({command})"
