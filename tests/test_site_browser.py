"""The website in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright over
the DevTools protocol, every page loaded from file://.

Checks: the search finds a gemeente (and a woonplaats, once those are in the register), no page
requests anything outside its folder, no console errors, axe-core finds no WCAG 2.1 AA
violation in the light and the dark colour scheme, every page reflows (no horizontal scroll, no
clipped or overlapping text, every phone number whole) at 320, 390, 768 and 1280 px and at 200%
and 400% zoom, blocks keep a border in forced colours, the choice of role on a gemeente page is a
navigation that works without JavaScript and by keyboard, every gemeente page (each role's)
prints on one A4 with the Zorg- en Veiligheidshuis's town and the page's address, and the site
served over loopback HTTP installs as an app and keeps working offline. What these measure must
equal what the accessibility statement says (src/mhcli/site/toegankelijkheid.json). Screenshots
at 390 and 1280 px of every page type go to tests/output/site/ (not committed). Needs
/usr/bin/chromium (or MHCLI_CHROMIUM), the `playwright` package (its driver only; it never
downloads a browser) and npm for axe-core, or MHCLI_AXE naming axe.min.js.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mhcli.site.build import build_site
from tests.conftest import REPO, VANDAAG, Result
from tests.gitrepo import dated_fixture
from tests.test_resolve import route_answer
from tests.test_resolve import table as resolve_table

AXE_VERSION = "4.14.1"
URL = "https://voorbeeld.nl/mensenhandel/"
MEASURED = json.loads((REPO / "src" / "mhcli" / "site" / "toegankelijkheid.json")
                      .read_text(encoding="utf-8"))
RECORDED = {m["id"]: m["afwijkingen"] for m in MEASURED["metingen"]}
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
        (Path(tmp) / "repo").mkdir()
        build_site(out, dated_fixture(Path(tmp) / "repo"), URL)
        yield out


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(driver: Any) -> Iterator[Any]:
    launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
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

    def open(self, rel: str, wait_until: str = "load") -> Any:
        self.page.goto((self.site / rel).as_uri(), wait_until=wait_until)
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


def _card_pages(site: Path) -> list[str]:
    """Every default gemeente page and, of each other role, the longest page of each district.
    A role's page differs from the others of its district only in the gemeente's own lines
    (its name, its note), and those the default pages show for every gemeente; measuring all
    105 pages would double the time of the slowest tests and find nothing more."""
    longest: dict[tuple[str, str], tuple[int, str]] = {}
    for page in (site / "gemeente").glob("*--*.html"):
        html = page.read_text(encoding="utf-8")
        found = re.search(r'class="district">([^<]*)<', html)
        assert found, page
        key = (page.stem.partition("--")[2], found.group(1))
        longest[key] = max(longest.get(key, (0, "")), (len(html), f"gemeente/{page.name}"))
    assert len(longest) == 2 * 4  # two more roles, four districts
    defaults = [r for r in _pages(site) if r.startswith("gemeente/") and "--" not in r]
    return [*defaults, *sorted(rel for _, rel in longest.values())]


# axe on every page type (a gemeente with and without a staleness warning): a full run on all
# 42 pages takes over a minute on a busy machine and finds nothing the types do not.
AXE_PAGES = ["index.html", "regio.html", "over.html", "toegankelijkheid.html",
             "district/hart-van-brabant.html", "gemeente/tholen.html", "gemeente/goes.html",
             "gemeente/dongen.html", "gemeente/tholen--professional.html",
             "gemeente/goes--iedereen.html"]
# One page of each type, for the reflow measurements and the screenshots.
PAGE_TYPES = {"start": "index.html", "regio": "regio.html", "over": "over.html",
              "toegankelijkheid": "toegankelijkheid.html",
              "district": "district/de-markiezaten.html", "gemeente": "gemeente/tholen.html",
              "gemeente-professional": "gemeente/tholen--professional.html"}


def test_every_page_loads_offline_without_errors(visit: Visit, site: Path) -> None:
    assert len(_pages(site)) == 4 + 4 + 35 * 3  # the gemeente pages: one per role
    # The other roles' pages as the cards are measured: same template, same script.
    pages = [r for r in _pages(site) if not r.startswith("gemeente/")] + _card_pages(site)
    for rel in pages:
        # Parsed, stylesheet asked for and scripts run (they are at the end of the body).
        page = visit.open(rel, wait_until="domcontentloaded")
        assert page.title(), rel
        assert page.locator("h1").count() == 1, rel
    assert visit.errors == []
    assert visit.outside() == []
    assert len(visit.requests) >= 2 * len(pages)  # the log saw each page and its stylesheet


def _axe_run(page: Any, axe: str) -> list[str]:
    page.add_script_tag(content=axe)  # inline: axe itself is no request either
    # preload off: axe would fetch the stylesheets again, which file:// does not allow.
    found: list[str] = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "preload: false}))"
        ".violations.map(v => v.id + ': ' + v.help + ' @ ' + "
        "v.nodes.map(n => n.target.join(' ')).join(', '))", WCAG_AA)
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_21_aa_violation(browser: Any, site: Path, scheme: str) -> None:
    axe = _axe().read_text(encoding="utf-8")
    visit = Visit(browser, site, color_scheme=scheme)
    try:
        violations: dict[str, list[str]] = {}
        for rel in AXE_PAGES:
            page = visit.open(rel)
            assert visit.errors == [], rel  # before axe, whose own messages are not the page's
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == \
                (scheme == "dark")
            found = _axe_run(page, axe)
            if found:
                violations[rel] = found
        assert sum(len(v) for v in violations.values()) == \
            RECORDED["axe-licht" if scheme == "light" else "axe-donker"]
        assert violations == {}
        assert visit.outside() == []
        # The check can fail: an unlabelled field is a violation.
        visit.page.set_content('<!DOCTYPE html><html lang="nl"><title>t</title><main>'
                               '<input type="text"></main></html>')
        assert [v.split(":")[0] for v in _axe_run(visit.page, axe)] == ["label"]
    finally:
        visit.close()


# Everything a reader might miss when a page does not reflow: the page scrolls sideways, text
# lies outside the screen or outside a box that clips it, two pieces of text overlap, a phone
# number is cut, wrapped or clipped, a table cell sticks out. Visually hidden text is skipped.
REFLOW = """() => {
  // What a reader can unfold (a gemeente's history) must reflow too.
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const say = (what, el) => problems.push(what + ': ' +
    (el ? (el.textContent || '').trim().slice(0, 60) : ''));
  if (document.documentElement.scrollWidth > vw + 1) {
    say('pagina scrolt horizontaal (' + document.documentElement.scrollWidth + ' > ' + vw + ')');
  }
  const hidden = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.clipPath !== 'none' || cs.display === 'none' || cs.visibility === 'hidden' ||
          a.classList.contains('skip')) { return true; }
    }
    return false;
  };
  const clippers = (el) => {
    const found = [];
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') { found.push(a); }
    }
    return found;
  };
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || ['SCRIPT', 'STYLE'].includes(el.tagName) || hidden(el)) {
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) { continue; }
      if (r.left < -1 || r.right > vw + 1) { say('tekst buiten beeld', el); }
      for (const a of clippers(el)) {
        const b = a.getBoundingClientRect();
        if (r.left < b.left - 1 || r.right > b.right + 1) { say('tekst afgesneden', el); }
      }
      boxes.push({r: r, node: node, el: el});
    }
  }
  boxes.sort((a, b) => a.r.top - b.r.top);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length && boxes[j].r.top < boxes[i].r.bottom - 2; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (boxes[i].node !== boxes[j].node && across > 2 && down > 2) {
        say('tekst overlapt', boxes[i].el);
      }
    }
  }
  for (const tel of document.querySelectorAll('a[href^="tel:"]')) {
    const rects = tel.getClientRects();
    const r = tel.getBoundingClientRect();
    if (rects.length !== 1 || r.left < -1 || r.right > vw + 1 ||
        tel.scrollWidth > tel.offsetWidth + 1) {
      say('telefoonnummer niet heel zichtbaar', tel);
    }
  }
  for (const cell of document.querySelectorAll('td, th')) {
    const r = cell.getBoundingClientRect();
    if (!hidden(cell) && (r.left < -1 || r.right > vw + 1)) { say('cel buiten beeld', cell); }
  }
  return problems;
}"""

# Width in CSS pixels and device scale: 200% and 400% zoom of a 1280 px window.
VIEWPORTS = [("320", 320, 1), ("390", 390, 1), ("768", 768, 1), ("1280", 1280, 1),
             ("zoom-200", 640, 2), ("zoom-400", 320, 4)]


def test_every_page_type_reflows_and_screenshots(browser: Any, site: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    for name, width, scale in VIEWPORTS:
        visit = Visit(browser, site, viewport={"width": width, "height": 800},
                      device_scale_factor=scale)
        try:
            rels = list(PAGE_TYPES.values())
            if name == "320":  # the narrowest: the gemeente pages, for every phone number
                rels += _card_pages(site)
            for rel in dict.fromkeys(rels):
                page = visit.open(rel)
                found = page.evaluate(REFLOW)
                if found:
                    problems[f"{rel} @ {name}"] = found
            if name in ("390", "1280"):
                for kind, rel in PAGE_TYPES.items():
                    visit.open(rel).screenshot(path=str(SCREENSHOTS / f"{kind}-{name}.png"),
                                               full_page=True)
            assert visit.errors == [] and visit.outside() == []
        finally:
            visit.close()
    assert sum(len(p) for p in problems.values()) == RECORDED["herschikken"]
    assert problems == {}
    for kind in PAGE_TYPES:
        for name in ("390", "1280"):
            assert (SCREENSHOTS / f"{kind}-{name}.png").stat().st_size > 10_000


def test_the_reflow_measurement_can_fail(browser: Any, site: Path) -> None:
    visit = Visit(browser, site, viewport={"width": 320, "height": 800})
    try:
        page = visit.open("gemeente/tholen.html")
        page.add_style_tag(content=".stapelbaar { display: table !important; width: 40rem; } "
                                   ".stapelbaar * { display: revert !important; }")
        found = page.evaluate(REFLOW)
        assert any(p.startswith("pagina scrolt horizontaal") for p in found)
        assert any(p.startswith("telefoonnummer niet heel zichtbaar") or
                   p.startswith("cel buiten beeld") for p in found)
        page.set_content('<p style="position:relative">een</p>'
                         '<p style="position:relative;top:-2em">twee</p>')
        assert any(p.startswith("tekst overlapt") for p in page.evaluate(REFLOW))
    finally:
        visit.close()


def test_blocks_keep_a_border_in_forced_colours(browser: Any, site: Path) -> None:
    visit = Visit(browser, site, forced_colors="active", color_scheme="dark")
    try:
        missing = []
        for rel in PAGE_TYPES.values():
            page = visit.open(rel)
            assert page.evaluate("matchMedia('(forced-colors: active)').matches")
            missing += page.evaluate(
                "() => [...document.querySelectorAll('.blok, .district-kaart, .nood p')]"
                ".filter(e => ['Top', 'Right', 'Bottom', 'Left'].some(s => "
                "getComputedStyle(e)['border' + s + 'Style'] === 'none' || "
                "parseFloat(getComputedStyle(e)['border' + s + 'Width']) < 1))"
                ".map(e => location.pathname.split('/').pop() + ' ' + e.className)")
        assert len(missing) == RECORDED["geforceerde-kleuren"]
        assert missing == []
        page = visit.open("gemeente/tholen.html")
        page.screenshot(path=str(SCREENSHOTS / "gemeente-geforceerde-kleuren-390.png"))
    finally:
        visit.close()


def test_search_finds_a_gemeente(visit: Visit) -> None:
    page = visit.open("index.html")
    field = page.get_by_label("Zoek een gemeente of woonplaats")
    assert field.is_visible()  # the script shows the form
    field.fill("thol")
    first = page.locator("#zoekresultaten li").first
    assert first.inner_text() == "Tholen (gemeente, district De Markiezaten)"
    assert page.locator("#zoekstatus").inner_text() == "1 gevonden."
    field.press("Enter")  # a part of a name is no choice: Enter opens nothing
    assert page.url.endswith("/index.html")
    assert page.locator("#zoekstatus").inner_text().startswith("Kies hieronder de gemeente")
    field.fill("0716")  # the CBS code
    assert page.locator("#zoekresultaten a").first.inner_text() == "Tholen"
    field.fill("bergenopzoom")
    field.press("Enter")  # one gemeente: Enter opens it
    page.wait_for_url("**/gemeente/bergen-op-zoom.html")
    assert page.locator("h1").inner_text() == \
        "Signaal van mensenhandel uit gemeente Bergen op Zoom"
    field = visit.open("index.html").get_by_label("Zoek een gemeente of woonplaats")
    field.fill("xyzzy")
    assert visit.page.locator("#zoekstatus").inner_text().startswith(
        "'xyzzy' is geen gemeente, woonplaats of district die deze site kent. Niets gevonden")
    assert visit.errors == [] and visit.outside() == []


def test_search_finds_a_woonplaats(visit: Visit) -> None:
    page = visit.open("index.html")
    page.get_by_label("Zoek een gemeente of woonplaats").fill("Oudenbosch")
    assert page.locator("#zoekstatus").inner_text() == (
        "Oudenbosch is een woonplaats in gemeente Halderberge (district De Markiezaten). "
        "1 gevonden.")
    assert page.locator("#zoekresultaten li").all_inner_texts() == [
        "Oudenbosch (woonplaats in gemeente Halderberge, district De Markiezaten)"]
    first = page.locator("#zoekresultaten a").first
    assert first.inner_text() == "Oudenbosch"
    first.click()
    page.wait_for_url("**/gemeente/halderberge.html")


def _search(page: Any, text: str) -> tuple[str, list[str], str]:
    page.get_by_label("Zoek een gemeente of woonplaats").fill(text)
    form = page.locator("#zoeken")
    gemeenten = form.get_attribute("data-gemeenten") or ""
    return (form.get_attribute("data-uitkomst") or "", gemeenten.split("|") if gemeenten
            else [], page.locator("#zoekstatus").inner_text())


def test_the_search_answers_the_shared_table_as_route_does(visit: Visit,
                                                           mhcli: Callable[..., Result]) -> None:
    """Every input of tests/fixtures/namen.tsv: the same class and gemeente(n) from the site's
    search as from `mhcli route -f json`, and the same key from zoek.js as from mhcli.names."""
    page = visit.open("index.html")
    differ = []
    for row in resolve_table():
        typed = row["invoer"]
        route = route_answer(mhcli("route", "-f", "json", "--", typed))
        expected = (row["uitkomst"], row["gemeenten"].split("|") if row["gemeenten"] else [])
        uitkomst, gemeenten, _ = _search(page, typed)
        key = page.evaluate("(text) => window.MHCLI_ZOEK.sleutel(text)", typed)
        if not (route == expected == (uitkomst, gemeenten) and key == row["sleutel"]):
            differ.append((typed, route, (uitkomst, gemeenten), key))
    assert differ == []
    assert visit.errors == [] and visit.outside() == []


def test_enter_never_picks_among_several(visit: Visit) -> None:
    page = visit.open("index.html")
    for text, gemeenten in (("Biervliet", ["Sluis", "Terneuzen"]),
                            ("Zevenbergschen Hoek", ["Drimmelen", "Moerdijk"]),
                            ("Thoeln", ["Tholen"])):
        uitkomst, found, _said = _search(page, text)
        assert found == gemeenten and uitkomst in ("meerdere", "onbekend")
        page.get_by_label("Zoek een gemeente of woonplaats").press("Enter")
        assert page.url.endswith("/index.html"), text
    items = page.locator("#zoekresultaten li")
    _search(page, "Zevenbergschen Hoek")
    assert items.all_inner_texts()[:2] == [
        "Zevenbergschen Hoek (woonplaats in gemeente Drimmelen, district De Baronie)",
        "Zevenbergschen Hoek (woonplaats in gemeente Moerdijk, district De Markiezaten)"]
    assert visit.errors == []


@pytest.mark.parametrize("text, said", [
    ("'s-Hertogenbosch", "Gemeente 's-Hertogenbosch (provincie Noord-Brabant) ligt buiten de "
                         "regio Zeeland-West-Brabant; deze site kent alleen de route binnen de "
                         "regio. Bij acuut gevaar: bel 112. 1 gevonden."),
    ("Baarle-Nassau", "'Baarle-Nassau' staat niet in het register. Vermoedelijk een van de twee "
                      "gemeenten die de bron meetelt maar niet noemt"),
    ("4691 AB", "'4691 AB' is een postcode. Deze site kent geen postcodes"),
    ("Biervliet", "'Biervliet' is een woonplaats in twee gemeenten: Sluis en Terneuzen, allebei "
                  "in district Zeeland. De route is voor beide dezelfde, op de gemeente na. "
                  "2 gevonden."),
    # A typo gets suggestions, never "gevonden" as if the place were found.
    ("Tholne", "'Tholne' is geen gemeente, woonplaats of district die deze site kent. Bedoelde "
               "u een van deze? 1 suggestie."),
])
def test_outside_unplaced_and_postcode_get_their_message(visit: Visit, text: str,
                                                         said: str) -> None:
    page = visit.open("index.html")
    assert _search(page, text)[2].startswith(said)
    assert page.locator("#zoekstatus").get_attribute("role") == "status"  # read out
    for item in page.locator("#zoekresultaten li").all_inner_texts():
        assert re.search(r"\((gemeente|woonplaats in gemeente .+), (district .+|in de regio "
                         r"maar niet in het register)\)$", item) or \
            re.search(r"\(gemeente in [A-Z][A-Za-z-]+, buiten de regio\)$", item), item


def test_without_javascript_the_start_page_lists_every_gemeente(browser: Any,
                                                                site: Path) -> None:
    v = Visit(browser, site, java_script_enabled=False)
    try:
        page = v.open("index.html")
        assert not page.locator("#zoeken").is_visible()
        assert RECORDED["zonder-javascript"] == 0
        assert page.locator("section[aria-labelledby='alle-gemeenten'] "
                            "a[href^='gemeente/']").count() == 35
        assert page.get_by_text("Acuut gevaar? Bel direct").is_visible()
    finally:
        v.close()


def test_the_role_is_chosen_by_links_without_javascript(browser: Any, site: Path) -> None:
    """'Wie bent u?' is a navigation of links to each role's page (not tabs that need a
    script): assistive technology finds it by role and name and hears which page is current;
    a keyboard reaches and follows it; the page it opens says which role it answers for."""
    v = Visit(browser, site, java_script_enabled=False)
    try:
        page = v.open("gemeente/tholen.html")
        keuze = page.get_by_role("navigation", name="Wie bent u?")
        links = keuze.get_by_role("link")
        assert links.all_inner_texts() == ["Medewerker van de gemeente",
                                           "Professional onder de meldcode", "Iedereen"]
        current = keuze.locator("[aria-current='page']")
        assert current.all_inner_texts() == ["Medewerker van de gemeente"]
        # Not by colour alone: the current role is also bold, with a check mark that is
        # decoration (its alternative text is empty, so the link's name is the role alone).
        assert current.evaluate("a => getComputedStyle(a, '::before').content") == \
            '"✓\u00a0" / ""'
        assert keuze.get_by_role("link", name="Medewerker van de gemeente", exact=True).count() \
            == 1
        assert "de standaard, want u koos geen rol" in page.locator(".rol-nu").inner_text()
        professional = keuze.get_by_role("link", name="Professional onder de meldcode")
        professional.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/gemeente/tholen--professional.html#rol")
        assert page.locator(".rol-nu").inner_text().startswith(
            "Deze route is voor: professional onder de meldcode (gekozen).")
        wie = page.get_by_role("table", name="Wie belt u, per situatie")
        assert "Veilig Thuis" in wie.inner_text() and "0800-2000" in wie.inner_text()
        # The chosen role's part of the page is in view, just below the choice.
        assert page.evaluate("document.getElementById('rol').getBoundingClientRect().top") < 5
        page.get_by_role("navigation", name="Wie bent u?").get_by_role(
            "link", name="Iedereen").click()
        page.wait_for_url("**/gemeente/tholen--iedereen.html#rol")
        assert page.get_by_role("table", name="Wie belt u, per situatie").locator(
            "tbody tr").count() == 1  # 112; the national lines follow, side by side
        assert v.errors == [] and v.outside() == []
    finally:
        v.close()


def test_gemeente_page_prints_on_one_a4_as_a_route_card(visit: Visit, site: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = visit.open("gemeente/tholen.html")
    page.set_viewport_size({"width": round((210 - 24) / 25.4 * 96), "height": 1000})
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "gemeente-print.png"), full_page=True)
    assert not page.locator("#bestuurlijk").is_visible()  # the route card leaves it out
    assert page.locator("#acuut").is_visible()
    card = page.locator("main").inner_text()
    assert "plaats: Bergen op Zoom" in card  # the Zorg- en Veiligheidshuis's town
    assert f"{URL}gemeente/tholen.html" in card  # the page's address, with its QR code
    assert page.locator(".kaartvoet svg[role='img']").is_visible()
    assert card.startswith("Signaal van mensenhandel uit gemeente Tholen")
    assert "Deze route is voor: medewerker van de gemeente\n" in card  # the card's role
    assert not page.locator(".rollen").is_visible()  # the choice is for the screen
    for rol in ("professional onder de meldcode", "iedereen"):
        other = visit.open(f"gemeente/tholen--{rol.split()[0]}.html")
        other.emulate_media(media="print")
        printed = other.locator("main").inner_text()
        assert f"Deze route is voor: {rol}\n" in printed
        assert f"{URL}gemeente/tholen--{rol.split()[0]}.html" in printed
        # What 'Wie belt u' says is not printed twice (Veilig Thuis's text and number).
        assert printed.count("0800-2000") == (rol != "iedereen")
        # Also a short card (112 and the national lines) fills most of its page.
        height = other.evaluate("document.querySelector('main').getBoundingClientRect()"
                                ".bottom")
        assert height > 0.75 * (297 - 20) / 25.4 * 96, (rol, height)
    page = visit.open("gemeente/tholen.html")
    page.emulate_media(media="print")
    # A card worth pinning up uses its page: the printed content fills most of the A4.
    height = page.evaluate("document.querySelector('main').getBoundingClientRect().bottom")
    assert height > 0.75 * (297 - 20) / 25.4 * 96, height
    overflow = []
    for rel in _card_pages(site):
        pdf = visit.open(rel).pdf(format="A4", print_background=True)
        if len(re.findall(rb"/Type\s*/Page[^s]", pdf)) != 1:
            overflow.append(rel)
    assert len(overflow) == RECORDED["afdrukken"]
    assert overflow == []
    assert (SCREENSHOTS / "gemeente-print.png").stat().st_size > 10_000


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass


def test_served_over_http_it_installs_and_works_offline(driver: Any, site: Path) -> None:
    """Loopback HTTP, one visit, then no network at all (the server stopped and the browser
    offline): every page type still opens, from the service worker's cache."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    profile = tempfile.mkdtemp(prefix="mhcli-profile-")
    try:
        # A persistent profile: an incognito context is never installable.
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            requests: list[str] = []
            errors: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error"
                    else None)
            page.goto(base + "index.html")
            page.wait_for_function(
                "navigator.serviceWorker.ready.then(r => r.active.state === 'activated')")
            cdp = context.new_cdp_session(page)
            assert cdp.send("Page.getInstallabilityErrors") == {"installabilityErrors": []}
            manifest = cdp.send("Page.getAppManifest")
            assert manifest["errors"] == [] and manifest["url"] == \
                base + "manifest.webmanifest"
            server.shutdown()
            context.set_offline(True)
            for rel in [*PAGE_TYPES.values(), "gemeente/goes.html", "gemeente/goes--iedereen.html"]:
                response = page.goto(base + rel)
                assert response is not None and response.status == 200, rel
                assert page.locator("h1").count() == 1, rel
            page.goto(base + "gemeente/tholen.html")
            kept = page.evaluate("fetch('../downloads/gemeenten-excel.csv').then(r => "
                                 "r.arrayBuffer()).then(b => Array.from(new Uint8Array(b, 0, 7)))")
            assert bytes(kept) == "\ufeffnaam".encode()
            assert "112" in page.locator(".nood").inner_text()
            assert page.locator("a[href='tel:0800-7000'], a[href='tel:08007000']").count()
            assert errors == []
            assert all(u.startswith(base) for u in requests), requests
        finally:
            context.close()
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(profile, ignore_errors=True)


def test_hostile_register_text_runs_nothing_in_the_browser(browser: Any, register_copy: Path,
                                                            tmp_path: Path) -> None:
    markiezaten = register_copy / "districten" / "de-markiezaten.yaml"
    # Names cannot carry markup (valideer: naam-teken), so the script is who steers the district.
    markiezaten.write_text(markiezaten.read_text(encoding="utf-8").replace(
        "  door: districtelijke werkgroep mensenhandel De Markiezaten\n",
        "  door: \"<script>alert(1)</script>\"\n", 1).replace(
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
        page.get_by_label("Zoek een gemeente of woonplaats").fill("thol")
        assert page.locator("#zoekresultaten a").first.inner_text() == "Tholen"
        assert dialogs == [] and v.errors == [] and v.outside() == []
    finally:
        v.close()
