"""Bounded memory and work: a register too large, or a query no one types, is a clear Dutch
message decided before the expensive part, never minutes of work or gigabytes of memory.
The hostile inputs are made here, at test time; large files are sparse (no disk used)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import mhcli.source as source
from mhcli import loading, search
from tests.conftest import Result


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every read of a register file's bytes."""
    calls: list[int] = []
    real = source._read_fd

    def counting(handle: int, limit: int) -> bytes:
        calls.append(os.fstat(handle).st_size)
        return real(handle, limit)

    monkeypatch.setattr(source, "_read_fd", counting)
    return calls


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as out:
        out.truncate(size)


def test_a_file_over_the_cap_is_not_read(mhcli: Callable[..., Result], register_copy: Path,
                                         reads: list[int]) -> None:
    big = register_copy / "districten" / "zeeland.yaml"
    big.unlink()
    _sparse(big, 8 * 1024**3)  # 8 GiB on paper
    result = mhcli("valideer", "--data", str(register_copy))
    assert result.code == 1
    assert (f"{big}: fout [te-groot]: het bestand is groter dan 1 MiB (8192,0 MiB); dat is "
            "geen registerbestand, en mhcli leest het niet.") in result.out.splitlines()
    assert max(reads) < source.MAX_BYTES


def test_a_register_over_the_total_cap_is_not_read(mhcli: Callable[..., Result],
                                                   register_copy: Path,
                                                   reads: list[int]) -> None:
    # Each file under its own cap, together over the register's: five such files cost 41 s
    # and 150 MiB each before there was a total cap.
    for number in range(5):
        _sparse(register_copy / "districten" / f"groot-{number}.yaml", source.MAX_BYTES - 1)
    for args in (["valideer"], ["route", "Tholen"]):
        result = mhcli(*args, "--data", str(register_copy))
        assert result.code == 1, args
        shown = result.out if args == ["valideer"] else result.err
        assert (f"{register_copy}: fout [register-te-groot]: het register is samen 5,0 MiB in "
                "10 bestanden, meer dan de grens van 4 MiB; mhcli leest het niet. Het echte "
                "register is een paar tientallen kB: staan er bestanden in die er niet horen?"
                ) in shown.splitlines()
    assert reads == []


def test_too_many_district_files_are_not_read(mhcli: Callable[..., Result],
                                              register_copy: Path, reads: list[int],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_DISTRICT_FILES", 6)  # the real cap is 1000
    for number in range(3):
        (register_copy / "districten" / f"leeg-{number}.yaml").touch()
    result = mhcli("valideer", "--data", str(register_copy))
    assert result.code == 1 and reads == []
    assert result.out.splitlines() == [
        f"{register_copy}: fout [te-veel-bestanden]: er staan 7 districtbestanden in "
        "'districten', meer dan de grens van 6; mhcli leest ze niet. Staan er bestanden in die "
        "er niet horen?",
        f"Het register in {register_copy} is ongeldig: 1 fout(en), 0 waarschuwing(en)."]


def test_a_district_folder_of_countless_names_is_not_listed_whole(
        mhcli: Callable[..., Result], register_copy: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_ENTRIES", 20)  # the real cap is 10,000
    for number in range(20):
        (register_copy / "districten" / f"ruis-{number}.txt").touch()
    result = mhcli("valideer", "--data", str(register_copy))
    assert result.code == 1
    assert (f"{register_copy}/districten: fout [te-veel-bestanden]: de map 'districten' bevat "
            "meer dan 20 namen; mhcli leest haar niet. Staan er bestanden in die er niet "
            "horen?") in result.out.splitlines()


def test_values_are_counted_across_the_register(mhcli: Callable[..., Result],
                                                register_copy: Path) -> None:
    # Memory follows values, not bytes: '[1,1,...]' is a value per two bytes, ~250 bytes each
    # once parsed. The real cap, in a file far under the byte caps.
    half = loading.MAX_VALUES // 2
    for name in ("a", "b", "c"):
        (register_copy / "districten" / f"{name}.yaml").write_text(
            "lijst: [" + ",".join(["1"] * half) + "]\n", encoding="utf-8")
    result = mhcli("valideer", "-f", "json", "--data", str(register_copy))
    assert result.code == 1
    found = [f for f in json.loads(result.out)["fouten"] if f["code"] == "te-veel-waarden"]
    assert [(Path(f["bestand"]).name, f["regel"]) for f in found] == [("b.yaml", 1)]
    assert found[0]["melding"] == (
        "het register heeft meer dan 200.000 waarden (sleutels meegeteld); mhcli leest niet "
        "verder. Het echte register heeft er zo'n duizend: staat hier iets dat er niet hoort?")
    assert not any(Path(f["bestand"]).name == "c.yaml" for f in json.loads(result.out)["fouten"])


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
                   cwd=repo, check=True, capture_output=True)


def test_a_revision_over_the_total_cap_is_not_read(mhcli: Callable[..., Result],
                                                   register_copy: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from mhcli.gitsource import Repository

    repo = register_copy.parent
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "register")
    for number in range(5):
        (register_copy / "districten" / f"groot-{number}.yaml").write_bytes(
            b"#" * (source.MAX_BYTES - 1))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "te groot")
    blobs: list[str] = []
    monkeypatch.setattr(Repository, "_blobs", lambda self, oids: blobs.extend(oids) or {})
    raw = Repository(register_copy).read("HEAD")
    assert blobs == [] and raw.files == []
    assert [(f.bestand, f.code) for f in raw.findings] == [("HEAD:data", "register-te-groot")]


# --- zoek ---------------------------------------------------------------------------------------

def test_a_query_of_60000_words_is_refused_before_any_work(mhcli: Callable[..., Result],
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    def no_search(*_: object) -> None:
        raise AssertionError("the register was searched")

    monkeypatch.setattr(search, "zoek", no_search)
    words = [f"woord{n}" for n in range(60_000)]
    result = mhcli("zoek", *words)
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"mhcli: de zoektekst is te lang ({len(' '.join(words))} tekens); "
                          "zoek met hoogstens 200 tekens en 12 woorden.\n"
                          "Zie 'mhcli zoek --help' voor het gebruik.\n")


def test_a_query_of_too_many_words_is_a_usage_error(mhcli: Callable[..., Result]) -> None:
    result = mhcli("zoek", *"abcdefghijklm")  # thirteen one-letter words
    assert result.code == 2
    assert result.err.splitlines()[0] == ("mhcli: de zoektekst heeft te veel woorden (13); zoek "
                                          "met hoogstens 12 woorden.")
    assert mhcli("zoek", *["zorg"] * 40).code == 0  # the same word counts once


def test_pattern_characters_find_only_themselves(mhcli: Callable[..., Result]) -> None:
    # As a pattern '\\w' would match the 'u' of Veiligheidshuis; as text it is a separator.
    assert mhcli("zoek", r"Veiligheidsh\wis").code == 3
    # Pattern characters separate words, as any punctuation does: '(a+)+$' is the word 'a'.
    assert mhcli("zoek", "(a+)+$", "-f", "json").out == mhcli("zoek", "a", "-f", "json").out
    found = mhcli("zoek", "Veiligheidshuis", "-f", "json")
    assert found.code == 0 and json.loads(found.out)["vondsten"]
