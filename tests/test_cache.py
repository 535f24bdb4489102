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
from tests.conftest import REPO, Result


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
        "naam: Zeeland\n", "naam: Zeeland (nieuw)\n"), encoding="utf-8")
    assert _naam(mhcli, register_copy) == "Zeeland (nieuw)"
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
        "    code = run(['route', 'Tholen'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'jsonschema', 'tabulate', 'yaml', 'rich'})\n"
        "print(code, ','.join(heavy))\n"
    )
    env = {**os.environ, "MHCLI_CACHE": str(tmp_path / "cache")}
    env.pop("MHCLI_DATA", None)

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              cwd=REPO, env=env, check=True)
        return done.stdout.strip()

    assert run() == "0 jsonschema,yaml"  # cold: parsed and validated for real
    assert run() == "0"  # warm: from the cache, no parser, no jsonschema, no tabulate, no rich
