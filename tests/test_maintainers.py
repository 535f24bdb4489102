"""What maintainers and CI see: annotations, freshness against a fixed today, json findings."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mhcli.findings import FOUT, WAARSCHUWING, Finding
from mhcli.render.findings import github
from tests.conftest import FIXTURE, REPO, Result


def test_github_annotations_escape_data_and_properties() -> None:
    findings = [
        Finding("data/a,b:c.yaml", 3, 5, FOUT, "x", "100% fout\r\nregel twee"),
        Finding("data/regio.yaml", None, None, WAARSCHUWING, "y", "geen positie"),
    ]
    assert github(findings) == (
        "::error file=data/a%2Cb%3Ac.yaml,line=3,col=5,title=mhcli x::100%25 fout%0D%0Aregel twee\n"
        "::warning file=data/regio.yaml,title=mhcli y::geen positie\n")


def test_broken_register_gives_error_annotations(mhcli: Callable[..., Result],
                                                 register_copy: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    markiezaten = register_copy / "districten" / "de-markiezaten.yaml"
    markiezaten.write_text(markiezaten.read_text(encoding="utf-8").replace(
        'cbs_code: "GM0716"', "cbs_code: 0716"), encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = mhcli("valideer", "--format", "auto", "--data", "data", cwd=register_copy.parent)
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "::error file=data/districten/de-markiezaten.yaml,line=16,col=15,title=mhcli voorloopnul"
        "::'0716' staat zonder aanhalingstekens en wordt als getal gelezen (de voorloopnul "
        "verdwijnt). Zet de waarde tussen aanhalingstekens: \"GM0716\".")
    monkeypatch.delenv("GITHUB_ACTIONS")
    plain = mhcli("valideer", "--format", "auto", "--data", "data", cwd=register_copy.parent)
    assert plain.out.startswith("data/districten/de-markiezaten.yaml:16:15: fout [voorloopnul]")


def test_json_findings_follow_the_contract(mhcli: Callable[..., Result],
                                           register_copy: Path) -> None:
    baronie = register_copy / "districten" / "de-baronie.yaml"
    baronie.write_text(baronie.read_text(encoding="utf-8").replace("naam: De Baronie\n", ""),
                       encoding="utf-8")
    report = json.loads(mhcli("valideer", "-f", "json", "--data", "data",
                              cwd=register_copy.parent).out)
    assert report["geldig"] is False
    assert report["fouten"] == [{"bestand": "data/districten/de-baronie.yaml", "regel": 2,
                                 "kolom": 1, "niveau": "fout", "code": "ontbrekende-sleutel",
                                 "melding": "verplichte sleutel 'naam' ontbreekt.",
                                 "zie_ook": []}]
    assert all(set(w) == {"bestand", "regel", "kolom", "niveau", "code", "melding", "zie_ook"}
               for w in report["waarschuwingen"])


def test_a_cross_file_finding_names_the_other_place(mhcli: Callable[..., Result],
                                                    register_copy: Path) -> None:
    """annotate.py can put the finding on whichever side a pull request touched."""
    baronie = register_copy / "districten" / "de-baronie.yaml"
    baronie.write_text(baronie.read_text(encoding="utf-8").replace(
        "gemeenten:\n", 'gemeenten:\n  - naam: Tholen\n    cbs_code: "GM0716"\n'
        "    provincie: Zeeland\n", 1), encoding="utf-8")
    report = json.loads(mhcli("valideer", "-f", "json", "--data", "data",
                              cwd=register_copy.parent).out)
    here = {"bestand": "data/districten/de-markiezaten.yaml", "regel": 15, "kolom": 11}
    there = {"bestand": "data/districten/de-baronie.yaml", "regel": 6, "kolom": 11}
    by_code = {f["code"]: f for f in report["fouten"]}
    assert set(by_code) == {"dubbele-gemeente", "dubbele-cbs-code"}
    gemeente = by_code["dubbele-gemeente"]
    assert {k: gemeente[k] for k in here} == here and gemeente["zie_ook"] == [there]
    code = by_code["dubbele-cbs-code"]
    assert code["regel"] == 16 and code["zie_ook"] == [{**there, "regel": 7, "kolom": 15}]


def test_before_the_plans_ended_nothing_is_outdated(mhcli: Callable[..., Result],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MHCLI_VANDAAG", "2024-06-01")
    report = json.loads(mhcli("valideer", "-f", "json").out)
    assert [w["code"] for w in report["waarschuwingen"]] == ["aantal-gemeenten"]
    rows = json.loads(mhcli("districten", "-f", "json").out)["districten"]
    assert [r["plan_status"] for r in rows] == [["lopend"], ["lopend"], ["onbekend"],
                                                ["onbekend"]]
    assert rows[0]["trekkers"][0]["verouderd"] is False


def test_plan_not_yet_started(mhcli: Callable[..., Result],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MHCLI_VANDAAG", "2022-12-31")
    rows = json.loads(mhcli("districten", "-f", "json").out)["districten"]
    assert [r["plan_status"] for r in rows][:2] == [["lopend"], ["nog niet begonnen"]]


def test_old_sources_are_named(mhcli: Callable[..., Result],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MHCLI_VANDAAG", "2027-12-01")
    report = json.loads(mhcli("valideer", "-f", "json").out)
    old = [w for w in report["waarschuwingen"] if w["code"] == "bron-verouderd"]
    sources = (FIXTURE / "regio.yaml").read_text(encoding="utf-8")
    assert len(old) == len(re.findall(r"^    geraadpleegd:", sources, re.M))  # every one
    assert old[0]["melding"] == (
        "bron 'regionale-aanpak' is op 2026-11-28 geraadpleegd en sindsdien niet gecontroleerd, "
        "12 maanden geleden (grens: 12). Kijk na of zij nog zegt wat het register eruit haalt "
        "en zet die datum in 'gecontroleerd_op'.")
    # The numbers were read from their source on its date: its warning names them.
    [wegwijzer] = [w["melding"] for w in old if "'wegwijzer-melden'" in w["melding"]]
    assert wegwijzer.endswith(
        "Even oud zijn de nummers uit deze bron: Alarmnummer (112), Politie (geen spoed) "
        "(0900-8844), Nederlandse Arbeidsinspectie (0800-5151), Meld Misdaad Anoniem "
        "(0800-7000), CoMensha (033-448 11 86).")
    for option in ("--max-leeftijd", "--max-bronleeftijd"):  # the older name still works
        fewer = json.loads(mhcli("valideer", "-f", "json", option, "13").out)
        assert not [w for w in fewer["waarschuwingen"] if w["code"] == "bron-verouderd"]
        assert mhcli("valideer", "--strikt", option, "13").code == 1


def test_a_bad_fixed_today_is_a_usage_error(mhcli: Callable[..., Result],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MHCLI_VANDAAG", "morgen")
    result = mhcli("districten")
    assert result.code == 2
    assert result.err.startswith("mhcli: MHCLI_VANDAAG='morgen' is geen datum; gebruik JJJJ-MM-DD.")


def test_own_pre_commit_hook_pins_the_runtime_dependencies() -> None:
    """The repository's own hook builds its environment from these; they must not drift."""
    tomllib = pytest.importorskip("tomllib")
    import yaml


    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    [hook] = config["repos"][0]["hooks"]
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert hook["additional_dependencies"] == project["dependencies"]
    assert hook["entry"].endswith(" valideer --staged --data data")


@pytest.mark.bundled  # checks the paths CONTRIBUTING names against the product's own files
def test_contributing_is_self_contained_and_its_examples_parse() -> None:
    import re

    import yaml


    text = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    assert "../" not in text and "DESIGN" not in text
    paths = set(re.findall(r"`((?:data|schemas|src|tests|\.github|\.ci)/[^`<*\s]*|"
                           r"\.pre-commit-[a-z-]+\.yaml|CONTRIBUTING\.md|README\.md)`", text))
    assert "data/districten/de-markiezaten.yaml" in paths
    missing = [p for p in sorted(paths) if not (REPO / p).exists()
               and p != "data/districten/baronie.yaml"]  # the rename example's new name
    assert missing == []
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 6  # one or more per worked example (tests/test_voorbeelden.py)
    for block in blocks:
        assert yaml.safe_load(block) is not None
    for heading in ("(zoals Tholen)", "Een nieuwe trekker", "Een nieuw plan", "(Baarle-Nassau)",
                    "Een districtbestand krijgt een andere naam", "ongeldige wijziging er in CI",
                    "## Naamgeving"):
        assert heading in text
