"""The website in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright over
the DevTools protocol, every page loaded from file://.

Checks: the search finds a gemeente (and a woonplaats, once those are in the register), no page
requests anything outside its folder, no console errors, axe-core finds no WCAG 2.1 AA
violation, a gemeente page prints on one A4. Screenshots go to tests/output/site/ (not
committed). Needs /usr/bin/chromium (or MHCLI_CHROMIUM), the `playwright` package (its driver
only; it never downloads a browser) and npm for axe-core, or MHCLI_AXE naming axe.min.js.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mhcli.site.build import build_site
from tests.conftest import FIXTURE, REPO, VANDAAG

AXE_VERSION = "4.14.1"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = REPO / "tests" / "output" / "site"
CHROMIUM = Path(os.environ.get("MHCLI_CHROMIUM", "/usr/bin/chromium"))
# No background traffic of the browser's own: every request seen is one a page made.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-default-apps", "--disable-extensions"]

# .ci/run installs the browser and sets MHCLI_BROWSER_TESTS=verplicht: there a missing piece
# fails the run instead of skipping the tests that prove the site works.
REQUIRED = os.environ.get("MHCLI_BROWSER_TESTS") == "verplicht"


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    import playwright.sync_api as playwright_api
except ImportError:
    _unavailable("playwright is niet geïnstalleerd (pip install '.[test]')")
if not CHROMIUM.is_file():
    _unavailable(f"{CHROMIUM} ontbreekt; installeer: apt-get install -y chromium")


def _axe() -> Path:
    """axe.min.js: MHCLI_AXE, else axe-core installed with npm into the user's cache folder."""
    if os.environ.get("MHCLI_AXE"):
        return Path(os.environ["MHCLI_AXE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    prefix = base / "mhcli-tests" / f"axe-core-{AXE_VERSION}"
    script = prefix / "node_modules" / "axe-core" / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm ontbreekt om axe-core te installeren; installeer: apt-get install -y "
                     "npm, of geef MHCLI_AXE=pad/naar/axe.min.js")
        raise AssertionError("unreachable")
    prefix.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                           "--silent", f"axe-core@{AXE_VERSION}"], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0 or not script.is_file():
        _unavailable(f"axe-core kon niet met npm geïnstalleerd worden: {done.stderr[-300:]}")
    return script


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="mhcli-site-") as tmp, \
            pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHCLI_VANDAAG", VANDAAG)
        mp.setenv("MHCLI_CACHE", str(Path(tmp) / "cache"))
        out = Path(tmp) / "site"
        build_site(out, FIXTURE)
        yield out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visit:
    """One browser context that logs every request and every console error of its pages."""

    def __init__(self, browser: Any, site: Path, **options: Any) -> None:
        self.site = site.resolve()
        self.requests: list[str] = []
        self.errors: list[str] = []
        profile = tempfile.mkdtemp(prefix="mhcli-profile-")  # a fresh, empty browser state
        self.profile = profile
        self.context = browser.new_context(**options)
        self.context.route(re.compile(r"^(?!file://).*"), self._refuse)  # nothing leaves
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _refuse(self, route: Any) -> None:
        self.requests.append(route.request.url)
        route.abort()

    def open(self, rel: str) -> Any:
        self.page.goto((self.site / rel).as_uri())
        return self.page

    def outside(self) -> list[str]:
        inside = self.site.as_uri() + "/"
        return [u for u in self.requests if not u.startswith(inside)]

    def close(self) -> None:
        self.context.close()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture
def visit(browser: Any, site: Path) -> Iterator[Visit]:
    v = Visit(browser, site)
    yield v
    v.close()


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# axe on every page type (a gemeente with and without a staleness warning): a full run on all
# 42 pages takes over a minute on a busy machine and finds nothing the types do not.
AXE_PAGES = ["index.html", "regio.html", "over.html", "district/hart-van-brabant.html",
             "gemeente/tholen.html", "gemeente/goes.html", "gemeente/dongen.html"]


def test_every_page_loads_offline_without_errors(visit: Visit, site: Path) -> None:
    pages = _pages(site)
    assert len(pages) == 42
    for rel in pages:
        page = visit.open(rel)
        assert page.title(), rel
        assert page.locator("h1").count() == 1, rel
    assert visit.errors == []
    assert visit.outside() == []
    assert len(visit.requests) >= 2 * len(pages)  # the log saw each page and its stylesheet


def test_axe_finds_no_wcag_21_aa_violation(visit: Visit) -> None:
    axe = _axe().read_text(encoding="utf-8")
    violations: dict[str, list[str]] = {}
    for rel in AXE_PAGES:
        page = visit.open(rel)
        assert visit.errors == [], rel  # before axe, whose own messages are not the page's
        page.add_script_tag(content=axe)  # inline: axe itself is no request either
        # preload off: axe would fetch the stylesheets again, which file:// does not allow.
        found = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, "
            "preload: false}))"
            ".violations.map(v => v.id + ': ' + v.help + ' @ ' + "
            "v.nodes.map(n => n.target.join(' ')).join(', '))", WCAG_AA)
        if found:
            violations[rel] = found
    assert violations == {}
    assert visit.outside() == []
    # The check can fail: an unlabelled field is a violation.
    visit.page.set_content('<!DOCTYPE html><html lang="nl"><title>t</title><main>'
                           '<input type="text"></main></html>')
    visit.page.add_script_tag(content=axe)
    assert visit.page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "preload: false})).violations.map(v => v.id)", WCAG_AA) == ["label"]


def test_search_finds_a_gemeente(visit: Visit) -> None:
    page = visit.open("index.html")
    field = page.get_by_label("Zoek een gemeente of woonplaats")
    assert field.is_visible()  # the script shows the form
    field.fill("thol")
    first = page.locator("#zoekresultaten a").first
    assert first.inner_text() == "Tholen"
    assert page.locator("#zoekstatus").inner_text() == "1 gevonden."
    field.fill("0716")  # the CBS code
    assert page.locator("#zoekresultaten a").first.inner_text() == "Tholen"
    field.fill("Bergen op")
    field.press("Enter")  # the first hit opens
    page.wait_for_url("**/gemeente/bergen-op-zoom.html")
    assert page.locator("h1").inner_text() == \
        "Signaal van mensenhandel uit gemeente Bergen op Zoom"
    field = visit.open("index.html").get_by_label("Zoek een gemeente of woonplaats")
    field.fill("xyzzy")
    assert visit.page.locator("#zoekstatus").inner_text().startswith("Niets gevonden.")
    assert visit.errors == [] and visit.outside() == []


def test_search_finds_a_woonplaats(visit: Visit) -> None:
    page = visit.open("index.html")
    page.get_by_label("Zoek een gemeente of woonplaats").fill("Oudenbosch")
    first = page.locator("#zoekresultaten a").first
    assert first.inner_text() == "Oudenbosch"
    first.click()
    page.wait_for_url("**/gemeente/halderberge.html")


def test_without_javascript_the_start_page_lists_every_gemeente(browser: Any,
                                                                site: Path) -> None:
    v = Visit(browser, site, java_script_enabled=False)
    try:
        page = v.open("index.html")
        assert not page.locator("#zoeken").is_visible()
        assert page.locator("section[aria-labelledby='alle-gemeenten'] "
                            "a[href^='gemeente/']").count() == 35
        assert page.get_by_text("Acuut gevaar? Bel direct").is_visible()
    finally:
        v.close()


def test_gemeente_page_prints_on_one_a4_and_screenshots(visit: Visit, site: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = visit.open("index.html")
    page.screenshot(path=str(SCREENSHOTS / "start.png"), full_page=True)
    page = visit.open("gemeente/tholen.html")
    page.screenshot(path=str(SCREENSHOTS / "gemeente-tholen.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "gemeente-tholen-print.png"), full_page=True)
    assert not page.locator("#bestuurlijk").is_visible()  # the route card leaves it out
    assert page.locator("#acuut").is_visible()
    for rel in [r for r in _pages(site) if r.startswith("gemeente/")]:
        pdf = visit.open(rel).pdf(format="A4", print_background=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, rel
    for name in ("start.png", "gemeente-tholen.png", "gemeente-tholen-print.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000


def test_hostile_register_text_runs_nothing_in_the_browser(browser: Any, register_copy: Path,
                                                            tmp_path: Path) -> None:
    markiezaten = register_copy / "districten" / "de-markiezaten.yaml"
    markiezaten.write_text(markiezaten.read_text(encoding="utf-8").replace(
        "naam: De Markiezaten\n", "naam: \"<script>alert(1)</script>\"\n", 1).replace(
        "      Markiezaten, niet naar district Zeeland.\n",
        "      Markiezaten, niet naar district Zeeland. <img src=x onerror=alert(2)>\n"),
        encoding="utf-8")
    build_site(tmp_path / "site", register_copy)
    v = Visit(browser, tmp_path / "site")
    dialogs: list[str] = []
    v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page = v.open("gemeente/tholen.html")
        assert "<script>alert(1)</script>" in page.locator("main").inner_text()
        assert "<img src=x onerror=alert(2)>" in page.locator(".notitie").inner_text()
        page = v.open("index.html")
        page.get_by_label("Zoek een gemeente of woonplaats").fill("script")
        assert page.locator("#zoekresultaten a").first.inner_text() == \
            "<script>alert(1)</script>"
        assert dialogs == [] and v.errors == [] and v.outside() == []
    finally:
        v.close()
