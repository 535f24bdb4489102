"""Broken registers, one folder per failure mode, each with the exact output expected.

A case folder changes a copy of the fixture register (tests/fixtures/register): `wijziging.patch`
is a git diff of its data/; whole files under data/ (and schemas/ beside it) are added or
replace a file, for inputs that are whole by nature (an empty file, another encoding, CRLF);
an optional `acties` file does what files cannot express (remove a file, make a folder or a
symlink loop); `expected` is the exact output of `mhcli valideer` run in the case's folder.
Adding a case is adding a folder. MHCLI_UPDATE_EXPECTED=1 rewrites the expected files; read
the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, copy_register

CASES = sorted(p for p in (Path(__file__).parent / "registers").iterdir() if p.is_dir())


def _apply(case: Path, root: Path) -> None:
    copy_register(root)
    patch = case / "wijziging.patch"
    if patch.exists():
        subprocess.run(["git", "apply", "--unsafe-paths", f"--directory={root}", str(patch)],
                       cwd=root, check=True, capture_output=True)
    for part in ("data", "schemas"):  # schemas/: the schemas beside --data, as a user has them
        overlay = case / part
        if overlay.is_dir():
            shutil.copytree(overlay, root / part, dirs_exist_ok=True)
    acties = case / "acties"
    for line in acties.read_text(encoding="utf-8").splitlines() if acties.exists() else []:
        verb, *args = line.split()
        target = root / "data" / args[0]
        if verb == "verwijder":
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        elif verb == "map":
            target.unlink()
            target.mkdir()
        elif verb == "symlink":
            target.unlink(missing_ok=True)
            os.symlink(args[1], target)
        else:
            raise AssertionError(f"{acties}: onbekende actie {verb}")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_register_case(case: Path, tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    _apply(case, tmp_path)
    result = mhcli("valideer", "--data", "data", cwd=tmp_path)
    expected_file = case / "expected"
    if os.environ.get("MHCLI_UPDATE_EXPECTED"):
        expected_file.write_text(result.out, encoding="utf-8")
    assert result.out == expected_file.read_text(encoding="utf-8")
    assert "Traceback" not in result.err
    assert not (tmp_path / "mhcli-tag-ran").exists(), "a YAML tag ran a command"
    has_error = ": fout [" in result.out
    assert result.code == (1 if has_error else 0)


def test_there_are_enough_cases() -> None:
    failing = [c for c in CASES if ": fout [" in (c / "expected").read_text(encoding="utf-8")]
    assert len(failing) >= 20
