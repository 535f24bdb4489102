"""Every claim sourced, every source public: the README's "Elk feit noemt zijn bron", by test.

Over the product's own register: every fact in data/ names a source (itself or through its
district) whose public address is known; every item of every route, for every gemeente, role and
form of exploitation, carries the ids of public sources in its JSON; and every sentence of the
text answer that states a fact carries them too (a ``Bewering``), while the tool's own words are
marked as such (a ``Kader``). Plain text fails: a new sentence must say what it is.

The website the same way, over every page `mhcli site` writes: every text lies in an element
that states a fact (``data-bron``: the ids of its sources, each in the site's list of sources on
over.html with a public address; on a gemeente page also in the page's own list) or in one marked
as the tool's own words (``data-kader``). Unmarked text fails, and so does a claim without a
source; ``test_the_site_check_can_fail`` shows each of those on purpose.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from mhcli.render.sheet import Bewering, Kader, Sheet
from tests.conftest import BUNDLED, FIXTURE, VANDAAG

pytestmark = pytest.mark.bundled  # of the named set that reads the product's own data/

PUBLIC = ("https://",)
# Keys that name or classify an item rather than state a fact about the world.
LABELS = {"id", "rol", "taak_van", "groep", "soort", "uitkomst"}  # classes, not claims


@cache
def _register() -> Any:
    from mhcli import open_register

    return open_register(BUNDLED)


def _data() -> dict[str, Any]:
    return _register().document()  # type: ignore[no-any-return]


def _bronnen() -> dict[str, dict[str, Any]]:
    return {b["id"]: b for b in _data()["regio"]["bronnen"]}


def _routes() -> Iterator[tuple[str, Any]]:
    register = _register()
    for g in register.model.alle_gemeenten():
        for rol in [None, *(r.id for r in register.model.signaalroute.rollen)]:
            for vorm in [None, *register.model.vormen]:
                yield f"{g.naam}/{rol}/{vorm}", register.route(g.naam, vorm, rol)


def test_every_source_is_a_public_page_with_an_honest_date() -> None:
    for ident, bron in _bronnen().items():
        assert str(bron.get("url", "")).startswith(PUBLIC), f"bron {ident}: geen openbaar adres"
        assert bron["geraadpleegd"] >= "2026-11-28", ident  # FACTS.md's facts were read then
        assert "FACTS" not in bron["titel"], ident  # a private file is never a source
    assert "feiten-mhcli" not in _bronnen()


def _walk(node: Any, bron: str | None, path: str) -> Iterator[tuple[str, str | None]]:
    """(path, the bron that covers it) for every object in a data file that states a fact."""
    if isinstance(node, dict):
        bron = node.get("bron", bron)
        if any(isinstance(v, str) for k, v in node.items() if k not in LABELS | {"bron"}):
            yield path, bron
        for key, value in node.items():
            if key != "bronnen":
                yield from _walk(value, bron, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, bron, f"{path}[{i}]")


def test_every_fact_in_the_register_names_a_public_source() -> None:
    """Each object that states something has a `bron` (its own, or its district's for what a
    district file says) that resolves to a public page; nothing cites a private file."""
    bronnen = _bronnen()
    data = _data()
    found = list(_walk({k: v for k, v in data["regio"].items() if k != "bronnen"}, None,
                       "regio.yaml"))
    for district in data["districten"]:
        found += _walk(district, None, f"districten/{district['id']}.yaml")
    assert len(found) > 60
    for path, bron in found:
        assert bron in bronnen, f"{path}: geen bron"
        assert bronnen[bron]["url"].startswith(PUBLIC), path
    # Side sources are ids too, and public.
    for ident in _side_sources(data):
        assert ident in bronnen and bronnen[ident]["url"].startswith(PUBLIC), ident


def _side_sources(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("plaats_bron", "cbs_bron", "gemeenten_bron") and isinstance(value, str):
                yield value
            yield from _side_sources(value)
    elif isinstance(node, list):
        for item in node:
            yield from _side_sources(item)


def _unsourced(node: Any, registry: dict[str, Any], path: str = "") -> Iterator[str]:
    """Paths of JSON objects that state something but carry no public source."""
    if isinstance(node, dict):
        if set(node) <= {"id", "titel", "url"}:  # a reference to a source itself
            return
        texts = [k for k, v in node.items() if k not in LABELS and isinstance(v, str)]
        texts += [k for k, v in node.items() if isinstance(v, list) and v
                  and all(isinstance(x, str) for x in v)]
        if texts:
            refs = node.get("bronnen") or []
            if not refs or any(r["id"] not in registry
                               or not str(registry[r["id"]]["url"]).startswith(PUBLIC)
                               for r in refs):
                yield f"{path} ({', '.join(texts)})"
        for key, value in node.items():
            if key != "bronnen":
                yield from _unsourced(value, registry, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _unsourced(item, registry, f"{path}[{i}]")


def test_every_item_of_every_route_carries_a_public_source() -> None:
    """All 35 gemeenten x every role x every vorm (and none), as JSON."""
    count = 0
    for label, route in _routes():
        data = route.as_json()
        registry = {b["id"]: b for b in data["bronnen"]}
        assert all(str(b["url"]).startswith(PUBLIC) for b in registry.values()), label
        body = {k: v for k, v in data.items() if k not in ("bronnen", "notities", "op")}
        missing = list(_unsourced(body, registry))
        assert not missing, f"{label}: zonder bron: {missing}"
        # The notes are the gemeente's own toelichting, which its sources cover.
        assert data["notities"] in ([], [data["gemeente"]["toelichting"]]), label
        count += 1
    assert count == 35 * 4 * 5


def _texts(doc: Sheet) -> Iterator[tuple[str, str]]:
    yield "titel", doc.titel
    if doc.ondertitel is not None:
        yield "ondertitel", doc.ondertitel
    for line in [*doc.regels, *doc.nadruk]:
        yield "regel", line
    for section in doc.secties:
        yield "sectie", section.titel
        for label, value in section.velden:
            yield "label", label
            yield f"{label}", value
        for line in [*section.regels, *section.nadruk]:
            yield section.titel, line


def _check_sheet(doc: Sheet, registry: dict[str, Any], label: str) -> None:
    for where, text in _texts(doc):
        assert isinstance(text, (Bewering, Kader)), f"{label}: {where}: onbenoemde tekst {text!r}"
        if isinstance(text, Bewering):
            assert text.bronnen, f"{label}: {where}: bewering zonder bron: {text!r}"
            for ident in text.bronnen:
                assert str(registry[ident]["url"]).startswith(PUBLIC), (label, ident)


def test_every_sentence_of_the_text_answer_carries_its_source() -> None:
    """The text renderers' sentences: a fact is a Bewering with public sources, the tool's own
    words a Kader; a sentence that is neither fails."""
    from mhcli.render import documents

    for label, route in _routes():
        registry = route.bronnen
        _check_sheet(documents.route(route), registry, label)
        _check_sheet(documents.route_kort(route), registry, label + " --kort")
    from mhcli.api import GeenRoute

    for naam in ("Heusden", "Thoeln", "Baarle-Nassau", "Chaam", "Biervliet"):
        for rol in ("gemeente", "professional", "iedereen"):
            with pytest.raises(GeenRoute) as caught:
                _register().route(naam, rol=rol)
            miss = caught.value
            doc = documents.geen_route(miss.antwoord, miss.universeel)
            _check_sheet(doc, miss.universeel.bronnen, f"{naam}/{rol}")


def test_route_json_contract_for_the_site() -> None:
    """What the site's role choice needs is in every route: the roles, which one answered,
    and whether it was chosen; the bundled CBS data credited where it answered."""
    route = json.loads(json.dumps(_register().route("Oudenbosch").as_json()))
    assert [r["id"] for r in route["rollen"]] == ["gemeente", "professional", "iedereen"]
    assert route["rol"]["id"] == "gemeente" and route["rol"]["standaard"] is True
    assert route["rol"]["gekozen"] is False
    assert all(r["bronnen"] for r in route["rollen"])
    assert [b["id"] for b in route["gevonden_als"]["bronnen"]] == ["cbs-woonplaatsen"]


# --- the website -----------------------------------------------------------------------------

def _build(data: Path, out: Path, cache_folder: Path) -> Path:
    from mhcli.site.build import build_site

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHCLI_VANDAAG", VANDAAG)
        mp.setenv("MHCLI_CACHE", str(cache_folder))
        build_site(out, data)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(BUNDLED, tmp_path_factory.mktemp("site") / "site",
                  tmp_path_factory.mktemp("cache"))


def _dom(html: bytes) -> Any:
    import html5lib

    return html5lib.parse(html, namespaceHTMLElements=False, transport_encoding="utf-8")


def _registry(site: Path) -> dict[str, str | None]:
    """The site's list of sources (over.html): id -> the address it links to."""
    found: dict[str, str | None] = {}
    for row in _dom((site / "over.html").read_bytes()).iter("tr"):
        if row.get("data-bron-id"):
            link = next(row.iter("a"), None)
            found[row.get("data-bron-id")] = link.get("href") if link is not None else None
    return found


SKIP = {"script", "style", "template"}  # no text a reader sees (the JSON-LD is data)


def _page_claims(html: bytes, registry: dict[str, str | None]
                 ) -> tuple[list[str], set[str], set[str]]:
    """Problems of one page, the source ids its main content cites, and those its own list of
    sources names."""
    problems: list[str] = []
    cited: set[str] = set()

    def said(element: Any) -> str:
        return " ".join("".join(element.itertext()).split())[:70]

    def claim(element: Any, ids: list[str], in_main: bool) -> None:
        if not ids:
            problems.append(f"bewering zonder bron: {said(element)!r}")
        for ident in ids:
            if in_main:
                cited.add(ident)
            if ident not in registry:
                problems.append(f"bron '{ident}' staat niet in de bronnen: {said(element)!r}")
            elif not str(registry[ident]).startswith(PUBLIC):
                problems.append(f"bron '{ident}' heeft geen openbaar adres: {said(element)!r}")

    def check(text: str | None, marked: bool) -> None:
        if text and text.strip() and not marked:
            problems.append(f"tekst zonder markering: {' '.join(text.split())[:70]!r}")

    def walk(element: Any, marked: bool, in_main: bool) -> None:
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag in SKIP or not tag:  # a comment or script: its own text is not shown
            return
        in_main = in_main or tag == "main"
        bron, kader = element.get("data-bron"), element.get("data-kader")
        if bron is not None and kader is not None:
            problems.append(f"{tag}: zowel data-bron als data-kader: {said(element)!r}")
        if bron is not None:
            claim(element, bron.split(), in_main)
        marked = marked or bron is not None or kader is not None
        check(element.text, marked)
        for child in element:
            walk(child, marked, in_main)
            check(child.tail, marked)

    root = _dom(html)
    walk(root.find("body"), False, False)
    listed = {li.get("data-bron-id") for li in root.iter("li") if li.get("data-bron-id")}
    return problems, cited, listed


def _site_problems(site: Path) -> dict[str, list[str]]:
    registry = _registry(site)
    assert len(registry) > 5
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        problems, cited, listed = _page_claims(page.read_bytes(), registry)
        if rel.startswith("gemeente/"):  # a route page lists every source it cites
            problems += [f"bron '{i}' niet in de bronnen van deze pagina"
                         for i in sorted(cited - listed)]
        if problems:
            found[rel] = problems
    return found


def test_every_fact_on_every_page_of_the_site_carries_a_public_source(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 4 + 4 + 35 * 3  # start, region, about, accessibility; districts; roles
    assert _site_problems(site) == {}
    # Claims are there, for every role: the route's own lines are facts with sources.
    registry = _registry(site)
    for rol in ("", "--professional", "--iedereen"):
        _, cited, listed = _page_claims((site / "gemeente" / f"tholen{rol}.html").read_bytes(),
                                        registry)
        assert "wegwijzer-melden" in cited and cited <= listed, rol
    _, cited, _ = _page_claims((site / "gemeente" / "tholen--professional.html").read_bytes(),
                               registry)
    assert {"augeo-veilig-thuis", "nji-melden"} <= cited  # Veilig Thuis, the minors


def test_the_site_check_can_fail(site: Path, tmp_path: Path) -> None:
    registry = _registry(site)
    page = (site / "gemeente" / "tholen--professional.html").read_bytes()

    def problems(html: bytes) -> list[str]:
        return _page_claims(html, registry)[0]

    assert problems(page) == []
    # A sentence that says what it is not: neither a claim nor the tool's own words.
    assert problems(page.replace(b"<main id=\"inhoud\" tabindex=\"-1\">",
                                 b"<main id=\"inhoud\" tabindex=\"-1\"><p>Bel 0800-0000.</p>")) \
        == ["tekst zonder markering: 'Bel 0800-0000.'"]
    # A claim without a source, and one whose source the site does not list.
    assert problems(page.replace(b'data-bron="augeo-veilig-thuis"', b'data-bron=""', 1)) == \
        ["bewering zonder bron: 'Vermoedt u dat een kind of volwassene acuut ernstig gevaar " \
         "loopt of st'"]
    assert problems(page.replace(b'data-bron="augeo-veilig-thuis"', b'data-bron="verzonnen"',
                                 1))[0].startswith("bron 'verzonnen' staat niet in de bronnen")
    assert any(p.startswith("tr: zowel data-bron als data-kader") for p in problems(
        page.replace(b'<tr role="row" data-groep', b'<tr role="row" data-kader data-groep', 1)))
    # A source without a public address: the test register has those, and the check says so.
    fixture = _build(FIXTURE, tmp_path / "site", tmp_path / "cache")
    found = _site_problems(fixture)
    assert "bron 'cbs-gemeenten-2023' heeft geen openbaar adres: 'Gemeente Tholen (Zeeland, " \
        "CBS-code GM0716) hoort bij district De Marki'" in found["gemeente/tholen.html"]
    assert "bron 'feiten-mhcli' heeft geen openbaar adres: 'Zorg- en Veiligheidshuis " \
        "Midden-Brabant: plaats: Tilburg.'" in found["gemeente/tilburg--professional.html"]
