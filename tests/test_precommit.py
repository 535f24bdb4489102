"""Real pre-commit against temporary repositories: the hook checks the register as it is
committed (the index), only when the commit touches it.

Slow: pre-commit builds a virtualenv per hook repository, so the tests share one PRE_COMMIT_HOME
and one snapshot of this checkout as the hook repository (``try-repo`` always builds in a
throw-away store, so it runs once); marked ``slow``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, copy_register

# The venv's own pre-commit also counts when the venv is not activated.
PRE_COMMIT = shutil.which("pre-commit") or shutil.which("pre-commit",
                                                         path=str(Path(sys.executable).parent))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(PRE_COMMIT is None,
                       reason="pre-commit is not installed (pip install pre-commit)"),
]


@dataclass
class HookRepo:
    path: Path
    rev: str


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _init(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    _git(path, "init", "-q", "-b", "main")
    _git(path, "config", "user.email", "test@example.org")
    _git(path, "config", "user.name", "test")
    _git(path, "config", "commit.gpgsign", "false")


def _commit_all(path: Path) -> str:
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "snapshot", "--allow-empty")
    return _git(path, "rev-parse", "HEAD")


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    """This checkout as it is now (uncommitted changes included), committed in a fresh repo."""
    path = tmp_path_factory.mktemp("hooks") / "mhcli"
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, path / name)
    _init(path)
    return HookRepo(path, _commit_all(path))


Run = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_pre_commit(pre_commit_home: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(pre_commit_home))
    monkeypatch.delenv("MHCLI_DATA", raising=False)

    def call(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        assert PRE_COMMIT is not None
        return subprocess.run([PRE_COMMIT, *args], cwd=cwd, capture_output=True, text=True,
                              check=False, timeout=600)

    return call


def _contributing_config() -> dict[str, Any]:
    """The .pre-commit-config.yaml CONTRIBUTING shows for a register in its own repository."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Een register in een eigen repository"):]
    block = section[section.index("```yaml\n") + 8:]
    config: dict[str, Any] = yaml.safe_load(block[:block.index("```")])
    return config


def _consumer(tmp_path: Path, hook_repo: HookRepo, register: bool) -> Path:
    """A repository that uses the hook from .pre-commit-hooks.yaml as CONTRIBUTING shows, with
    or without a register."""
    repo = tmp_path / "register"
    _init(repo)
    (repo / "README.md").write_text("Een register.\n", encoding="utf-8")
    if register:
        copy_register(repo)
    config = _contributing_config()
    [entry] = config["repos"]
    assert entry["repo"].endswith("/mhcli") and entry["hooks"] == [{"id": "mhcli-valideer"}]
    entry.update(repo=str(hook_repo.path), rev=hook_repo.rev)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _commit_all(repo)
    return repo


def test_try_repo_fails_without_a_register(tmp_path: Path, hook_repo: HookRepo,
                                           run_pre_commit: Run) -> None:
    repo = _consumer(tmp_path, hook_repo, register=False)
    done = run_pre_commit(repo, "try-repo", str(hook_repo.path), "mhcli-valideer",
                          "--ref", hook_repo.rev, "--all-files")
    assert done.returncode != 0, done.stdout
    assert "mhcli valideer (register mensenhandel)" in done.stdout
    assert "Failed" in done.stdout
    # Dutch and about the missing data folder, never a verdict on the bundled copy.
    assert "data" in done.stdout and "bestaat niet" in done.stdout, done.stdout
    assert "geldig" not in done.stdout.replace("ongeldig", "")


def _break(repo: Path) -> None:
    markiezaten = repo / "data/districten/de-markiezaten.yaml"
    markiezaten.write_text(markiezaten.read_text(encoding="utf-8").replace(
        'cbs_code: "GM0716"', "cbs_code: 0716"), encoding="utf-8")


def test_run_fails_on_a_broken_register(tmp_path: Path, hook_repo: HookRepo,
                                        run_pre_commit: Run) -> None:
    repo = _consumer(tmp_path, hook_repo, register=True)
    _break(repo)
    _git(repo, "add", "-A")
    done = run_pre_commit(repo, "run")
    assert done.returncode == 1, done.stdout
    assert "data/districten/de-markiezaten.yaml:16:15: fout [voorloopnul]" in done.stdout
    assert "(klaargezet voor de commit) is ongeldig" in done.stdout


def test_what_is_committed_counts_not_the_work_tree(tmp_path: Path, hook_repo: HookRepo,
                                                   run_pre_commit: Run) -> None:
    """regio.yaml names a new district whose file is in the work tree but not staged: the
    work tree is valid, the commit would not be."""
    repo = _consumer(tmp_path, hook_repo, register=True)
    zeeland = (repo / "data/districten/zeeland.yaml").read_text(encoding="utf-8")
    gemeenten = zeeland.index("gemeenten:")
    (repo / "data/districten/walcheren.yaml").write_text(
        zeeland[:gemeenten].replace("id: zeeland", "id: walcheren").replace(
            "naam: Zeeland", "naam: Walcheren"), encoding="utf-8")
    regio = repo / "data/regio.yaml"
    regio.write_text(regio.read_text(encoding="utf-8").replace(
        "de-baronie, zeeland]", "de-baronie, zeeland, walcheren]"), encoding="utf-8")
    _git(repo, "add", "data/regio.yaml")
    done = run_pre_commit(repo, "run")
    assert done.returncode == 1, done.stdout
    assert "fout [district-ontbreekt]: district 'walcheren' staat in regio.districten, maar er " \
        "is geen bestand districten/walcheren.yaml" in done.stdout


def test_a_commit_that_does_not_touch_the_register_is_not_held_up(
        tmp_path: Path, hook_repo: HookRepo, run_pre_commit: Run) -> None:
    """A broken register elsewhere (committed, or only in the work tree) does not block a
    README change; the hook says it checked nothing."""
    repo = _consumer(tmp_path, hook_repo, register=True)
    _break(repo)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--no-verify", "-m", "kapot")
    (repo / "data/districten/zeeland.yaml").write_text("naam: [\n", encoding="utf-8")
    (repo / "README.md").write_text("Een register, met uitleg.\n", encoding="utf-8")
    _git(repo, "add", "README.md")
    done = run_pre_commit(repo, "run", "--verbose")
    assert done.returncode == 0, done.stdout
    assert "Niets gecontroleerd: deze commit verandert niets in data/ en schemas/." in done.stdout


def test_run_passes_on_a_valid_register(tmp_path: Path, hook_repo: HookRepo,
                                                   run_pre_commit: Run) -> None:
    repo = _consumer(tmp_path, hook_repo, register=True)
    done = run_pre_commit(repo, "run", "--all-files")
    assert done.returncode == 0, done.stdout
    assert "mhcli valideer (register mensenhandel)" in done.stdout and "Passed" in done.stdout


def test_own_config_checks_the_staged_mhcli(hook_repo: HookRepo, run_pre_commit: Run,
                                            tmp_path: Path) -> None:
    """The repository's own hook runs mhcli from src/: a change to the code counts at once."""
    checkout = tmp_path / "checkout"
    shutil.copytree(hook_repo.path, checkout)
    done = run_pre_commit(checkout, "run", "--all-files")
    assert done.returncode == 0, done.stdout
    validation = checkout / "src/mhcli/validation/__init__.py"
    # A check that rejects every register: only visible if the hook imports the working copy
    # (and only when the commit touches the register: the hook checks nothing otherwise).
    validation.write_text(validation.read_text(encoding="utf-8")
                          + "\nraise SystemExit('mhcli uit src/ gebruikt')\n", encoding="utf-8")
    regio = checkout / "data/regio.yaml"
    regio.write_text(regio.read_text(encoding="utf-8") + "# een wijziging\n", encoding="utf-8")
    _git(checkout, "add", "data/regio.yaml")
    changed = run_pre_commit(checkout, "run", "--all-files")
    assert changed.returncode != 0
    assert "mhcli uit src/ gebruikt" in changed.stdout



def test_run_fails_when_regio_yaml_is_gone(tmp_path: Path, hook_repo: HookRepo,
                                           run_pre_commit: Run) -> None:
    """Deleting data/regio.yaml is a failing commit, not a silent pass on the bundled copy."""
    repo = _consumer(tmp_path, hook_repo, register=True)
    _git(repo, "rm", "-q", "data/regio.yaml")
    done = run_pre_commit(repo, "run")
    assert done.returncode != 0, done.stdout
    assert "mhcli: in de index (wat klaarstaat voor de commit) staat geen register: " \
        "data/regio.yaml ontbreekt daar." in done.stdout, done.stdout
