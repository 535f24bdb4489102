"""Everything click and typer print is Dutch; pinned to the Typer version whose internals we use."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from mhcli.cli import app
from mhcli.dutch import HELP_TEXT, INSTALL_HELP, SHOW_HELP
from tests.conftest import Result

COMMANDS = sorted(c.name or (c.callback.__name__ if c.callback else "") for c in
                  app.registered_commands)

# Words and marks that typer 0.28 / its vendored click print in English when left alone.
ENGLISH = ["Usage", "Show this message", "Options", "Arguments", "Commands", "[default",
           "[required]", "TEXT", "<str>", "Install completion", "Show completion", "[env var",
           "Try ", "Aborted", "COMMAND", "[ARGS]", "[OPTIONS]", "{"]


def test_typer_version_is_the_one_these_hooks_were_written_for() -> None:
    # mhcli.dutch hooks into typer._click (HelpFormatter.write_usage, Command.get_help_option),
    # typer.rich_utils' module constants and typer's completion wrapper. A new Typer may move
    # any of these: read mhcli/dutch.py against it before changing the pin in pyproject.toml.
    assert typer.__version__.startswith("0.28")


@pytest.mark.parametrize("args", [["--help"], ["-h"], *([c, "--help"] for c in COMMANDS)],
                         ids=lambda a: " ".join(a))
def test_help_has_no_english(args: list[str], mhcli: Callable[..., Result]) -> None:
    result = mhcli(*args)
    assert result.code == 0
    found = [word for word in ENGLISH
             if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", result.out)]
    assert found == [], result.out
    assert "Gebruik: mhcli" in result.out
    assert HELP_TEXT in result.out


def test_usage_line_and_panels(mhcli: Callable[..., Result]) -> None:
    out = mhcli("route", "--help").out
    assert "Gebruik: mhcli route [OPTIES] GEMEENTE" in out
    assert re.search(r"─ Argumenten ─", out) and re.search(r"─ Opties ─", out)
    assert "[verplicht]" in out
    top = mhcli("--help").out
    assert "Gebruik: mhcli [OPTIES] COMMANDO [ARGUMENTEN]..." in top
    assert "─ Commando's ─" in top
    assert INSTALL_HELP[:40] in top and SHOW_HELP[:40] in top


def test_install_completion_speaks_dutch(mhcli: Callable[..., Result],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import typer._completion_shared as shared

    def install(shell: str | None = None) -> tuple[str, Path]:
        return "bash", Path("/home/u/.bashrc")

    monkeypatch.setattr(shared, "install", install)
    # Detection reads the process tree, which a test run in the background does not have.
    monkeypatch.setattr(shared, "_get_shell_name", lambda: "bash")
    result = mhcli("--install-completion")
    assert result.err == "" and result.code == 0, result.err
    assert result.out == ("Tab-aanvulling voor bash is geïnstalleerd in /home/u/.bashrc.\n"
                          "Ze werkt in een nieuwe terminal.\n")


@pytest.mark.parametrize("args, message", [
    (["gemeenten", "--provinsie", "Zeeland"], "mhcli: onbekende optie '--provinsie'. Bedoelde u: "
     "--provincie?\nZie 'mhcli gemeenten --help' voor het gebruik.\n"),
    (["district"], "mhcli: DISTRICT ontbreekt.\nZie 'mhcli district --help' voor het gebruik.\n"),
    (["gemeenten", "--district"], "mhcli: optie '--district' verwacht een waarde.\n"
     "Zie 'mhcli gemeenten --help' voor het gebruik.\n"),
    (["zoekk", "x"], "mhcli: onbekend commando 'zoekk'. Bedoelde u 'zoek'?\n"
     "Zie 'mhcli --help' voor het gebruik.\n"),
    (["tholen"], "mhcli: onbekend commando 'tholen'. Bedoelde u 'mhcli route Tholen'?\n"
     "Zie 'mhcli --help' voor het gebruik.\n"),
    (["bergen-op-zoom"], "mhcli: onbekend commando 'bergen-op-zoom'. Bedoelde u 'mhcli route "
     "\"Bergen op Zoom\"'?\nZie 'mhcli --help' voor het gebruik.\n"),
    (["help"], "mhcli: onbekend commando 'help'.\nZie 'mhcli --help' voor het gebruik.\n"),
    (["--versie"], "mhcli: onbekende optie '--versie'. Bedoelde u: --version?\n"
     "Zie 'mhcli --help' voor het gebruik.\n"),
])
def test_usage_errors_point_to_the_subcommand_help(args: list[str], message: str,
                                                   mhcli: Callable[..., Result]) -> None:
    result = mhcli(*args)
    assert (result.code, result.out, result.err) == (2, "", message)


@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
def test_unsupported_shell_is_refused_in_dutch(option: str, mhcli: Callable[..., Result],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import typer._completion_shared as shared

    monkeypatch.setattr(shared, "_get_shell_name", lambda: "tcsh")
    result = mhcli(option)
    assert (result.code, result.out) == (2, "")
    assert result.err == ("mhcli: tab-aanvulling is er voor bash, zsh, fish en PowerShell; de "
                          "shell 'tcsh' wordt niet ondersteund.\n"
                          "Zie 'mhcli --help' voor het gebruik.\n")


def test_show_completion_prints_the_script(mhcli: Callable[..., Result],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import typer._completion_shared as shared

    monkeypatch.setattr(shared, "_get_shell_name", lambda: "bash")
    result = mhcli("--show-completion")
    assert result.code == 0
    assert "complete -o default -F _mhcli_completion mhcli" in result.out


def test_unknown_format_points_to_the_command(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Tholen", "--format", "pdf")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("mhcli: onbekend formaat 'pdf'; kies uit: tekst, json")
    assert result.err.endswith(".\nZie 'mhcli route --help' voor het gebruik.\n")
