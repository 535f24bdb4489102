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


@pytest.mark.parametrize("damage", ["garbage", "truncated", "checksum", "structure", "empty",
                                    "folder"])
def test_a_corrupt_entry_is_no_entry(damage: str, mhcli: Callable[..., Result],
                                     register_copy: Path, validations: list[int]) -> None:
    _naam(mhcli, register_copy)
    [entry] = _entries()
    content = entry.read_bytes()
    header, check, payload = content.split(b"\n", 2)
    if damage == "garbage":
        entry.write_bytes(os.urandom(4096))
    elif damage == "truncated":
        entry.write_bytes(content[: len(content) // 2])
    elif damage == "checksum":
        entry.write_bytes(header + b"\n" + check + b"\n" + payload[:-1] + b"\x00")
    elif damage == "structure":  # even signed with the real secret, a wrong shape is a miss
        secret = (entry.parent / cache.SECRET).read_bytes()
        bogus = json.dumps({"regio": ["x.yaml", 1], "districten": 5}).encode()
        key = header.decode().split()[1]
        entry.write_bytes(header + b"\n" + cache._mac(secret, key, bogus) + b"\n" + bogus)
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        entry.unlink()
        entry.mkdir()
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 2


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
        "from mhcli.cli import run\n"
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

def _signed(entry: Path, payload: bytes) -> bytes:
    """An entry with a valid header and a MAC under the real secret (as only mhcli can)."""
    secret = (entry.parent / cache.SECRET).read_bytes()
    header = entry.read_bytes().split(b"\n", 1)[0]
    key = header.decode().split()[1]
    return header + b"\n" + cache._mac(secret, key, payload) + b"\n" + payload


@pytest.mark.parametrize("forgery", ["unkeyed-checksum", "other-secret"])
def test_a_forged_entry_is_not_used(forgery: str, mhcli: Callable[..., Result],
                                    register_copy: Path, validations: list[int]) -> None:
    from _blake2 import blake2b

    _naam(mhcli, register_copy)
    [entry] = _entries()
    header, _, payload = entry.read_bytes().split(b"\n", 2)
    forged = payload.replace(b'"naam":"Zeeland"', b'"naam":"Nep-Zeeland"')
    assert forged != payload
    key = header.decode().split()[1]
    if forgery == "unkeyed-checksum":  # what the old format accepted
        check = blake2b(forged).hexdigest().encode()
    else:
        check = cache._mac(os.urandom(32), key, forged)
    entry.write_bytes(header + b"\n" + check + b"\n" + forged)
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 2
    assert b"Nep-Zeeland" not in entry.read_bytes()  # replaced by a good entry


def _in_subprocess(register: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """A query in its own process, so a hang fails the test instead of stalling it."""
    probe = ("import sys\nfrom mhcli.cli import run\n"
             f"sys.exit(run(['district', 'zeeland', '-f', 'json', '--data', {str(register)!r}]))")
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ), check=False)


@pytest.mark.parametrize("damage", ["fifo", "dev-zero", "huge", "deep", "symlink-to-entry"])
def test_a_hostile_entry_is_a_miss_and_is_replaced(damage: str, mhcli: Callable[..., Result],
                                                   register_copy: Path, tmp_path: Path) -> None:
    _naam(mhcli, register_copy)
    [entry] = _entries()
    good = entry.read_bytes()
    if damage == "deep":  # signed, so only the parser stands between it and a crash
        entry.write_bytes(_signed(entry, b"[" * 200_000 + b"]" * 200_000))
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


def test_a_new_cache_folder_and_its_secret_are_private(mhcli: Callable[..., Result],
                                                       register_copy: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "nieuw" / "mhcli"
    monkeypatch.setenv("MHCLI_CACHE", str(folder))
    _naam(mhcli, register_copy)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / cache.SECRET).stat().st_mode & 0o777 == 0o600
    [entry] = _entries()
    assert entry.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("damage", ["world-readable", "symlink", "short"])
def test_a_bad_secret_is_replaced_and_old_entries_are_misses(
        damage: str, mhcli: Callable[..., Result], register_copy: Path, tmp_path: Path,
        validations: list[int]) -> None:
    _naam(mhcli, register_copy)
    secret = Path(os.environ["MHCLI_CACHE"]) / cache.SECRET
    before = secret.read_bytes()
    if damage == "world-readable":
        secret.chmod(0o644)
    elif damage == "symlink":  # someone's key, reached through a link: not ours to trust
        elsewhere = tmp_path / "sleutel"
        elsewhere.write_bytes(before)
        secret.unlink()
        secret.symlink_to(elsewhere)
    else:
        secret.write_bytes(before[:5])
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert _naam(mhcli, register_copy) == "Zeeland"
    assert len(validations) == 2  # one miss, then the new secret's entry is used
    assert not secret.is_symlink() and secret.stat().st_mode & 0o777 == 0o600
    assert secret.read_bytes() != before and len(secret.read_bytes()) == 32


@pytest.mark.parametrize("xdg", ["relatief/cache", "./cache", ""])
def test_a_relative_xdg_cache_home_is_ignored(xdg: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MHCLI_CACHE")
    monkeypatch.setenv("HOME", str(tmp_path / "thuis"))
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache.folder() == tmp_path / "thuis" / ".cache" / "mhcli"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "mhcli"
