"""Shared helpers: run mhcli in-process with a fixed terminal, date and cache, on a register."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mhcli.cli import run

REPO = Path(__file__).resolve().parent.parent
VANDAAG = "2026-11-28"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _stable_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                        ) -> None:
    monkeypatch.setenv("MHCLI_VANDAAG", VANDAAG)
    monkeypatch.setenv("MHCLI_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("MHCLI_DATA", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def mhcli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
          ) -> Callable[..., Result]:
    """Run mhcli with arguments, in ``cwd`` (default: the repository), and capture its output."""

    def call(*args: str, cwd: Path | None = None) -> Result:
        monkeypatch.chdir(cwd or REPO)
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def register_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the bundled register and its schemas; yields the data folder."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    yield tmp_path / "data"
