"""The signal route's steps and roles: a task belongs to a step before it, a role id is unique."""

from __future__ import annotations

from typing import Any

from mhcli.findings import FOUT
from mhcli.validation.context import Context, Regel
from mhcli.validation.verwijzingen import DUBBEL_ID

TAAK_VAN = Regel(
    "taak-van", FOUT, "Taak zonder eerdere stap",
    "Een stap met `taak_van` is een taak binnen een eerdere stap: `taak_van` noemt de `rol` van "
    "een stap die vóór haar staat (en zelf geen taak is). Verbeter de rol of zet de taak na "
    "haar stap.")

TITEL = "Signaalroute"

REGELS = (TAAK_VAN,)  # a role id twice is dubbel-id (verwijzingen)


def check(ctx: Context) -> None:
    regio = ctx.regio
    if regio is None:
        return
    seen: set[str] = set()
    for i, _stap in ctx.items(regio, ("signaalroute", "stappen")):
        parent = ctx.text(regio, ("signaalroute", "stappen", i, "taak_van"))
        if parent is not None and parent not in seen:
            ctx.add(regio, ("signaalroute", "stappen", i, "taak_van"), TAAK_VAN,
                    f"taak_van '{parent}': geen eerdere stap met rol '{parent}'; een taak hoort "
                    "bij een stap die vóór haar staat.")
        rol = ctx.text(regio, ("signaalroute", "stappen", i, "rol"))
        if rol is not None and parent is None:
            seen.add(rol)
    ids: dict[str, tuple[Any, ...]] = {}
    for i, _rol in ctx.items(regio, ("signaalroute", "rollen")):
        path = ("signaalroute", "rollen", i, "id")
        ident = ctx.text(regio, path)
        if ident is None:
            continue
        if ident in ids:
            ctx.add(regio, path, DUBBEL_ID, f"id '{ident}' staat al in 'signaalroute.rollen' "
                    f"({ctx.where(regio, ids[ident])}); elk id is uniek.",
                    zie_ook=(ctx.plek(regio, ids[ident]),))
        else:
            ids[ident] = path
