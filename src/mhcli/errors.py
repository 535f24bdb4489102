"""The tool's one exception family and its exit codes (README, 'Afsluitcodes')."""

from __future__ import annotations

from collections.abc import Sequence

EXIT_OK = 0
EXIT_REGISTER = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_GIT = 4
EXIT_ACTIE = 5  # controleer: a source is kapot or a number is no longer on its page
EXIT_GEEN_VERBINDING = 6  # controleer: no source answered at all (the network, not the sources)
EXIT_BUG = 70  # sysexits EX_SOFTWARE: a bug in mhcli
EXIT_OUTPUT = 74  # sysexits EX_IOERR: the answer could not be written
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


class MhcliError(Exception):
    """Something that stops a command; the message is Dutch and meant for the user."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class NotFound(MhcliError):
    """A municipality, district or form that the register does not hold."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, suggestions: list[str] | None = None,
                 bronnen: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
        self.bronnen = tuple(bronnen)  # the sources the answer rests on (the CBS list, ...)


class RegisterInvalid(MhcliError):
    """The register has errors; no query may answer from it."""

    exit_code = EXIT_REGISTER

    def __init__(self, message: str, findings: Sequence[object]) -> None:
        super().__init__(message)
        self.findings = list(findings)


class GitError(MhcliError):
    """Not a git repository, an unknown revision, or no register at a revision."""

    exit_code = EXIT_GIT


class NotInGit(GitError):
    """The register folder is not in a git repository: there is no history to read (the site
    then leaves history out rather than failing)."""
