"""The validation cache: a shortcut that is never trusted blindly and never fails a query."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import mhcli.cache as cache
import mhcli.validation as validation
from tests.conftest import FIXTURE, NEUTRAL, Result


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts real validations (a cache hit performs none)."""
    calls: list[int] = []
    real = validation.validate

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "validate", counting)
    return calls


def _naam(mhcli: Callable[..., Result], data: Path) -> str:
    result = mhcli("district", "zeeland", "-f", "json", "--data", str(data))
    assert result.code == 0, result.err
    return str(json.loads(result.out)["naam"])


def _entries() -> list[Path]:
    return sorted(Path(os.environ["MHCLI_CACHE"]).glob("register-*"))


def test_second_query_is_answered_from_the_cache(mhcli: Callable[..., Result],
                                                 register_copy: Path,
                                                 validations: list[int]) -> None:
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 1
    assert len(_entries()) == 1


def test_valideer_never_uses_the_cache(mhcli: Callable[..., Result], register_copy: Path,
                                       validations: list[int]) -> None:
    _naam(mhcli, register_copy)
    for _ in range(2):
        assert mhcli("valideer", "--data", str(register_copy)).code == 0
    assert len(validations) == 3


def test_a_changed_file_is_read_and_checked_again(mhcli: Callable[..., Result],
                                                  register_copy: Path,
                                                  validations: list[int]) -> None:
    _naam(mhcli, register_copy)
    zeeland = register_copy / "districten" / "zeeland.yaml"
    zeeland.write_text(zeeland.read_text(encoding="utf-8").replace(
        "naam: Zeeland\n", "naam: Zeeland-Nieuw\n"), encoding="utf-8")
    assert _naam(mhcli, register_copy) == "Zeeland-Nieuw"
    zeeland.write_text(zeeland.read_text(encoding="utf-8").replace(
        'cbs_code: "GM0654"', "cbs_code: 654"), encoding="utf-8")
    broken = mhcli("district", "zeeland", "--data", str(register_copy))
    assert broken.code == 1 and "cbs_code" in broken.err
    assert len(validations) == 3


def test_a_changed_schema_invalidates(mhcli: Callable[..., Result], register_copy: Path,
                                      validations: list[int]) -> None:
    _naam(mhcli, register_copy)
    schema = register_copy.parent / "schemas" / "district.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace(
        '"pattern": "^GM[0-9]{4}$"', '"pattern": "^XX[0-9]{4}$"'), encoding="utf-8")
    result = mhcli("district", "zeeland", "--data", str(register_copy))
    assert result.code == 1 and "fout [vorm]" in result.err
    assert len(validations) == 2


def test_another_version_invalidates(mhcli: Callable[..., Result], register_copy: Path,
                                     validations: list[int],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _naam(mhcli, register_copy)
    monkeypatch.setattr(cache, "__version__", "99.0")
    _naam(mhcli, register_copy)
    assert len(validations) == 2


def _with_header(entry: Path, payload: bytes) -> bytes:
    """An entry for ``payload`` with a header that fits it, as mhcli would write it."""
    key = entry.read_bytes().split(b"\n", 1)[0].decode().split()[1]
    return cache._header(key, payload) + payload


@pytest.mark.parametrize("damage", ["garbage", "truncated", "one-digit", "structure", "empty",
                                    "folder"])
def test_a_corrupt_entry_is_no_entry(damage: str, mhcli: Callable[..., Result],
                                     register_copy: Path, validations: list[int]) -> None:
    _naam(mhcli, register_copy)
    [entry] = _entries()
    content = entry.read_bytes()
    header, payload = content.split(b"\n", 1)
    if damage == "garbage":
        entry.write_bytes(os.urandom(4096))
    elif damage == "truncated":
        entry.write_bytes(content[: len(content) // 2])
    elif damage == "one-digit":  # still valid JSON: only the checksum sees it
        assert b'"GM0654"' in payload
        entry.write_bytes(header + b"\n" + payload.replace(b'"GM0654"', b'"GM0655"'))
    elif damage == "structure":  # with a fitting checksum, a wrong shape is still a miss
        entry.write_bytes(_with_header(entry, json.dumps({"regio": ["x.yaml", 1],
                                                          "districten": 5}).encode()))
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        entry.unlink()
        entry.mkdir()
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 2
    assert b'"GM0655"' not in entry.read_bytes()  # replaced by a good entry


@pytest.mark.parametrize("where", ["a-file", "below-a-file", "empty"])
def test_an_unusable_cache_folder_is_no_cache(where: str, mhcli: Callable[..., Result],
                                              register_copy: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              validations: list[int]) -> None:
    blocker = tmp_path / "blokkade"
    blocker.write_text("geen map", encoding="utf-8")
    folder = {"a-file": str(blocker), "below-a-file": str(blocker / "cache"), "empty": ""}[where]
    monkeypatch.setenv("MHCLI_CACHE", folder)
    for _ in range(2):
        assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 2
    assert blocker.read_text(encoding="utf-8") == "geen map"


def test_a_read_only_cache_folder_is_no_cache(mhcli: Callable[..., Result], register_copy: Path,
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              validations: list[int]) -> None:
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    monkeypatch.setenv("MHCLI_CACHE", str(folder))

    real_open = os.open

    def refuse_create(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    # Root may write anywhere, so a read-only folder is simulated where files are created.
    monkeypatch.setattr(cache.os, "open", refuse_create)
    for _ in range(2):
        assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 2 and list(folder.iterdir()) == []


def test_warm_route_imports_neither_jsonschema_nor_tabulate(tmp_path: Path) -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from mhcli.runner import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = run(['route', 'Tholen', '--data', {str(FIXTURE)!r}])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'jsonschema', 'tabulate', 'yaml', 'rich'})\n"
        "print(code, ','.join(heavy))\n"
    )
    env = {**os.environ, "MHCLI_CACHE": str(tmp_path / "cache")}
    env.pop("MHCLI_DATA", None)

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              cwd=NEUTRAL, env=env, check=True)
        return done.stdout.strip()

    assert run() == "0 jsonschema,yaml"  # cold: parsed and validated for real
    assert run() == "0"  # warm: from the cache, no parser, no jsonschema, no tabulate, no rich


# --- an attacker, a fault or an odd machine: the cache still never lies or hangs ---------------

def _in_subprocess(register: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """A query in its own process, so a hang fails the test instead of stalling it."""
    probe = ("import sys\nfrom mhcli.runner import run\n"
             f"sys.exit(run(['district', 'zeeland', '-f', 'json', '--data', {str(register)!r}]))")
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ), check=False)


@pytest.mark.parametrize("damage", ["fifo", "dev-zero", "huge", "deep", "symlink-to-entry"])
def test_a_hostile_entry_is_a_miss_and_is_replaced(damage: str, mhcli: Callable[..., Result],
                                                   register_copy: Path, tmp_path: Path) -> None:
    _naam(mhcli, register_copy)
    [entry] = _entries()
    good = entry.read_bytes()
    if damage == "deep":  # a fitting checksum: only the parser stands between it and a crash
        entry.write_bytes(_with_header(entry, b"[" * 200_000 + b"]" * 200_000))
    else:
        entry.unlink()
        if damage == "fifo":
            os.mkfifo(entry)
        elif damage == "dev-zero":
            entry.symlink_to("/dev/zero")
        elif damage == "huge":  # sparse: 8 GiB on paper, nothing on disk
            with entry.open("wb") as handle:
                handle.truncate(8 * 1024**3)
        else:  # a valid entry elsewhere, reached through a link: not opened
            elsewhere = tmp_path / "elders"
            elsewhere.write_bytes(good)
            entry.symlink_to(elsewhere)
    done = _in_subprocess(register_copy)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["naam"] == "Zeeland"
    assert not entry.is_symlink() and entry.is_file() and entry.stat().st_size < 1024**2


def _cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int) -> Path:
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    folder.chmod(mode)
    monkeypatch.setenv("MHCLI_CACHE", str(folder))
    return folder


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_a_cache_folder_others_can_write_is_not_used(mode: int, mhcli: Callable[..., Result],
                                                      register_copy: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      validations: list[int]) -> None:
    folder = _cache_folder(tmp_path, monkeypatch, mode)
    for _ in range(2):
        assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 2 and list(folder.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a folder to another user needs root")
def test_a_cache_folder_of_another_user_is_not_used(mhcli: Callable[..., Result],
                                                    register_copy: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    validations: list[int]) -> None:
    folder = _cache_folder(tmp_path, monkeypatch, 0o700)
    _naam(mhcli, register_copy)
    [entry] = _entries()
    os.chown(folder, 54321, 54321)  # an unused uid: now the folder, with its entry, is theirs
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 2
    os.chown(folder, 0, 0)
    os.chown(entry, 54321, 54321)  # our folder, their entry
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 3


def test_a_new_cache_folder_is_private(mhcli: Callable[..., Result], register_copy: Path,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "nieuw" / "mhcli"
    monkeypatch.setenv("MHCLI_CACHE", str(folder))
    _naam(mhcli, register_copy)
    assert folder.stat().st_mode & 0o777 == 0o700
    [entry] = _entries()
    assert entry.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == [entry.name]  # no key file: nothing secret


@pytest.mark.parametrize("xdg", ["relatief/cache", "./cache", ""])
def test_a_relative_xdg_cache_home_is_ignored(xdg: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MHCLI_CACHE")
    monkeypatch.setenv("HOME", str(tmp_path / "thuis"))
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache.folder() == tmp_path / "thuis" / ".cache" / "mhcli"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "mhcli"


@pytest.mark.parametrize("value", ["relatief/cache", "./cache", "~/cache"])
def test_a_relative_mhcli_cache_is_ignored(value: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # It would put the cache (and what it remembers) in whatever folder the user stands in.
    monkeypatch.setenv("MHCLI_CACHE", value)
    monkeypatch.setenv("HOME", str(tmp_path / "thuis"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache.folder() == tmp_path / "thuis" / ".cache" / "mhcli"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "mhcli"
    monkeypatch.setenv("MHCLI_CACHE", " ")
    assert cache.folder() is None


def test_mhcli_code_and_reference_data_are_part_of_the_key(
        mhcli: Callable[..., Result], register_copy: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, validations: list[int]) -> None:
    # A copy of the package stands in for mhcli's own files; each process digests them once,
    # so the memo is cleared where a new process would start.
    import shutil

    package = tmp_path / "pakket"
    shutil.copytree(Path(cache.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", str(package))
    monkeypatch.setattr(cache, "_own", {})

    def ask() -> int:
        cache._own.clear()
        assert _naam(mhcli, register_copy) == "Zeeland"
        return len(validations)

    assert (ask(), ask()) == (1, 1)
    with (package / "referentie" / "gemeenten.csv").open("a", encoding="utf-8") as out:
        out.write("GM9999,Nieuwgemeente\n")  # newer reference data: valid may now be invalid
    assert (ask(), ask()) == (2, 2)
    (package / "referentie" / "landelijke-nummers.csv").write_text("112\n", encoding="utf-8")
    assert ask() == 3  # the folder counts, not a list of file names
    with (package / "loading.py").open("a", encoding="utf-8") as out:
        out.write("# een lokale wijziging, dezelfde versie\n")
    assert ask() == 4
    (package / "site" / "static" / "extra.css").write_text("p {}\n", encoding="utf-8")
    assert ask() == 4  # not code, not reference data


def test_the_cache_keeps_the_newest_entries_and_clears_leftovers(tmp_path: Path) -> None:
    import time

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    now = time.time()
    for number in range(cache._KEEP + 4):
        entry = folder / f"register-{number:02d}"
        entry.write_bytes(b"x")
        os.utime(entry, (now - 1000 + number, now - 1000 + number))
    stale = folder / ".register-00-abcdef"  # from a process killed while writing, long ago
    stale.write_bytes(b"x")
    os.utime(stale, (now - 2 * cache._STALE_SECONDS, now - 2 * cache._STALE_SECONDS))
    busy = folder / ".register-01-123456"  # another process writing right now
    busy.write_bytes(b"x")
    (folder / "sleutel").write_bytes(b"k" * 32)  # the secret mhcli 0.2 kept
    handle = os.open(folder, os.O_RDONLY)
    try:
        cache._prune(handle)
    finally:
        os.close(handle)
    left = sorted(p.name for p in folder.iterdir())
    assert left == [busy.name, *(f"register-{n:02d}" for n in range(4, cache._KEEP + 4))]
