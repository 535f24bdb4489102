"""The register a query reads is the one the user meant, read whole, from one state of the files,
without hanging on odd files; and the answer can say where it came from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import mhcli.source as source
from mhcli.errors import MhcliError
from mhcli.location import MEEGELEVERD, OMGEVING, OPTIE, WERKMAP, locate
from mhcli.provenance import Herkomst
from mhcli.store import open_register
from tests.conftest import FIXTURE, MHCLI_PROCESS, REPO, Result, copy_register

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _register(parent: Path) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    copy_register(parent)
    return parent / "data"


def _run(*args: str, cwd: Path | None = None, timeout: float = 30, stdin: int | None = None
         ) -> subprocess.CompletedProcess[str]:
    """mhcli in its own process, so a hang fails the test instead of stalling the suite."""
    return subprocess.run([*MHCLI_PROCESS, *args], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=timeout, env=dict(os.environ), check=False,
                          stdin=stdin if stdin is not None else subprocess.DEVNULL)


# --- the register you meant -------------------------------------------------------------------

def test_own_register_found_upwards(tmp_path: Path) -> None:
    data = _register(tmp_path / "werk")
    below = tmp_path / "werk" / "a" / "b"
    below.mkdir(parents=True)
    location = locate(None, cwd=below)
    assert (location.data, location.hoe, location.notes) == (data, WERKMAP, ())


@pytest.mark.parametrize("mode", [0o777, 0o1777])
def test_register_in_a_folder_others_can_write_is_skipped(mode: int, tmp_path: Path) -> None:
    shared = tmp_path / "gedeeld"  # like /tmp: anyone may create data/ here, sticky or not
    _register(shared)
    shared.chmod(mode)
    below = shared / "ergens"
    below.mkdir()
    location = locate(None, cwd=below)
    assert location.hoe == MEEGELEVERD and location.data == FIXTURE
    assert location.notes[0] == (f"{shared}/data/regio.yaml overgeslagen: {shared} is "
                                 "schrijfbaar voor anderen; vertrouwt u wie het kan wijzigen, "
                                 f"zet dan MHCLI_VERTROUWD op {shared}/data.")


def test_register_others_can_change_is_skipped(tmp_path: Path) -> None:
    data = _register(tmp_path / "werk")
    (data / "districten").chmod(0o777)
    note = locate(None, cwd=tmp_path / "werk").notes[0]
    assert note.endswith(f"overgeslagen: {data}/districten is schrijfbaar voor anderen; "
                         f"vertrouwt u wie het kan wijzigen, zet dan MHCLI_VERTROUWD op {data}.")


@pytest.mark.skipif(not ROOT, reason="giving a folder to another user needs root")
@pytest.mark.parametrize("what", ["data", "data/regio.yaml", "."])
def test_register_of_another_user_is_skipped(what: str, tmp_path: Path) -> None:
    planted = tmp_path / "geplant"
    data = _register(planted)
    os.chown(planted / what, 54321, 54321)  # an unused uid
    location = locate(None, cwd=planted)
    assert location.hoe == MEEGELEVERD
    owner = (planted / what).resolve()
    # The first note is ours; a register planted higher up on this machine (/tmp/data) may
    # add its own, which is the same protection at work.
    assert location.notes[0] == (f"{data}/regio.yaml overgeslagen: {owner} is van een andere "
                                 "gebruiker (uid 54321); vertrouwt u wie het kan wijzigen, zet "
                                 f"dan MHCLI_VERTROUWD op {data}.")
    chosen = locate(data)  # chosen by name: the user's choice, but marked, and a query refuses
    assert (chosen.hoe, chosen.onveilig) == (OPTIE, f"{owner} is van een andere gebruiker "
                                                    "(uid 54321)")


def test_search_stops_at_the_top_of_a_git_work_tree(tmp_path: Path) -> None:
    _register(tmp_path / "buiten")
    repo = tmp_path / "buiten" / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "src").mkdir()
    assert locate(None, cwd=repo / "src").hoe == MEEGELEVERD
    inside = _register(repo)  # a register at the top itself is found
    assert locate(None, cwd=repo / "src").data == inside


def test_search_stops_at_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _register(tmp_path / "boven")
    home = tmp_path / "boven" / "thuis"
    (home / "map").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert locate(None, cwd=home / "map").hoe == MEEGELEVERD


def test_missing_or_odd_register_folder_is_a_usage_error(mhcli: Callable[..., Result],
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setenv("MHCLI_DATA", str(tmp_path / "weg"))
    result = mhcli("route", "Tholen")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"mhcli: de registermap '{tmp_path / 'weg'}' (MHCLI_DATA) "
                                 "bestaat niet; geef de map die regio.yaml en districten/ bevat.")
    monkeypatch.delenv("MHCLI_DATA")
    result = mhcli("route", "Tholen", "--data", "x" * 5000)
    assert result.code == 2
    assert result.err.startswith("mhcli: het pad van de registermap (--data) is te lang voor "
                                 "het systeem; kies een kortere map.")
    loop = tmp_path / "lus"
    loop.symlink_to(loop)
    result = mhcli("route", "Tholen", "--data", str(loop))
    assert result.code == 2 and "symbolische koppeling in een lus" in result.err


def test_a_deleted_working_folder_is_a_clear_message(tmp_path: Path) -> None:
    gone = tmp_path / "weg"
    gone.mkdir()
    done = subprocess.run(["sh", "-c", f'cd "{gone}" && rmdir "{gone}" && exec "$0" -m mhcli '
                           "route Tholen", sys.executable], capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("mhcli: de huidige map bestaat niet meer (verwijderd?); ga "
                                  "naar een bestaande map of geef met --data de registermap.")


# --- where the answer came from ---------------------------------------------------------------

def test_herkomst_of_a_chosen_register(register_copy: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    herkomst = open_register(register_copy).herkomst
    assert herkomst.regel() == f"Register: {register_copy} (gekozen met --data)"
    first = herkomst.as_json()
    assert first["pad"] == str(register_copy) and first["hoe"] == OPTIE
    assert str(first["inhoud"]).startswith("blake2b:") and len(str(first["inhoud"])) == 24
    assert first["commit"] is None  # not in a git work tree
    zeeland = register_copy / "districten" / "zeeland.yaml"
    zeeland.write_text(zeeland.read_text(encoding="utf-8") + "# anders\n", encoding="utf-8")
    assert open_register(register_copy).herkomst.inhoud != first["inhoud"]
    monkeypatch.setenv("MHCLI_DATA", str(register_copy))
    assert open_register(None).herkomst.regel().endswith("(gekozen met MHCLI_DATA)")
    assert open_register(None).herkomst.hoe == OMGEVING


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid",
                           *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_herkomst_names_the_commit_only_when_the_files_are_as_committed(tmp_path: Path) -> None:
    data = _register(tmp_path / "repo")
    repo = tmp_path / "repo"
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "register")
    head = _git(repo, "rev-parse", "HEAD")
    assert open_register(data).herkomst.commit == head
    extra = data / "districten" / "zeeland.yaml"
    extra.write_text(extra.read_text(encoding="utf-8") + "# niet gecommit\n", encoding="utf-8")
    assert open_register(data).herkomst.commit is None
    _git(repo, "checkout", "--", ".")
    schema = repo / "schemas" / "regio.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert open_register(data).herkomst.commit is None  # the schemas count too
    _git(repo, "checkout", "--", ".")
    assert open_register(data).herkomst.commit == head


def test_the_bundled_register_never_runs_git(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    herkomst = open_register(None).herkomst

    def no_git(*_: object, **__: object) -> None:
        raise AssertionError("git ran")

    monkeypatch.setattr(subprocess, "run", no_git)
    assert herkomst.as_json()["commit"] is None and herkomst.hoe == MEEGELEVERD
    assert herkomst.regel() == f"Register: {FIXTURE} (meegeleverd met mhcli)"
    assert isinstance(herkomst, Herkomst)


# --- odd files: refused before they are opened, never a hang -----------------------------------

@pytest.mark.parametrize("where", ["regio.yaml", "districten/zeeland.yaml"])
def test_a_fifo_in_the_register_is_a_finding_not_a_hang(where: str, register_copy: Path) -> None:
    (register_copy / where).unlink()
    os.mkfifo(register_copy / where)
    done = _run("valideer", "--data", str(register_copy))
    assert done.returncode == 1
    assert (f"{register_copy / where}: fout [geen-gewoon-bestand]: dit is geen gewoon bestand "
            "(maar bijvoorbeeld een pipe, apparaat of socket); verwacht een YAML-bestand.") \
        in done.stdout
    assert _run("route", "Tholen", "--data", str(register_copy)).returncode == 1


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="no /dev/stdin here")
def test_dev_stdin_as_register_file_is_refused(register_copy: Path) -> None:
    regio = register_copy / "regio.yaml"
    regio.unlink()
    regio.symlink_to("/dev/stdin")
    reader, writer = os.pipe()  # stdin a pipe that never ends: reading it would hang
    try:
        done = _run("valideer", "--data", str(register_copy), stdin=reader)
    finally:
        os.close(reader)
        os.close(writer)
    assert done.returncode == 1 and "fout [geen-gewoon-bestand]" in done.stdout


def test_tab_completion_does_not_hang_on_a_fifo(tmp_path: Path) -> None:
    data = _register(tmp_path / "werk")
    (data / "regio.yaml").unlink()
    os.mkfifo(data / "regio.yaml")
    env = {**os.environ, "_MHCLI_COMPLETE": "complete_bash", "COMP_WORDS": "mhcli route Th",
           "COMP_CWORD": "2"}
    done = subprocess.run([*MHCLI_PROCESS], capture_output=True, text=True,
                          cwd=tmp_path / "werk", env=env, timeout=30, check=False)
    assert "Traceback" not in done.stderr


def test_a_non_utf8_file_name_is_a_finding(mhcli: Callable[..., Result],
                                           register_copy: Path) -> None:
    folder = os.fsencode(register_copy / "districten")
    shutil.copy(register_copy / "districten" / "zeeland.yaml",
                os.fsdecode(folder + b"/zee\xfflandia.yaml"))
    result = mhcli("valideer", "--data", str(register_copy))
    assert result.code == 1 and "Traceback" not in result.err
    assert (f"{register_copy}/districten/zee\\xfflandia.yaml: fout [bestandsnaam-codering]: de "
            "bestandsnaam is geen geldige UTF-8; hernoem het bestand naar het id van het "
            "district met .yaml.") in result.out


# --- one consistent state ----------------------------------------------------------------------

def _tearing(monkeypatch: pytest.MonkeyPatch, target: Path, times: int) -> list[int]:
    """Make ``target`` change right after it is read, the first ``times`` times."""
    reads: list[int] = []
    real = source._read_fd
    target_id = target.stat().st_ino

    def read(handle: int, limit: int) -> bytes:
        content = real(handle, limit)
        if os.fstat(handle).st_ino == target_id:
            reads.append(1)
            if len(reads) <= times:
                with target.open("a", encoding="utf-8") as out:  # a writer saving meanwhile
                    out.write(f"# regel {len(reads)}\n")
        return content

    monkeypatch.setattr(source, "_read_fd", read)
    return reads


def test_a_file_changed_while_reading_is_read_again(monkeypatch: pytest.MonkeyPatch,
                                                    register_copy: Path) -> None:
    zeeland = register_copy / "districten" / "zeeland.yaml"
    reads = _tearing(monkeypatch, zeeland, times=1)
    raw = source.read_folder(register_copy)
    assert len(reads) == 2
    [read] = [f for f in raw.files if f.rel == "districten/zeeland.yaml"]
    assert read.content == zeeland.read_bytes()  # the state after the change, whole


def test_a_register_that_keeps_changing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                         mhcli: Callable[..., Result],
                                                         register_copy: Path) -> None:
    reads = _tearing(monkeypatch, register_copy / "regio.yaml", times=99)
    result = mhcli("route", "Tholen", "--data", str(register_copy))
    assert result.code == 1 and result.out == "" and len(reads) == source.ATTEMPTS
    assert result.err == (f"mhcli: het register in {register_copy} veranderde steeds terwijl "
                          "mhcli het las (3 pogingen); probeer het opnieuw als het opslaan klaar "
                          "is.\n")


def test_a_district_file_added_while_reading_is_read_again(monkeypatch: pytest.MonkeyPatch,
                                                           register_copy: Path) -> None:
    real = source._read_fd
    extra = register_copy / "districten" / "zz-nieuw.yaml"

    def read(handle: int, limit: int) -> bytes:
        if not extra.exists():
            extra.write_text("id: zz-nieuw\n", encoding="utf-8")
        return real(handle, limit)

    monkeypatch.setattr(source, "_read_fd", read)
    raw = source.read_folder(register_copy)
    assert "zz-nieuw" in raw.district_files


# --- git: a blob over the cap is never read ---------------------------------------------------

def test_a_git_blob_over_the_cap_is_not_read(tmp_path: Path, mhcli: Callable[..., Result],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from mhcli.gitsource import Repository

    data = _register(tmp_path / "repo")
    repo = tmp_path / "repo"
    big = data / "districten" / "zeeland.yaml"
    big.write_bytes(big.read_bytes() + b"#" * (3 * 1024 * 1024))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "te groot")
    oid = _git(repo, "rev-parse", "HEAD:data/districten/zeeland.yaml")
    read: list[str] = []
    real = Repository._blobs

    def spy(self: Repository, blobs: list[str]) -> dict[str, bytes]:
        read.extend(blobs)
        return real(self, blobs)

    monkeypatch.setattr(Repository, "_blobs", spy)
    raw = Repository(data).read("HEAD")
    assert oid not in read and len(read) == len(raw.files)
    assert [(f.bestand, f.code) for f in raw.findings] == [
        ("HEAD:data/districten/zeeland.yaml", "te-groot")]
    result = mhcli("diff", "HEAD", "--format", "json", "--data", str(data))
    assert result.code == 0, result.err
    assert "groter dan 1 MiB (3,0 MiB)" in json.dumps(json.loads(result.out), ensure_ascii=False)


def test_display_path_survives_a_deleted_working_folder(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from mhcli.findings import display_path

    gone = tmp_path / "weg"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert display_path(Path("data/regio.yaml")) == "data/regio.yaml"
    assert display_path(Path(os.fsdecode(b"/x/\xff.yaml"))) == "/x/\\xff.yaml"
    with pytest.raises(MhcliError, match="de huidige map bestaat niet meer"):
        locate(None)


def test_a_district_file_others_can_write_is_not_trusted(tmp_path: Path) -> None:
    data = _register(tmp_path / "werk")
    (data / "districten" / "de-markiezaten.yaml").chmod(0o666)
    location = locate(None, cwd=tmp_path / "werk")
    assert location.hoe == MEEGELEVERD
    assert location.notes[0].endswith(f"{data}/districten/de-markiezaten.yaml is schrijfbaar "
                                      "voor anderen; vertrouwt u wie het kan wijzigen, zet dan "
                                      f"MHCLI_VERTROUWD op {data}.")


@pytest.mark.skipif(not ROOT, reason="giving a folder to another user needs root")
def test_schemas_of_another_user_beside_a_found_register_are_not_used(tmp_path: Path) -> None:
    from mhcli.location import bundled_schemas

    data = _register(tmp_path / "werk")
    schemas = data.parent / "schemas"
    schemas.mkdir(exist_ok=True)
    for name in ("regio.schema.json", "district.schema.json"):
        (schemas / name).write_text("{}", encoding="utf-8")  # would switch every check off
        os.chown(schemas / name, 54321, 54321)
    location = locate(None, cwd=tmp_path / "werk")
    assert location.hoe == WERKMAP and location.schemas == bundled_schemas()
    assert location.notes == (f"{schemas} overgeslagen: {schemas}/regio.schema.json is van een "
                              "andere gebruiker (uid 54321); de meegeleverde schema's "
                              "controleren dit register.",)


# --- a group, or a register chosen by name ------------------------------------------------------

def _shared_group() -> int | None:
    """A group with members besides us, to give a folder to: any gid as root, else one of our
    own groups that is not our private group (None: this machine offers none)."""
    from mhcli import location

    if ROOT:
        return 54321  # an unused gid: certainly not our own
    me = os.geteuid()
    return next((g for g in (os.getegid(), *os.getgroups()) if not location._own_group(g, me)),
                None)


def _group_writable(path: Path) -> int:
    gid = _shared_group()
    if gid is None:
        pytest.skip("no group here other than the user's own")
    os.chown(path, -1, gid)
    path.chmod(path.stat().st_mode | 0o020)
    return gid


def _group(gid: int) -> str:
    from mhcli.location import _group_name

    return _group_name(gid)


@pytest.mark.parametrize("what", ["data", "data/regio.yaml", "data/districten",
                                  "data/districten/zeeland.yaml", "."])
def test_a_register_a_group_can_change_is_skipped(what: str, tmp_path: Path) -> None:
    data = _register(tmp_path / "werk")
    target = (tmp_path / "werk" / what).resolve()
    gid = _group_writable(target)
    location = locate(None, cwd=tmp_path / "werk")
    assert location.hoe == MEEGELEVERD and location.data == FIXTURE
    assert location.notes[0] == (f"{data}/regio.yaml overgeslagen: {target} is schrijfbaar "
                                 f"voor de groep {_group(gid)}; vertrouwt u wie het kan "
                                 f"wijzigen, zet dan MHCLI_VERTROUWD op {data}.")


def test_a_group_higher_up_counts_only_without_the_sticky_bit(tmp_path: Path) -> None:
    data = _register(tmp_path / "team" / "ik" / "werk")
    team = tmp_path / "team"
    _group_writable(team)  # a member could rename ik/ and put their own tree in its place
    assert locate(None, cwd=data.parent).hoe == MEEGELEVERD
    team.chmod(team.stat().st_mode | 0o1000)  # sticky: only the owner renames what is below
    assert locate(None, cwd=data.parent).data == data


def test_the_users_own_private_group_is_no_one_else(tmp_path: Path) -> None:
    # Debian and Ubuntu give every user a group of their own and a umask of 002: a checkout is
    # group-writable, by no one but its owner.
    from mhcli import location as where

    gid = os.getegid()
    if not where._own_group(gid, os.geteuid()):
        pytest.skip("the user's primary group has other members here")
    data = _register(tmp_path / "werk")
    for path in (data, data / "regio.yaml", data / "districten"):
        os.chown(path, -1, gid)
        path.chmod(path.stat().st_mode | 0o020)
    location = locate(None, cwd=tmp_path / "werk")
    assert (location.data, location.notes) == (data, ())


@pytest.mark.parametrize("how", ["--data", "MHCLI_DATA"])
def test_a_chosen_register_a_group_can_change_answers_no_query(
        how: str, tmp_path: Path, mhcli: Callable[..., Result],
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = _register(tmp_path / "werk")
    gid = _group_writable(data / "districten" / "zeeland.yaml")
    args = ["--data", str(data)] if how == "--data" else []
    if how == "MHCLI_DATA":
        monkeypatch.setenv("MHCLI_DATA", str(data))
    reason = f"{data}/districten/zeeland.yaml is schrijfbaar voor de groep {_group(gid)}"
    for query in (["route", "Tholen"], ["gemeenten"], ["zoek", "Goes"]):
        result = mhcli(*query, *args)
        assert (result.code, result.out) == (2, ""), query
        assert result.err.splitlines()[0] == (
            f"mhcli: de registermap '{data}' ({how}) wordt niet gebruikt: {reason}, dus een "
            "ander kan veranderen wie u belt. Maak het register alleen door u te wijzigen, of "
            "zet MHCLI_VERTROUWD op deze map als u vertrouwt wie het kan wijzigen.")
    site = mhcli("site", str(tmp_path / "site"), *args)
    assert site.code == 2 and not (tmp_path / "site").exists()
    # valideer answers no one: it checks the register, and says what a query would do.
    checked = mhcli("valideer", *args)
    assert checked.code == 0 and checked.out.endswith("is geldig (4 waarschuwing(en)).\n")
    assert checked.err == (f"mhcli: let op: {reason}; een vraag aan dit register wordt "
                           "geweigerd tot het alleen door u te wijzigen is of in "
                           "MHCLI_VERTROUWD staat.\n")


def test_trusted_folders_are_used_though_others_can_change_them(
        tmp_path: Path, mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    data = _register(tmp_path / "team")
    _group_writable(data)
    (data.parent / "schemas").chmod(0o777)
    monkeypatch.setenv("MHCLI_VERTROUWD", os.pathsep.join(["relatief/team/data",
                                                           str(tmp_path / "elders"),
                                                           str(data.parent / "." / "data")]))
    location = locate(data)
    assert (location.onveilig, location.notes, location.schemas) == (
        None, (), data.parent / "schemas")
    assert locate(None, cwd=data.parent).data == data
    assert mhcli("route", "Tholen", "--data", str(data)).code == 0
    monkeypatch.setenv("MHCLI_VERTROUWD", "relatief/team/data")  # relative: ignored
    assert locate(data).onveilig is not None


def test_schemas_others_can_change_beside_a_chosen_register_are_not_used(
        tmp_path: Path) -> None:
    from mhcli.location import bundled_schemas

    data = _register(tmp_path / "werk")
    schemas = data.parent / "schemas"
    (schemas / "district.schema.json").chmod(0o666)
    location = locate(data)
    assert (location.onveilig, location.schemas) == (None, bundled_schemas())
    assert location.notes == (f"{schemas} overgeslagen: {schemas}/district.schema.json is "
                              "schrijfbaar voor anderen; de meegeleverde schema's controleren "
                              "dit register.",)


def test_diff_compares_a_register_others_can_change_with_a_warning(
        tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    data = _register(tmp_path / "repo")
    _git(tmp_path / "repo", "init", "-q", "-b", "main")
    _git(tmp_path / "repo", "add", "-A")
    _git(tmp_path / "repo", "commit", "-q", "-m", "register")
    data.chmod(0o777)
    result = mhcli("diff", "-f", "json", "--data", str(data))
    assert result.code == 0, result.err
    assert json.loads(result.out)["waarschuwingen"] == [
        f"let op: {data} is schrijfbaar voor anderen; een vraag aan dit register wordt "
        "geweigerd tot het alleen door u te wijzigen is of in MHCLI_VERTROUWD staat."]


def _unreadable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``folder`` at mode 000, and, for root (who reads it anyway), the answers an ordinary
    user gets from the system: os.access says no, listing it is refused."""
    folder.chmod(0o000)
    if not ROOT:
        return
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", lambda *_, **__: False)
    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("how", ["--data", "MHCLI_DATA"])
def test_an_unreadable_register_folder_is_a_dutch_usage_error(
        how: str, tmp_path: Path, mhcli: Callable[..., Result],
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = _register(tmp_path / "werk")
    _unreadable(data, monkeypatch)
    try:
        if how == "MHCLI_DATA":
            monkeypatch.setenv("MHCLI_DATA", str(data))
        result = mhcli("route", "Tholen", *(["--data", str(data)] if how == "--data" else []))
    finally:
        data.chmod(0o755)
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"mhcli: de registermap '{data}' ({how}) is niet leesbaar (geen "
                          "rechten); geef een map die u mag lezen.\n"
                          "Zie 'mhcli route --help' voor het gebruik.\n")


def test_an_unreadable_output_file_is_not_clicks_english(tmp_path: Path,
                                                         mhcli: Callable[..., Result],
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    target = tmp_path / "uit.xlsx"
    target.write_bytes(b"van iemand")
    target.chmod(0o000)
    monkeypatch.setattr(os, "access", lambda *_, **__: False)
    result = mhcli("gemeenten", "-f", "xlsx", "--uitvoer", str(target))
    assert result.code == 2
    assert result.err.startswith(f"mhcli: '{target}' bestaat al; mhcli overschrijft geen "
                                 "bestanden.")


# --- links out of the register: a pull request must not make CI read the machine's files --------

SECRET = "ghp_geheimtoken1234567890"


def _secret_elsewhere(tmp_path: Path) -> Path:
    """A file of the machine that parses as YAML and holds a token (as ~/.docker/config.json)."""
    secret = tmp_path / "thuis" / "config.json"
    secret.parent.mkdir()
    secret.write_text(json.dumps({"auths": {"ghcr.io": {"auth": SECRET}}, "id": SECRET}),
                      encoding="utf-8")
    return secret


@pytest.mark.parametrize("what", ["regio.yaml", "districten/zeeland.yaml"])
def test_a_register_file_linked_out_of_the_register_is_not_read(
        what: str, tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    data = _register(tmp_path / "pr")
    secret = _secret_elsewhere(tmp_path)
    (data / what).unlink()
    (data / what).symlink_to(os.path.relpath(secret, (data / what).parent))
    outputs = []
    for fmt in ("tekst", "json", "github"):
        result = mhcli("valideer", "-f", fmt, "--data", str(data))
        assert result.code == 1
        outputs.append(result.out + result.err)
    assert (f"{data}/{what}: fout [koppeling-buiten-register]: dit is een symbolische "
            f"koppeling naar {secret}, buiten de registermap; mhcli leest het niet. Zet het "
            "bestand zelf in de registermap.") in outputs[0].splitlines()
    query = mhcli("route", "Tholen", "--data", str(data))
    assert query.code == 1
    assert not any(SECRET in text for text in [*outputs, query.out + query.err])


def test_links_inside_the_register_are_followed(tmp_path: Path,
                                                mhcli: Callable[..., Result]) -> None:
    data = _register(tmp_path / "werk")
    archive = data / "archief"
    archive.mkdir()
    (data / "districten" / "zeeland.yaml").rename(archive / "zeeland.yaml")
    (data / "districten" / "zeeland.yaml").symlink_to("../archief/zeeland.yaml")
    result = mhcli("district", "zeeland", "-f", "json", "--data", str(data))
    assert result.code == 0 and json.loads(result.out)["naam"] == "Zeeland"


def test_a_district_folder_linked_elsewhere_is_not_listed(tmp_path: Path,
                                                          mhcli: Callable[..., Result]) -> None:
    data = _register(tmp_path / "pr")
    elsewhere = tmp_path / "elders"
    (data / "districten").rename(elsewhere)
    (data / "districten").symlink_to(elsewhere)
    result = mhcli("valideer", "--data", str(data))
    assert result.code == 1
    assert (f"{data}/districten: fout [koppeling-buiten-register]: 'districten' is een "
            f"symbolische koppeling naar {elsewhere}, buiten de registermap; mhcli leest die map "
            "niet. Zet de districtbestanden zelf in de registermap.") in result.out.splitlines()


def test_schemas_linked_out_of_their_folder_are_not_used(tmp_path: Path,
                                                         mhcli: Callable[..., Result]) -> None:
    from mhcli.location import bundled_schemas

    data = _register(tmp_path / "pr")
    secret = _secret_elsewhere(tmp_path)
    schema = data.parent / "schemas" / "regio.schema.json"
    schema.unlink()
    schema.symlink_to(secret)
    location = locate(data)
    assert location.schemas == bundled_schemas()
    assert location.notes == (f"{schema.parent} overgeslagen: {schema} is een symbolische "
                              f"koppeling naar {secret}, buiten de map; de meegeleverde "
                              "schema's controleren dit register.",)
    result = mhcli("valideer", "--data", str(data))
    assert result.code == 0 and SECRET not in result.out + result.err


def test_a_new_day_validates_again(mhcli: Callable[..., Result], register_copy: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   validations: list[int]) -> None:
    for day in ("2026-11-28", "2026-11-28", "2026-11-29"):
        monkeypatch.setenv("MHCLI_VANDAAG", day)
        assert mhcli("gemeente", "Tholen", "--data", str(register_copy)).code == 0
    assert len(validations) == 2  # a rule may turn on a date (a plan's end): the cache is per day


def test_a_found_register_without_districten_is_used_and_says_so(tmp_path: Path,
                                                                  mhcli: Callable[..., Result]
                                                                  ) -> None:
    # A missing folder is the register's own finding, not a sign that someone else wrote it.
    data = _register(tmp_path / "werk")
    shutil.rmtree(data / "districten")
    location = locate(None, cwd=tmp_path / "werk")
    assert (location.data, location.notes) == (data, ())
    result = mhcli("valideer", cwd=tmp_path / "werk")
    assert result.code == 1 and "fout [map-ontbreekt]" in result.out
