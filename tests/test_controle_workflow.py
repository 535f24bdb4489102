"""The weekly check, simulated: the `run:` steps of .github/workflows/controleer.yml against a
web server on loopback, and its issue script against a fake `gh` that keeps the issues.

Like tests/test_workflow.py: `uses:` steps and the pip install are skipped (the test makes the
checkout; mhcli is installed here), every other step runs with bash, and the few expressions the
workflow uses are evaluated from a plain context.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO
from tests.test_controleer import Site, _closed_port, _serve, build_register

WORKFLOW = REPO / ".github/workflows/controleer.yml"
SCRIPT = REPO / ".github/scripts/controle_issue.py"
MARKER = "<!-- mhcli-controleer -->"
BOT = "github-actions[bot]"
PINNED = {"actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
          "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0")}

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
issues = state["issues"]
if method == "GET":
    half = len(issues) // 2  # two pages, printed back to back as `gh api --paginate` does
    sys.stdout.write(json.dumps(issues[:half]) + json.dumps(issues[half:]))
elif method == "POST":
    data = json.loads(stdin)
    issue = {"number": state["next"], "title": data["title"], "body": data["body"],
             "state": "open", "labels": [{"name": n} for n in data.get("labels", [])],
             "user": {"login": "github-actions[bot]"}}
    issues.append(issue)
    state["next"] += 1
    sys.stdout.write(json.dumps(issue))
elif method == "PATCH":
    number = int(url.rsplit("/", 1)[1])
    [issue] = [i for i in issues if i["number"] == number]
    issue.update(json.loads(stdin))
    sys.stdout.write(json.dumps(issue))
json.dump(state, open(path, "w", encoding="utf-8"))
'''


@dataclass
class GitHub:
    env: dict[str, str]
    state: Path
    log: Path

    def calls(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text("utf-8").splitlines()]

    def issues(self) -> list[dict[str, Any]]:
        return list(json.loads(self.state.read_text("utf-8"))["issues"])

    def ours(self) -> list[dict[str, Any]]:
        return [i for i in self.issues() if i["user"]["login"] == BOT and "pull_request" not in i]


@pytest.fixture
def github(tmp_path: Path) -> GitHub:
    """A fake gh on PATH. Already there: a person's issue that quotes the marker, and a pull
    request by the bot (the issues API lists pull requests too)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", encoding="utf-8")
    gh.chmod(0o755)
    state, log = tmp_path / "gh-state.json", tmp_path / "gh-log.jsonl"
    state.write_text(json.dumps({"next": 10, "issues": [
        {"number": 3, "title": "Vraag", "body": f"Wat betekent {MARKER}?", "state": "open",
         "user": {"login": "lid"}},
        {"number": 4, "title": "PR", "body": MARKER, "state": "open", "user": {"login": BOT},
         "pull_request": {"url": "x"}}]}), encoding="utf-8")
    log.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent),
                                                  os.environ["PATH"]]),
           "FAKE_GH_STATE": str(state), "FAKE_GH_LOG": str(log), "no_proxy": "*",
           "GITHUB_REPOSITORY": "zwb/register", "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_RUN_ID": "42", "GITHUB_ACTIONS": "true", "MHCLI_VANDAAG": "2026-12-07"}
    return GitHub(env, state, log)


# --- the workflow file itself ---------------------------------------------------------------

def _spec() -> dict[Any, Any]:
    return dict(yaml.safe_load(WORKFLOW.read_text("utf-8")))


def test_weekly_least_privileged_and_pinned() -> None:
    spec = _spec()
    triggers = spec.get("on", spec.get(True))  # YAML 1.1 reads the key `on` as true
    assert [s["cron"] for s in triggers["schedule"]] == ["23 5 * * 1"]
    assert "workflow_dispatch" in triggers
    assert spec["permissions"] == {}
    jobs = spec["jobs"]
    assert jobs["controleer"]["permissions"] == {"contents": "read"}
    assert jobs["issue"]["permissions"] == {"contents": "read", "issues": "write"}
    assert jobs["issue"]["needs"] == "controleer"
    for job in jobs.values():
        assert 0 < job["timeout-minutes"] <= 20
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    # The job that may write issues reads no web page: it never runs mhcli.
    assert not [s for s in jobs["issue"]["steps"] if "mhcli " in s.get("run", "")]
    uses = [line.strip() for line in WORKFLOW.read_text("utf-8").splitlines() if "uses:" in line]
    assert uses
    for line in uses:
        match = re.fullmatch(r"- uses: ([\w-]+/[\w-]+)@([0-9a-f]{40})  # (v[\d.]+)", line)
        assert match, f"not pinned to a commit with its tag beside it: {line}"
        assert PINNED[match[1]] == (match[2], match[3])


# --- the workflow's steps, run here ----------------------------------------------------------

@dataclass
class Job:
    outcome: str = "success"
    outputs: dict[str, str] = field(default_factory=dict)
    stdout: str = ""
    summary: str = ""


def _read_outputs(text: str) -> dict[str, str]:
    """$GITHUB_OUTPUT: `name=value` lines, and `name<<DELIMITER` blocks as GitHub reads them."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, delimiter = line.split("<<", 1)
            value = []
            for inner in lines:
                if inner == delimiter:
                    break
                value.append(inner)
            outputs[name] = "\n".join(value)
        elif "=" in line:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def _run_job(job_id: str, checkout: Path, env: dict[str, str], temp: Path,
             needs: dict[str, Job]) -> Job:
    job = _spec()["jobs"][job_id]
    context = {"github.server_url": "https://github.com", "github.repository": "zwb/register",
               "github.token": "token-uit-de-test"}
    context |= {f"needs.{name}.outputs.{key}": value for name, done in needs.items()
                for key, value in done.outputs.items()}
    steps: dict[str, dict[str, str]] = {}

    def value(expression: str) -> str:
        expression = expression.strip()
        if match := re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+)", expression):
            return steps.get(match[1], {}).get(match[2], "")
        return context[expression]

    def substitute(text: str) -> str:
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: value(m[1]), text)

    result = Job()
    temp.mkdir(exist_ok=True)
    summary = temp / "summary.md"
    for number, spec in enumerate(job["steps"]):
        if "uses" in spec or spec["run"].strip() == "python -m pip install .":
            continue  # the checkout is the test's; mhcli is installed here
        assert "${{" not in spec["run"], "expressions belong in env:, not in the script"
        output = temp / f"output-{number}"
        output.write_text("", encoding="utf-8")
        step_env = {**env, "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
                    "RUNNER_TEMP": str(temp)}
        step_env |= {k: substitute(str(v)) for k, v in spec.get("env", {}).items()}
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                               spec["run"]], cwd=checkout, env=step_env, capture_output=True,
                              text=True, check=False, timeout=300)
        result.stdout += done.stdout
        if "id" in spec:
            steps[spec["id"]] = _read_outputs(output.read_text("utf-8"))
        if done.returncode != 0:
            result.outcome = "failure"
            break
    result.outputs = {k: substitute(v) for k, v in job.get("outputs", {}).items()}
    result.summary = summary.read_text("utf-8") if summary.exists() else ""
    return result


def _workflow(checkout: Path, github: GitHub, name: str) -> tuple[Job, Job | None]:
    """Both jobs, as GitHub runs them: the issue job only after a successful check."""
    check = _run_job("controleer", checkout, github.env, checkout.parent / f"{name}-check", {})
    if check.outcome != "success":
        return check, None
    return check, _run_job("issue", checkout, github.env, checkout.parent / f"{name}-issue",
                           {"controleer": check})


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    for server in _serve(site):
        port = server.server_address[1]
        site.base, site.other = f"http://127.0.0.1:{port}", f"http://localhost:{port}"
        yield site


def _checkout(root: Path, site: Site, broken: bool) -> Path:
    checkout = root / "checkout"
    if checkout.exists():
        shutil.rmtree(checkout)
    checkout.mkdir(parents=True)
    sources = {"weg": ("{base}/weg", "", None)} if broken else {}
    build_register(checkout, site, sources, {})
    shutil.copytree(REPO / ".github", checkout / ".github")
    return checkout


def test_a_broken_source_opens_the_issue_and_a_fixed_one_closes_it(
        tmp_path: Path, github: GitHub, site: Site) -> None:
    checkout = _checkout(tmp_path, site, broken=True)
    check, issue = _workflow(checkout, github, "run-1")
    assert check.outcome == "success" and check.outputs["afsluitcode"] == "5"
    report = check.outputs["rapport"]
    assert report.startswith("## Controle van de bronnen en nummers\n")
    assert "### Vraagt actie" in report and f"<{site.base}/weg>" in report
    assert report in check.summary
    assert issue is not None and issue.outcome == "success"
    [created] = github.ours()
    assert created["title"] == "Controle van de bronnen en nummers (mhcli controleer)"
    assert created["labels"] == [{"name": "mhcli-controle"}]
    assert created["body"] == (f"{MARKER}\n{report.rstrip()}\n\n_Bijgewerkt door [deze run]"
                               "(https://github.com/zwb/register/actions/runs/42); de volgende "
                               "controle werkt dit issue weer bij._\n")
    assert f"Issue {created['number']} aangemaakt." in issue.stdout
    [agent] = {h["User-Agent"] for _, h in site.seen}
    assert agent.startswith("mhcli/") and "+https://github.com/zwb/register" in agent

    checkout = _checkout(tmp_path, site, broken=False)
    check, issue = _workflow(checkout, github, "run-2")
    assert check.outputs["afsluitcode"] == "0"
    assert issue is not None and f"Issue {created['number']} gesloten." in issue.stdout
    [closed] = github.ours()
    assert closed["number"] == created["number"] and closed["state"] == "closed"
    assert closed["state_reason"] == "completed" and "### Vraagt actie" not in closed["body"]
    others = [i for i in github.issues() if i["number"] in (3, 4)]
    assert [i["body"] for i in others] == [f"Wat betekent {MARKER}?", MARKER]  # untouched


def test_no_connection_fails_the_run_and_leaves_the_issue(tmp_path: Path, github: GitHub,
                                                          site: Site) -> None:
    checkout = _checkout(tmp_path, site, broken=False)
    regio = checkout / "data" / "regio.yaml"
    closed = _closed_port()
    text = regio.read_text(encoding="utf-8").replace(f"{site.base}/melden",
                                                     f"http://localhost:{closed}/")
    regio.write_text(text.replace(site.base, f"http://127.0.0.1:{closed}"), encoding="utf-8")
    check, issue = _workflow(checkout, github, "run")
    assert check.outcome == "failure" and issue is None
    assert "Geen enkele bron gaf antwoord" in check.summary
    assert github.calls() == []


# --- the issue script on its own -------------------------------------------------------------

def _post(github: GitHub, tmp_path: Path, report: str, code: str
          ) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "rapport.md"
    path.write_text(report, encoding="utf-8")
    return subprocess.run([sys.executable, str(SCRIPT), "zwb/register", str(path), code],
                          env=github.env, capture_output=True, text=True, check=False)


def test_one_issue_through_every_state(tmp_path: Path, github: GitHub) -> None:
    done = _post(github, tmp_path, "Alles in orde.\n", "0")
    assert done.stdout == "Alles in orde en nog geen issue: niets aangemaakt.\n"
    assert github.ours() == []

    _post(github, tmp_path, "Eén bron kapot.\n", "5")
    [issue] = github.ours()
    assert (issue["number"], issue["state"]) == (10, "open")
    assert _post(github, tmp_path, "Eén bron kapot.\n", "5").stdout == \
        "Issue 10 is al actueel.\n"
    assert [c["args"][2] for c in github.calls()].count("PATCH") == 0

    assert _post(github, tmp_path, "Twee bronnen kapot.\n", "5").stdout == \
        "Issue 10 bijgewerkt.\n"
    assert "Twee bronnen kapot." in github.ours()[0]["body"]
    assert _post(github, tmp_path, "Alles in orde.\n", "0").stdout == "Issue 10 gesloten.\n"
    assert _post(github, tmp_path, "Weer kapot.\n", "5").stdout == "Issue 10 heropend.\n"
    [issue] = github.ours()
    assert issue["state"] == "open" and "Weer kapot." in issue["body"]
    patches = [json.loads(c["stdin"]) for c in github.calls() if "PATCH" in c["args"]]
    assert [sorted(p) for p in patches] == [["body"], ["body", "state", "state_reason"],
                                            ["body", "state"]]
    listing = [c["args"] for c in github.calls() if "--paginate" in c["args"]]
    assert listing[0][2] == ("repos/zwb/register/issues?state=all&creator=github-actions%5Bbot%5D"
                             "&sort=created&direction=asc&per_page=100")


def test_a_long_report_is_cut_at_a_line(tmp_path: Path, github: GitHub) -> None:
    _post(github, tmp_path, "".join(f"| regel {n} |\n" for n in range(9000)), "5")
    [issue] = github.ours()
    body = issue["body"]
    assert len(body) <= 65536 and body.startswith(MARKER + "\n| regel 0 |\n")
    assert body.endswith("_Ingekort: de volledige uitvoer staat in de samenvatting van de run "
                         "(https://github.com/zwb/register/actions/runs/42)._\n")


@pytest.mark.parametrize("code", ["6", "1", ""])
def test_only_a_real_outcome_is_posted(code: str, tmp_path: Path, github: GitHub) -> None:
    done = _post(github, tmp_path, "x\n", code)
    assert done.returncode == 2 and "Usage:" in done.stderr
    assert github.calls() == []
