"""mhcli: register en opdrachtregel voor de regionale aanpak mensenhandel Zeeland-West-Brabant."""

from typing import TYPE_CHECKING

from mhcli.version import __version__

if TYPE_CHECKING:
    from mhcli.api import Register, open_register, valideer
    from mhcli.changes import diff

__all__ = ["Register", "__version__", "diff", "open_register", "valideer"]


def __getattr__(name: str) -> object:
    # The library's front door, imported on first use so that `mhcli --version` stays instant.
    if name in ("open_register", "valideer", "Register"):
        from mhcli import api

        return getattr(api, name)
    if name == "diff":
        from mhcli.changes import diff

        return diff
    raise AttributeError(f"module 'mhcli' has no attribute {name!r}")
