"""What a name people type means: a gemeente of the register, a woonplaats in one, a district,
or a place outside the region. A signal arrives with a place name; no answer is a dead end.

The CBS reference data (mhcli.places) is read only when the register itself has no match, and
woonplaatsen are tied to the register's gemeenten by CBS code, never by name.
"""

from __future__ import annotations

from mhcli.errors import MhcliError, NotFound
from mhcli.names import cbs_key, normalize
from mhcli.register import Gemeente, Register

CBS = ("cbs-woonplaatsen",)  # the id of the bundled CBS reference data (its bron.json)


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def buiten_de_regio(register: Register) -> str | None:
    """Why 'outside the region' is an inference, when it is: the source states more gemeenten
    than it names, and the register supposes which the others are. None: nothing to add."""
    named = len(register.alle_gemeenten())
    stated = register.aantal_gemeenten
    if stated is None or stated <= named:
        return None
    return (f"afgeleid: de bron noemt {stated} gemeenten maar somt er {named} op; welke de "
            f"andere {stated - named} zijn, is niet bevestigd")


def _outside(register: Register) -> str:
    why = buiten_de_regio(register)
    return f" ({why})" if why else ""


def _outside_bronnen(register: Register) -> tuple[str, ...]:
    """The CBS list says where a place lies; the register's own source says what the region
    is, when 'outside' is an inference from it."""
    return (*CBS, *(b for b in (register.bron,) if b and buiten_de_regio(register)))


def gemeente(register: Register, query: str) -> tuple[Gemeente, dict[str, str] | None]:
    """The gemeente for ``query``, and how it was found (None: by its own name or code)."""
    if not normalize(query):
        raise MhcliError("geef de naam of CBS-code van een gemeente, of een woonplaats.")
    try:
        return register.gemeente(query), None
    except NotFound as exc:
        miss = exc
    shown = query.strip()
    try:
        district = register.district(query)
    except NotFound:
        pass
    else:
        leden = sorted(g.naam for g in district.gemeenten)
        raise NotFound(f"'{shown}' is een district, geen gemeente. Een signaal gaat via de "
                       f"gemeente; kies een van de gemeenten van {district.naam}: "
                       f"{_names(leden)}.")
    from mhcli import places

    found = places.find(query)
    by_code = {g.cbs_code: g for g in register.alle_gemeenten() if g.cbs_code}
    here = {w.gemeente_code: w for w in found.woonplaatsen if w.gemeente_code in by_code}
    if len(here) == 1:
        woonplaats = next(iter(here.values()))
        found_as = {"soort": "woonplaats", "naam": woonplaats.naam}
        elsewhere = sorted({_gemeente_naam(w.gemeente_code) for w in found.woonplaatsen
                            if w.gemeente_code not in by_code})
        if elsewhere:  # the same name outside the region: say so, never answer silently
            found_as["ook_buiten_de_regio"] = ", ".join(elsewhere)
            why = buiten_de_regio(register)
            if why:
                found_as["toelichting"] = why
        return by_code[woonplaats.gemeente_code], found_as
    if len(here) > 1:
        choices = sorted(by_code[code].naam for code in here)
        raise NotFound(f"'{shown}' is een woonplaats in meer gemeenten: {_names(choices)}. "
                       "Kies de gemeente.", choices, bronnen=CBS)
    unnamed = {g.cbs_code: g for g in register.niet_genoemd if g.cbs_code}
    code = cbs_key(query)
    if any(normalize(query) == normalize(g.naam) or code == g.cbs_code
           for g in register.niet_genoemd) or any(g.code in unnamed for g in found.gemeenten):
        raise miss  # Alphen-Chaam and Baarle-Nassau: the register says why
    for w in found.woonplaatsen:
        if w.gemeente_code in unnamed:
            g = unnamed[w.gemeente_code]
            raise NotFound(f"'{shown}' is een woonplaats in gemeente {g.naam}: "
                           f"{g.toelichting or 'die staat niet in het register.'}",
                           bronnen=(*CBS, *(b for b in (g.bron,) if b)))
    region = register.naam
    if found.gemeenten:
        names = sorted({g.naam for g in found.gemeenten})
        raise NotFound(f"gemeente {_names(names)} ligt buiten de regio {region}"
                       f"{_outside(register)}; dit register kent alleen de route binnen de "
                       "regio.", bronnen=_outside_bronnen(register))
    if found.woonplaatsen:
        outside = sorted({f"{w.naam} (gemeente {_gemeente_naam(w.gemeente_code)})"
                          for w in found.woonplaatsen})
        raise NotFound(f"woonplaats {_names(outside)} ligt buiten de regio {region}"
                       f"{_outside(register)}; dit register kent alleen de route binnen de "
                       "regio.", bronnen=_outside_bronnen(register))
    if miss.message.startswith("geen gemeente met CBS-code"):
        raise miss
    extra = [g.naam for g in register.alle_gemeenten()]
    extra += [d.naam for d in register.districten.values()]
    raise NotFound(f"'{shown}' is geen gemeente, woonplaats of district die mhcli kent.",
                   places.suggest(query, extra))


def _gemeente_naam(code: str) -> str:
    from mhcli import places

    found = places.gemeente_by_code(code)
    return found.naam if found else code
