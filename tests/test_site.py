"""`mhcli site`: every page there, every link relative and resolving, valid HTML, register text
inert, an invalid register refused, the downloads true to their schemas."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import jsonschema
import pytest

from mhcli.site.build import build_site, tel_url, web_url
from mhcli.streams import OutputError
from tests.conftest import FIXTURE, NEUTRAL, REPO, VANDAAG, Result, copy_register
from tests.gitrepo import dated_fixture, edit, git

GEMEENTEN = 35
ROLLEN = ["gemeente", "professional", "iedereen"]  # the default first: its page is gemeente/X.html
DISTRICTEN = 4
SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
CONTROL = "\x1b[31mROOD\x1b[0m \u202eomgekeerd"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The site of the fixture register, built once for the module, from a repository whose
    history is known (tests/gitrepo.py)."""
    out = tmp_path_factory.mktemp("site") / "site"
    data = dated_fixture(tmp_path_factory.mktemp("repo"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHCLI_VANDAAG", VANDAAG)
        mp.setenv("MHCLI_CACHE", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("MHCLI_DATA", raising=False)
        build_site(out, data)
    yield out


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def parse(page: Path) -> object:
    """The page's DOM; html5lib's strict parser raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page.read_bytes(), transport_encoding="utf-8")


def test_a_page_for_every_gemeente_and_district(site: Path) -> None:
    gemeenten = sorted(p.name for p in (site / "gemeente").glob("*.html"))
    assert len(gemeenten) == GEMEENTEN * len(ROLLEN)  # a page per role
    assert [g for g in gemeenten if g.startswith("tholen")] == \
        ["tholen--iedereen.html", "tholen--professional.html", "tholen.html"]
    assert sorted(p.stem for p in (site / "district").glob("*.html")) == \
        ["de-baronie", "de-markiezaten", "hart-van-brabant", "zeeland"]
    for name in ("index.html", "regio.html", "over.html", "toegankelijkheid.html",
                 "assets/site.css", "assets/zoek.js", "assets/zoekindex.js", "assets/app.js",
                 "manifest.webmanifest", "sw.js"):
        assert (site / name).is_file(), name
    tholen = (site / "gemeente" / "tholen.html").read_text(encoding="utf-8")
    assert "Signaal van mensenhandel uit gemeente Tholen" in tholen
    assert tholen.index('id="acuut"') < tholen.index('id="wie-belt-u"') < \
        tholen.index('id="stappen"') < tholen.index('id="ook-melden"') < \
        tholen.index('id="bestuurlijk"') < tholen.index('id="bronnen"')
    assert "De Markiezaten" in tholen and "0800-7000" in tholen
    assert "Let op: verouderde of onbekende gegevens" in tholen  # its district's plan expired
    # The aandachtsfunctionaris's two tasks side by side, inside its step, not as steps 3 and 4.
    start = tholen.index('<ol class="stappen">')
    steps = tholen[start:tholen.index("</ol>", start)]
    assert steps.count("<h3 data-kader>") == 2 and steps.count("<h4 data-kader>") == 2
    assert '<ul class="taken">' in steps
    # No sentence the sources do not support: anonymity only where a line says so, and the
    # print's date is the build's, not a check of the data.
    assert "melden kan daar ook anoniem" not in tholen
    assert "Anoniem melden kan alleen waar dat staat." in tholen
    assert "Stand van het register" not in tholen
    assert f"Gebouwd op {VANDAAG} (de bouwdatum, geen controle van de gegevens); route of " \
        "bestuur van Tholen laatst gewijzigd op 2024-05-01." in tholen


def test_start_page_lists_every_gemeente_without_javascript(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Signaal van mensenhandel? Kies uw gemeente of woonplaats" in index
    section = index[index.index('id="alle-gemeenten"'):]
    links = re.findall(r'<a href="gemeente/([^"]+)\.html">', section[:section.index("</section>")])
    assert len(links) == GEMEENTEN
    assert re.search(r'<form id="zoeken"[^>]* hidden>', index)  # shown by the script only
    assert 'href="tel:112"' in index and "0900-8844" in index
    # Municipal staff report through their own gemeente, not the one where the signal plays.
    assert "Kies de gemeente waar het signaal speelt" not in index
    assert "werkt u bij een gemeente, kies dan de gemeente waar u werkt" in index
    # The woonplaatsen and the search are CBS data: credited, with licence and edition.
    assert "Centraal Bureau voor de Statistiek, CC BY 4.0. Editie 2024, zoals het meegeleverde " \
        "bestand vastlegt." in index


def test_every_page_is_valid_html(site: Path) -> None:
    for page in pages(site):
        parse(page)  # raises html5lib's ParseError on anything a browser would have to repair


def test_every_link_is_relative_and_resolves(site: Path) -> None:
    checked = 0
    for page in pages(site):
        dom = parse(page)
        for element in dom.iter():  # type: ignore[attr-defined]
            for attr in ("href", "src"):
                target = element.get(attr)
                if target is None:
                    continue
                parts = urlsplit(target)
                if parts.scheme in ("http", "https"):
                    assert element.tag == "a", (page, target)  # a source, to follow by hand
                    continue
                if parts.scheme == "tel":
                    continue
                assert not parts.scheme and not parts.netloc and not target.startswith("/"), \
                    (page, target)
                resolved = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                assert resolved.is_file(), (page, target)
                assert site.resolve() in resolved.parents, (page, target)
                if parts.fragment and resolved.suffix == ".html":
                    assert f'id="{parts.fragment}"' in resolved.read_text(encoding="utf-8")
                checked += 1
    assert checked > 40 * 10


def test_search_index_covers_every_gemeente_and_district(site: Path) -> None:
    """The search data is the resolver's answers: every gemeente and district by name, each
    pointing at its page (tests/test_site_browser.py types the shared table into it)."""
    text = (site / "assets" / "zoekindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("= ") + 2:text.rindex(";")])
    places = index["plekken"]
    names = {row[0]: row for row in index["namen"]}
    in_register = [p for p in places if p[1] == "gr"]
    assert len(in_register) == GEMEENTEN and len([p for p in places if p[1] == "dr"]) == \
        DISTRICTEN
    for place in places:
        assert not place[5] or (site / place[5]).is_file()
    _key, uitkomst, refs, extra = names["tholen"]
    assert (uitkomst, places[refs[0]][0], places[refs[0]][5], extra["hoe"]) == (
        "g", "Tholen", "gemeente/tholen.html", "naam")
    assert names["biervliet"][1] == "m" and names["shertogenbosch"][1] == "b"
    assert "// Woonplaatsen: Centraal Bureau voor de Statistiek, CC BY 4.0: " in text


def test_downloads_match_the_register_and_its_schemas(site: Path) -> None:
    downloads = site / "downloads"
    document = json.loads((downloads / "register.json").read_text(encoding="utf-8"))
    regio_schema = json.loads((downloads / "regio.schema.json").read_text(encoding="utf-8"))
    district_schema = json.loads((downloads / "district.schema.json").read_text(
        encoding="utf-8"))
    jsonschema.validate(document["regio"], regio_schema)
    assert len(document["districten"]) == DISTRICTEN
    for district in document["districten"]:
        jsonschema.validate(district, district_schema)
    assert document["herkomst"]["gebouwd"] == VANDAAG
    # What the register is (its content hash), never where it lay on the building machine.
    assert sorted(document["herkomst"]["register"]) == ["commit", "inhoud"]
    cbs = document["herkomst"]["referentiegegevens"]  # the CBS data the site uses, credited
    assert (cbs["id"], cbs["licentie"], cbs["naamsvermelding"], cbs["editie"]) == (
        "cbs-woonplaatsen", "CC BY 4.0", "Centraal Bureau voor de Statistiek", 2024)
    with (downloads / "gemeenten.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == GEMEENTEN
    assert {"naam": "Tholen", "cbs_code": "GM0716", "district": "de-markiezaten",
            "district_naam": "De Markiezaten", "provincie": "Zeeland"} in rows


@pytest.mark.parametrize("table", ["gemeenten", "districten", "partners"])
def test_csv_downloads_are_what_the_cli_gives(site: Path, table: str,
                                              mhcli: Callable[..., Result]) -> None:
    for fmt, suffix in (("csv", ""), ("csv-excel", "-excel")):
        result = mhcli(table, "--format", fmt, "--data", str(FIXTURE))
        assert result.code == 0
        data = (site / "downloads" / f"{table}{suffix}.csv").read_bytes()
        assert data == result.out.encode("utf-8")
    excel = (site / "downloads" / f"{table}-excel.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and b";" in excel.splitlines()[0]


def test_over_page_tells_the_public_what_is_out_of_date(site: Path) -> None:
    over = (site / "over.html").read_text(encoding="utf-8")
    assert "Wat verouderd of onvolledig is (4)" in over
    assert ("De bestuurlijk trekker van district Hart van Brabant (burgemeester Van Aart (Hanne "
            "van Aart, Loon op Zand)) is sinds 2024-09-01 niet meer in functie") in over
    assert "Voor die gemeenten staat op deze website geen route" in over
    assert f"<dt data-kader>Gebouwd op</dt><dd data-kader>{VANDAAG}</dd>" in over
    assert "Wegwijzer mensenhandel" in over and "2026-11-28" in over
    # The maintainers' detail (file:line, what to edit) is a download, not a page.
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        assert ".yaml:" not in text and "historisch: true" not in text, page
    controle = json.loads((site / "downloads" / "validatie.json").read_text(encoding="utf-8"))
    assert controle["geldig"] is True and len(controle["waarschuwingen"]) == 4
    assert {"bestand": "districten/hart-van-brabant.yaml", "regel": 39, "kolom": 14,
            "niveau": "waarschuwing", "code": "trekker-uit-functie"}.items() <= \
        controle["waarschuwingen"][1].items()
    assert "'historisch: true'" in controle["waarschuwingen"][1]["melding"]


def test_gemeente_page_says_what_is_unknown_and_what_it_means(site: Path) -> None:
    tholen = (site / "gemeente" / "tholen.html").read_text(encoding="utf-8")
    block = tholen[tholen.index('id="verouderd"'):]
    block = block[:block.index("</section>")]
    assert ("Voor &#39;Aandachtsfunctionaris mensenhandel van gemeente Tholen&#39; staat geen "
            "telefoonnummer in het register; zoek het op bij de organisatie zelf of vraag het "
            "na bij de gemeente.") in block
    assert ("Het plan &#39;Uitvoeringsplan aanpak mensenhandel District de Markiezaten "
            "2023-2024&#39; van district De Markiezaten is afgelopen (2023-2024)") in block
    assert "wie u belt en de stappen veranderen daardoor niet" in block
    goes = (site / "gemeente" / "goes.html").read_text(encoding="utf-8")
    assert "Hanne van Aart" not in goes  # another district's news is not Goes's


def test_a_build_is_reproducible(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    # The same register in a repository of the same dated commits: the same commit hashes.
    build_site(again, dated_fixture(tmp_path / "repo"))
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


# --- hostile register text ---------------------------------------------------------------

@pytest.fixture
def hostile_site(register_copy: Path, tmp_path: Path) -> Path:
    markiezaten = register_copy / "districten" / "de-markiezaten.yaml"
    # Names must pass validation (CBS codes, lookalikes, no markup or shell characters), so
    # the hostile text sits where a valid register can hold it: who steers the district, and a
    # gemeente's note.
    text = markiezaten.read_text(encoding="utf-8").replace(
        "  door: districtelijke werkgroep mensenhandel De Markiezaten\n",
        f"  door: {json.dumps(SCRIPT)}\n", 1)
    note = f"    toelichting: {json.dumps('Zeeuws. ' + IMG + ' ' + CONTROL)}\n"
    text = re.sub(r"    toelichting: >-\n      Zeeuwse.*?Zeeland\.\n", lambda _: note, text,
                  flags=re.S)
    markiezaten.write_text(text, encoding="utf-8")
    regio = register_copy / "regio.yaml"
    regio.write_text(regio.read_text(encoding="utf-8").replace(
        "    naam: Meld Misdaad Anoniem\n",
        f"    naam: {json.dumps('Meld </a><b>Misdaad</b> Anoniem')}\n"), encoding="utf-8")
    out = tmp_path / "site"
    build_site(out, register_copy)
    return out


def test_hostile_register_text_renders_inert(hostile_site: Path) -> None:
    page = hostile_site / "gemeente" / "tholen.html"
    assert page.is_file()
    for each in pages(hostile_site):
        raw = each.read_text(encoding="utf-8")
        assert "\x1b" not in raw and "\u202e" not in raw, each
        assert "<script>alert" not in raw and "<img" not in raw and "<b>Misdaad" not in raw
        dom = parse(each)
        for element in dom.iter():  # type: ignore[attr-defined]
            assert not [a for a in element.attrib if a.lower().startswith("on")], each
            if element.tag == "script":  # our own scripts, or JSON-LD data that never runs
                assert element.get("src", "").lstrip("./").startswith("assets/") or \
                    element.get("type") == "application/ld+json", each
            assert element.tag not in ("img", "b"), each
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in text
    assert "\\x1b[31mROOD\\x1b[0m \\u202eomgekeerd" in text  # visible, not acted on
    assert "Meld &lt;/a&gt;&lt;b&gt;Misdaad&lt;/b&gt; Anoniem" in text
    index = (hostile_site / "assets" / "zoekindex.js").read_text(encoding="utf-8")
    assert "<" not in index  # names cannot hold markup at all (valideer: naam-teken)


@pytest.mark.parametrize("url, expected", [
    ("https://www.wegwijzermensenhandel.nl/", "https://www.wegwijzermensenhandel.nl/"),
    ("HTTP://example.org/a?b=c", "HTTP://example.org/a?b=c"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    (" javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("https://example.org/\"onmouseover=\"alert(1)", None),
    ("https://example.org/\x1b[2J", None),
    ("https://example.org/\u202egnp.exe", None),
    ("https://example.org/\n", None),
    ("//example.org/", None),
    ("vbscript:x", None),
    (None, None),
])
def test_only_http_sources_are_linked(url: str | None, expected: str | None) -> None:
    assert web_url(url) == expected


def test_a_non_http_source_is_shown_as_text_not_linked() -> None:
    from mhcli.site.build import _environment

    macros = _environment().get_template("macros.html").module
    html = str(macros.source({"titel": "<b>Bron</b>", "url": "javascript:alert(1)"}))
    assert html == "&lt;b&gt;Bron&lt;/b&gt;"
    html = str(macros.source({"titel": "Bron", "url": "https://example.org/",
                              "geraadpleegd": "2026-11-28"}))
    assert html == ('<a href="https://example.org/" rel="noopener noreferrer">Bron</a> '
                    "(geraadpleegd 2026-11-28)")


@pytest.mark.parametrize("number, expected", [("112", "tel:112"), ("033-448 11 86",
                                                                    "tel:0334481186"),
                                               ("onbekend", None), ("javascript:1", None)])
def test_phone_links(number: str, expected: str | None) -> None:
    assert tel_url(number) == expected


# --- the command ---------------------------------------------------------------------------

def test_command_writes_the_site_and_says_so(mhcli: Callable[..., Result],
                                             tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = mhcli("site", str(out))
    assert (result.code, result.err) == (0, "")
    assert result.out == (f"Website geschreven in {out}: 113 pagina's (35 gemeenten, elk voor "
                          f"3 rollen; 4 districten) en 11 downloads. Open {out / 'index.html'} "
                          "in een browser.\n")
    again = mhcli("site", str(out))  # a site it built before may be rebuilt in place
    assert again.code == 0


def test_invalid_register_is_refused(mhcli: Callable[..., Result], tmp_path: Path) -> None:
    copy_register(tmp_path)
    subprocess.run(["git", "apply", str(REPO / "tests" / "registers" / "dubbel-id" /
                                        "wijziging.patch")], cwd=tmp_path, check=True)
    out = tmp_path / "site"
    result = mhcli("site", str(out), "--data", str(tmp_path / "data"))
    assert result.code == 1
    assert "fout [dubbel-id]: id 'riec' staat al in 'organisaties'" in result.err
    assert result.err.endswith("mhcli geeft geen antwoord uit een register met fouten. Los ze "
                               "op en controleer met 'mhcli valideer'.\n")
    assert not out.exists()


def test_a_folder_it_did_not_write_is_never_emptied(mhcli: Callable[..., Result],
                                                    tmp_path: Path) -> None:
    (tmp_path / "eigen.txt").write_text("van iemand anders", encoding="utf-8")
    result = mhcli("site", str(tmp_path))
    assert (result.code, result.out) == (74, "")
    assert result.err == (f"mhcli: de map '{tmp_path}' is niet leeg en bevat geen eerder "
                          "gebouwde site; kies een lege of nieuwe map.\n")
    assert (tmp_path / "eigen.txt").read_text(encoding="utf-8") == "van iemand anders"


def test_warm_route_does_not_import_jinja2(tmp_path: Path) -> None:
    probe = ("import sys, io, contextlib\nfrom mhcli.runner import run\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    run(['route', 'Tholen', '--data', {str(FIXTURE)!r}])\n"
             "print('jinja2' in sys.modules, 'markupsafe' in sys.modules)\n")
    env = {**os.environ, "MHCLI_CACHE": str(tmp_path / "cache")}
    env.pop("MHCLI_DATA", None)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=NEUTRAL, env=env, check=True)
    assert done.stdout == "False False\n"


def test_wheel_ships_templates_and_assets(tmp_path: Path) -> None:
    import zipfile

    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(tmp_path), str(REPO)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("mhcli-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    site = REPO / "src" / "mhcli" / "site"
    expected = {f"mhcli/site/{p.relative_to(site).as_posix()}"
                for folder in ("templates", "static") for p in (site / folder).iterdir()}
    expected.add("mhcli/site/toegankelijkheid.json")
    assert len(expected) == 15
    assert expected <= names


@pytest.mark.parametrize("link", [".mhcli-site", "gemeente"])
def test_a_link_in_an_earlier_build_is_never_written_through(link: str, tmp_path: Path) -> None:
    victim = tmp_path / "elders"
    victim.mkdir()
    (victim / "kostbaar.txt").write_text("kostbaar\n", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    target = victim / "kostbaar.txt" if link == ".mhcli-site" else victim
    (out / link).symlink_to(target)
    with pytest.raises(OutputError, match="symbolische koppeling"):
        build_site(out, FIXTURE)
    assert (victim / "kostbaar.txt").read_text(encoding="utf-8") == "kostbaar\n"
    assert sorted(p.name for p in victim.iterdir()) == ["kostbaar.txt"]


# --- history from git ---------------------------------------------------------------------------

def _history(page: str) -> str:
    """The text of the page's history section, tags dropped and whitespace folded."""
    start = page.rindex("<section", 0, page.index('aria-labelledby="geschiedenis"'))
    section = page[start:page.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_every_gemeente_page_has_its_history_and_last_change_from_git(site: Path) -> None:
    tholen = _history((site / "gemeente" / "tholen.html").read_text(encoding="utf-8"))
    assert tholen.startswith("Geschiedenis Laatst gewijzigd: 2024-05-01 (de laatste commit in "
                             "git die de route of het bestuur van Tholen veranderde).")
    assert "2024-05-01 , commit" in tholen and "Toelichting Tholen: waarom niet Zeeland" in tholen
    assert "omdat zij is aangesloten bij het Zorg- en Veiligheidshuis De Markiezaten. → werd " \
        "Zeeuwse gemeente" in tholen
    assert "2023-01-10 , commit" in tholen and "Tholen staat vanaf deze commit in het register." \
        in tholen
    # Breda never changed after it came in: its date is the first commit's, not the build's.
    breda = _history((site / "gemeente" / "breda.html").read_text(encoding="utf-8"))
    assert breda.startswith("Geschiedenis Laatst gewijzigd: 2023-01-10 ")
    assert "Toelichting Tholen" not in breda and VANDAAG not in breda
    # Every role's page of a gemeente has the same history.
    assert _history((site / "gemeente" / "tholen--iedereen.html").read_text(encoding="utf-8")) \
        == tholen


def test_a_site_outside_git_says_its_history_is_unknown(tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHCLI_VANDAAG", VANDAAG)
        build_site(tmp_path / "site", copy_register(tmp_path / "los"))
    page = (tmp_path / "site" / "gemeente" / "tholen.html").read_text(encoding="utf-8")
    assert _history(page) == ("Geschiedenis Laatst gewijzigd: onbekend. De geschiedenis komt "
                              "uit git: Het register staat niet in git, of is daar niet "
                              "vastgelegd.")
    assert "dateModified" not in page and "laatst gewijzigd op" not in page


def test_history_from_a_shallow_clone_says_it_is_incomplete(tmp_path: Path) -> None:
    dated_fixture(tmp_path / "bron")
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{tmp_path / 'bron'}", "kloon")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHCLI_VANDAAG", VANDAAG)
        build_site(tmp_path / "site", tmp_path / "kloon" / "data")
    tholen = _history((tmp_path / "site" / "gemeente" / "tholen.html").read_text("utf-8"))
    assert "Deze geschiedenis is onvolledig: de website is gebouwd uit een ondiepe git-kopie" \
        in tholen
    # The clone's only commit is not when Tholen came into the register: nothing is said.
    assert "staat vanaf deze commit in het register" not in tholen
    assert "Laatst gewijzigd: onbekend" in tholen


def test_uncommitted_changes_are_named_beside_the_last_change(tmp_path: Path) -> None:
    data = dated_fixture(tmp_path / "repo")
    edit(data / "districten" / "zeeland.yaml", "gemeenten:\n",
         "# nog niet vastgelegd\ngemeenten:\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHCLI_VANDAAG", VANDAAG)
        build_site(tmp_path / "site", data)
    tholen = _history((tmp_path / "site" / "gemeente" / "tholen.html").read_text("utf-8"))
    assert "Laatst gewijzigd: onbekend. Het register heeft wijzigingen die nog niet in git zijn " \
        "vastgelegd; die staan hier niet. De laatste commit die de route of het bestuur van " \
        "Tholen veranderde, is van 2024-05-01 ." in tholen
    page = (tmp_path / "site" / "gemeente" / "tholen.html").read_text("utf-8")
    assert "dateModified" not in page and "laatst gewijzigd op" not in page


def test_a_repository_whose_path_is_not_utf8_still_builds(tmp_path: Path) -> None:
    import os

    root = Path(os.fsdecode(os.fsencode(tmp_path) + b"/kapot\xff"))
    try:
        root.mkdir()
    except OSError:
        pytest.skip("this file system takes UTF-8 names only")
    data = dated_fixture(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHCLI_VANDAAG", VANDAAG)
        build_site(tmp_path / "site", data)
    tholen = _history((tmp_path / "site" / "gemeente" / "tholen.html").read_text("utf-8"))
    assert "Laatst gewijzigd: 2024-05-01 " in tholen
