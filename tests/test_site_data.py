"""The site says what the CLI says, and its open data is what others can read.

- One truth: for every gemeente and every role, the facts on its page (the role, numbers, steps
  or parts, district, Zorg- en Veiligheidshuis, warnings, sources) equal `mhcli route --rol ROL
  -f json` on the same register (the default role's page: `mhcli route -f json`); every district
  page equals `mhcli district -f json`, the region page `mhcli districten`/`partners`.
- The Data Package passes `frictionless validate`, and fails it when a table is tampered with.
- The JSON-LD of every gemeente page expands (pyld, offline: tests/fixtures/schemaorg/) to the
  service, its area and its contact points with the route's numbers.
- The beheerder and the accessibility statement; the printed card's address and QR code.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest

from mhcli.site.build import build_site
from tests.conftest import FIXTURE, REPO, VANDAAG, Result
from tests.gitrepo import dated_fixture

URL = "https://voorbeeld.nl/mensenhandel/"
SCHEMA_ORG = "http://schema.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("site") / "site"
    data = dated_fixture(tmp_path_factory.mktemp("repo"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHCLI_VANDAAG", VANDAAG)
        mp.setenv("MHCLI_CACHE", str(tmp_path_factory.mktemp("cache")))
        build_site(out, data, URL)
    yield out


def dom(page: Path) -> Any:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page.read_bytes(), transport_encoding="utf-8")


def text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def texts(root: Any, path: str) -> list[str]:
    return [text(e) for e in root.findall(path)]


def one(root: Any, path: str) -> Any:
    [found] = root.findall(path)
    return found


def cli_json(mhcli: Callable[..., Result], *args: str) -> Any:
    result = mhcli(*args, "--format", "json", "--data", str(FIXTURE))
    assert result.code == 0, result.err
    return json.loads(result.out)


def cli_csv(mhcli: Callable[..., Result], command: str) -> list[dict[str, str]]:
    result = mhcli(command, "--format", "csv", "--data", str(FIXTURE))
    assert result.code == 0, result.err
    return list(csv.DictReader(io.StringIO(result.out)))


def _sources(items: list[dict[str, Any]]) -> str:
    if not items:
        return ""
    return ("Bronnen: " if len(items) > 1 else "Bron: ") + "; ".join(b["titel"] for b in items)


def _extras(c: dict[str, Any]) -> str:
    return ((" Melden kan anoniem." if c.get("anoniem") else "")
            + (f" Vanuit het buitenland: {c['telefoon_buitenland']}."
               if c.get("telefoon_buitenland") else "")
            + (f" Bereikbaar: {c['bereikbaar']}" if c.get("bereikbaar") else ""))


def _line(c: dict[str, Any], wanneer: bool = True) -> str:
    return (f"{c['naam']}: {c['telefoon']}" + (f". {c['wanneer']}" if wanneer and c["wanneer"]
                                               else "") + _extras(c))


def _step_facts(li: Any, heading: str) -> dict[str, Any]:
    wie = li.findall("p[@class='stap-wie']")
    return {"rol": li.get("data-rol"), "titel": text(one(li, heading)),
            "wie": text(wie[0]).removeprefix("Wie: ") if wie else None,
            "wat": text(one(li, "p[@class='stap-wat']")),
            "details": texts(li, "ul[@class='details']/li"),
            "contacten": texts(li, "ul[@class='contacten']/li"),
            "opmerkingen": texts(li, "p[@class='opmerking']"),
            "bronnen": " ".join(texts(li, "div/p[@class='bronnen']"))}


def page_facts(page: Path) -> dict[str, Any]:
    """What a visitor reads on a gemeente page, found by its structure (not by hidden data)."""
    root = one(dom(page), ".//main")
    acuut = one(root, ".//section[@aria-labelledby='acuut']")
    wie = one(root, ".//section[@aria-labelledby='wie-belt-u']")
    bestuur = one(root, ".//section[@aria-labelledby='bestuurlijk']")
    steps = []
    # A step, then its tasks (side by side, inside it): the order of the route's `stappen`.
    for step in root.findall(".//ol[@class='stappen']/li"):
        steps.append(_step_facts(step, "h3"))
        steps += [_step_facts(task, "h4") for task in step.findall("ul[@class='taken']/li")]
    nav = root.findall(".//nav[@class='rollen']//a")
    return {
        "rollen": [(text(a), a.get("aria-current")) for a in nav],
        "rol": [text(one(root, ".//p[@class='rol-nu']")),
                text(one(root, ".//p[@class='rol-wie']"))],
        "district": text(one(root, ".//a[@class='district']")),
        "notities": texts(root, ".//p[@class='notitie']"),
        "acuut": [text(one(acuut, "h2")), text(one(acuut, "p[@class='groot']")),
                  texts(acuut, ".//li")],
        "wie_belt_u": [[tr.get("data-groep"), *texts(tr, "td")]
                       for tr in wie.findall(".//tbody/tr")],
        "stappen": steps,
        "onderdelen": [_step_facts(li, "h3")
                       for li in root.findall(".//ul[@class='onderdelen']/li")],
        "ook_melden": texts(root, ".//section[@aria-labelledby='ook-melden']//li"),
        "bestuurlijk": {"district": texts(bestuur, "h3")[0],
                        "opmerkingen": texts(bestuur, "p[@class='opmerking']"),
                        "dd": texts(bestuur, ".//dd")},
        "bronnen": [(text(li), [a.get("href") for a in li.findall("a")])
                    for li in root.findall(".//ul[@class='bronnenlijst']/li")],
    }


def _role_line(route: dict[str, Any]) -> str:
    rol = route["rol"]
    how = "(gekozen)." if rol["gekozen"] else "(de standaard, want u koos geen rol)."
    other = " Bent u iemand anders? Kies hierboven bij 'Wie bent u?'." \
        if len(route["rollen"]) > 1 else ""
    return f"Deze route is voor: {rol['naam'].lower()} {how}{other}"


def _expected_step(s: dict[str, Any], part: bool = False) -> dict[str, Any]:
    return {"rol": s["rol"], "titel": s["titel"],
            "wie": s["wie"] if s["wie"] and (s["rol"] or not part) else None, "wat": s["wat"],
            "details": s["details"],
            "contacten": [_line(c, wanneer=not part) for c in s["contacten"]],
            "opmerkingen": s["opmerkingen"], "bronnen": _sources(s["bronnen"])}


def route_facts(route: dict[str, Any]) -> dict[str, Any]:
    """The same facts as `mhcli route [--rol ROL] -f json` gives them."""
    bd = route["bestuurlijk"]["district"]
    trekkers = [t["omschrijving"] + (" verouderd" if t["verouderd"] else "")
                for t in bd["trekkers"]]
    plannen = [f"{p['titel']} ({p['periode']}; status: {p['status']})" for p in bd["plannen"]]
    dd = [bd["aansturing"] or "onbekend",
          *([", ".join(bd["coordinatie"])] if bd["coordinatie"] else []),
          *(trekkers or ["onbekend"]), *(plannen or ["onbekend"]), *bd["focus"]]
    calls = route["wie_belt_u"]
    return {
        "rollen": [(r["naam"], "page" if r["id"] == route["rol"]["id"] else None)
                   for r in route["rollen"]],
        "rol": [_role_line(route), route["rol"]["wie"]],
        "district": route["district"]["naam"],
        "notities": route["notities"],
        "acuut": [route["bij_acuut_gevaar"]["titel"], route["bij_acuut_gevaar"]["wat"],
                  [_line(c) for c in route["bij_acuut_gevaar"]["contacten"]]],
        "wie_belt_u": [[w["groep"], w["wanneer"] + _extras(w), w["wie"],
                        w["telefoon"] or "geen nummer in het register"]
                       for w in calls if w["groep"] != "landelijk"],
        "stappen": [_expected_step(s) for s in route["stappen"]],
        "onderdelen": [_expected_step(s, part=True) for s in route["onderdelen"]],
        "ook_melden": [f"{w['wie']}: {w['telefoon']}. {w['wanneer']}{_extras(w)}"
                       for w in calls if w["groep"] == "landelijk"],
        "bestuurlijk": {"district": f"District {bd['naam']}", "opmerkingen": bd["opmerkingen"],
                        "dd": dd},
        "bronnen": [(b["titel"] + (f" (geraadpleegd {b['geraadpleegd']})"
                                   if b["geraadpleegd"] else ""),
                     [b["url"]] if b["url"] else []) for b in route["bronnen"]],
    }


def _gemeente_pages(site: Path) -> Iterator[tuple[Path, str, str | None]]:
    """Every gemeente page with the gemeente's name and its role (None: the default page)."""
    for page in sorted((site / "gemeente").glob("*.html")):
        naam = text(one(dom(page), ".//h1")).removeprefix("Signaal van mensenhandel uit "
                                                          "gemeente ")
        yield page, naam, page.stem.partition("--")[2] or None


def test_every_role_on_every_gemeente_page_says_what_mhcli_route_says(
        site: Path, mhcli: Callable[..., Result]) -> None:
    gemeenten = cli_json(mhcli, "gemeenten")["gemeenten"]
    rollen = [r["id"] for r in cli_json(mhcli, "route", "Tholen")["rollen"]]
    assert rollen == ["gemeente", "professional", "iedereen"]
    checked = set()
    for page, naam, rol in _gemeente_pages(site):
        facts = page_facts(page)
        if rol is None:  # the default role's page answers as `route` without --rol does
            route = cli_json(mhcli, "route", naam)
            assert facts == route_facts(route), page.name
            assert route["rol"]["gekozen"] is False and route["rol"]["standaard"] is True
            rol = route["rol"]["id"]
            chosen = cli_json(mhcli, "route", naam, "--rol", rol)
            assert {**route, "rol": chosen["rol"]} == chosen  # the same route, but chosen
        else:
            route = cli_json(mhcli, "route", naam, "--rol", rol)
            assert facts == route_facts(route), page.name
        checked.add((route["gemeente"]["cbs_code"], rol))
    assert checked == {(g["cbs_code"], r) for g in gemeenten for r in rollen}
    # The Zorg- en Veiligheidshuis and its town are on the page, as the route says them.
    tholen = page_facts(site / "gemeente" / "tholen.html")
    assert tholen["stappen"][3]["wie"] == "Zorg- en Veiligheidshuis De Markiezaten"
    assert any("plaats: Bergen op Zoom" in d for d in tholen["stappen"][3]["details"])
    # What each role has: the internal route, Veilig Thuis and the care coordinator, or 112.
    professional = page_facts(site / "gemeente" / "tholen--professional.html")
    assert professional["stappen"] == [] and professional["rollen"][1][1] == "page"
    assert [w[2:] for w in professional["wie_belt_u"][1:3]] == [
        ["Veilig Thuis", "0800-2000"],
        ["Zorgcoördinator mensenhandel: Zorg- en Veiligheidshuis De Markiezaten",
         "geen nummer in het register"]]
    iedereen = page_facts(site / "gemeente" / "tholen--iedereen.html")
    assert [w[2:] for w in iedereen["wie_belt_u"]] == [["Alarmnummer", "112"]]
    assert iedereen["stappen"] == iedereen["onderdelen"] == []
    assert len(iedereen["ook_melden"]) == 4


def test_the_comparison_can_fail(site: Path, mhcli: Callable[..., Result]) -> None:
    route = cli_json(mhcli, "route", "Tholen")
    route["wie_belt_u"][1]["telefoon"] = "0900-0000"
    assert page_facts(site / "gemeente" / "tholen.html") != route_facts(route)
    # A role's page compared with another role's answer differs too.
    professional = cli_json(mhcli, "route", "Tholen", "--rol", "professional")
    assert page_facts(site / "gemeente" / "tholen--iedereen.html") != route_facts(professional)


def test_every_district_page_says_what_mhcli_district_says(
        site: Path, mhcli: Callable[..., Result]) -> None:
    for page in sorted((site / "district").glob("*.html")):
        d = cli_json(mhcli, "district", page.stem)
        root = one(dom(page), ".//main")
        assert text(one(root, ".//h1")) == f"District {d['naam']}"
        assert texts(root, ".//ul[@class='lijst-kolommen leden']/li") == \
            [g["naam"] for g in d["gemeenten"]]
        bestuur = one(root, ".//section[@aria-labelledby='bestuur']")
        trekkers = [t["omschrijving"] + (" verouderd" if t["verouderd"] else "")
                     for t in d["trekkers"]] or ["onbekend"]
        assert texts(bestuur, "dl/dd")[:len(trekkers)] == trekkers
        plan = one(root, ".//section[@aria-labelledby='plan']")
        assert texts(plan, "h3") == [p["titel"] for p in d["plannen"]]
        assert [t for t in texts(plan, "p") if t.startswith("Looptijd")] == \
            [f"Looptijd: {p['periode']}. Status: {p['status']}." for p in d["plannen"]]
        assert texts(root, ".//section[@aria-labelledby='focus']//li") == \
            [f["omschrijving"] for f in d["focus"]]
        zorg = one(root, ".//section[@aria-labelledby='zorg']")
        assert texts(zorg, "p")[0] == (" samen met ".join(d["zorgcoordinatie"]) or "onbekend")
        assert texts(root, ".//ul[@class='bronnenlijst']/li") == [b["titel"]
                                                                  for b in d["bronnen"]]


def test_region_page_says_what_mhcli_districten_and_partners_say(
        site: Path, mhcli: Callable[..., Result]) -> None:
    root = one(dom(site / "regio.html"), ".//main")
    rows = cli_csv(mhcli, "districten")
    cards = root.findall(".//article[@class='district-kaart']")
    assert [text(one(c, "h3")) for c in cards] == [r["naam"] for r in rows]
    for card, row in zip(cards, rows, strict=True):
        for dd in card.findall(".//dd"):
            assert text(dd) == (row[dd.get("data-veld")] or "onbekend"), dd.get("data-veld")
        assert len(card.findall(".//dd")) == 7
    partners = cli_csv(mhcli, "partners")
    table = one(root, ".//section[@aria-labelledby='partners']//tbody")
    assert [[text(c) for c in tr] for tr in table.findall("tr")] == \
        [[p["naam"], p["soort"] or "onbekend", p["waar"] or "nergens genoemd"] for p in partners]
    # No column is printed letter by letter, and the programme is named once.
    assert "p; a; r" not in (site / "regio.html").read_text(encoding="utf-8")
    for page in (site / "gemeente").glob("*.html"):
        assert "Actieprogramma 'Actieprogramma" not in text(dom(page)), page.name


# --- open data ---------------------------------------------------------------------------

def _frictionless(folder: Path) -> dict[str, Any]:
    tool = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(tool), "validate", "--json", "datapackage.json"], cwd=folder,
                          capture_output=True, text=True, timeout=120, check=False)
    report: dict[str, Any] = json.loads(done.stdout)
    assert (done.returncode == 0) == report["valid"], done.stderr
    return report


def test_data_package_passes_frictionless_validate(site: Path, tmp_path: Path) -> None:
    package = json.loads((site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    csvs = sorted(p.name for p in (site / "downloads").glob("*.csv"))
    assert sorted(r["path"] for r in package["resources"]) == csvs
    assert all(r["schema"]["fields"] for r in package["resources"])
    report = _frictionless(site / "downloads")
    assert report["valid"] is True, report
    assert len(report["tasks"]) == 6
    # It can fail: a gemeente in an unknown district breaks the foreign key (and the hash).
    copy = tmp_path / "downloads"
    shutil.copytree(site / "downloads", copy)
    data = (copy / "gemeenten.csv").read_text(encoding="utf-8")
    (copy / "gemeenten.csv").write_text(data.replace(",de-markiezaten,", ",nergens,", 1),
                                        encoding="utf-8", newline="")
    broken = _frictionless(copy)
    assert broken["valid"] is False
    kinds = {e["type"] for t in broken["tasks"] for e in t["errors"]}
    assert "foreign-key" in kinds and "hash-count" in kinds


def _expand(page: Path) -> list[dict[str, Any]]:
    from pyld import jsonld
    from pyld.documentloader.frozen import FrozenDocumentLoader

    [script] = [e for e in dom(page).iter() if e.tag == "script"
                and e.get("type") == "application/ld+json"]
    document = json.loads(script.text)
    context = json.loads((REPO / "tests" / "fixtures" / "schemaorg" / "context.jsonld")
                         .read_text(encoding="utf-8"))
    loader = FrozenDocumentLoader(documents={"https://schema.org": context})
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": loader})
    # Nothing dropped: every key and type of the page's JSON-LD is a schema.org term.
    keys = set(re.findall(r'"([A-Za-z@]+)":', script.text)) - {"@context", "@type"}
    found = {k.removeprefix(SCHEMA_ORG) for k in re.findall(r"'(http://schema.org/\w+)'",
                                                            repr(expanded))}
    assert keys <= found, keys - found
    return expanded


def _values(node: dict[str, Any], prop: str) -> list[Any]:
    return node.get(SCHEMA_ORG + prop, [])


def test_json_ld_expands_to_the_service_its_area_and_contact_points(
        site: Path, mhcli: Callable[..., Result]) -> None:
    for page, _, rol in _gemeente_pages(site):
        [webpage] = _expand(page)
        assert webpage["@type"] == [SCHEMA_ORG + "WebPage"]
        assert _values(webpage, "url") == [{"@id": URL + f"gemeente/{page.name}"}]
        [service] = _values(webpage, "about")
        assert service["@type"] == [SCHEMA_ORG + "GovernmentService"]
        [area] = _values(service, "areaServed")
        naam = _values(area, "name")[0]["@value"]
        default = cli_json(mhcli, "route", naam)
        route = cli_json(mhcli, "route", naam, "--rol", rol) if rol else default
        if rol:
            assert _values(service, "name")[0]["@value"].endswith(
                f", voor: {route['rol']['naam'].lower()}")
        [code] = _values(area, "identifier")
        assert _values(code, "value") == [{"@value": route["gemeente"]["cbs_code"]}]
        phones = [[_values(c, "name")[0]["@value"],
                   [p["@value"] for sp in _values(c, "servicePhone")
                    for p in _values(sp, "telephone")]]
                  for c in _values(service, "availableChannel")]
        assert phones == [[w["wie"], [w["telefoon"]] if w["telefoon"] else []]
                          for w in route["wie_belt_u"]]
        providers = [_values(p, "name")[0]["@value"] for p in _values(service, "provider")]
        zorg = next(s for s in default["stappen"] if s["rol"] == "zorgcoordinatie")
        assert providers and all(p in zorg["wie"] for p in providers)
        # The day git last saw this gemeente's route change, not the build date (tests/gitrepo.py).
        assert [d["@value"] for d in _values(webpage, "dateModified")] == [
            "2024-05-01" if naam == "Tholen" else "2023-01-10"]


def test_json_ld_of_hostile_text_cannot_end_its_script(register_copy: Path,
                                                       tmp_path: Path) -> None:
    regio = register_copy / "regio.yaml"
    regio.write_text(regio.read_text(encoding="utf-8").replace(
        "    naam: Meld Misdaad Anoniem\n", '    naam: "</script><script>alert(1)</script>"\n'),
        encoding="utf-8")
    build_site(tmp_path / "site", register_copy)
    raw = (tmp_path / "site" / "gemeente" / "tholen.html").read_text(encoding="utf-8")
    assert raw.count("</script>") == 2  # the JSON-LD's own and app.js's
    [webpage] = _expand(tmp_path / "site" / "gemeente" / "tholen.html")
    names = [_values(c, "name")[0]["@value"]
             for c in _values(_values(webpage, "about")[0], "availableChannel")]
    assert "</script><script>alert(1)</script>" in names


# --- the beheerder, the accessibility statement, the printed card --------------------------

def test_footer_names_the_beheerder_or_says_onbekend(site: Path, register_copy: Path,
                                                     tmp_path: Path,
                                                     mhcli: Callable[..., Result]) -> None:
    for page in sorted(site.rglob("*.html")):
        footer = text(one(dom(page), ".//footer"))
        assert "Beheerder van het register: onbekend. Een fout melden: onbekend" in footer, page
    regio = register_copy / "regio.yaml"
    regio.write_text(regio.read_text(encoding="utf-8").replace(
        "  districten: [hart-van-brabant", "  beheerder:\n    naam: Stichting Voorbeeld\n"
        "    fouten_melden: https://voorbeeld.nl/fout-melden\n    bron: regionale-aanpak\n"
        "  districten: [hart-van-brabant", 1), encoding="utf-8")
    assert mhcli("valideer", "--data", str(register_copy)).code == 0
    build_site(tmp_path / "site", register_copy)
    for page in sorted((tmp_path / "site").rglob("*.html")):
        footer = one(dom(page), ".//footer")
        assert "Beheerder van het register: Stichting Voorbeeld. Een fout melden: " \
               "https://voorbeeld.nl/fout-melden." in text(footer), page
        assert "https://voorbeeld.nl/fout-melden" in [a.get("href") for a in footer.iter("a")]
    regio.write_text(regio.read_text(encoding="utf-8").replace(
        "bron: regionale-aanpak\n  districten", "bron: bestaat-niet\n  districten"),
        encoding="utf-8")
    result = mhcli("valideer", "--data", str(register_copy))
    assert result.code == 1 and "bestaat-niet" in result.err + result.out


def test_accessibility_statement_follows_the_model_and_the_measurements(site: Path) -> None:
    measured = json.loads((REPO / "src" / "mhcli" / "site" / "toegankelijkheid.json")
                          .read_text(encoding="utf-8"))
    root = one(dom(site / "toegankelijkheid.html"), ".//main")
    assert texts(root, ".//section/h2") == [
        "Verklaring", "Nalevingsstatus", "Onderbouwing", "Bekende afwijkingen",
        "Feedback en contactgegevens", "Handhavingsprocedure", "Aanvullende informatie",
        "Opstelling van deze verklaring"]
    # No WCAG-EM study by an expert: automated checks alone never make status A, B or C.
    assert measured["onderzoek"] is None
    assert text(one(root, ".//p[@class='groot']")) == "Status D: voldoet niet."
    rows = [texts(tr, "td") for tr in root.findall(".//tbody/tr")]
    assert rows == [[m["wat"], str(m["afwijkingen"])] for m in measured["metingen"]]
    for page in sorted(site.rglob("*.html")):
        assert "toegankelijkheid.html" in [a.get("href", "").split("/")[-1]
                                           for a in one(dom(page), ".//footer").iter("a")]


def test_printed_card_names_its_address_and_has_a_qr_code(site: Path, tmp_path: Path) -> None:
    import segno

    for page in sorted((site / "gemeente").glob("*.html")):
        card = one(dom(page), ".//div[@class='alleen-print kaartvoet']")
        assert text(one(card, ".//span[@class='adres']")) == URL + f"gemeente/{page.name}"
        [svg] = [e for e in card.iter() if str(e.tag).endswith("}svg")]
        assert svg.get("role") == "img"
    qr = segno.make(URL + "gemeente/tholen.html", error="m", micro=False)
    assert qr.designator in {"3-M", "4-M", "5-M"}  # small enough to read at 28 mm
    build_site(tmp_path / "zonder", FIXTURE)  # no --url: the path within the site, no code
    card = one(dom(tmp_path / "zonder" / "gemeente" / "tholen.html"),
               ".//div[@class='alleen-print kaartvoet']")
    assert not [e for e in card.iter() if str(e.tag).endswith("}svg")]
    assert text(one(card, ".//span[@class='adres']")) == "gemeente/tholen.html"


def test_url_option_must_be_a_web_address(mhcli: Callable[..., Result], tmp_path: Path) -> None:
    result = mhcli("site", str(tmp_path / "site"), "--url", "javascript:alert(1)")
    assert result.code == 2
    assert result.err.startswith("mhcli: --url verwacht het webadres van de website, zoals "
                                 "https://voorbeeld.nl/mensenhandel/, niet 'javascript:alert(1)'.")
    assert not (tmp_path / "site").exists()
