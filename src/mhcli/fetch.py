"""Visiting web pages politely, with the standard library (urllib), for ``mhcli controleer``.

Only that command imports this module: a route never loads urllib.request, http.client or ssl.

What a visit does, and what it never does:

- one GET at a time; between two requests to the same host at least ``pause`` seconds, and at
  least what the host asked for with ``Retry-After`` (a 429 or 503 is tried once more after
  that wait when it is at most ``max_wait``; a host that asks for longer is not visited again
  in this run);
- a User-Agent that names mhcli and what it is doing; no cookies (no cookie handler exists
  here); proxies from the environment (``https_proxy``, ``no_proxy``) as urllib reads them;
- redirects are followed by hand, one hop at a time, only to ``http`` and ``https`` addresses,
  at most ``MAX_HOPS``, and a loop is recognised rather than walked;
- one deadline per request for the whole exchange (connecting, headers, body), so a server that
  sends a byte a second cannot hold the run; a body is read up to ``max_bytes`` and no further;
  only the final page's body is read at all.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

MAX_HOPS = 5
MAX_BYTES = 2 * 1024 * 1024
MAX_WAIT = 30.0  # seconds: the longest Retry-After a run waits for
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"


def user_agent(contact: str | None = None) -> str:
    from mhcli.version import __version__

    about = "bronnencontrole van het register mensenhandel Zeeland-West-Brabant"
    return f"mhcli/{__version__} ({f'+{contact}; ' if contact else ''}{about})"


@dataclass(frozen=True)
class Hop:
    """One response: its address, HTTP status, and where it pointed (for a redirect)."""

    url: str
    status: int
    location: str | None = None


@dataclass(frozen=True)
class Visit:
    """What visiting one address gave: every response on the way, or why there was none."""

    url: str
    hops: tuple[Hop, ...] = ()
    error: str | None = None  # Dutch: why the visit gave no usable page
    kind: str | None = None  # dns, verbinding, tls, timeout, antwoord, doorverwijzing, overgeslagen
    seconds: float = 0.0  # time spent in requests (waiting for politeness not counted)
    content_type: str | None = None
    body: bytes = b""
    truncated: bool = False
    retry_after: float | None = None

    @property
    def status(self) -> int | None:
        return self.hops[-1].status if self.hops else None

    @property
    def final_url(self) -> str:
        return self.hops[-1].url if self.hops else self.url


class _Failure(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message


# --- one deadline for a whole request -----------------------------------------------------------

class _DeadlineReader(io.RawIOBase):
    """Reads a socket through its own file object, but never past the deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline
        self._raw = sock.makefile("rb", buffering=0)  # holds a reference: close() stays safe

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline")
        self._sock.settimeout(remaining)
        return self._raw.readinto(buffer) or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


class _Socket:
    """The connected socket as http.client sees it, except that what it reads has a deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _opener(deadline: float, context: ssl.SSLContext) -> urllib.request.OpenerDirector:
    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            self.sock = _Socket(self.sock, deadline)

    class Secure(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            self.sock = _Socket(self.sock, deadline)

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Plain, req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Secure, req, context=context)

    # No redirect handler (redirects are followed by hand), no cookie handler, no error
    # processor (a 404 is an answer, not an exception), and nothing but http and https.
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), HTTP(), HTTPS(context=context)):
        opener.add_handler(handler)
    return opener


# --- what went wrong, in Dutch ------------------------------------------------------------------

def _failure(exc: BaseException, timeout: float) -> _Failure:
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    if isinstance(exc, socket.gaierror):
        return _Failure("dns", "de naam van de server is niet gevonden (DNS)")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _Failure("tls", f"het certificaat van de server wordt niet vertrouwd "
                               f"({exc.verify_message or 'onbekende reden'})")
    if isinstance(exc, ssl.SSLError):
        return _Failure("tls", "de beveiligde verbinding (TLS) kon niet worden opgezet")
    if isinstance(exc, TimeoutError):
        return _Failure("timeout", f"geen volledig antwoord binnen {timeout:g} s".replace(".", ","))
    if isinstance(exc, ConnectionRefusedError):
        return _Failure("verbinding", "de server weigert de verbinding")
    if isinstance(exc, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected,
                        http.client.IncompleteRead, ConnectionAbortedError)):
        return _Failure("verbinding", "de server verbrak de verbinding")
    if isinstance(exc, (http.client.InvalidURL, ValueError)):
        return _Failure("adres", "het adres is ongeldig")
    if isinstance(exc, http.client.HTTPException):
        return _Failure("antwoord", "de server gaf geen geldig HTTP-antwoord")
    if isinstance(exc, OSError):
        return _Failure("verbinding", f"de verbinding mislukte ({exc.strerror or exc})")
    return _Failure("verbinding", f"de verbinding mislukte ({type(exc).__name__})")


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (a number of seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(int(value[:9]))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


def as_uri(url: str) -> str:
    """An address as HTTP sends it: a name in another script through IDNA, and every other
    character outside ASCII (``zorgcoördinatie``) percent-encoded as UTF-8, as a browser does."""
    if url.isascii() and url.isprintable() and " " not in url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):  # else left as it is, and refused as ongeldig
        host = host.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"  # IPv6
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if parts.username is not None:
        netloc = f"{quote(parts.username)}@{netloc}"
    safe = "/%:@!$&'()*+,;=~"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe),
                       quote(parts.query, safe=safe + "?"), quote(parts.fragment, safe=safe)))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class Visitor:
    """Visits addresses one at a time, politely (see the module docstring)."""

    def __init__(self, *, timeout: float, pause: float, contact: str | None = None,
                 max_bytes: int = MAX_BYTES, max_wait: float = MAX_WAIT,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout, self.pause = timeout, pause
        self.max_bytes, self.max_wait = max_bytes, max_wait
        self.user_agent = user_agent(contact)
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}  # host -> earliest moment of its next request
        self._refused: dict[str, float] = {}  # host -> the wait it asked that we do not make
        self._context = ssl.create_default_context()

    def visit(self, url: str) -> Visit:
        hops: list[Hop] = []
        seen = {url}
        current = url
        spent = 0.0
        retried = False
        last_retry: float | None = None
        while True:
            host = host_of(current)
            if urlsplit(current).scheme.lower() not in ("http", "https") or not host:
                return Visit(url, tuple(hops), "geen http- of https-adres", "doorverwijzing",
                             spent)
            if host in self._refused:
                return Visit(url, tuple(hops), f"niet bezocht: {host} vroeg eerder om "
                             f"{self._refused[host]:.0f} s te wachten", "overgeslagen", spent)
            self._wait(host)
            started = self._clock()
            try:
                hop, content_type, body, truncated, wait = self._get(current)
            except _Failure as failure:
                return Visit(url, tuple(hops), failure.message, failure.kind,
                             spent + self._clock() - started, retry_after=last_retry)
            finally:
                spent += self._clock() - started
                self._next[host] = self._clock() + self.pause
            if wait is not None:
                last_retry = wait
                self._next[host] = max(self._next[host], self._clock() + wait)
                if hop.status in (429, 503):
                    if wait <= self.max_wait and not retried:
                        retried = True
                        continue
                    if wait > self.max_wait:
                        self._refused[host] = wait
            hops.append(hop)
            if 300 <= hop.status < 400 and hop.status != 304:
                if hop.location is None:
                    return Visit(url, tuple(hops), f"doorverwijzing (HTTP {hop.status}) zonder "
                                 "adres", "doorverwijzing", spent)
                scheme = urlsplit(hop.location).scheme.lower()
                if scheme not in ("http", "https"):
                    return Visit(url, tuple(hops), f"doorverwezen naar een adres dat geen http "
                                 f"of https is ({scheme or '?'}:); niet gevolgd",
                                 "doorverwijzing", spent)
                if hop.location in seen:
                    return Visit(url, tuple(hops), "de doorverwijzingen lopen in een kring",
                                 "doorverwijzing", spent)
                if len(hops) > MAX_HOPS:
                    return Visit(url, tuple(hops), f"meer dan {MAX_HOPS} doorverwijzingen",
                                 "doorverwijzing", spent)
                seen.add(hop.location)
                current = hop.location
                continue
            return Visit(url, tuple(hops), None, None, spent, content_type, body, truncated,
                         last_retry)

    def _wait(self, host: str) -> None:
        delay = self._next.get(host, 0.0) - self._clock()
        if delay > 0:
            self._sleep(delay)

    def _get(self, url: str) -> tuple[Hop, str | None, bytes, bool, float | None]:
        deadline = time.monotonic() + self.timeout
        try:
            request = urllib.request.Request(as_uri(url), method="GET", headers={
                "User-Agent": self.user_agent, "Accept": ACCEPT,
                "Accept-Language": "nl, en;q=0.5", "Accept-Encoding": "identity"})
            response = _opener(deadline, self._context).open(request, timeout=self.timeout)
            with response:
                status = response.status
                headers = response.headers
                location = headers.get("Location")
                wait = retry_after(headers.get("Retry-After"), datetime.now(timezone.utc))
                body = b""
                if 200 <= status < 300:
                    body = response.read(self.max_bytes + 1)
        except Exception as exc:  # every way a request can fail is a finding, not a crash
            raise _failure(exc, self.timeout) from None
        hop = Hop(url, status, urljoin(url, location.strip()) if location else None)
        return (hop, headers.get("Content-Type"), body[:self.max_bytes],
                len(body) > self.max_bytes, wait)
