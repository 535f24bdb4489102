"""The command line as a whole: help, usage errors, register choice, refusal, safe output."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from mhcli.cli import app
from mhcli.options import completer as _completer
from tests.conftest import FIXTURE, MHCLI_PROCESS, NEUTRAL, Result

QUERIES = [["route", "Tholen"], ["gemeente", "Tholen"], ["gemeenten"], ["district", "Zeeland"],
           ["districten"], ["partners"], ["zoek", "Tholen"]]
COMMANDS = [c.name or (c.callback.__name__ if c.callback else "") for c in
            app.registered_commands]


def test_every_command_has_help_with_an_example(mhcli: Callable[..., Result]) -> None:
    assert sorted(COMMANDS) == sorted(["route", "gemeente", "gemeenten", "district",
                                       "districten", "partners", "zoek", "valideer", "diff",
                                       "site", "controleer", "geschiedenis"])
    for name in COMMANDS:
        result = mhcli(name, "--help")
        assert result.code == 0
        assert "Voorbeeld" in result.out, name


@pytest.mark.parametrize("args, message", [
    (["route"], "mhcli: GEMEENTE ontbreekt.\nZie 'mhcli route --help' voor het gebruik.\n"),
    (["route", "Tholen", "--vrom", "x"], "mhcli: onbekende optie '--vrom'. Bedoelde u: --op "
     "of --rol of --vorm?\nZie 'mhcli route --help' voor het gebruik.\n"),
    (["route", "Tholen", "--format"], "mhcli: optie '--format' verwacht een waarde.\n"
     "Zie 'mhcli route --help' voor het gebruik.\n"),
    (["routes", "Tholen"], "mhcli: onbekend commando 'routes'. Bedoelde u 'route'?\n"
     "Zie 'mhcli --help' voor het gebruik.\n"),
    (["gemeenten", "Tholen"], "mhcli: onverwacht extra argument (Tholen)\n"
     "Zie 'mhcli gemeenten --help' voor het gebruik.\n"),
    (["valideer", "--max-leeftijd", "twaalf"], "mhcli: --max-leeftijd verwacht een "
     "positief aantal maanden, niet 'twaalf'.\nZie 'mhcli valideer --help' voor het gebruik.\n"),
])
def test_usage_errors_are_dutch_with_exit_2(args: list[str], message: str,
                                            mhcli: Callable[..., Result]) -> None:
    result = mhcli(*args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_data_option_env_and_upward_search(mhcli: Callable[..., Result], register_copy: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    zeeland = register_copy / "districten" / "zeeland.yaml"
    zeeland.write_text(zeeland.read_text(encoding="utf-8").replace("naam: Zeeland\n",
                                                                   "naam: Zeeland-Kopie\n"),
                       encoding="utf-8")

    def naam(**kw: object) -> str:
        result = mhcli("district", "zeeland", "-f", "json", *kw.get("args", []),  # type: ignore[misc]
                       cwd=kw.get("cwd"))  # type: ignore[arg-type]
        return str(json.loads(result.out)["naam"])

    assert naam() == "Zeeland"  # the repository's own register
    assert naam(args=["--data", str(register_copy)]) == "Zeeland-Kopie"
    nested = register_copy.parent / "a" / "b"
    nested.mkdir(parents=True)
    assert naam(cwd=nested) == "Zeeland-Kopie"  # nearest data/regio.yaml upwards
    monkeypatch.setenv("MHCLI_DATA", str(FIXTURE))
    assert naam(cwd=nested) == "Zeeland"  # MHCLI_DATA wins over the search
    assert naam(cwd=nested, args=["--data", str(register_copy)]) == "Zeeland-Kopie"


def test_missing_register_folder(mhcli: Callable[..., Result], tmp_path: Path) -> None:
    result = mhcli("valideer", "--data", str(tmp_path / "nergens"))
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"mhcli: de registermap '{tmp_path / 'nergens'}' (--data) "
                                 "bestaat niet; geef de map die regio.yaml en districten/ bevat.")


def test_register_folder_that_is_a_file(mhcli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "regio.yaml").write_text("regio: {}\n", encoding="utf-8")
    result = mhcli("route", "Tholen", "--data", "regio.yaml", cwd=tmp_path)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("mhcli: de registermap 'regio.yaml' (--data) is geen map; geef "
                                 "de map die regio.yaml en districten/ bevat.")


@pytest.mark.parametrize("args", QUERIES, ids=[a[0] for a in QUERIES])
def test_queries_refuse_an_invalid_register(args: list[str], mhcli: Callable[..., Result],
                                            register_copy: Path) -> None:
    baronie = register_copy / "districten" / "de-baronie.yaml"
    baronie.write_text(baronie.read_text(encoding="utf-8").replace(
        "organisaties: [zvh-baronie]", "organisaties: [zvh-breda]"), encoding="utf-8")
    result = mhcli(*args, "--data", str(register_copy))
    assert result.code == 1
    assert result.out == ""
    assert "fout [onbekende-verwijzing]: zorgcoordinatie.organisaties[1]: 'zvh-breda'" in result.err
    assert "mhcli geeft geen antwoord uit een register met fouten" in result.err


def test_register_is_never_modified(mhcli: Callable[..., Result], register_copy: Path) -> None:
    before = {p: p.read_bytes() for p in register_copy.rglob("*") if p.is_file()}
    for args in [*QUERIES, ["valideer"], ["valideer", "--strikt"]]:
        mhcli(*args, "--data", str(register_copy))
    after = {p: p.read_bytes() for p in register_copy.rglob("*") if p.is_file()}
    assert before == after


INJECTED = "[bold red]NEP[/bold red] \x1b[31mROOD\x1b[0m \u202eomgekeerd"


@pytest.fixture
def hostile_register(register_copy: Path) -> Path:
    """Tholen's note carries markup, escape codes and a bidi override. Names cannot: valideer
    refuses control codes and shell characters in them (tests/registers/naam-shellteken)."""
    markiezaten = register_copy / "districten" / "de-markiezaten.yaml"
    text = markiezaten.read_text(encoding="utf-8")
    start = text.index("    toelichting: >-\n      Zeeuwse gemeente")
    end = text.index("  - naam: Steenbergen")
    injected = INJECTED.replace("\x1b", "\\e").replace("\u202e", "\\u202e")
    markiezaten.write_text(f'{text[:start]}    toelichting: "{injected}"\n{text[end:]}',
                           encoding="utf-8")
    return register_copy


@pytest.mark.parametrize("fmt", ["tekst", "markdown", "json", "mermaid"])
def test_register_text_is_printed_literally(fmt: str, mhcli: Callable[..., Result],
                                            hostile_register: Path) -> None:
    result = mhcli("route", "GM0716", "--format", fmt, "--data", str(hostile_register))
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\u202e" not in result.out
    if fmt == "json":
        route = json.loads(result.out)
        assert route["gemeente"]["toelichting"] == INJECTED  # exact, escaped by JSON
    else:
        assert "x1b" in result.out  # visible, in that format's own escaping
    if fmt == "tekst":
        assert "[bold red]NEP[/bold red]" in result.out


@pytest.mark.parametrize("args", [["gemeenten"], ["gemeenten", "-f", "csv"],
                                  ["gemeenten", "-f", "markdown"], ["zoek", "Nep"]])
def test_tables_never_carry_control_codes(args: list[str], mhcli: Callable[..., Result],
                                          hostile_register: Path) -> None:
    result = mhcli(*args, "--data", str(hostile_register))
    assert result.code == 0
    assert "\x1b" not in result.out
    if args[0] == "zoek":  # the note shows, its escape codes visible
        assert "x1b" in result.out


def test_rich_terminal_shows_markup_literally(hostile_register: Path) -> None:
    from mhcli.clock import today
    from mhcli.loading import parse_register
    from mhcli.register import build
    from mhcli.render import documents, terminal
    from mhcli.routes import resolve_route
    from mhcli.source import read_folder

    register = build(parse_register(read_folder(hostile_register)))
    route = resolve_route(register, register.gemeente("GM0716"), None, today())
    buffer = StringIO()
    out = Console(file=buffer, force_terminal=True, color_system="standard", width=100,
                  highlight=False, markup=False)
    terminal.sheet(documents.route(route), out)
    text = buffer.getvalue()
    assert "[bold red]NEP[/bold red]" in text
    assert "\x1b[31mROOD" not in text and "\\x1b[31mROOD" in text
    assert "\x1b[2J" not in text


def test_completion_offers_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(NEUTRAL)
    assert _completer("gemeente")(None, "th") == ["Tholen"]  # type: ignore[arg-type]
    assert _completer("gemeente")(None, "berg") == ["Bergen op Zoom"]  # type: ignore[arg-type]
    assert _completer("district")(None, "de") == ["De Markiezaten", "De Baronie"]  # type: ignore[arg-type]
    assert "arbeidsuitbuiting" in _completer("vorm")(None, "arb")  # type: ignore[arg-type]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MHCLI_PROCESS, *args], capture_output=True,
                          text=True, cwd=NEUTRAL, env={**os.environ, **(env or {})}, check=False)


def test_pipe_output_has_no_escape_codes_even_when_forced() -> None:
    result = _run("districten", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert "Hart van Brabant" in result.stdout


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch,
                                      mhcli: Callable[..., Result]) -> None:
    import mhcli.routes as routes

    def broken(*_: object) -> None:
        raise ZeroDivisionError("kapot")

    monkeypatch.setattr(routes, "resolve_route", broken)
    result = mhcli("route", "Tholen")
    assert result.code == 70
    assert result.err.startswith("mhcli: interne fout (ZeroDivisionError: kapot). Dit is een bug")
    assert "Traceback" not in result.err


def test_broken_pipe_is_quiet() -> None:
    shell = f"{shlex.join(MHCLI_PROCESS)} gemeenten | head -n 1"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, cwd=NEUTRAL,
                            check=False)
    assert result.stdout.split() == ["Gemeente", "CBS-code", "District", "Provincie"]
    assert "Traceback" not in result.stderr


def test_shell_completion_offers_municipalities() -> None:
    result = _run(env={"_MHCLI_COMPLETE": "complete_bash", "COMP_WORDS": "mhcli route Th",
                       "COMP_CWORD": "2"})
    assert result.stdout.split() == ["Tholen"]


def test_version(mhcli: Callable[..., Result]) -> None:
    from mhcli import __version__

    assert mhcli("--version").out == f"mhcli {__version__}\n"
