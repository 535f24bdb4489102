"""Dutch for everything click and typer print themselves: help, usage line, usage errors.

Written against typer 0.28 and the click it vendors as ``typer._click`` (tests/test_dutch.py pins
the version). The vendored click has no gettext, so its English is reached where it lives, each
in the narrowest way that exists, on the command tree of this run (``translate``):

- the usage prefix ("Usage: ") and the ``[OPTIONS]``/``COMMAND`` metavars: a Context subclass with
  a Dutch HelpFormatter, set as ``context_class`` of every command;
- the help option, created lazily per command: its text is set when that command's context is made;
- ``<str>``/``TEXT`` for text parameters: a string type that names no metavar;
- typer's rich help panels read module constants of ``typer.rich_utils`` at render time: those
  are set just before a help page is rendered (importing rich only then keeps start-up lazy);
- ``--install-completion``/``--show-completion``: Dutch help and callbacks;
- usage errors: the exception classes, mapped to Dutch sentences in ``usage_message``.

Also here, because it is the same kind of adaptation to typer's internals: typer drops completion
candidates that do not start with the typed text, case-sensitively; our own completion functions
(marked ``UNFILTERED``) are called directly instead.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperGroup, TyperOption

HELP_TEXT = "Toon deze hulp en stop."
OPTIONS_METAVAR = "[OPTIES]"
SUBCOMMAND_METAVAR = "COMMANDO [ARGUMENTEN]..."
INSTALL_HELP = "Installeer tab-aanvulling voor de huidige shell (bash, zsh, fish, PowerShell)."
SHOW_HELP = "Toon het aanvulscript voor de huidige shell, om het zelf te installeren."

# typer writes a required argument as {GEMEENTE} in the usage line: braces read as noise.
_BRACED = re.compile(r"\{([^{}\s]+)\}")


_HEADINGS = {"Options": "Opties", "Arguments": "Argumenten", "Commands": "Commando's"}


class _Formatter(click.HelpFormatter):
    """click's plain help (used below 80 columns), in Dutch and never splitting a word: each
    term on a line of its own and its text under it, wrapped at spaces only."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _BRACED.sub(r"\1", args),
                            "Gebruik: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        import textwrap

        width = max((self.width or 80) - self.current_indent - 4, 20)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}\n")
            text = text.replace("[required]", "[verplicht]")
            for line in textwrap.wrap(text, width, break_long_words=False,
                                      break_on_hyphens=False):
                self.write(f"{'':>{self.current_indent + 4}}{line}\n")


class DutchContext(typer.Context):
    """A context whose help page and usage line are Dutch."""

    formatter_class = _Formatter

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        option = self.command.get_help_option(self)
        if option is not None:
            option.help = HELP_TEXT

    def get_help(self) -> str:
        from mhcli.streams import terminal_width

        # rich's panels cut words short ('seksuele…') when narrow; below 80 columns click's
        # plain help wraps at spaces and keeps every word whole.
        if terminal_width() < 80 and hasattr(self.command, "rich_markup_mode"):
            self.command.rich_markup_mode = None
            self.terminal_width = terminal_width() - 1  # click would not go below 50
        _rich_titles()
        return super().get_help()


class _Text(click.types.StringParamType):
    """Plain text whose type is not shown as ``<str>`` or ``TEXT`` in the help."""

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return ""


def _rich_titles() -> None:
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is a dependency; without it click's plain help
        return

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
    rich_utils.OPTIONS_PANEL_TITLE = "Opties"
    rich_utils.COMMANDS_PANEL_TITLE = "Commando's"
    rich_utils.ERRORS_PANEL_TITLE = "Fout"
    rich_utils.DEFAULT_STRING = "[standaard: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[verplicht]"
    rich_utils.ENVVAR_STRING = "[omgevingsvariabele: {}]"
    rich_utils.DEPRECATED_STRING = "(verouderd) "
    rich_utils.ABORTED_TEXT = "Afgebroken."
    rich_utils.RICH_HELP = "Zie [blue]'{command_path} {help_option}'[/] voor het gebruik."


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell(value: Any) -> str:
    """The shell to install completion for: given, or detected; refused in Dutch if unknown."""
    from mhcli.errors import MhcliError

    shell = value if isinstance(value, str) else None
    if shell is None:
        from typer._completion_shared import _get_shell_name

        shell = _get_shell_name()
    if shell not in SHELLS:
        raise MhcliError(f"tab-aanvulling is er voor bash, zsh, fish en PowerShell; de shell "
                         f"'{shell or 'onbekend'}' wordt niet ondersteund.")
    return shell


def _install_completion(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """typer's own callbacks print English and call sys.exit; these speak Dutch."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=_shell(value))
    sys.stdout.write(f"Tab-aanvulling voor {shell} is geïnstalleerd in {path}.\n"
                     "Ze werkt in een nieuwe terminal.\n")
    raise typer.Exit(0)


def _show_completion(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import get_completion_script

    sys.stdout.write(get_completion_script(prog_name="mhcli", complete_var="_MHCLI_COMPLETE",
                                           shell=_shell(value)) + "\n")
    raise typer.Exit(0)


def translate(command: click.Command) -> click.Command:
    """Make ``command`` and all its subcommands speak Dutch; returns it."""
    command.context_class = DutchContext
    command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            translate(sub)
    for param in command.params:
        _unfiltered(param)
        if type(param.type) is click.types.StringParamType:
            param.type = _Text()
        if not isinstance(param, TyperOption):
            continue
        if param.name == "install_completion":
            param.help = INSTALL_HELP
            param.callback = _install_completion
        elif param.name == "show_completion":
            param.help = SHOW_HELP
            param.callback = _show_completion
    return command


# Marks a completion function that matches (case- and accent-insensitively) and quotes by itself.
UNFILTERED = "mhcli_unfiltered"


def _unfiltered(param: click.Parameter) -> None:
    """typer 0.28 keeps only candidates that start with the typed text, case-sensitively: that
    drops 'Tholen' for 'th' and every shell-quoted name. Call our own function directly instead."""
    hook = getattr(param, "_custom_shell_complete", None)
    for cell in getattr(hook, "__closure__", None) or ():
        own = getattr(cell.cell_contents, "__wrapped__", None)
        if getattr(own, UNFILTERED, False):
            from typer._click.shell_completion import CompletionItem

            def complete(ctx: click.Context, _param: click.Parameter, incomplete: str,
                         own: Any = own) -> list[CompletionItem]:
                from mhcli.completion import NAME

                return [CompletionItem(value, type=NAME) for value in own(ctx, incomplete)]

            param._custom_shell_complete = complete
            return


def usage_message(exc: click.exceptions.UsageError) -> str:
    """click's English usage error as one Dutch sentence (without 'mhcli: ')."""
    errors = click.exceptions
    if isinstance(exc, errors.NoSuchOption):
        message = f"onbekende optie '{exc.option_name}'."
        if exc.possibilities:
            message += f" Bedoelde u: {' of '.join(sorted(exc.possibilities))}?"
        return message
    if isinstance(exc, errors.MissingParameter):
        name = exc.param.make_metavar(exc.ctx) if exc.param and exc.ctx else "een argument"
        return f"{name.removesuffix('...')} ontbreekt."
    if isinstance(exc, errors.BadOptionUsage):
        return f"optie '{exc.option_name}' verwacht een waarde."
    if isinstance(exc, errors.BadParameter):
        # mhcli's parameters are text, paths and flags: click converts them without complaint,
        # so a BadParameter comes from one of our own checks and is Dutch already.
        return exc.message
    text = str(exc)
    if text.startswith("Got unexpected extra argument"):
        return f"onverwacht extra argument {text[text.rfind('('):]}".strip()
    for english, dutch in (("No such command", "onbekend commando"),
                           ("Missing command", "geen commando gegeven")):
        if text.startswith(english):
            return (dutch + text[len(english):]).replace(". Did you mean", ". Bedoelde u")
    return f"ongeldig gebruik: {text}"
