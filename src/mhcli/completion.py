"""Tab completion: names from the validated register, matched as people type, quoted for the shell.

Completion runs on every Tab press, inside the user's shell: it must never hang, never print an
error and never offer a name from a register that ``mhcli`` itself would refuse to answer from.
So candidates come from ``mhcli.api.open_register`` (validated, cached), any failure means no
candidates, and the whole lookup has a time limit.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Marks a completion function that matches (case- and accent-insensitively) and quotes by itself;
# adapt() calls it directly, past typer's case-sensitive prefix filter.
UNFILTERED = "mhcli_unfiltered"

# A cold register (no cache yet) validates in well under a second; beyond this we give up.
TIME_LIMIT = 3.0
KINDS = ("gemeente", "district", "vorm")


class _TimeUp(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _TimeUp after ``seconds``; a no-op where signals are not available."""
    if not hasattr(signal, "setitimer") or threading.current_thread() != threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    earlier, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier:  # someone else's timer was running: give back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(earlier - (time.monotonic() - started),
                                                     0.001))


def data_option(ctx: Any) -> Path | None:
    """The ``--data`` given on the command line being completed, in this command or a parent."""
    while ctx is not None:
        value = getattr(ctx, "params", {}).get("data")
        if value:
            return Path(value)
        ctx = getattr(ctx, "parent", None)
    return None


def current_shell() -> str | None:
    """The shell asking, from click's protocol variable (``_MHCLI_COMPLETE=complete_bash``)."""
    instruction = os.environ.get("_MHCLI_COMPLETE", "")
    return instruction.partition("_")[2] or None


def _names(kind: str, data: Path | None) -> list[str]:
    from mhcli.api import open_register

    return open_register(data).namen(kind)


# The type given to our own candidates (click's CompletionItem.type): the shell classes below
# quote exactly these, and leave typer's own (commands, options, formats) as they are.
NAME = "mhcli-naam"


def _folded(text: str) -> str:
    """Case and accents folded, punctuation kept: what a name literally starts with."""
    from mhcli.names import normalize

    return "".join(normalize(ch) or ch for ch in text.lower())


def candidates(kind: str, incomplete: str, data: Path | None = None,
               before: tuple[str, ...] = (), literal: str | None = None) -> list[str]:
    """Names of ``kind`` that start with what was typed, unquoted; the shell quotes them.

    ``before`` are the words of a name typed without quotes before this one ('Bergen op'):
    a candidate is then the rest of the name. ``literal`` is the word as typed, quote marks
    and all ("'s-"): names that literally start with it come first (the quote may be the
    apostrophe of 's-Gravenpolder), else names that start with the typed letters, case,
    accents, spaces and punctuation aside. Never raises, never hangs: any failure, an invalid
    register included, means no candidates."""
    from mhcli.names import normalize, sleutel, without_article
    from mhcli.safe import clean_line

    try:
        with _time_limit(TIME_LIMIT):
            names = [n for n in _names(kind, data) if clean_line(n) == n]
        head = " ".join(before)
        typed = f"{head} {incomplete}" if head else incomplete
        tries = [f"{head} {literal}" if head else literal] if literal else []
        for attempt in [*tries, typed]:
            folded = _folded(attempt)
            found = [n for n in names if _folded(n).startswith(folded)]
            if found:
                break
        else:
            key = sleutel(typed)
            found = [n for n in names if sleutel(n).startswith(key)
                     or sleutel(without_article(normalize(n))).startswith(key)]
        if head:  # offer the words after those already typed
            skip = len(head.split())
            found = [" ".join(n.split()[skip:]) for n in found if len(n.split()) > skip]
        return list(dict.fromkeys(found))
    except Exception:  # _TimeUp, MhcliError, OSError, a broken cache: no candidates
        return []


# --- quoting, per shell ------------------------------------------------------------------------
# Everything bash would read as syntax; a backslash before it makes it literal.
_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&|;<>(){}\[\]*?#~=%^,:])""")
_PLAIN = re.compile(r"[A-Za-z0-9._/+-]+")


def open_quote(word: str) -> tuple[str, str] | None:
    """(the quote character, the literal text before it) when ``word`` as typed ends inside an
    unclosed quote; None otherwise."""
    quote, before, i = "", [], 0
    literal: list[str] = []
    while i < len(word):
        ch = word[i]
        if quote == "'":
            if ch == "'":
                quote = ""
            else:
                literal.append(ch)
        elif quote == '"':
            if ch == '"':
                quote = ""
            elif ch == "\\" and i + 1 < len(word) and word[i + 1] in '$`"\\':
                literal.append(word[i + 1])
                i += 1
            else:
                literal.append(ch)
        elif ch in "'\"":
            quote, before = ch, literal[:]
        elif ch == "\\" and i + 1 < len(word):
            literal.append(word[i + 1])
            i += 1
        else:
            literal.append(ch)
        i += 1
    return (quote, "".join(before)) if quote else None


def bash_word(name: str, typed: str) -> str:
    r"""What bash must insert for ``name`` when the word typed so far is ``typed``.

    bash inserts a candidate as given, in place of the word, or (when the word is inside an
    unclosed quote) of what follows that quote; it then adds the closing quote unless the line
    already ends in one. A candidate that starts with the quote character replaces the opening
    quote as well. So inside an open quote the candidate reopens that quote, holds the rest
    of the name quoted for it, and closes it itself: "'s-" + Tab gives ''\''s-Gravenpolder'
    (an empty string, an escaped apostrophe, the rest), which bash reads as 's-Gravenpolder."""
    state = open_quote(typed)
    if state is None:
        return _BASH_SPECIAL.sub(r"\\\1", name)
    quote, before = state
    rest = name[len(before):] if name.startswith(before) else name
    if quote == "'":
        return "'" + rest.replace("'", "'\\''") + "'"
    # Inside double quotes $ ` " \ need a backslash; ! cannot be escaped there (history
    # expansion), so it is written outside them.
    inner = re.sub(r'([$`"\\])', r"\\\1", rest).replace("!", '"\\!"')
    return f'"{inner}"'


def zsh_line(names: list[str]) -> str:
    """The zsh command that offers ``names``: compadd with every name as $'...' with each byte
    that is not a plain letter or digit as \\xHH, so that neither the shell's word splitting of
    typer's `eval $(...)` nor any character in a name can do anything; zsh itself quotes what it
    inserts for the word being completed (also inside a quote the person opened). -U: mhcli
    matched already, forgivingly; -Q is not given, so zsh does the quoting."""
    def literal(name: str) -> str:
        return "$'" + "".join(chr(b) if chr(b).isascii() and chr(b).isalnum() else f"\\x{b:02x}"
                              for b in name.encode("utf-8")) + "'"
    return "compadd -U -- " + " ".join(literal(n) for n in names) if names else ""


def powershell_word(name: str) -> str | None:
    """``name`` as PowerShell must receive it to insert it as one literal argument: PowerShell
    inserts completion text as given. A single-quoted string holds anything but a single quote
    (doubled; PowerShell also reads the typographic ones as quotes). None for what typer's
    script cannot carry (its separator ':::')."""
    if ":::" in name:
        return None
    if _PLAIN.fullmatch(name):
        return name
    return "'" + re.sub("([\u0027\u2018\u2019\u201a\u201b])", r"\1\1", name) + "'"


def install_shell_classes() -> None:
    """Our quoting for the four shells typer supports, in place of typer's (click's public
    completion-class registry); only our own candidates (type NAME) are treated differently."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import (
        BashComplete,
        FishComplete,
        PowerShellComplete,
        ZshComplete,
    )

    class Bash(BashComplete):
        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            words = os.environ.get("COMP_WORDS", "")
            # typer's script joins COMP_WORDS with newlines (its IFS); tests may use spaces.
            raw = words.split("\n") if "\n" in words else words.split(" ")
            cword = int(os.environ.get("COMP_CWORD", "0") or 0)
            typed = raw[cword] if cword < len(raw) else ""
            out = []
            for item in self.get_completions(args, incomplete):
                out.append(bash_word(item.value, typed) if item.type == NAME else item.value)
            return "\n".join(out)

    class Zsh(ZshComplete):
        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            items = self.get_completions(args, incomplete)
            if items and all(item.type == NAME for item in items):
                return zsh_line([item.value for item in items])
            return super().complete()

    class Fish(FishComplete):
        def format_completion(self, item: Any) -> str:
            # fish escapes what it inserts; a line break or tab would split the candidate.
            return item.value if item.type == NAME else super().format_completion(item)

    class PowerShell(PowerShellComplete):
        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            out = []
            for item in self.get_completions(args, incomplete):
                if item.type == NAME:
                    word = powershell_word(item.value)
                    if word is not None:
                        out.append(f"{word}::: ")
                else:
                    out.append(self.format_completion(item))
            return "\n".join(out)

    for cls, names in ((Bash, ("bash",)), (Zsh, ("zsh",)), (Fish, ("fish",)),
                       (PowerShell, ("powershell", "pwsh"))):
        for shell in names:
            add_completion_class(cls, shell)


def typed_word() -> str | None:
    """The word being completed exactly as typed, quote marks included, where the shell's
    protocol gives it (bash: COMP_WORDS; zsh and fish: the command line; PowerShell: the word)."""
    shell = current_shell()
    if shell == "bash":
        words = os.environ.get("COMP_WORDS", "")
        raw = words.split("\n") if "\n" in words else words.split(" ")
        cword = int(os.environ.get("COMP_CWORD", "0") or 0)
        return raw[cword] if cword < len(raw) else ""
    if shell in ("powershell", "pwsh"):
        return os.environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE")
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    return "" if not line or line.endswith(" ") else line.rsplit(" ", 1)[-1]


# --- typer's completion, adapted ----------------------------------------------------------------
# Not the Dutch layer's business and not public typer either: typer offers no hook for these.

INSTALL_HELP = "Installeer tab-aanvulling voor de huidige shell (bash, zsh, fish, PowerShell)."
SHOW_HELP = "Toon het aanvulscript voor de huidige shell, om het zelf te installeren."
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def adapt(command: Any) -> Any:
    """Our completion functions unfiltered, and typer's --install-completion and
    --show-completion in Dutch, on ``command`` and all its subcommands; returns it."""
    from typer.core import TyperGroup, TyperOption

    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            adapt(sub)
    for param in command.params:
        _unfiltered(param)
        if not isinstance(param, TyperOption):
            continue
        if param.name == "install_completion":
            param.help = INSTALL_HELP
            param.callback = _install_completion
        elif param.name == "show_completion":
            param.help = SHOW_HELP
            param.callback = _show_completion
    return command


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


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """typer's own callbacks print English and call sys.exit; these speak Dutch."""
    import sys

    import typer

    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=_shell(value))
    sys.stdout.write(f"Tab-aanvulling voor {shell} is geïnstalleerd in {path}.\n"
                     "Ze werkt in een nieuwe terminal.\n")
    raise typer.Exit(0)


def _show_completion(ctx: Any, param: Any, value: Any) -> Any:
    import sys

    import typer

    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import get_completion_script

    sys.stdout.write(get_completion_script(prog_name="mhcli", complete_var="_MHCLI_COMPLETE",
                                           shell=_shell(value)) + "\n")
    raise typer.Exit(0)


def _unfiltered(param: Any) -> None:
    """typer keeps only candidates that start with the typed text, case-sensitively: that
    drops 'Tholen' for 'th' and every shell-quoted name. Call our own function directly instead."""
    hook = getattr(param, "_custom_shell_complete", None)
    for cell in getattr(hook, "__closure__", None) or ():
        own = getattr(cell.cell_contents, "__wrapped__", None)
        if getattr(own, UNFILTERED, False):
            from typer._click.shell_completion import CompletionItem

            def complete(ctx: Any, _param: Any, incomplete: str,
                         own: Any = own) -> list[CompletionItem]:
                return [CompletionItem(value, type=NAME) for value in own(ctx, incomplete)]

            param._custom_shell_complete = complete
            return
