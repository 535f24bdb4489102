"""Shared helpers: run mhcli in-process with a fixed terminal, date and cache, on a register.

Tests own their register: ``tests/fixtures/register/data`` (see its README) stands in for the
bundled register in every test, in-process and in processes started with ``MHCLI_PROCESS``.
Only the tests marked ``bundled`` look at the product's own ``data/``: that it validates, that
it matches its sources, that the README and CONTRIBUTING examples are current. A test outside
that set that opens a file below ``data/`` fails (see ``_guard_bundled_data``), so an honest
data change never turns an unrelated test red.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mhcli import location as _location
from mhcli.runner import run

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "register" / "data"
BUNDLED = REPO / "data"  # the product's register: only tests marked `bundled` may read it
# mhcli as a process, with the fixture register as its bundled one (tests/fixture_mhcli.py).
MHCLI_PROCESS = [sys.executable, str(REPO / "tests" / "fixture_mhcli.py")]
VANDAAG = "2026-11-28"


def _neutral_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="mhcli-werkmap-"))
    (folder / ".git").mkdir()  # the search upwards for a register stops here
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


# A working folder with no register above it, for processes: they answer from the fixture.
NEUTRAL = _neutral_folder()

_reads_of_bundled: list[str] = []
_watching = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _watching and event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        path = os.fsdecode(args[0]) if not isinstance(args[0], Path) else str(args[0])
        if path.startswith(str(BUNDLED) + os.sep) or path == str(BUNDLED):
            _reads_of_bundled.append(path)


sys.addaudithook(_audit)  # cannot be removed; it only records while a test is watched


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "bundled: reads the product's own data/ (the named set "
                            "of tests that may; every other test uses the fixture register)")


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


@pytest.fixture(autouse=True)
def _fixture_register(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
                      ) -> Iterator[None]:
    """The fixture register is the bundled one, and data/ stays unread, unless the test is
    marked ``bundled``."""
    global _watching
    if request.node.get_closest_marker("bundled"):
        yield
        return
    monkeypatch.setattr(_location, "bundled_data", lambda: FIXTURE)
    _reads_of_bundled.clear()
    _watching = True
    try:
        yield
    finally:
        _watching = False
    assert not _reads_of_bundled, (
        f"this test read the product's data/ ({_reads_of_bundled[0]}); use the fixture register "
        "(tests/conftest.py) or mark the test `bundled`")


@pytest.fixture
def mhcli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
          ) -> Callable[..., Result]:
    """Run mhcli with arguments, in ``cwd`` (default: a folder without a register, so the
    fixture register answers), and capture its output."""

    def call(*args: str, cwd: Path | None = None) -> Result:
        monkeypatch.chdir(cwd or NEUTRAL)
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def register_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the fixture register with the bundled schemas beside it; yields the
    data folder."""
    shutil.copytree(FIXTURE, tmp_path / "data")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    yield tmp_path / "data"


def copy_register(target: Path) -> Path:
    """The fixture register copied to ``target``/data (with the schemas beside it)."""
    shutil.copytree(FIXTURE, target / "data")
    shutil.copytree(REPO / "schemas", target / "schemas")
    return target / "data"
