"""`mhcli controleer` against a web server on loopback: never the internet.

A copy of the fixture register gets its sources rewritten to pages of a local server (the
standard library's http.server) that move, break, stall, redirect to another host, change or hide
numbers, are huge or are no web page at all; the real classifier judges every one, by test. The
visitor's politeness (pauses per host, Retry-After) is tested with an injected clock.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from mhcli import nummers
from mhcli.api import open_register
from mhcli.controle import Controle
from mhcli.fetch import Visitor, as_uri
from tests.conftest import FIXTURE, MHCLI_PROCESS, NEUTRAL, VANDAAG, Result, copy_register

# Seconds. Generous, since the machine may be busy: a page on loopback answers in milliseconds,
# the slow page takes 1.4 s, the stalled ones longer than the timeout.
TIMEOUT, SLOW = 2.5, 0.8

MELDEN = """<!doctype html><html><head><meta charset="utf-8"><title>Melden</title>
<script>var x = "0900-0000";</script></head><body>
<h1>Melden van mensenhandel</h1>
<p>Bij acuut gevaar: bel 112.</p><p>Politie: 0900 8844</p>
<p>Arbeidsinspectie: +31 (0)800-5151</p>
<p><a href="tel:+31-800-7000">Meld Misdaad Anoniem</a></p>
<p>CoMensha: <strong>033</strong>-448&nbsp;11&nbsp;86</p>
<p>Na een doorverwijzing: 0800-8888.</p>
</body></html>"""


def _page(body: str) -> bytes:
    return f"<!doctype html><html><body>{body}</body></html>".encode()


@dataclass
class Site:
    """The local server: what it serves, and every request it got."""

    base: str = ""
    other: str = ""  # the same server under another host name
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def requests(self, path: str) -> int:
        return sum(1 for p, _ in self.seen if p == path)


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
          headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for key, value in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _redirect(status: int, target: str | None) -> Callable[[BaseHTTPRequestHandler, Site], None]:
    def answer(handler: BaseHTTPRequestHandler, site: Site) -> None:
        location = {} if target is None else {"Location": target.format(
            base=site.base, other=site.other)}
        _send(handler, status, b"", location)
    return answer


def _html(body: str | bytes, headers: dict[str, str] | None = None
          ) -> Callable[[BaseHTTPRequestHandler, Site], None]:
    def answer(handler: BaseHTTPRequestHandler, site: Site) -> None:
        _send(handler, 200, body if isinstance(body, bytes) else _page(body), headers)
    return answer


def _status(status: int, headers: dict[str, str] | None = None
            ) -> Callable[[BaseHTTPRequestHandler, Site], None]:
    def answer(handler: BaseHTTPRequestHandler, site: Site) -> None:
        _send(handler, status, b"<p>nee</p>", {"Content-Type": "text/html", **(headers or {})})
    return answer


def _reset(handler: BaseHTTPRequestHandler, site: Site) -> None:
    # SO_LINGER 0: close() sends a RST instead of a FIN, as a crashing server does.
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def _slow(seconds: float) -> Callable[[BaseHTTPRequestHandler, Site], None]:
    def answer(handler: BaseHTTPRequestHandler, site: Site) -> None:
        time.sleep(seconds)
        with contextlib.suppress(OSError):
            _send(handler, 200, _page("Eindelijk."))
    return answer


def _drip(handler: BaseHTTPRequestHandler, site: Site) -> None:
    """Headers at once, then a byte every 0.3 s: each read is quick, the whole never ends."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    with contextlib.suppress(OSError):
        for _ in range(100):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.3)


def _busy_once(handler: BaseHTTPRequestHandler, site: Site) -> None:
    site.counts["even-druk"] = site.counts.get("even-druk", 0) + 1
    if site.counts["even-druk"] == 1:
        _send(handler, 503, b"", {"Retry-After": "0"})
    else:
        _send(handler, 200, _page("Weer rustig. 0800-1010"))


HUGE = b"<html><body><p>" + b"a " * (1536 * 1024) + b"</p><p>0800-5555</p></body></html>"

ROUTES: dict[str, Callable[[BaseHTTPRequestHandler, Site], None]] = {
    "/ok": _html("Alles goed.", {"Content-Type": "text/html", "Set-Cookie": "sessie=geheim"}),
    "/melden": _html(MELDEN.encode()),
    "/veilig-thuis": _html("<p>Veilig Thuis is 24 uur per dag gratis bereikbaar op 0800-2000.</p>"),
    "/eenmaal": _html("Twee bronnen, een adres."),
    "/zorgco%C3%B6rdinatie": _html("Sent as a browser sends it."),
    "/verplaatst-301": _redirect(301, "/melden"),
    "/tijdelijk-302": _redirect(302, "{base}/ok"),
    "/verplaatst-308": _redirect(308, "/ok"),
    "/lus-a": _redirect(302, "/lus-b"),
    "/lus-b": _redirect(302, "/lus-a"),
    "/ander-domein": _redirect(302, "{other}/ok"),
    "/naar-ftp": _redirect(301, "ftp://127.0.0.1/bestand"),
    "/naar-bestand": _redirect(302, "file:///etc/passwd"),
    "/zonder-location": _redirect(302, None),
    "/verhuisd-en-weg": _redirect(301, "/weg"),
    "/weg": _status(404),
    "/fout": _status(500),
    "/verboden": _status(403),
    "/druk": _status(429, {"Retry-After": "3600"}),
    "/even-druk": _busy_once,
    "/reset": _reset,
    "/traag": _slow(1.4),
    "/te-traag": _slow(TIMEOUT + 0.8),
    "/druppel": _drip,
    "/groot": _html(HUGE),
    "/pdf": _html(b"%PDF-1.4 0800-4444", {"Content-Type": "application/pdf"}),
    "/tekst": _html(b"Bel 0800-3333.", {"Content-Type": "text/plain; charset=utf-8"}),
    "/gewijzigd": _html("<p>Ons nieuwe nummer: 0800-1235. Of 0800-7000.</p>"),
    "/verstopt": _html("<p>Zie hieronder.</p><!-- 0800-2222 --><script>t='0800-2222'</script>"),
    "/latin1": _html("<p>Tél: 0800 9999</p>".encode("latin-1"),
                     {"Content-Type": "text/html; charset=iso-8859-1"}),
}
for _n in range(10):
    ROUTES[f"/keten/{_n}"] = _redirect(302, f"/keten/{_n + 1}")


def _serve(site: Site) -> Iterator[ThreadingHTTPServer]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            site.seen.append((self.path, dict(self.headers.items())))
            route = ROUTES.get(self.path)
            if route is None:
                _send(self, 404, b"")
            else:
                route(self, site)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client that hung up on a stalled page is the point of that page

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    site = Site()
    for server in _serve(site):
        port = server.server_address[1]
        site.base, site.other = f"http://127.0.0.1:{port}", f"http://localhost:{port}"
        yield site


@pytest.fixture
def fresh_site() -> Iterator[Site]:
    """A server of its own, for tests that count what it was asked."""
    site = Site()
    for server in _serve(site):
        port = server.server_address[1]
        site.base, site.other = f"http://127.0.0.1:{port}", f"http://localhost:{port}"
        yield site


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Source id: (address, expected status, a reason that must be among the reasons, or None).
SOURCES: dict[str, tuple[str, str, str | None]] = {
    "pagina-ok": ("{base}/ok", "ok", None),
    "verplaatst-301": ("{base}/verplaatst-301", "let op",
                       "verplaatst naar {base}/melden (HTTP 301); zet dat adres in het register"),
    "tijdelijk-302": ("{base}/tijdelijk-302", "let op",
                      "doorverwezen naar {base}/ok (HTTP 302, tijdelijk)"),
    "verplaatst-308": ("{base}/verplaatst-308", "let op", "verplaatst naar {base}/ok (HTTP 308); "
                       "zet dat adres in het register"),
    "ander-domein": ("{base}/ander-domein", "let op", "let op: dat is een ander domein "
                     "(localhost); kijk of het nog de bedoelde organisatie is"),
    "lus": ("{base}/lus-a", "kapot", "de doorverwijzingen lopen in een kring"),
    "keten": ("{base}/keten/0", "kapot", "meer dan 5 doorverwijzingen"),
    "naar-ftp": ("{base}/naar-ftp", "kapot",
                 "doorverwezen naar een adres dat geen http of https is (ftp:); niet gevolgd"),
    "naar-bestand": ("{base}/naar-bestand", "kapot", "geen http of https is (file:)"),
    "zonder-location": ("{base}/zonder-location", "kapot",
                        "doorverwijzing (HTTP 302) zonder adres"),
    "weg-404": ("{base}/weg", "kapot", "HTTP 404 (Not Found)"),
    "verhuisd-en-weg": ("{base}/verhuisd-en-weg", "kapot", "na doorverwijzing naar {base}/weg"),
    "fout-500": ("{base}/fout", "kapot", "HTTP 500 (Internal Server Error)"),
    "verboden-403": ("{base}/verboden", "let op", "de server weigert de automatische controle,"
                     " HTTP 403 (Forbidden); bekijk de pagina met de hand"),
    "even-druk": ("{base}/even-druk", "ok", None),
    "reset": ("{base}/reset", "kapot", "de server verbrak de verbinding"),
    "traag": ("{base}/traag", "let op", "(grens 0,8 s)"),
    "te-traag": ("{base}/te-traag", "kapot", "geen volledig antwoord binnen 2,5 s"),
    "druppel": ("{base}/druppel", "kapot", "geen volledig antwoord binnen 2,5 s"),
    "groot": ("{base}/groot", "ok", "groter dan 2 MiB; alleen dat begin is gelezen"),
    "pdf": ("{base}/pdf", "ok", None),
    "tekst": ("{base}/tekst", "ok", None),
    "gewijzigd": ("{base}/gewijzigd", "ok", None),
    "verstopt": ("{base}/verstopt", "ok", None),
    "latin1": ("{base}/latin1", "ok", None),
    # valideer takes `format: uri` as RFC 3986, so a register holds the address as a browser
    # sends it; as_uri leaves that as it is (test_an_address_with_letters_outside_ascii).
    "niet-ascii": ("{base}/zorgco%C3%B6rdinatie", "ok", None),
    "eenmaal-a": ("{base}/eenmaal", "ok", None),
    "eenmaal-b": ("{base}/eenmaal", "ok", None),
    "tls": ("https://127.0.0.1:{port}/ok", "kapot",
            "de beveiligde verbinding (TLS) kon niet worden opgezet"),
    "geweigerd": ("http://127.0.0.1:{closed}/", "kapot", "de server weigert de verbinding"),
    # Last, as it makes the run leave this host alone: a wait of an hour is not waited for.
    "druk-429": ("{base}/druk", "let op", "te veel verzoeken, HTTP 429 (Too Many Requests); de "
                 "server vraagt 3600 s te wachten; bekijk de pagina met de hand"),
    "na-druk": ("{base}/nooit-bezocht", "let op",
                "niet bezocht: 127.0.0.1 vroeg eerder om 3600 s te wachten"),
}

# Contacts added to the copy: id: (number, source id, expected outcome, reason or None).
NUMBERS: dict[str, tuple[str, str, str, str | None]] = {
    "na-doorverwijzing": ("0800-8888", "verplaatst-301", "gevonden", None),
    "gewijzigd": ("0800-1234", "gewijzigd", "niet gevonden",
                  "de bronpagina toont dit nummer niet (meer); zij noemt wel: 0800-1235"),
    "verstopt": ("0800-2222", "verstopt", "niet gevonden",
                 "de bronpagina toont dit nummer niet (meer)"),
    "platte-tekst": ("0800-3333", "tekst", "gevonden", None),
    "latin1": ("0800-9999", "latin1", "gevonden", None),
    "na-503": ("0800-1010", "even-druk", "gevonden", None),
    "in-pdf": ("0800-4444", "pdf", "niet te controleren",
               "de bron is geen webpagina maar application/pdf; kijk het nummer met de hand na"),
    "in-groot": ("0800-5555", "groot", "niet te controleren",
                 "niet in de eerste 2 MiB van de pagina; de rest is niet gelezen"),
    "op-kapotte-bron": ("0800-6666", "weg-404", "niet te controleren",
                        "de bronpagina is niet bereikbaar"),
    "zonder-adres": ("0800-7777", "cbs-gemeenten-2023", "niet te controleren",
                     "de bron heeft geen adres"),
}
# The fixture's own five, all on one page, each written differently (see MELDEN).
FIXTURE_NUMBERS = ["112", "0900-8844", "0800-5151", "0800-7000", "033-448 11 86"]


def build_register(root: Path, site: Site, sources: dict[str, tuple[str, str, str | None]],
                   numbers: dict[str, tuple[str, str, str, str | None]]) -> Path:
    """The fixture register, its addresses on the local server, with ``sources`` and
    ``numbers`` added."""
    data = copy_register(root)
    regio = data / "regio.yaml"
    text = regio.read_text(encoding="utf-8")
    port = site.base.rsplit(":", 1)[1]
    lines = []
    for line in text.splitlines():
        if line.startswith("    url: https://"):
            line = f"    url: {site.base}/ok"
        lines.append(line)
    text = "\n".join(lines) + "\n"
    text = text.replace(f"url: {site.base}/ok\n    geraadpleegd: \"2026-11-28\"\n  - id: ccv",
                        f"url: {site.base}/melden\n    geraadpleegd: \"2026-11-28\"\n  - id: ccv")
    assert f"{site.base}/melden" in text  # wegwijzer-melden, the source of the five numbers
    # augeo-veilig-thuis, the source of Veilig Thuis's number (the fixture's sixth).
    augeo = "  - id: augeo-veilig-thuis\n    titel: Augeo, meldcode, 'Veilig Thuis'\n    url: "
    assert augeo + f"{site.base}/ok\n" in text
    text = text.replace(augeo + f"{site.base}/ok\n", augeo + f"{site.base}/veilig-thuis\n")
    closed = _closed_port()
    for ident, (url, _, _) in sources.items():
        address = url.format(base=site.base, port=port, closed=closed)
        text += (f"  - id: {ident}\n    titel: Testpagina {ident}\n    url: {address}\n"
                 f"    geraadpleegd: \"2026-11-28\"\n")
    contacts = "".join(f"  - id: {ident}\n    naam: Contact {ident}\n    telefoon: \"{number}\"\n"
                       f"    wanneer: Voor de test.\n    bron: {bron}\n"
                       for ident, (number, bron, _, _) in numbers.items())
    marker = "\n# De route van een signaal."
    assert marker in text
    text = text.replace(marker, contacts + marker, 1)
    regio.write_text(text, encoding="utf-8")
    return data


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Run:
    data: Path
    result: Controle
    before: dict[str, str]
    seconds: float


@pytest.fixture(scope="module")
def run(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One check of the whole test register through the library (what the command calls)."""
    data = build_register(tmp_path_factory.mktemp("controle"), site, SOURCES, NUMBERS)
    before = _digest(data.parent)
    # The added contacts are made up: valideer accepts only numbers in the table of national
    # numbers (nummer-onbekend), so this register comes with a table that holds them too.
    table = tmp_path_factory.mktemp("nummers") / "landelijke_nummers.csv"
    table.write_text(nummers.TABLE.read_text(encoding="utf-8") + "".join(
        f"{ident},{number},,Contact {ident},Testpagina,https://example.org/,{VANDAAG}\n"
        for ident, (number, *_) in NUMBERS.items()), encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setattr(nummers, "TABLE", table)
        nummers.landelijke_nummers.cache_clear()
        env.setenv("MHCLI_VANDAAG", VANDAAG)
        env.setenv("MHCLI_CACHE", str(tmp_path_factory.mktemp("cache")))
        env.setenv("no_proxy", "*")
        started = time.monotonic()
        result = open_register(data).controleer(timeout=TIMEOUT, traag=SLOW, pauze=0,
                                                contact="https://example.org/register")
    nummers.landelijke_nummers.cache_clear()
    return Run(data, result, before, time.monotonic() - started)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("no_proxy", "*")  # loopback is never reached through a proxy


# --- every case the server serves, classified ----------------------------------------------

@pytest.mark.parametrize("ident", SOURCES)
def test_every_source_is_classified(ident: str, run: Run, site: Site) -> None:
    _, status, reason = SOURCES[ident]
    [bron] = [b for b in run.result.bronnen if b.id == ident]
    assert bron.status == status, bron.redenen
    if reason is not None:
        assert any(reason.format(base=site.base) in r for r in bron.redenen), bron.redenen
    elif status == "ok":
        assert bron.redenen == ()


def test_the_slow_page_is_slow_and_the_rest_is_not(run: Run) -> None:
    [traag] = [b for b in run.result.bronnen if b.id == "traag"]
    assert traag.seconden is not None and 1.4 <= traag.seconden < TIMEOUT
    assert [r for r in traag.redenen if r.startswith("traag: ")]
    # Both stalled pages were given up on at the deadline, not waited out.
    for ident in ("te-traag", "druppel"):
        [bron] = [b for b in run.result.bronnen if b.id == ident]
        assert bron.seconden is not None and TIMEOUT <= bron.seconden < TIMEOUT + 1.5


@pytest.mark.parametrize("ident", NUMBERS)
def test_every_number_is_looked_up_on_its_source(ident: str, run: Run) -> None:
    number, bron, status, reason = NUMBERS[ident]
    [found] = [n for n in run.result.nummers if n.naam == f"Contact {ident}"]
    assert (found.telefoon, found.bron, found.status, found.reden) == (number, bron, status,
                                                                       reason)


def test_numbers_written_in_every_way_are_found(run: Run) -> None:
    found = {n.telefoon: n for n in run.result.nummers if n.bron == "wegwijzer-melden"}
    assert sorted(found) == sorted(FIXTURE_NUMBERS)
    assert {n.status for n in found.values()} == {"gevonden"}
    assert found["0800-5151"].regel == 155 and found["0800-5151"].bestand.endswith("regio.yaml")


def test_sources_without_an_address_are_ontbreekt(run: Run) -> None:
    missing = [b.id for b in run.result.bronnen if b.status == "ontbreekt"]
    assert missing == ["cbs-gemeenten-2023", "moerdijk-zorgcoordinatie-2020", "feiten-mhcli"]


def test_one_request_per_address_no_cookies_and_a_name(run: Run, site: Site) -> None:
    assert site.requests("/eenmaal") == 1  # two sources, one address
    assert site.requests("/melden") == 2  # its own source, and the 301 that lands there
    assert site.requests("/even-druk") == 2  # the 503 with Retry-After: 0, tried once more
    assert site.requests("/druk") == 1  # a wait of an hour is not waited for
    assert site.requests("/keten/6") == 0 and site.requests("/keten/5") == 1
    assert site.requests("/lus-a") == 1 and site.requests("/lus-b") == 1
    headers = [h for _, h in site.seen]
    assert not [h for h in headers if "Cookie" in h]  # /ok set one; nobody sent it back
    agents = {h["User-Agent"] for h in headers}
    assert len(agents) == 1
    [agent] = agents
    assert agent.startswith("mhcli/") and "+https://example.org/register" in agent
    assert {h.get("Accept-Encoding") for h in headers} == {"identity"}


def test_nothing_is_written_to_the_register(run: Run) -> None:
    assert _digest(run.data.parent) == run.before


def test_the_outcome_asks_for_action(run: Run) -> None:
    assert run.result.verbinding is True
    assert run.result.afsluitcode == 5
    telling = run.result.as_json()["telling"]
    assert telling["bronnen"] == {"kapot": 13, "let op": 8, "ok": 23, "ontbreekt": 3}
    assert telling["nummers"] == {"niet gevonden": 2, "niet te controleren": 4, "gevonden": 10}


# --- how the outcome is shown ----------------------------------------------------------------

def test_markdown_puts_action_first_and_links_safely(run: Run, site: Site) -> None:
    from mhcli.render.controle import markdown

    text = markdown(run.result, {"commit": "0123456789abcdef0123", "inhoud": "blake2b:x"})
    assert text.startswith("## Controle van de bronnen en nummers\n\nGecontroleerd op "
                           f"{VANDAAG} met `mhcli controleer`. Register: commit `0123456789ab`.")
    action, rest = text.split("### Let op")
    assert "### Vraagt actie" in action and "| kapot | weg-404 |" in action
    assert "| niet gevonden | 0800-1234 | Contact gewijzigd |" in action
    assert "| let op | traag |" in rest and "| kapot |" not in rest
    assert f"<{site.base}/weg>" in text
    fine = text.split("<details>")[1]
    assert "| ok | pagina-ok |" in fine and "| gevonden | 112 |" in fine


def test_text_and_github_formats(run: Run) -> None:
    from mhcli.render import findings, plain
    from mhcli.render.controle import findings as annotations
    from mhcli.render.controle import sheet

    text = plain.sheet(sheet(run.result), 100)
    assert " ".join(text.split("\n\n")[0].split()) == (
        "Controle van de bronnen en nummers 2026-11-28: bronnen: 13 kapot, 8 let op, 23 ok, 3 "
        "zonder adres; nummers: 2 niet gevonden, 4 niet te controleren, 10 gevonden.")
    body = text.split("\n\n", 1)[1]
    titles = [line for line in body.splitlines() if line and not line.startswith(" ")]
    assert titles == ["Kapot (13)", "Nummers niet gevonden (2)", "Let op (8)",
                          "Nummers niet te controleren (4)", "Bronnen in orde (23)",
                          "Bronnen zonder adres (3)", "Nummers gevonden (10)"]
    lines = findings.github(annotations(run.result)).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 13
    assert sum(line.startswith("::warning ") for line in lines) == 8 + 2
    assert any(line.startswith("::warning file=") and "title=mhcli nummer-niet-gevonden" in line
               and "0800-1234" in line for line in lines)


def test_what_a_server_says_is_shown_literally(site: Site) -> None:
    from mhcli.controle import BronUitslag
    from mhcli.render.controle import link, markdown

    evil = f"{site.base}/x|y <b>@team #1"
    assert link(evil) == f"<{site.base}/x%7Cy%20%3Cb%3E@team%20#1>"
    bron = BronUitslag("b", "t", evil, "let op", (f"verplaatst naar {evil}\x1b[31m",), 301,
                       evil, 0.1, "data/regio.yaml", 3)
    text = markdown(Controle(VANDAAG, [bron], [], True))
    assert "\x1b" not in text and "\\x1b\\[31m" in text  # visible, never a terminal code
    assert "<b>" not in text.replace("\\<b>", "")  # escaped, never HTML
    assert "`@team`" in text and "`#1`" in text  # a mention never pings, #1 never links


# --- the command: formats and exit codes ------------------------------------------------------

def _cli(*args: str, cwd: Path = NEUTRAL) -> Result:
    env = {**os.environ, "MHCLI_VANDAAG": VANDAAG, "no_proxy": "*", "NO_COLOR": "1",
           "COLUMNS": "100"}
    done = subprocess.run([*MHCLI_PROCESS, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False, timeout=120)
    return Result(done.returncode, done.stdout, done.stderr)


def test_all_ok_is_exit_0(site: Site, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    data = build_register(tmp_path, site, {}, {})
    monkeypatch.setenv("MHCLI_CACHE", str(tmp_path / "cache"))
    result = _cli("controleer", "--data", str(data), "--format", "json", "--pauze", "0")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["register"]["pad"] == str(data)
    assert report["telling"] == {"bronnen": {"kapot": 0, "let op": 0, "ok": 12, "ontbreekt": 3},
                                 "nummers": {"niet gevonden": 0, "niet te controleren": 0,
                                             "gevonden": 6}}
    assert set(report["bronnen"][0]) == {"id", "titel", "url", "status", "redenen",
                                         "http_status", "eind_url", "seconden", "bestand",
                                         "regel"}
    assert result.err == f"Register: {data} (gekozen met --data)\n"


def test_something_broken_is_exit_5_and_no_answer_at_all_is_exit_6(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MHCLI_CACHE", str(tmp_path / "cache"))
    broken = build_register(tmp_path / "kapot", site, {"weg": ("{base}/weg", "", None)}, {})
    result = _cli("controleer", "--data", str(broken), "--pauze", "0")
    assert result.code == 5
    assert "Kapot (1)\n   - weg: " in result.out and "HTTP 404 (Not Found)" in result.out

    closed = _closed_port()
    nowhere = build_register(tmp_path / "nergens", site, {}, {})
    regio = nowhere / "regio.yaml"
    text = regio.read_text(encoding="utf-8").replace(f"{site.base}/melden",
                                                     f"http://localhost:{closed}/")
    regio.write_text(text.replace(site.base, f"http://127.0.0.1:{closed}"), encoding="utf-8")
    result = _cli("controleer", "--data", str(nowhere), "--format", "markdown", "--pauze", "0")
    assert result.code == 6
    assert "> **Let op:** Geen enkele bron gaf antwoord" in result.out


@pytest.mark.parametrize("args, message", [
    (["--timeout", "0"], "--timeout verwacht een aantal seconden van 0.1 tot 300, niet '0'."),
    (["--traag", "snel"], "--traag verwacht een aantal seconden van 0 tot 300, niet 'snel'."),
    (["--pauze", "nan"], "--pauze verwacht een aantal seconden van 0 tot 60, niet 'nan'."),
    (["--format", "csv"], "onbekend formaat 'csv'; kies uit: tekst, json, markdown, github."),
    (["--contact", "https://x.nl\r\nX-Kop: ja"], "--contact verwacht een webadres of "
     "e-mailadres in gewone tekens (ASCII, zonder regeleinden): het komt in een HTTP-kop."),
])
def test_usage_errors(args: list[str], message: str, mhcli: Callable[..., Result]) -> None:
    result = mhcli("controleer", *args)
    assert result.code == 2
    assert result.err.startswith(f"mhcli: {message}"), result.err
    assert result.out == ""


def test_a_route_loads_nothing_of_this(tmp_path: Path) -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from mhcli.runner import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = run(['route', 'Tholen', '--data', {str(FIXTURE)!r}])\n"
        "web = {'urllib.request', 'http.client', 'ssl', 'html.parser', 'mhcli.fetch',\n"
        "       'mhcli.controle', 'mhcli.phones', 'mhcli.render.controle'}\n"
        "print(code, sorted(web & set(sys.modules)))\n"
    )
    env = {**os.environ, "MHCLI_CACHE": str(tmp_path / "cache")}
    for _ in ("cold", "warm"):
        done = subprocess.run([sys.executable, "-c", probe], cwd=NEUTRAL, env=env,
                              capture_output=True, text=True, check=True)
        assert done.stdout == "0 []\n"


# --- the visitor's manners, with a clock that only moves when it waits --------------------

class _Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_a_pause_between_requests_to_the_same_host_only(fresh_site: Site) -> None:
    site = fresh_site
    clock = _Clock()
    visitor = Visitor(timeout=TIMEOUT, pause=2.0, clock=clock, sleep=clock.sleep)
    visitor.visit(f"{site.base}/ok")
    visitor.visit(f"{site.other}/ok")  # another host: no wait
    assert clock.slept == []
    visitor.visit(f"{site.base}/eenmaal")
    assert clock.slept == [2.0]
    visit = visitor.visit(f"{site.base}/tijdelijk-302")  # each hop is a request to its host
    assert clock.slept == [2.0, 2.0, 2.0] and visit.status == 200


def test_retry_after_is_honoured_for_this_host(fresh_site: Site) -> None:
    site = fresh_site
    clock = _Clock()
    visitor = Visitor(timeout=TIMEOUT, pause=0.0, clock=clock, sleep=clock.sleep)
    visit = visitor.visit(f"{site.base}/even-druk")
    assert visit.status == 200 and visit.retry_after == 0.0
    assert clock.slept == []  # Retry-After: 0 asks for no wait
    far = visitor.visit(f"{site.base}/druk")
    assert far.status == 429 and far.retry_after == 3600.0
    skipped = visitor.visit(f"{site.base}/ok")
    assert skipped.kind == "overgeslagen" and skipped.hops == ()
    assert visitor.visit(f"{site.other}/ok").status == 200  # other hosts are unaffected


def test_retry_after_as_a_date() -> None:
    from datetime import datetime, timezone

    from mhcli.fetch import retry_after

    now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after("Sat, 28 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("Fri, 27 Nov 2026 12:00:00 GMT", now) == 0.0
    assert retry_after("120", now) == 120.0
    assert retry_after("morgen", now) is None and retry_after(None, now) is None


def test_a_certificate_nobody_vouches_for_is_kapot(tmp_path: Path) -> None:
    import shutil
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls_site = Site()
    for server in _serve(tls_site):
        server.socket = context.wrap_socket(server.socket, server_side=True)
        visit = Visitor(timeout=TIMEOUT, pause=0).visit(
            f"https://127.0.0.1:{server.server_address[1]}/ok")
    assert visit.kind == "tls" and visit.hops == ()
    assert visit.error is not None and visit.error.startswith(
        "het certificaat van de server wordt niet vertrouwd (self")


# --- numbers as people write them, and what DNS failure says ----------------------------------

@pytest.mark.parametrize("text, number, shown", [
    ("0031 800 5151", "0800-5151", True),
    ("(0800) 51 51", "0800-5151", True),
    ("+31 0800 5151", "0800-5151", True),  # a common slip, still the same number
    ("+32 800 5151", "0800-5151", False),  # Belgium
    ("0800-51510", "0800-5151", False),
    ("Artikel 1 12", "112", False),  # a short number has no separators
    ("Bel 112!", "112", True),
    ("2112", "112", False),
])
def test_numbers_as_people_write_them(text: str, number: str, shown: bool) -> None:
    from mhcli.phones import Page

    assert Page.from_html(f"<p>{text}</p>").shows(number) is shown


def test_a_name_that_does_not_resolve_is_kapot() -> None:
    from mhcli.controle import classify
    from mhcli.fetch import Visit, _failure

    failure = _failure(socket.gaierror(socket.EAI_NONAME, "Name or service not known"), 15)
    assert (failure.kind, failure.message) == ("dns", "de naam van de server is niet gevonden "
                                                      "(DNS)")
    visit = Visit("https://bestaat-niet.invalid/", error=failure.message, kind=failure.kind)
    assert classify(visit, 5) == ("kapot", ["de naam van de server is niet gevonden (DNS)"])


def test_an_address_with_letters_outside_ascii_is_sent_as_a_browser_sends_it() -> None:
    assert as_uri("http://127.0.0.1:8000/zorgcoördinatie") == \
        "http://127.0.0.1:8000/zorgco%C3%B6rdinatie"
    assert as_uri("http://127.0.0.1:8000/zorgco%C3%B6rdinatie") == \
        "http://127.0.0.1:8000/zorgco%C3%B6rdinatie"
