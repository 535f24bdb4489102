"""The coordinator's questions: route, gemeente(n), district(en), partners, zoek."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

import pytest

from tests.conftest import Result
from tests.test_bundled_register import EXPECTED

ZORG = {
    "hart-van-brabant": "Gemeente Tilburg samen met Zorg- en Veiligheidshuis Midden-Brabant",
    "de-markiezaten": "Zorg- en Veiligheidshuis De Markiezaten",
    "de-baronie": "Zorg- en Veiligheidshuis Baronie",
    "zeeland": "Zorg- en Veiligheidshuis Zeeland",
}
TREKKERS = {
    "hart-van-brabant": ["Van Aart"],
    "de-markiezaten": ["Moerkerke"],
    "de-baronie": ["Depla"],
    "zeeland": ["Marga Vermue", "André van der Reest"],
}
ALL = [(district, naam) for district, names in EXPECTED.items() for naam in names]


@pytest.mark.parametrize("district, naam", ALL, ids=[n for _, n in ALL])
def test_route_for_every_municipality(district: str, naam: str,
                                      mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", naam, "--format", "json")
    assert result.code == 0, result.err
    route = json.loads(result.out)
    assert route["gemeente"]["naam"] == naam
    assert route["gemeente"]["cbs_code"] == EXPECTED[district][naam]
    assert route["district"]["id"] == district
    steps = {s["rol"]: s for s in route["stappen"]}
    assert [s["rol"] for s in route["stappen"]] == [
        "acuut", "interne-meldroute", "aandachtsfunctionaris", "zorgcoordinatie", "district",
        "regio", "landelijk"]
    assert all(isinstance(s["wie"], str) and s["wie"] for s in route["stappen"])
    assert steps["acuut"]["wie"] == "Alarmnummer (112)"
    assert steps["zorgcoordinatie"]["wie"] == ZORG[district]
    for trekker in TREKKERS[district]:
        assert trekker in " ".join(steps["district"]["details"])
    assert all(s["bronnen"] for s in route["stappen"]), "every step names its source"


def test_tholen_route_says_why_it_goes_to_de_markiezaten(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Tholen")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Route van een signaal uit Tholen"
    assert "hoort bij district De Markiezaten" in lines[1]
    note = result.out.index("LET OP: Zeeuwse gemeente die aansluit bij district De Markiezaten")
    assert note < result.out.index("1. Acuut gevaar"), "the note comes before the steps"
    assert "\x1b" not in result.out


def test_route_for_a_form_adds_its_partners(mhcli: Callable[..., Result]) -> None:
    route = json.loads(mhcli("route", "Breda", "--vorm", "arbeidsuitbuiting",
                             "--format", "json").out)
    assert route["vorm"] == {"id": "arbeidsuitbuiting", "naam": "Arbeidsuitbuiting"}
    step = next(s for s in route["stappen"] if s["rol"] == "vorm")
    assert "Nederlandse Arbeidsinspectie" in step["wie"]
    assert {"naam": "Nederlandse Arbeidsinspectie", "telefoon": "0800-5151"}.items() <= \
        step["contacten"][0].items()
    plain = mhcli("route", "Breda", "--vorm", "arbeidsuitbuiting").out
    assert "Nederlandse Arbeidsinspectie: 0800-5151" in plain


def test_route_form_matches_district_focus(mhcli: Callable[..., Result]) -> None:
    route = json.loads(mhcli("route", "Tilburg", "--vorm", "seksuele-uitbuiting",
                             "--format", "json").out)
    step = next(s for s in route["stappen"] if s["rol"] == "vorm")
    assert step["opmerkingen"] == ["Deze vorm is een focus van district Hart van Brabant: Extra "
                                   "aandacht voor de aanpak van seksuele uitbuiting."]


def test_unknown_form_is_not_guessed(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Breda", "--vorm", "mensensmokkel")
    assert result.code == 3
    assert "vorm 'mensensmokkel' is onbekend" in result.err


def test_route_names_outdated_trekker_and_ended_plan(mhcli: Callable[..., Result]) -> None:
    out = mhcli("route", "Dongen").out
    assert "Verouderd: Hanne van Aart heeft de functie van burgemeester op 2024-09-01" in out
    assert "status: verlopen" in out


@pytest.mark.parametrize("typed", ["tholen", "THOLEN", "GM0716", "gm0716", "0716", "716",
                                   "  Tholen ", "Thólen"])
def test_tholen_as_people_type_it(typed: str, mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", typed, "--format", "json")
    assert result.code == 0
    assert json.loads(result.out)["gemeente"]["naam"] == "Tholen"


@pytest.mark.parametrize("typed, naam", [("bergen-op-zoom", "Bergen op Zoom"),
                                         ("Etten Leur", "Etten-Leur"),
                                         ("schouwen duiveland", "Schouwen-Duiveland"),
                                         ("GILZE-EN-RIJEN", "Gilze en Rijen")])
def test_hyphens_and_spaces(typed: str, naam: str, mhcli: Callable[..., Result]) -> None:
    assert json.loads(mhcli("gemeente", typed, "-f", "json").out)["naam"] == naam


def test_near_miss_gets_a_suggestion_not_a_guess(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Thoeln")
    assert result.code == 3
    assert result.out == ""
    assert result.err == ("mhcli: gemeente 'Thoeln' staat niet in het register.\n"
                          "bedoelde u: Tholen?\nZie 'mhcli route --help' voor het gebruik.\n")


@pytest.mark.parametrize("naam", ["Baarle-Nassau", "alphen chaam", "GM0744"])
def test_unnamed_municipalities_are_explained(naam: str, mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", naam)
    assert result.code == 3
    assert "staat niet in het register" in result.err
    assert "meetelt maar niet noemt" in result.err


def test_unknown_code_and_name(mhcli: Callable[..., Result]) -> None:
    assert mhcli("gemeente", "GM9999").err == \
        "mhcli: geen gemeente met CBS-code GM9999 in het register.\n" \
        "Zie 'mhcli gemeente --help' voor het gebruik.\n"
    result = mhcli("gemeente", "Amsterdam")
    assert result.code == 3 and "bedoelde u" not in result.err


@pytest.mark.parametrize("typed", ["Baronie", "de baronie", "DE-BARONIE", "  Baronie"])
def test_district_names_with_or_without_de(typed: str, mhcli: Callable[..., Result]) -> None:
    record = json.loads(mhcli("district", typed, "-f", "json").out)
    assert record["id"] == "de-baronie"
    assert [t["naam"] for t in record["trekkers"]] == ["Depla"]


def test_district_overview(mhcli: Callable[..., Result]) -> None:
    result = mhcli("district", "Hart van Brabant")
    assert result.code == 0
    out = " ".join(result.out.split())
    for text in ["District Hart van Brabant", "Gemeenten (8)", "Loon op Zand (GM0809",
                 "burgemeester Van Aart (Hanne van Aart, Loon op Zand)",
                 "2022-2024; status: verlopen", "seksuele uitbuiting",
                 "districtelijke werkgroep mensenhandel Hart van Brabant",
                 "Gemeente Tilburg, Zorg- en Veiligheidshuis Midden-Brabant"]:
        assert text in out, text
    zeeland = json.loads(mhcli("district", "zeeland", "-f", "json").out)
    assert zeeland["plannen"][0]["status"] == "onbekend"
    assert zeeland["coordinatie"] == ["Gemeente Goes"]
    assert zeeland["onderzoeken"][0]["organisaties"] == ["Avans Hogeschool", "RIEC"]
    assert mhcli("district", "West-Brabant").code == 3


def test_districten_side_by_side(mhcli: Callable[..., Result]) -> None:
    rows = json.loads(mhcli("districten", "-f", "json").out)
    assert [r["naam"] for r in rows] == ["Hart van Brabant", "De Markiezaten", "De Baronie",
                                         "Zeeland"]
    assert [r["aantal_gemeenten"] for r in rows] == [8, 8, 7, 12]
    assert [r["plan_status"] for r in rows] == ["verlopen", "verlopen", "onbekend", "onbekend"]
    assert "(verouderd)" in rows[0]["trekkers"]


def test_gemeenten_filters_and_json_contract(mhcli: Callable[..., Result]) -> None:
    rows = json.loads(mhcli("gemeenten", "--district", "Zeeland", "-f", "json").out)
    assert [r["naam"] for r in rows] == list(EXPECTED["zeeland"])
    assert all(set(r) >= {"naam", "cbs_code", "district", "provincie"} for r in rows)
    zeeuws = json.loads(mhcli("gemeenten", "--provincie", "zeeland", "-f", "json").out)
    assert len(zeeuws) == 13 and "Tholen" in [r["naam"] for r in zeeuws]
    both = json.loads(mhcli("gemeenten", "--district", "markiezaten", "--provincie", "Zeeland",
                            "-f", "json").out)
    assert [r["naam"] for r in both] == ["Tholen"]
    assert mhcli("gemeenten", "--provincie", "Limburg").code == 3


def test_csv_parses(mhcli: Callable[..., Result]) -> None:
    out = mhcli("gemeenten", "-f", "csv").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 35
    assert rows[0] == {"naam": "Tilburg", "cbs_code": "GM0855", "district": "hart-van-brabant",
                       "district_naam": "Hart van Brabant", "provincie": "Noord-Brabant"}
    partners = list(csv.DictReader(io.StringIO(mhcli("partners", "-f", "csv").out)))
    assert {"id", "naam", "soort", "waar"} == set(partners[0])


def _markdown_table(text: str) -> list[list[str]]:
    lines = text.strip().splitlines()
    assert all(line.startswith("|") and line.endswith("|") for line in lines)
    assert re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[1])
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]
    assert len({len(row) for row in cells}) == 1, "every row has the same number of cells"
    return [cells[0], *cells[2:]]


@pytest.mark.parametrize("command", [["gemeenten"], ["districten"], ["partners"],
                                     ["zoek", "Veiligheidshuis"]])
def test_markdown_tables_parse(command: list[str], mhcli: Callable[..., Result]) -> None:
    table = _markdown_table(mhcli(*command, "-f", "markdown").out)
    assert len(table) > 1


def test_plain_tables_have_header_and_rows(mhcli: Callable[..., Result]) -> None:
    lines = mhcli("gemeenten").out.splitlines()
    assert lines[0].split() == ["Gemeente", "CBS-code", "District", "Provincie"]
    assert len(lines) == 2 + 35


def test_partners_say_where_they_appear(mhcli: Callable[..., Result]) -> None:
    rows = {r["id"]: r for r in json.loads(mhcli("partners", "-f", "json").out)}
    assert "landelijk contact 0800-5151" in rows["arbeidsinspectie"]["waar"]
    assert "partner bij arbeidsuitbuiting" in rows["arbeidsinspectie"]["waar"]
    assert rows["zvh-zeeland"]["waar"] == ["zorgcoördinatie in district Zeeland"]
    assert rows["gemeente-goes"]["waar"] == ["districtelijke coördinatie in Zeeland"]
    assert "onderzoek 'Onderzoek Criminele uitbuiting onder jongeren' (Zeeland)" in \
        rows["avans-hogeschool"]["waar"]


def test_zoek_finds_text_and_says_where(mhcli: Callable[..., Result]) -> None:
    hits = json.loads(mhcli("zoek", "veiliheidshuis", "-f", "json").out)
    assert hits == [{"bestand": "data/regio.yaml", "regel": 83, "kolom": 15,
                     "pad": "organisaties[2].andere_namen[1].naam",
                     "tekst": "Zorg- en Veiliheidshuis de Markiezaten"}]
    code = json.loads(mhcli("zoek", "0716", "-f", "json").out)
    assert [h["pad"] for h in code] == ["gemeenten[4].cbs_code"]
    accents = json.loads(mhcli("zoek", "zorgcoordinatie", "-f", "json").out)
    assert any("Zorgcoördinatie" in h["tekst"] for h in accents)
    assert mhcli("zoek", "mensensmokkel").code == 3
    assert mhcli("zoek", " - ").code == 2


def test_mermaid_is_a_flowchart(mhcli: Callable[..., Result]) -> None:
    out = mhcli("route", "Tholen", "--format", "mermaid").out
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    node = re.compile(r'^    (start\(\["[^"]*"\]\)|s\d+\["[^"]*"\]|n\d+>"[^"]*"\])$')
    edge = re.compile(r"^    (start|s\d+|n\d+) (-->|-\.-) (start|s\d+)$")
    assert all(node.match(line) or edge.match(line) for line in lines[1:]), out
    assert sum(1 for line in lines if "-->" in line) == 7


def test_markdown_route(mhcli: Callable[..., Result]) -> None:
    out = mhcli("route", "Tholen", "--format", "markdown").out
    assert out.startswith("# Route van een signaal uit Tholen\n")
    assert "> **Let op:** Zeeuwse gemeente" in out
    assert "## 1\\. Acuut gevaar" in out or "## 1. Acuut gevaar" in out


def test_format_errors_are_usage_errors(mhcli: Callable[..., Result]) -> None:
    result = mhcli("gemeenten", "--format", "xml")
    assert result.code == 2
    assert "onbekend formaat 'xml'; kies uit: tekst, json, csv, markdown." in result.err
