"""One line stays one line: what a user typed or a register holds never starts a line of its own
on a line-based stream (stderr, CSV, markdown, GitHub annotations, plain text), where a CI
runner would read a line that begins with '::' as a workflow command."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mhcli import safe
from mhcli.render import markdown
from tests.conftest import FIXTURE, REPO, Result

HOSTILE = "x\n::error file=.github/workflows/a.yml::goedgekeurd\r\n##[warning]y\x85z\u2028w"


def _commands(text: str) -> list[str]:
    """Lines a GitHub runner would run as a workflow command (it trims leading whitespace)."""
    return [line for line in re.split(r"\r\n|\r|\n", text)
            if line.lstrip().startswith(("::", "##["))]


def test_one_line_keeps_every_character_visibly() -> None:
    assert safe.one_line(HOSTILE) == ("x\\n\\x3a:error file=.github/workflows/a.yml::goedgekeurd"
                                      "\\x0d\\n\\x23#[warning]y\\x85z\\u2028w")
    assert safe.clean_line(HOSTILE) == ("x \\x3a:error file=.github/workflows/a.yml::goedgekeurd"
                                        "\\x0d \\x23#[warning]y\\x85z\\u2028w")
    assert safe.clean("a ::b c::d") == "a \\x3a:b c::d"  # only where a word starts
    assert safe.clean(safe.clean(HOSTILE)) == safe.clean(HOSTILE)


@pytest.mark.parametrize("args", [
    ["route", HOSTILE],
    ["gemeente", HOSTILE],
    ["district", HOSTILE],
    ["route", "Tholen", "--vorm", HOSTILE],
    ["gemeenten", "--provincie", HOSTILE],
    ["zoek", HOSTILE],
    [HOSTILE],
    ["route", "Tholen", "--data", HOSTILE],
    ["valideer", "--max-bronleeftijd", HOSTILE],
    ["route", "Tholen", "--format", HOSTILE],
])
def test_user_input_never_starts_a_line_on_stderr(args: list[str],
                                                  mhcli: Callable[..., Result]) -> None:
    result = mhcli(*args)
    assert result.code in (2, 3), result
    assert _commands(result.err) == [] and _commands(result.out) == []
    lines = result.err.splitlines()
    assert lines[0].startswith("mhcli: ")
    assert "goedgekeurd" in lines[0] and "u2028w" in lines[0]  # all of it, on the first line
    assert all(line.startswith(("mhcli: ", "bedoelde u: ", "Zie '")) for line in lines), lines


def test_a_date_in_the_environment_stays_on_its_line(mhcli: Callable[..., Result],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MHCLI_VANDAAG", HOSTILE)
    result = mhcli("route", "Tholen")
    assert result.code == 2
    assert result.err.splitlines()[0] == (f"mhcli: MHCLI_VANDAAG='{safe.one_line(HOSTILE)}' is "
                                          "geen datum; gebruik JJJJ-MM-DD.")


def test_an_internal_error_is_one_line(mhcli: Callable[..., Result],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from mhcli import api

    def broken(*_: object) -> None:
        raise RuntimeError(HOSTILE)

    monkeypatch.setattr(api.Register, "route", broken)
    result = mhcli("route", "Tholen")
    assert result.code == 70
    assert result.err == (f"mhcli: interne fout (RuntimeError: {safe.one_line(HOSTILE)}). Dit is "
                          "een bug; meld het met het commando dat u gaf op de beheerders van het "
                          "register (zie README, 'Fouten melden').\n")


def _register_in(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copytree(FIXTURE, folder / "data")
    shutil.copytree(REPO / "schemas", folder / "schemas")
    return folder / "data"


def test_a_path_with_a_line_break_stays_on_its_line(mhcli: Callable[..., Result],
                                                    tmp_path: Path) -> None:
    data = _register_in(tmp_path / "a\n::error::b")
    with (data / "regio.yaml").open("a", encoding="utf-8") as out:
        out.write("# anders dan het meegeleverde: dan zegt mhcli welk register antwoordt\n")
    result = mhcli("gemeente", "Tholen", "--data", str(data))
    assert result.code == 0
    assert result.err == f"Register: {safe.one_line(data)} (gekozen met --data)\n"
    result = mhcli("valideer", "--data", str(data))
    assert _commands(result.out) == [] and result.out.splitlines()[-1].startswith(
        f"Het register in {safe.one_line(data)} is geldig")


def test_valideer_shows_the_escape_codes_of_a_data_path(mhcli: Callable[..., Result],
                                                        tmp_path: Path) -> None:
    data = _register_in(tmp_path / "rood\x1b[31m")
    result = mhcli("valideer", "--data", str(data))
    assert result.code == 0 and "\x1b" not in result.out + result.err
    assert result.out.splitlines()[-1] == (f"Het register in {tmp_path}/rood\\x1b[31m/data is "
                                           "geldig (4 waarschuwing(en)).")


@pytest.fixture
def hostile_register(register_copy: Path) -> Path:
    """A valid register whose free text holds line breaks and workflow commands."""
    zeeland = register_copy / "districten" / "zeeland.yaml"
    text = zeeland.read_text(encoding="utf-8")
    old = ("    omschrijving: Extra aandacht voor de aanpak van criminele uitbuiting in relatie "
           "tot jongeren.\n")
    assert old in text
    zeeland.write_text(text.replace(old, f"    omschrijving: {json.dumps(HOSTILE)}\n"),
                       encoding="utf-8")
    return register_copy


@pytest.mark.parametrize("fmt", ["csv", "csv-excel"])
def test_csv_has_one_line_per_record(fmt: str, mhcli: Callable[..., Result],
                                     hostile_register: Path) -> None:
    result = mhcli("districten", "-f", fmt, "--data", str(hostile_register))
    assert result.code == 0, result.err
    lines = result.out.split("\r\n")
    assert len(lines) == 1 + 4 + 1 and lines[-1] == ""  # header, four districts, final CRLF
    assert not any(c in result.out.replace("\r\n", "") for c in "\r\n\x85\u2028")
    assert _commands(result.out) == []
    rows = list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"), newline=""),
                               delimiter="," if fmt == "csv" else ";"))
    [zeeland] = [r for r in rows if r["id"] == "zeeland"]
    assert safe.clean_line(HOSTILE) in zeeland["focus"]


def test_markdown_keeps_each_item_on_its_line(mhcli: Callable[..., Result],
                                              hostile_register: Path) -> None:
    result = mhcli("district", "zeeland", "-f", "markdown", "--data", str(hostile_register))
    assert result.code == 0, result.err
    [line] = [x for x in result.out.splitlines() if "goedgekeurd" in x]
    assert line.startswith("- ") and _commands(result.out) == []
    assert not any(c in result.out for c in "\r\x85\u2028")


def test_plain_text_starts_no_workflow_command(mhcli: Callable[..., Result],
                                               hostile_register: Path) -> None:
    for args in (["district", "zeeland"], ["districten"], ["zoek", "goedgekeurd"]):
        result = mhcli(*args, "--data", str(hostile_register))
        assert result.code == 0, result.err
        assert "goedgekeurd" in result.out and _commands(result.out) == [], args


def test_github_annotations_stay_one_per_finding(mhcli: Callable[..., Result],
                                                 register_copy: Path) -> None:
    # A district file whose name holds a line break and a workflow command: every finding
    # about it must stay inside its own annotation.
    source = register_copy / "districten" / "zeeland.yaml"
    shutil.copy(source, register_copy / "districten" / "z\n::error::x,y\r%0A.yaml")
    findings = json.loads(mhcli("valideer", "-f", "json", "--data", str(register_copy)).out)
    count = len(findings["fouten"]) + len(findings["waarschuwingen"])
    assert count > 1
    result = mhcli("valideer", "-f", "github", "--data", str(register_copy))
    assert result.code == 1
    lines = result.out.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == count
    assert all(re.match(r"::(error|warning) file=[^:,]*(,line=\d+(,col=\d+)?)?,title=mhcli "
                        r"[a-z0-9-]+::", line) for line in lines[:-1]), lines
    assert "file=" + str(register_copy) + "/districten/z%0A%3A%3Aerror%3A%3Ax%2Cy%0D%250A.yaml," \
        in result.out
    text = mhcli("valideer", "--data", str(register_copy))
    assert _commands(text.out) == [] and len(text.out.splitlines()) == count + 1


@pytest.mark.parametrize(("text", "expected"), [
    ("zie owner/repo#1 en repo#2", "zie `owner/repo#1` en `repo#2`"),
    ("(#12), x#4y", "(`#12`), `x#4`y"),
    ("@team#1 en #1#2", "`@team#1` en `#1#2`"),
    ("commit org/repo@1a2b3c4 of piet@abcdef0", "commit `org/repo@1a2b3c4` of `piet@abcdef0`"),
    ("a.@piet en x.GH-7", "a.`@piet` en x.`GH-7`"),
    ("mail info@gemeente.nl, C# en #abc", "mail info@gemeente.nl, C\\# en \\#abc"),
    ("regel\n#3 kop", "regel `#3` kop"),
])
def test_markdown_links_no_reference(text: str, expected: str) -> None:
    assert markdown.escape(text) == expected


@pytest.mark.parametrize("text", ["a." * 20_000, "a-" * 20_000, "@" + "a." * 20_000,
                                  "a/." * 20_000, "#1" * 20_000])
def test_markdown_escaping_is_linear(text: str) -> None:
    # A pattern that scanned the rest of a run of name characters from every position took
    # half a minute here; a linear one takes milliseconds. The test asserts the result only.
    escaped = markdown.escape(text)
    assert escaped.replace("\\", "").replace("`", "") == text
