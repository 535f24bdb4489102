"""Time: facts valid over a period (--op), the register as git knew it (--zoals-bekend-op) and
the history of a gemeente (mhcli geschiedenis), on copies of the fixture register and a tiny git
repository with dated commits."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import NEUTRAL, Result, copy_register
from tests.gitrepo import commits, git, move_tholen


def _route(mhcli: Callable[..., Result], cwd: Path, *args: str) -> dict[str, object]:
    result = mhcli("route", "Tholen", "--data", "data", "-f", "json", *args, cwd=cwd)
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


# --- validity (--op) -------------------------------------------------------------------------

def test_a_move_recorded_ahead_is_announced_and_takes_effect_on_its_date(
        tmp_path: Path, mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    move_tholen(copy_register(tmp_path), "2027-01-01")
    before = _route(mhcli, tmp_path)  # MHCLI_VANDAAG is 2026-11-28
    assert (before["district"]["id"], before["op"]) == ("de-markiezaten", "2026-11-28")  # type: ignore[index]
    assert [(w["datum"], w["tekst"]) for w in before["wijzigingen"]] == [  # type: ignore[attr-defined]
        ("2027-01-01", "Wijzigt per 2027-01-01: Tholen hoort dan bij district Zeeland.")]
    asked = _route(mhcli, tmp_path, "--op", "2027-01-01")
    assert (asked["district"]["id"], asked["wijzigingen"]) == ("zeeland", [])  # type: ignore[index]
    assert asked["register"]["op"] == "2027-01-01"  # type: ignore[index]
    monkeypatch.setenv("MHCLI_VANDAAG", "2027-01-01")  # the day comes: nobody edits a file
    assert _route(mhcli, tmp_path)["district"]["id"] == "zeeland"  # type: ignore[index]
    text = mhcli("route", "Tholen", "--data", "data", "--op", "2026-12-31", cwd=tmp_path)
    assert "Wijzigt per 2027-01-01: Tholen hoort dan bij district Zeeland." in text.out
    assert "mhcli: antwoord volgens de feiten die gelden op 2026-12-31.\n" in text.err
    valid = mhcli("valideer", "--data", "data", cwd=tmp_path)
    assert (valid.code, "dubbele-" in valid.out) == (0, False)


def test_op_takes_a_date_only(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Tholen", "--op", "1-3-2024")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("mhcli: '1-3-2024' is geen datum; gebruik JJJJ-MM-DD")


# --- the register as git knew it --------------------------------------------------------------

@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, list[str]]:
    """A repository: the fixture register (2023-01-10), an unrelated file (2023-06-01), Tholen
    to Zeeland (2024-05-01 12:00 +02:00)."""
    data = copy_register(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Register", when="2023-01-10T10:00:00+01:00")
    (tmp_path / "LEESMIJ").write_text("los van het register\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Leesmij", when="2023-06-01T10:00:00+02:00")
    move_tholen(data, None)
    git(tmp_path, "commit", "-q", "-am", "Tholen naar Zeeland",
         when="2024-05-01T12:00:00+02:00")
    return tmp_path, commits(tmp_path)


def test_zoals_bekend_op_answers_from_the_commit_of_that_day(
        history: tuple[Path, list[str]], mhcli: Callable[..., Result]) -> None:
    root, (moved, _readme, first) = history
    earlier = _route(mhcli, root, "--zoals-bekend-op", "2024-04-30")
    assert earlier["district"]["id"] == "de-markiezaten"  # type: ignore[index]
    assert earlier["register"]["zoals_bekend_op"] == {  # type: ignore[index]
        "datum": "2024-04-30", "commit": first, "commit_datum": "2023-01-10T10:00:00+01:00"}
    assert (earlier["register"]["commit"], earlier["op"]) == (first, "2024-04-30")  # type: ignore[index]
    later = _route(mhcli, root, "--zoals-bekend-op", "2024-05-01")
    assert later["district"]["id"] == "zeeland"  # type: ignore[index]
    assert later["register"]["zoals_bekend_op"]["commit"] == moved  # type: ignore[index]
    text = mhcli("route", "Tholen", "--data", "data", "--kort", "--zoals-bekend-op",
                 "2024-04-30", cwd=root)
    assert f"zoals bekend op 2024-04-30: commit {first[:12]} van 2023-01-10" in text.err
    # The work tree is never touched: the register there is the newest.
    assert "naam: Tholen" in (root / "data/districten/zeeland.yaml").read_text(encoding="utf-8")


def test_zoals_bekend_op_in_the_future_says_it_is_the_newest_commit(
        history: tuple[Path, list[str]], mhcli: Callable[..., Result]) -> None:
    root, (moved, _readme, _first) = history
    result = mhcli("route", "Tholen", "--data", "data", "-f", "json", "--zoals-bekend-op",
                   "2030-01-01", cwd=root)
    assert json.loads(result.out)["register"]["zoals_bekend_op"]["commit"] == moved
    assert "mhcli: 2030-01-01 ligt in de toekomst; git kent alleen wat tot nu is vastgelegd, " \
        "dus dit is het register van de nieuwste commit.\n" in result.err
    assert "ligt in de toekomst" not in mhcli("route", "Tholen", "--data", "data",
                                              "--zoals-bekend-op", "2024-05-01", cwd=root).err


def test_zoals_bekend_op_before_the_first_commit_is_a_git_problem(
        history: tuple[Path, list[str]], mhcli: Callable[..., Result]) -> None:
    root, _ = history
    result = mhcli("route", "Tholen", "--data", "data", "--zoals-bekend-op", "2022-12-31",
                   cwd=root)
    assert (result.code, result.out) == (4, "")
    assert "op 2022-12-31 stond het register nog niet in git; de eerste commit ervan is van " \
        "2023-01-10." in result.err


def test_geschiedenis_lists_every_change_of_route_or_governance(
        history: tuple[Path, list[str]], mhcli: Callable[..., Result]) -> None:
    root, (moved, _readme, first) = history
    result = mhcli("geschiedenis", "Tholen", "--data", "data", cwd=root)
    out = result.out.replace(moved[:12], "<verhuisd>").replace(first[:12], "<eerste>")
    assert (result.code, out) == (0, EXPECTED_THOLEN)
    breda = json.loads(mhcli("geschiedenis", "Breda", "--data", "data", "-f", "json",
                             cwd=root).out)
    assert [w["commit"] for w in breda["wijzigingen"]] == [first]  # Tholen's move is not Breda's
    assert breda["gemeente"] == {"naam": "Breda", "cbs_code": "GM0758"}


def test_geschiedenis_outside_git_is_exit_4(register_copy: Path,
                                            mhcli: Callable[..., Result]) -> None:
    result = mhcli("geschiedenis", "Tholen", "--data", str(register_copy))
    assert result.code == 4
    assert re.search(r"ligt niet in een git-repository", result.err)


EXPECTED_THOLEN = (Path(__file__).parent / "tijd" / "geschiedenis-tholen.txt").read_text(
    encoding="utf-8")  # commits as <eerste> and <verhuisd>: their hashes follow the fixture


def test_history_compares_only_where_a_commit_can_concern_a_gemeente(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site reads every gemeente's history in one pass and skips gemeenten a commit cannot
    concern: it must find exactly what comparing every gemeente at every commit finds,
    including a move announced only in the file of the district a gemeente goes to."""
    from mhcli import geschiedenis as module

    data = copy_register(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Register", when="2023-01-10T10:00:00+01:00")
    baronie = data / "districten/de-baronie.yaml"
    baronie.write_text(baronie.read_text(encoding="utf-8").replace(
        "  - naam: Etten-Leur\n", "  - naam: Etten-Leur\n    toelichting: Een nieuwe zin.\n", 1),
        encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Etten-Leur", when="2023-02-01T10:00:00+01:00")
    move_tholen(data, "2027-01-01")
    git(tmp_path, "commit", "-q", "-am", "Tholen per 2027 naar Zeeland",
        when="2023-03-01T10:00:00+01:00")
    # The same file as JSON, every name escaped, and a new trekker: a change for De Baronie
    # that no byte of the file spells out.
    import yaml

    document = yaml.safe_load(baronie.read_text(encoding="utf-8"))
    document["trekkers"][0]["volledige_naam"] = "Paul Nieuw"
    baronie.write_text(json.dumps(document, ensure_ascii=False).replace("Breda", "Bred\\u0061")
                       .replace("GM0758", "GM075\\u0038"), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Als JSON", when="2023-04-01T10:00:00+01:00")
    gemeenten = [("Breda", "GM0758"), ("Etten-Leur", "GM0777"), ("Tholen", "GM0716"),
                 ("Goes", "GM0664")]
    found = module.geschiedenissen(data, gemeenten)
    monkeypatch.setattr(module, "_may_change", lambda *_: True)
    assert found == module.geschiedenissen(data, gemeenten)
    subjects = {h.gemeente: [w.onderwerp for w in h.wijzigingen] for h in found}
    assert subjects["Etten-Leur"] == ["Als JSON", "Etten-Leur", "Register"]
    assert subjects["Breda"] == ["Als JSON", "Register"]
    assert subjects["Goes"] == ["Register"]
    assert subjects["Tholen"][0] == "Tholen per 2027 naar Zeeland"


def _history_repo(root: Path) -> Path:
    data = copy_register(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Register", when="2024-01-01T10:00:00+01:00")
    return data


def _trekker(data: Path, naam: str) -> None:
    path = data / "districten/de-baronie.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"volledige_naam: .*", f"volledige_naam: {naam}", text, count=1),
                    encoding="utf-8")


def test_a_subject_with_gits_separator_keeps_its_commit(tmp_path: Path,
                                                       mhcli: Callable[..., Result]) -> None:
    data = _history_repo(tmp_path)
    for day, naam, subject in (("02", "Paul Aaa", "Trekker AAA"),
                               ("03", "Paul Bbb", "Trekker BBB \x1f sneaky"),
                               ("04", "Paul Ccc", "Trekker CCC")):
        _trekker(data, naam)
        git(tmp_path, "commit", "-q", "-am", subject, when=f"2024-{day}-01T10:00:00+01:00")
    breda = json.loads(mhcli("geschiedenis", "Breda", "--data", "data", "-f", "json",
                             cwd=tmp_path).out)
    assert [w["onderwerp"] for w in breda["wijzigingen"]] == [
        "Trekker CCC", "Trekker BBB \x1f sneaky", "Trekker AAA", "Register"]
    said = mhcli("route", "Breda", "--data", "data", "-f", "json", "--zoals-bekend-op",
                 "2024-03-15", cwd=tmp_path).out
    assert "Paul Bbb" in said and "Paul Aaa" not in said


def test_a_commit_that_cannot_be_read_is_said_and_claims_no_change(
        tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    """A broken file and its fix change nothing: no gemeente leaves, none gets a new date."""
    data = _history_repo(tmp_path)
    zeeland = data / "districten/zeeland.yaml"
    good = zeeland.read_text(encoding="utf-8")
    zeeland.write_text(good + "gemeenten: [ kapot\n", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Kapot", when="2024-02-01T10:00:00+01:00")
    zeeland.write_text(good, encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Hersteld", when="2024-02-02T10:00:00+01:00")
    goes = json.loads(mhcli("geschiedenis", "Goes", "--data", "data", "-f", "json",
                            cwd=tmp_path).out)
    assert [(w["onderwerp"], w["soort"]) for w in goes["wijzigingen"]] == [
        ("Kapot", "onleesbaar"), ("Register", "nieuw")]
    assert goes["wijzigingen"][0]["opmerking"].startswith(
        "het register is in deze commit niet te lezen: ")
    assert goes["laatst_gewijzigd"] == "2024-01-01"


def test_a_commit_dated_in_year_10000_breaks_nothing(tmp_path: Path,
                                                    mhcli: Callable[..., Result]) -> None:
    data = _history_repo(tmp_path)
    _trekker(data, "Paul Later")
    git(tmp_path, "commit", "-q", "-am", "Ver weg", when="@253402300800 +0000")
    result = mhcli("geschiedenis", "Breda", "--data", "data", "-f", "json", cwd=tmp_path)
    assert result.code == 0, result.err
    breda = json.loads(result.out)
    assert [w["onderwerp"] for w in breda["wijzigingen"]] == ["Ver weg", "Register"]
    assert breda["laatst_gewijzigd"] == "2024-01-01"  # no calendar has the other date


def test_a_register_git_never_saw_has_no_history(tmp_path: Path,
                                                 mhcli: Callable[..., Result]) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "LEESMIJ").write_text("x\n", encoding="utf-8")
    git(tmp_path, "add", "LEESMIJ")
    git(tmp_path, "commit", "-q", "-m", "Leesmij")
    copy_register(tmp_path)  # never added
    result = mhcli("geschiedenis", "Goes", "--data", "data", cwd=tmp_path)
    assert (result.code, result.out) == (4, "")
    assert "git kent geen commit die de registermap veranderde" in result.err


def test_a_signed_commit_runs_no_program_and_reads_as_any_other(
        tmp_path: Path, mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    """With log.showSignature on, git would run the repository's gpg.program and mix its text
    into the history (a GitHub web merge is signed)."""
    data = _history_repo(tmp_path / "repo")
    root = tmp_path / "repo"
    _trekker(data, "Paul Getekend")
    git(root, "commit", "-q", "-am", "Getekend", when="2024-02-01T10:00:00+01:00")
    raw = git(root, "cat-file", "commit", "HEAD")
    head, _, body = raw.partition("\n\n")
    signed = (head + "\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n"
              " -----END PGP SIGNATURE-----\n\n" + body + "\n")
    commit = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=root,
                            input=signed, capture_output=True, text=True, check=True).stdout
    git(root, "update-ref", "HEAD", commit.strip())
    ran = tmp_path / "gpg-ran"
    program = tmp_path / "gpg"
    program.write_text(f"#!/bin/sh\necho gpg: {tmp_path}\ntouch {ran}\nexit 1\n",
                       encoding="utf-8")
    program.chmod(0o755)
    git(root, "config", "gpg.program", str(program))
    config = tmp_path / "gitconfig"
    config.write_text("[log]\n\tshowSignature = true\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    result = mhcli("geschiedenis", "Breda", "--data", "data", "-f", "json", cwd=root)
    assert result.code == 0, result.err
    breda = json.loads(result.out)
    newest = breda["wijzigingen"][0]
    assert (newest["commit"], newest["onderwerp"]) == (commit.strip(), "Getekend")
    assert not ran.exists() and str(tmp_path) not in result.out.replace(str(root), "")


def test_the_bundled_register_outside_git_says_where_history_is(
        tmp_path: Path, mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed with pip (in site-packages, or in a .venv git ignores), the bundled register
    has no history: mhcli says to use --data, never to commit it."""
    from mhcli import location

    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / ".gitignore").write_text(".venv/\n", encoding="utf-8")
    git(tmp_path, "add", ".gitignore")
    git(tmp_path, "commit", "-q", "-m", "Leeg")
    installed = copy_register(tmp_path / ".venv" / "mhcli")
    monkeypatch.setattr(location, "bundled_data", lambda: installed)
    for argv in (["geschiedenis", "Tholen"],
                 ["route", "Tholen", "--zoals-bekend-op", "2026-01-01"]):
        result = mhcli(*argv, cwd=NEUTRAL)
        assert (result.code, result.out) == (4, ""), argv
        assert "het meegeleverde register (geïnstalleerd met mhcli) heeft geen geschiedenis in " \
            "git; geef met --data een register in een git-repository" in result.err, argv
        assert "git add" not in result.err


def test_options_before_a_command_without_a_date_are_refused(mhcli: Callable[..., Result]
                                                             ) -> None:
    for command in (["geschiedenis", "Tholen"], ["valideer"], ["diff", "HEAD"]):
        result = mhcli("--op", "2023-01-01", *command)
        assert (result.code, result.out) == (2, ""), command
        assert result.err.startswith(f"mhcli: --op en --zoals-bekend-op gelden niet voor "
                                     f"'mhcli {command[0]}'"), command
