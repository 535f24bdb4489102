"""`mhcli diff` on temporary git repositories with real commits."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Result


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    root.mkdir()
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "schemas", root / "schemas")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "register")
    return root


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / "data" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "commit", "-q", "-am", message)


THOLEN = """  - naam: Tholen
    cbs_code: "GM0716"
    provincie: Zeeland
"""


def move_tholen(repo: Path) -> None:
    path = repo / "data" / "districten" / "de-markiezaten.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - naam: Tholen\n")
    end = text.index("  - naam: Steenbergen\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(repo, "districten/zeeland.yaml", "gemeenten_bron:", THOLEN + "gemeenten_bron:")


def test_moving_tholen_is_said_in_one_line(repo: Path, mhcli: Callable[..., Result]) -> None:
    move_tholen(repo)
    commit(repo, "Tholen naar Zeeland")
    result = mhcli("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.code == 0, result.err
    line = ("Tholen is verplaatst van district De Markiezaten naar district Zeeland; signalen "
            "uit Tholen: zorgcoördinatie Zorg- en Veiligheidshuis De Markiezaten -> Zorg- en "
            "Veiligheidshuis Zeeland.")
    assert f"  - {line}\n" in result.out
    assert ("  - Signalen uit Tholen: zorgcoördinatie: Zorg- en Veiligheidshuis De Markiezaten "
            "-> Zorg- en Veiligheidshuis Zeeland; districtelijke aanpak:") in result.out
    markdown = mhcli("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=repo).out
    assert f"- {line}\n" in markdown
    assert ("| Tholen | Zorgcoördinatie | Zorg- en Veiligheidshuis De Markiezaten | Zorg- en "
            "Veiligheidshuis Zeeland |") in markdown
    data = json.loads(mhcli("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo).out)
    assert data["gewijzigd"] is True
    [moved] = [w for w in data["wijzigingen"] if w["soort"] == "verplaatst"]
    assert moved == {"soort": "verplaatst", "onderwerp": "gemeente", "naam": "Tholen",
                     "oud": "De Markiezaten", "nieuw": "Zeeland", "melding": line}
    [route] = data["route"]
    assert route["gemeenten"] == ["Tholen"]
    assert {"rol": "zorgcoordinatie", "titel": "Zorgcoördinatie",
            "oud": "Zorg- en Veiligheidshuis De Markiezaten",
            "nieuw": "Zorg- en Veiligheidshuis Zeeland"} in route["stappen"]


def test_no_change(repo: Path, mhcli: Callable[..., Result]) -> None:
    result = mhcli("diff", "HEAD", "HEAD", cwd=repo)
    assert (result.code, result.out) == (0, "Register: HEAD -> HEAD\nGeen wijzigingen in het "
                                             "register.\n")
    assert json.loads(mhcli("diff", "-f", "json", cwd=repo).out)["gewijzigd"] is False


def test_work_tree_is_the_default_new_side(repo: Path, mhcli: Callable[..., Result]) -> None:
    edit(repo, "districten/de-baronie.yaml", "    naam: Depla\n",
         "    naam: Depla\n  - functie: wethouder\n    naam: Jansen\n")
    result = mhcli("diff", cwd=repo)
    assert result.out.startswith("Register: HEAD -> werkmap\n")
    assert ("De Baronie, trekkers: burgemeester Depla -> burgemeester Depla; wethouder Jansen."
            in result.out)
    assert "Signalen uit Altena, Breda, Drimmelen, Etten-Leur, Geertruidenberg en 2 andere: " \
        "districtelijke aanpak:" in result.out
    assert (repo / "data" / "districten" / "de-baronie.yaml").read_text(
        encoding="utf-8").count("Jansen") == 1, "diff never writes"


def test_new_municipality_and_removed_partner(repo: Path, mhcli: Callable[..., Result]) -> None:
    edit(repo, "districten/de-baronie.yaml", "gemeenten_bron:",
         '  - naam: Baarle-Nassau\n    cbs_code: "GM0744"\n    provincie: Noord-Brabant\n'
         "gemeenten_bron:")
    edit(repo, "regio.yaml", "  - naam: Baarle-Nassau\n", "  - naam: Baarle Nassau (oud)\n")
    edit(repo, "regio.yaml", "partners: [politie, openbaar-ministerie, tf-riec, arbeidsinspectie]",
         "partners: [politie, openbaar-ministerie, arbeidsinspectie]")
    edit(repo, "regio.yaml", "  - id: tf-riec\n    naam: TF-RIEC\n    bron: regionale-aanpak\n", "")
    commit(repo, "Baarle-Nassau erbij, TF-RIEC eruit")
    data = json.loads(mhcli("diff", "HEAD~1", "HEAD", "-f", "json", cwd=repo).out)
    meldingen = [w["melding"] for w in data["wijzigingen"]]
    assert "Gemeente Baarle-Nassau toegevoegd aan district De Baronie." in meldingen
    assert "Partner verwijderd: TF-RIEC." in meldingen
    assert ("partners van het programma: Politie; Openbaar Ministerie; TF-RIEC; Nederlandse "
            "Arbeidsinspectie -> Politie; Openbaar Ministerie; Nederlandse Arbeidsinspectie."
            in meldingen)
    regio_routes = [r for r in data["route"] if any(s["rol"] == "regio" for s in r["stappen"])]
    assert len(regio_routes) == 1 and len(regio_routes[0]["gemeenten"]) == 35


def test_invalid_revision_is_compared_as_far_as_possible(repo: Path,
                                                          mhcli: Callable[..., Result]) -> None:
    edit(repo, "districten/zeeland.yaml", 'cbs_code: "GM0654"', "cbs_code: 654")
    edit(repo, "districten/de-markiezaten.yaml", "    naam: Moerkerke\n", "    naam: Jansen\n")
    commit(repo, "fout en wijziging")
    result = mhcli("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.code == 0
    assert ("LET OP: het register in HEAD is ongeldig (1 fout, de eerste: "
            "HEAD:data/districten/zeeland.yaml:7:15:") in result.out
    assert "De Markiezaten, trekkers: burgemeester Moerkerke (Aart-Jan Moerkerke, Moerdijk) " \
        "-> burgemeester Jansen (Aart-Jan Moerkerke, Moerdijk)." in result.out


@pytest.mark.parametrize("args, message", [
    (["diff", "nergens"], "mhcli: onbekende revisie 'nergens': git kent geen commit met die "
     "naam."),
    (["diff", "HEAD", "--", "-x"], "mhcli: onbekende revisie '-x'."),
])
def test_unknown_revision(args: list[str], message: str, repo: Path,
                          mhcli: Callable[..., Result]) -> None:
    result = mhcli(*args, cwd=repo)
    assert result.code == 4 and result.err.startswith(message)


def test_no_register_at_revision(repo: Path, mhcli: Callable[..., Result]) -> None:
    git(repo, "mv", "data", "register")
    git(repo, "commit", "-q", "-m", "verhuisd")
    git(repo, "mv", "register", "data")
    result = mhcli("diff", "HEAD", cwd=repo)
    assert result.code == 4
    assert result.err == ("mhcli: in revisie 'HEAD' staat geen register: data/regio.yaml "
                          "ontbreekt daar.\n")


def test_not_a_git_repository(tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    shutil.copytree(REPO / "data", tmp_path / "data")
    result = mhcli("diff", cwd=tmp_path)
    assert result.code == 4
    assert "ligt niet in een git-repository" in result.err


def test_changed_fields_are_named(repo: Path, mhcli: Callable[..., Result]) -> None:
    edit(repo, "regio.yaml", 'telefoon: "0800-5151"', 'telefoon: "0800-5152"')
    edit(repo, "regio.yaml", "    werkgebied: de twaalf Zeeuwse gemeenten\n",
         "    werkgebied: de dertien Zeeuwse gemeenten\n")
    meldingen = [w["melding"] for w in
                 json.loads(mhcli("diff", "-f", "json", cwd=repo).out)["wijzigingen"]]
    assert meldingen == [
        "organisatie zvh-zeeland, werkgebied: de twaalf Zeeuwse gemeenten -> de dertien "
        "Zeeuwse gemeenten.",
        "contact arbeidsinspectie, telefoon: 0800-5151 -> 0800-5152.",
    ]
