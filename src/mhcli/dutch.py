"""Dutch for everything typer prints itself: help pages, usage lines, usage errors.

Through typer's public means only. typer (since 0.26) vendors click as ``typer._click``, which its
maintainers call private and which has no gettext calls left, so click's own English is met
where click lets an application change it:

- typer's own words (panel titles, headings, ``[verplicht]``, 'No such command') go through
  ``gettext.gettext``, the process's text domain: ``speak_dutch`` binds mhcli's Dutch catalogue
  (``locale/nl/LC_MESSAGES/mhcli.po``, compiled to .mo when the package is built) as that domain;
- the usage line, the help option's text and the plain help below 80 columns: a ``typer.Context``
  subclass (click's ``context_class``), with click's public ``make_formatter``,
  ``get_help_option`` and ``get_help``; the metavars through click's ``options_metavar`` and
  ``subcommand_metavar``;
- usage errors: caught as ``typer.TyperException`` (the base typer exports) and told apart by
  the attributes click documents for each, into Dutch sentences (``usage_message``).
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

HELP_TEXT = "Toon deze hulp en stop."
OPTIONS_METAVAR = "[OPTIES]"
SUBCOMMAND_METAVAR = "COMMANDO [ARGUMENTEN]..."
DOMAIN = "mhcli"
LOCALE = Path(__file__).parent / "locale"

# typer writes a required argument as {GEMEENTE} in the usage line: braces read as noise.
_BRACED = re.compile(r"\{([^{}\s]+)\}")


@contextmanager
def speak_dutch() -> Iterator[None]:
    """typer's gettext calls answer from mhcli's Dutch catalogue while this lasts.

    gettext picks the language from LANGUAGE (then LC_ALL, LC_MESSAGES, LANG); mhcli speaks
    Dutch whatever the person's locale, so LANGUAGE is 'nl' for the run (and the programs it
    starts: git and less print nothing mhcli reads in another language)."""
    import gettext

    before = os.environ.get("LANGUAGE"), gettext.textdomain()
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "nl"
    try:
        yield
    finally:
        if before[0] is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before[0]
        gettext.textdomain(before[1])


class DutchContext(typer.Context):
    """A context whose help page and usage line are Dutch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        option = self.command.get_help_option(self)
        if option is not None:
            option.help = HELP_TEXT

    def make_formatter(self) -> Any:
        formatter = super().make_formatter()
        write_usage = formatter.write_usage

        def usage(prog: str, args: str = "", prefix: str | None = None) -> None:
            write_usage(prog, _BRACED.sub(r"\1", args), "Gebruik: " if prefix is None else prefix)

        def rows(rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
            """click's plain help (below 80 columns) never splitting a word: each term on a
            line of its own and its text under it, wrapped at spaces only."""
            width = max((formatter.width or 80) - formatter.current_indent - 4, 20)
            for term, text in rows:
                formatter.write(f"{'':>{formatter.current_indent}}{term}\n")
                for line in textwrap.wrap(text, width, break_long_words=False,
                                          break_on_hyphens=False):
                    formatter.write(f"{'':>{formatter.current_indent + 4}}{line}\n")

        # click's documented formatter methods, replaced on this one formatter
        formatter.write_usage = usage  # type: ignore[method-assign]
        formatter.write_dl = rows  # type: ignore[method-assign]
        return formatter

    def get_help(self) -> str:
        from mhcli.streams import terminal_width

        # rich's panels cut words short ('seksuele…') when narrow; below 80 columns click's
        # plain help wraps at spaces and keeps every word whole.
        if terminal_width() < 80 and hasattr(self.command, "rich_markup_mode"):
            self.command.rich_markup_mode = None
            self.terminal_width = terminal_width() - 1  # click would not go below 50
        return super().get_help()


def _unwrapped(text: str) -> str:
    """Each paragraph of a docstring on one line: typer's rich help keeps the source's line
    breaks after the first paragraph and wraps again, which breaks lines mid-sentence."""
    import inspect

    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n"))


def translate(command: Any) -> Any:
    """Make ``command`` (typer.main.get_command's) and all its subcommands speak Dutch."""
    command.context_class = DutchContext
    command.options_metavar = OPTIONS_METAVAR
    if command.help:
        command.help = _unwrapped(command.help)
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            translate(sub)
    return command


def usage_message(exc: Any) -> str:
    """click's usage error as one Dutch sentence (without 'mhcli: ').

    Told apart by the attributes click documents for each error, not by its classes: typer
    vendors click as the private ``typer._click`` and exports only ``TyperException`` (their
    base) and ``BadParameter``."""
    option = getattr(exc, "option_name", None)
    if option is not None and hasattr(exc, "possibilities"):  # NoSuchOption
        message = f"onbekende optie '{option}'."
        if exc.possibilities:
            message += f" Bedoelde u: {' of '.join(sorted(exc.possibilities))}?"
        return message
    if isinstance(exc, typer.BadParameter) and hasattr(exc, "param_type"):  # MissingParameter
        param = exc.param
        name = (param.metavar or param.human_readable_name) if param else "een argument"
        return _BRACED.sub(r"\1", name).removesuffix("...") + " ontbreekt."
    if option is not None:  # BadOptionUsage
        return f"optie '{option}' verwacht een waarde."
    if isinstance(exc, typer.BadParameter):
        # mhcli's parameters are text, paths and flags: click converts them without complaint,
        # so a BadParameter comes from one of our own checks and is Dutch already.
        return str(exc.message)
    text = str(exc.message)
    if text.startswith("Got unexpected extra argument"):
        return f"onverwacht extra argument {text[text.rfind('('):]}".strip()
    # typer's own sentences come from the catalogue; its suggestion does not.
    return text.replace(". Did you mean", ". Bedoelde u")
