"""Checking the register against the web: does every source still answer, and does every phone
number still stand on its source's page?

Per source one status: ``ok``; ``let op`` (it answers, but moved, is slow, or refuses an
automatic check); ``kapot`` (4xx or 5xx, no DNS, no TLS, no answer in time, a redirect loop or a
redirect to something that is not http(s)); ``ontbreekt`` (no address in the register). Per
number: ``gevonden``, ``niet gevonden`` (the page answers but does not show it: perhaps the
number changed), or ``niet te controleren`` (no address, the page is broken, not a web page, or
larger than was read and the number is not in the part that was).

Reads the register; writes nothing, anywhere. The visiting itself is ``mhcli.fetch``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from mhcli.errors import EXIT_ACTIE, EXIT_GEEN_VERBINDING
from mhcli.fetch import Visit, Visitor, host_of
from mhcli.parsed import Document, LoadedRegister
from mhcli.phones import Page, decode, national

OK, LET_OP, KAPOT, ONTBREEKT = "ok", "let op", "kapot", "ontbreekt"
GEVONDEN, NIET_GEVONDEN, NIET_TE_CONTROLEREN = "gevonden", "niet gevonden", "niet te controleren"
STATUSES = (KAPOT, LET_OP, OK, ONTBREEKT)
NUMMER_STATUSES = (NIET_GEVONDEN, NIET_TE_CONTROLEREN, GEVONDEN)

_REFUSING = (401, 403, 429)  # the page may be fine for people; a machine was turned away
_PERMANENT = (301, 308)
_READABLE = ("text/html", "application/xhtml+xml", "text/plain")


def _phrase(status: int) -> str:
    try:
        return f"HTTP {status} ({HTTPStatus(status).phrase})"
    except ValueError:
        return f"HTTP {status}"


@dataclass(frozen=True)
class BronUitslag:
    """One source: its status and, in Dutch, why."""

    id: str
    titel: str
    url: str | None
    status: str
    redenen: tuple[str, ...]
    http_status: int | None
    eind_url: str | None
    seconden: float | None
    bestand: str
    regel: int | None

    @property
    def plek(self) -> str:
        return f"{self.bestand}:{self.regel}" if self.regel else self.bestand

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "titel": self.titel, "url": self.url, "status": self.status,
                "redenen": list(self.redenen), "http_status": self.http_status,
                "eind_url": self.eind_url,
                "seconden": None if self.seconden is None else round(self.seconden, 2),
                "bestand": self.bestand, "regel": self.regel}


@dataclass(frozen=True)
class NummerUitslag:
    """One phone number of the register: does its source's page still show it?"""

    telefoon: str
    naam: str
    bron: str | None
    url: str | None
    status: str
    reden: str | None
    elders: tuple[str, ...]  # numbers on the page that look like it: perhaps its replacement
    bestand: str
    regel: int | None

    @property
    def plek(self) -> str:
        return f"{self.bestand}:{self.regel}" if self.regel else self.bestand

    def as_json(self) -> dict[str, Any]:
        return {"telefoon": self.telefoon, "naam": self.naam, "bron": self.bron, "url": self.url,
                "status": self.status, "reden": self.reden, "elders": list(self.elders),
                "bestand": self.bestand, "regel": self.regel}


@dataclass(frozen=True)
class Controle:
    """The outcome of one check of every source and every number."""

    datum: str
    bronnen: list[BronUitslag]
    nummers: list[NummerUitslag]
    verbinding: bool  # False: no source answered at all

    def telling(self) -> dict[str, int]:
        return {s: sum(b.status == s for b in self.bronnen) for s in STATUSES}

    def nummer_telling(self) -> dict[str, int]:
        return {s: sum(n.status == s for n in self.nummers) for s in NUMMER_STATUSES}

    @property
    def afsluitcode(self) -> int:
        if not self.verbinding:
            return EXIT_GEEN_VERBINDING
        if any(b.status == KAPOT for b in self.bronnen) \
                or any(n.status == NIET_GEVONDEN for n in self.nummers):
            return EXIT_ACTIE
        return 0

    def as_json(self) -> dict[str, Any]:
        return {"datum": self.datum, "verbinding": self.verbinding,
                "telling": {"bronnen": self.telling(), "nummers": self.nummer_telling()},
                "bronnen": [b.as_json() for b in self.bronnen],
                "nummers": [n.as_json() for n in self.nummers]}


# --- classifying ---------------------------------------------------------------------------

def _moves(visit: Visit) -> list[str]:
    """What the redirects of a visit mean for the address in the register."""
    redirects = [hop for hop in visit.hops if 300 <= hop.status < 400]
    if not redirects:
        return []
    target = redirects[-1].location or visit.final_url
    permanent = all(hop.status in _PERMANENT for hop in redirects)
    codes = ", ".join(str(hop.status) for hop in redirects)
    if permanent:
        line = f"verplaatst naar {target} (HTTP {codes}); zet dat adres in het register"
    else:
        line = f"doorverwezen naar {target} (HTTP {codes}, tijdelijk)"
    notes = [line]
    if host_of(target) != host_of(visit.url):
        notes.append(f"let op: dat is een ander domein ({host_of(target)}); kijk of het nog de "
                     "bedoelde organisatie is")
    if visit.url.lower().startswith("https:") and target.lower().startswith("http:"):
        notes.append("let op: van https naar http (onbeveiligd)")
    return notes


def classify(visit: Visit, slow: float) -> tuple[str, list[str]]:
    """The status of a source whose address was visited, and the reasons, in Dutch."""
    if visit.error is not None:
        return (LET_OP if visit.kind == "overgeslagen" else KAPOT), [visit.error]
    code = visit.status or 0
    moved = len(visit.hops) > 1
    if code in _REFUSING:
        why = (f"te veel verzoeken, {_phrase(code)}" if code == 429
               else f"de server weigert de automatische controle, {_phrase(code)}")
        if visit.retry_after is not None:
            why += f"; de server vraagt {visit.retry_after:.0f} s te wachten"
        return LET_OP, [f"{why}; bekijk de pagina met de hand", *_moves(visit)]
    if code >= 400:
        return KAPOT, [_phrase(code), *([f"na doorverwijzing naar {visit.final_url}"]
                                        if moved else [])]
    if not 200 <= code < 300:
        return LET_OP, [f"onverwacht antwoord, {_phrase(code)}", *_moves(visit)]
    attention = _moves(visit)
    if visit.seconds > slow:
        attention.append(f"traag: {visit.seconds:.1f} s (grens {slow:g} s)".replace(".", ","))
    notes = ([f"groter dan {_mib(len(visit.body))}; alleen dat begin is gelezen"]
             if visit.truncated else [])
    return (LET_OP if attention else OK), attention + notes


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:g} MiB".replace(".", ",")


def _page(visit: Visit) -> tuple[Page | None, str | None]:
    """The readable page of a visit, or why there is none (for the numbers)."""
    if visit.error is not None or not 200 <= (visit.status or 0) < 300:
        return None, "de bronpagina is niet bereikbaar"
    kind = (visit.content_type or "").split(";")[0].strip().lower()
    if kind and kind not in _READABLE:
        return None, f"de bron is geen webpagina maar {kind}; kijk het nummer met de hand na"
    text = decode(visit.body, visit.content_type)
    return (Page(text) if kind == "text/plain" else Page.from_html(text)), None


# --- what the register holds ---------------------------------------------------------------

@dataclass(frozen=True)
class _Number:
    telefoon: str
    naam: str
    bron: str | None
    doc: Document
    path: tuple[Any, ...]


def _numbers(doc: Document, data: Any, path: tuple[Any, ...] = (),
             bron: str | None = None) -> Iterator[_Number]:
    """Every mapping with a ``telefoon`` in a document, with the nearest ``bron`` above it."""
    if isinstance(data, dict):
        own = data.get("bron")
        bron = own if isinstance(own, str) else bron
        telefoon = data.get("telefoon")
        if isinstance(telefoon, str):
            naam = data.get("naam") or data.get("id") or "?"
            yield _Number(telefoon, str(naam), bron, doc, (*path, "telefoon"))
        for key, value in data.items():
            yield from _numbers(doc, value, (*path, key), bron)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _numbers(doc, item, (*path, i), bron)


def _line(doc: Document, path: tuple[Any, ...]) -> int | None:
    position = doc.position(path)
    return position[0] if position else None


def check(loaded: LoadedRegister, visitor: Visitor, *, datum: str, slow: float,
          progress: Callable[[int, int, str], None] | None = None) -> Controle:
    """Visit every source address once (in register order) and judge sources and numbers."""
    regio = loaded.regio
    if regio is None:  # a register that opened is valid, so it has a regio.yaml
        return Controle(datum, [], [], True)
    docs = [regio, *(doc for _, doc in loaded.districten)]
    items = regio.data.get("bronnen") if isinstance(regio.data, dict) else None
    sources = [(i, b) for i, b in enumerate(items if isinstance(items, list) else [])
               if isinstance(b, dict) and isinstance(b.get("id"), str)]
    urls = list(dict.fromkeys(b["url"] for _, b in sources if isinstance(b.get("url"), str)))
    visits: dict[str, Visit] = {}
    for n, url in enumerate(urls, 1):
        if progress is not None:
            progress(n, len(urls), url)
        visits[url] = visitor.visit(url)

    bronnen: list[BronUitslag] = []
    by_id: dict[str, str | None] = {}
    for i, bron in sources:
        url = bron.get("url") if isinstance(bron.get("url"), str) else None
        by_id[bron["id"]] = url
        line = _line(regio, ("bronnen", i, "url") if url else ("bronnen", i))
        titel = str(bron.get("titel") or bron["id"])
        if url is None:
            bronnen.append(BronUitslag(bron["id"], titel, None, ONTBREEKT,
                                       ("geen adres in het register",), None, None, None,
                                       regio.display, line))
            continue
        visit = visits[url]
        status, reasons = classify(visit, slow)
        bronnen.append(BronUitslag(bron["id"], titel, url, status, tuple(reasons), visit.status,
                                   visit.final_url if visit.hops else None,
                                   visit.seconds, regio.display, line))

    found = [number for doc in docs for number in _numbers(doc, doc.data)]
    known = {national(number.telefoon) for number in found}
    pages: dict[str, tuple[Page | None, str | None]] = {}
    nummers: list[NummerUitslag] = []
    for number in found:
        url = by_id.get(number.bron) if number.bron else None
        where = (number.doc.display, _line(number.doc, number.path))
        if url is None:
            why = ("de bron heeft geen adres" if number.bron in by_id
                   else "het nummer noemt geen bron")
            nummers.append(NummerUitslag(number.telefoon, number.naam, number.bron, None,
                                         NIET_TE_CONTROLEREN, why, (), *where))
            continue
        if url not in pages:
            pages[url] = _page(visits[url])
        page, why_not = pages[url]
        if page is None:
            nummers.append(NummerUitslag(number.telefoon, number.naam, number.bron, url,
                                         NIET_TE_CONTROLEREN, why_not, (), *where))
        elif page.shows(number.telefoon):
            nummers.append(NummerUitslag(number.telefoon, number.naam, number.bron, url,
                                         GEVONDEN, None, (), *where))
        elif visits[url].truncated:
            nummers.append(NummerUitslag(
                number.telefoon, number.naam, number.bron, url, NIET_TE_CONTROLEREN,
                f"niet in de eerste {_mib(len(visits[url].body))} van de pagina; de rest is "
                "niet gelezen", (), *where))
        else:
            elders = tuple(page.similar(number.telefoon, known))
            why = "de bronpagina toont dit nummer niet (meer)"
            if elders:
                why += f"; zij noemt wel: {', '.join(elders)}"
            nummers.append(NummerUitslag(number.telefoon, number.naam, number.bron, url,
                                         NIET_GEVONDEN, why, elders, *where))

    order = {s: n for n, s in enumerate(STATUSES)}
    bronnen.sort(key=lambda b: order[b.status])  # stable: register order within a status
    norder = {s: n for n, s in enumerate(NUMMER_STATUSES)}
    nummers.sort(key=lambda n: norder[n.status])
    return Controle(datum, bronnen, nummers, _connected(visits))


def _connected(visits: dict[str, Visit]) -> bool:
    """False when two or more hosts were tried and not one answered: our network, not theirs."""
    hosts = {host_of(url) for url in visits}
    unreachable = all(not v.hops and v.kind in ("dns", "verbinding", "timeout")
                      for v in visits.values())
    return not (len(hosts) >= 2 and unreachable)
