"""`mhcli site` cannot be redirected (issue 15): it builds in a private folder beside the target
and swaps it in, refuses a target others can write, never follows a link, never deletes or
writes what it did not write, never waits on a pipe, and says every output failure with exit 74.

Each attack is made at test time in a temporary folder; the victim's files are checked after.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from mhcli.site import output
from mhcli.site.build import build_site
from mhcli.streams import OutputError
from tests.conftest import FIXTURE, MHCLI_PROCESS, NEUTRAL, REPO, Result

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "elders"
    victim.mkdir()
    (victim / "kostbaar.txt").write_text("kostbaar\n", encoding="utf-8")
    return victim


def _untouched(victim: Path) -> None:
    assert sorted(p.name for p in victim.iterdir()) == ["kostbaar.txt"]
    assert (victim / "kostbaar.txt").read_text(encoding="utf-8") == "kostbaar\n"


def _no_leftovers(parent: Path) -> None:
    assert not [p.name for p in parent.iterdir() if p.name.startswith(".mhcli-site-")]


def test_a_rebuild_replaces_exactly_what_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(out, FIXTURE)
    marker = json.loads((out / output.MARKER).read_text(encoding="utf-8"))
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert set(marker["bestanden"]) == written - {output.MARKER}
    # A page an earlier build wrote (a gemeente that has since left the register) goes; a page
    # that someone deleted is no obstacle.
    old = b"<!DOCTYPE html><title>oud</title>"
    (out / "gemeente" / "oud.html").write_bytes(old)
    marker["bestanden"]["gemeente/oud.html"] = [len(old), output._digest(old)]
    (out / output.MARKER).write_text(json.dumps(marker), encoding="utf-8")
    (out / "gemeente" / "goes.html").unlink()
    inode = out.stat().st_ino
    build_site(out, FIXTURE)
    assert not (out / "gemeente" / "oud.html").exists()
    assert (out / "gemeente" / "goes.html").is_file()
    assert (out / "gemeente" / "tholen.html").is_file()
    assert out.stat().st_ino != inode  # swapped in whole, not written into
    assert out.stat().st_mode & 0o777 == 0o755 or not ROOT
    _no_leftovers(tmp_path)


def test_what_is_left_of_the_earlier_build_is_said(mhcli: Callable[..., Result], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # An earlier file that cannot go (immutable, another owner): the new site is in place,
    # and the person learns which folder is left over instead of finding it later.
    out = tmp_path / "site"
    build_site(out, FIXTURE)
    rmdir = os.rmdir

    def stuck(path: object, *args: object, **kwargs: object) -> None:
        if str(path).rpartition("/")[2].startswith(".mhcli-site-oud-"):
            raise OSError(39, "Directory not empty")
        rmdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output.os, "rmdir", stuck)
    result = mhcli("site", str(out))
    [left] = tmp_path.glob(".mhcli-site-oud-*")
    assert result.code == 0 and (out / "index.html").is_file()
    assert result.err == (f"mhcli: let op: de vorige versie van de website kon niet helemaal "
                          f"worden verwijderd; wat er over is staat in {left}. Verwijder die map "
                          "zelf.\n")


@pytest.mark.parametrize("change", ["eigen-bestand", "gewijzigd", "map-waar-een-pagina-staat"])
def test_a_rebuild_never_deletes_what_it_did_not_write(change: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(out, FIXTURE)
    if change == "eigen-bestand":  # e.g. a CNAME for GitHub Pages
        (out / "CNAME").write_text("voorbeeld.nl\n", encoding="utf-8")
        named = "CNAME"
    elif change == "gewijzigd":
        (out / "index.html").write_text("mijn eigen startpagina\n", encoding="utf-8")
        named = "index.html"
    else:
        (out / "regio.html").unlink()
        (out / "regio.html").mkdir()
        (out / "regio.html" / "van-mij.txt").write_text("x", encoding="utf-8")
        named = "regio.html/van-mij.txt"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match=f"bevat bestanden die mhcli niet \\(zo\\) schreef: "
                                          f"{named}"):
        build_site(out, FIXTURE)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    _no_leftovers(tmp_path)


@pytest.mark.parametrize("where", [".mhcli-site", "gemeente", "assets/site.css",
                                   "downloads/register.json"])
def test_a_link_anywhere_in_the_target_is_never_followed(where: str, tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "site"
    build_site(out, FIXTURE)
    link = out / where
    if link.is_dir():
        for child in link.iterdir():
            child.unlink()
        link.rmdir()
    else:
        link.unlink()
    link.symlink_to(victim if where == "gemeente" else victim / "kostbaar.txt")
    with pytest.raises(OutputError, match="symbolische koppeling"):
        build_site(out, FIXTURE)
    _untouched(victim)


def test_a_link_as_target_is_refused(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    (tmp_path / "site").symlink_to(victim)
    with pytest.raises(OutputError, match="symbolische koppeling"):
        build_site(tmp_path / "site", FIXTURE)
    _untouched(victim)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_device_in_the_target_is_refused_without_waiting(
        kind: str, tmp_path: Path) -> None:
    """A FIFO where the marker or a page is, or /dev/null where site.css goes: refused at once
    (an lstat, never an open), in a separate process with a deadline."""
    out = tmp_path / "site"
    build_site(out, FIXTURE)
    if kind == "fifo":
        (out / output.MARKER).unlink()
        os.mkfifo(out / output.MARKER)
        (out / "index.html").unlink()
        os.mkfifo(out / "index.html")
    else:
        (out / "assets" / "site.css").unlink()
        if ROOT:
            os.mknod(out / "assets" / "site.css", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        else:
            (out / "assets" / "site.css").symlink_to("/dev/null")
    done = subprocess.run([*MHCLI_PROCESS, "site", str(out)], capture_output=True, text=True,
                          cwd=NEUTRAL, timeout=60, check=False)
    assert done.returncode == 74, done.stderr
    assert done.stderr.startswith("mhcli: ")
    assert "mhcli schrijft er niet naar en verwijdert het niet" in done.stderr or \
        "symbolische koppeling" in done.stderr or "geen gewoon bestand" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_a_target_writable_by_others_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    out.chmod(0o777)
    with pytest.raises(OutputError, match="is schrijfbaar voor anderen"):
        build_site(out, FIXTURE)
    assert list(out.iterdir()) == []


def test_a_parent_others_can_write_is_refused_unless_sticky(tmp_path: Path) -> None:
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    shared.chmod(0o777)  # anyone could rename the build folder and put a link in its place
    with pytest.raises(OutputError, match="schrijfbaar voor anderen"):
        build_site(shared / "site", FIXTURE)
    assert list(shared.iterdir()) == []
    shared.chmod(0o1777)  # like /tmp: others may add entries but not rename ours
    build_site(shared / "site", FIXTURE)
    assert (shared / "site" / "index.html").is_file()
    _no_leftovers(shared)


@pytest.mark.skipif(not ROOT, reason="chown to another user needs root")
def test_a_target_of_another_user_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    os.chown(out, 65534, 65534)
    with pytest.raises(OutputError, match="is van een andere gebruiker"):
        build_site(out, FIXTURE)


def test_a_swap_during_the_build_sends_nothing_elsewhere(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoever replaces the target by a link while pages are written (the old attack: 35 pages
    elsewhere and a file deleted) finds the pages in a folder only mhcli can write, and the
    swap refused: the old folder was checked by inode, not by name."""
    victim = _victim(tmp_path)
    out = tmp_path / "site"
    build_site(out, FIXTURE)
    real_write = output.SiteWriter.write
    swapped: list[bool] = []

    def write(self: output.SiteWriter, rel: str, data: bytes) -> None:
        if not swapped:
            out.rename(tmp_path / "weg")
            out.symlink_to(victim)
            swapped.append(True)
        real_write(self, rel, data)

    monkeypatch.setattr(output.SiteWriter, "write", write)
    with pytest.raises(OutputError):
        build_site(out, FIXTURE)
    _untouched(victim)
    assert (tmp_path / "weg" / "index.html").is_file()  # the earlier build is not deleted
    _no_leftovers(tmp_path)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("jinja-*"))


def test_compiled_templates_are_cached_only_as_verified_entries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled templates live in mhcli's own cache (0700 folder, 0600 files, a checksum each),
    and a second build uses them instead of compiling."""
    import jinja2

    cache = tmp_path / "cache"
    monkeypatch.setenv("MHCLI_CACHE", str(cache))
    build_site(tmp_path / "een", FIXTURE)
    entries = _entries(cache)
    assert len(entries) == 8  # every template, macros and base included
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert {stat.S_IMODE(e.stat().st_mode) for e in entries} == {0o600}

    def no_compiling(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("compiled a template although the cache had it")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    build_site(tmp_path / "twee", FIXTURE)
    assert (tmp_path / "een" / "index.html").read_bytes() == \
        (tmp_path / "twee" / "index.html").read_bytes()


@pytest.mark.parametrize("attack", ["vervalst", "fifo", "gedeelde-map"])
def test_a_planted_template_cache_runs_nothing_and_never_waits(attack: str,
                                                               tmp_path: Path) -> None:
    """Another hand's entry (code that would touch a file when unpickled, under a valid-looking
    header), a FIFO in its place, or a cache folder others can write: the build compiles the
    templates itself, finishes within its deadline and runs nothing."""
    cache = tmp_path / "cache"
    env = {**os.environ, "MHCLI_CACHE": str(cache)}
    first = subprocess.run([*MHCLI_PROCESS, "site", str(tmp_path / "een")], cwd=NEUTRAL,
                           env=env, capture_output=True, text=True, timeout=120, check=False)
    assert first.returncode == 0, first.stderr
    import jinja2.bccache

    gevolg = tmp_path / "uitgevoerd"
    payload = jinja2.bccache.bc_magic + f"cos\nsystem\n(S'touch {gevolg}'\ntR.".encode()
    # The payload is live: Jinja2 unpickles it as soon as it is handed the bytes.
    jinja2.bccache.Bucket(None, "k", "c").bytecode_from_string(payload)  # type: ignore[arg-type]
    assert gevolg.exists()
    gevolg.unlink()
    for entry in _entries(cache):
        header = entry.read_bytes().split(b"\n", 1)[0]
        entry.unlink()
        if attack == "fifo":
            os.mkfifo(entry)
        else:
            entry.write_bytes(header + b"\n" + b"0" * 64 + b"\n" + payload)
            entry.chmod(0o600)
    if attack == "gedeelde-map":
        cache.chmod(0o777)
    done = subprocess.run([*MHCLI_PROCESS, "site", str(tmp_path / "twee")], cwd=NEUTRAL,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert not gevolg.exists()
    assert (tmp_path / "twee" / "index.html").read_bytes() == \
        (tmp_path / "een" / "index.html").read_bytes()
    if attack != "gedeelde-map":  # the bad entries are replaced by good ones
        assert all(e.is_file() and not e.read_bytes().endswith(payload)
                   for e in _entries(cache))
    source = (REPO / "src" / "mhcli" / "site" / "build.py").read_text(encoding="utf-8")
    assert "jinja2.FileSystemBytecodeCache(" not in source


def test_output_failures_are_exit_74_in_dutch(mhcli: Callable[..., Result],
                                             tmp_path: Path) -> None:
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    result = mhcli("site", str(tmp_path / "bestand"))
    assert (result.code, result.out) == (74, "")
    assert result.err == (f"mhcli: '{tmp_path / 'bestand'}' is geen map; geef een nieuwe of "
                          "lege map voor de website.\n")
    result = mhcli("site", str(tmp_path / "bestand" / "site"))
    assert result.code == 74
    assert result.err == f"mhcli: '{tmp_path / 'bestand'}' is geen map; geef een map voor de " \
                         "website.\n"


def test_a_full_disk_is_exit_74(mhcli: Callable[..., Result], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import stat

    real = os.write

    def full(fd: int, data: bytes) -> int:
        if stat.S_ISFIFO(os.fstat(fd).st_mode):  # a pipe to git (the history), not the disk
            return real(fd, data)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "write", full)
    result = mhcli("site", str(tmp_path / "site"))
    assert result.code == 74
    assert result.err.startswith("mhcli: Schrijven van '")
    assert result.err.endswith("lukte niet: het apparaat of de schijf is vol.\n")
    assert not (tmp_path / "site").exists()
    _no_leftovers(tmp_path)


def test_published_files_hold_no_path_of_the_building_machine(register_copy: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "uit" / "site"
    (tmp_path / "uit").mkdir()
    build_site(out, register_copy)
    machine = {str(register_copy), str(tmp_path), str(REPO), str(Path.home()), os.getcwd(),
               str(NEUTRAL)}
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for found in machine:
                assert found.encode() not in data, (path, found)


def test_a_build_of_mhcli_0_2_is_replaced_but_not_a_file_beside_it(tmp_path: Path) -> None:
    """mhcli 0.2's marker listed nothing: then only the files 0.2 could have written go."""
    out = tmp_path / "site"
    (out / "gemeente").mkdir(parents=True)
    (out / output.MARKER).write_text("Gebouwd door 'mhcli site'; een nieuwe build vervangt deze "
                                     "map.\n", encoding="utf-8")
    for rel in ("index.html", "gemeente/tholen.html", "gemeente/weg.html"):
        (out / rel).write_text("oud", encoding="utf-8")
    (out / "notities.txt").write_text("van mij", encoding="utf-8")
    with pytest.raises(OutputError, match=r"notities\.txt"):
        build_site(out, FIXTURE)
    (out / "notities.txt").unlink()
    build_site(out, FIXTURE)
    assert not (out / "gemeente" / "weg.html").exists()
    assert (out / "gemeente" / "tholen.html").read_text(encoding="utf-8") != "oud"
