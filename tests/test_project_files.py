"""The files that wire mhcli into CI, pre-commit and packaging say what they should."""

from __future__ import annotations

import zipfile
from pathlib import Path

import yaml

from tests.conftest import REPO


def test_workflows_validate_and_comment_through_the_action() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/register.yml").read_text("utf-8"))
    [action] = [s for s in workflow["jobs"]["valideer"]["steps"]
                if s.get("uses") == "./.mhcli-basis"]
    assert action["with"] == {"opdracht": "valideer"}
    steps = [s.get("run", "") for s in yaml.safe_load(
        (REPO / "action.yml").read_text("utf-8"))["runs"]["steps"]]
    assert any('valideer --data "$DATA" --format json' in s for s in steps)
    assert any('diff "$from" "$HEAD_SHA" --data "$DATA" --format markdown' in s for s in steps)


def test_pre_commit_hook_checks_the_committed_register() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "mhcli-valideer"
    assert hook["entry"] == "mhcli valideer --staged" and hook["args"] == ["--data", "data"]
    # No `files:`: pre-commit passes no deleted files, so mhcli decides what the commit touches.
    assert hook["pass_filenames"] is False and "files" not in hook
    assert hook["language"] == "python" and hook["always_run"] is True
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    assert config["repos"][0]["hooks"][0]["id"] == "mhcli-valideer"


def test_ci_runs_the_readme_commands() -> None:
    readme = (REPO / "README.md").read_text("utf-8").splitlines()
    ci = (REPO / ".ci/run").read_text("utf-8")
    for line in readme[:20]:
        if line.startswith("python3 -m venv .venv"):
            assert line in ci, line


def test_the_tests_import_the_checkout() -> None:
    # A non-editable install would test a stale copy in site-packages (README: -e).
    import mhcli

    assert Path(mhcli.__file__).resolve().is_relative_to(REPO / "src"), mhcli.__file__


def test_a_release_tag_must_match_the_version_and_the_changelog(tmp_path: Path) -> None:
    import subprocess
    import sys

    import mhcli

    def release(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(REPO / "tools/release.py"), *args],
                              capture_output=True, text=True, check=False)

    done = release(f"v{mhcli.__version__}")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"mhcli {mhcli.__version__}: tag, pyproject.toml, version.py en " \
        "CHANGELOG.md kloppen.\n"
    wrong = release("v9.9.9")
    assert wrong.returncode == 1
    assert wrong.stderr == f"release.py: de tag v9.9.9 hoort bij versie 9.9.9, maar " \
        f"pyproject.toml zegt {mhcli.__version__}.\n"


def test_wheel_ships_register_and_schemas(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(tmp_path), str(REPO)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("mhcli-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"mhcli/data/regio.yaml", "mhcli/schemas/regio.schema.json",
                "mhcli/schemas/district.schema.json"}
    expected |= {f"mhcli/data/districten/{p.name}" for p in (REPO / "data/districten").glob("*")}
    assert expected <= names
