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
    # 112 is a condition, not a step; district and programme are context, not a destination.
    assert [c["telefoon"] for c in route["bij_acuut_gevaar"]["contacten"]] == ["112"]
    assert [s["rol"] for s in route["stappen"]] == [
        "interne-meldroute", "aandachtsfunctionaris", "doorgeven", "zorgcoordinatie"]
    steps = {s["rol"]: s for s in route["stappen"]}
    assert all(isinstance(s["wie"], str) and s["wie"] for s in route["stappen"])
    assert steps["doorgeven"]["wie"] == "RIEC, Politie of Nederlandse Arbeidsinspectie"
    assert steps["zorgcoordinatie"]["wie"] == ZORG[district]
    assert [c["telefoon"] for c in route["ook_melden"]] == [
        "0900-8844", "0800-7000", "0800-5151", "033-448 11 86"]
    trekkers = " ".join(t["omschrijving"] for t in route["bestuurlijk"]["district"]["trekkers"])
    for trekker in TREKKERS[district]:
        assert trekker in trekkers
    assert [w["telefoon"] for w in route["wie_belt_u"]] == [
        "112", None, "0900-8844", "0800-7000", "0800-5151", "033-448 11 86"]
    assert all(s["bronnen"] for s in route["stappen"]), "every step names its source"
    assert route["bij_acuut_gevaar"]["bronnen"] and all(c["bronnen"] for c in route["ook_melden"])
    # Every step is attributed only to sources the register holds.
    known = {b["id"] for b in route["bronnen"]}
    assert all(b["id"] in known for s in route["stappen"] for b in s["bronnen"])


def test_tholen_route_says_why_it_goes_to_de_markiezaten(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Tholen")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Route van een signaal uit Tholen"
    assert "hoort bij district De Markiezaten" in lines[1]
    note = result.out.index("LET OP: Zeeuwse gemeente die aansluit bij district De Markiezaten")
    calls = result.out.index("Wie belt u")
    assert note < calls < result.out.index("Stap 1."), "note, then whom to call, then steps"
    assert "\x1b" not in result.out


def test_short_route_is_only_whom_to_call(mhcli: Callable[..., Result]) -> None:
    out = mhcli("route", "Goes", "--kort").out
    assert "Wie belt u" in out and "112" in out and "0800-7000" in out
    assert "Stap 1." not in out and "Bestuurlijk" not in out


def test_route_for_a_form_puts_its_partner_first(mhcli: Callable[..., Result]) -> None:
    route = json.loads(mhcli("route", "Breda", "--vorm", "arbeidsuitbuiting",
                             "--format", "json").out)
    assert route["vorm"] == {"id": "arbeidsuitbuiting", "naam": "Arbeidsuitbuiting"}
    step = next(s for s in route["stappen"] if s["rol"] == "doorgeven")
    assert step["wie"] == "Nederlandse Arbeidsinspectie, RIEC of Politie"
    assert {"naam": "Nederlandse Arbeidsinspectie", "telefoon": "0800-5151"}.items() <= \
        step["contacten"][0].items()
    assert route["ook_melden"][0]["id"] == "arbeidsinspectie"
    plain = mhcli("route", "Breda", "--vorm", "arbeidsuitbuiting").out
    assert "Nederlandse Arbeidsinspectie: 0800-5151" in plain


def test_arbeidsinspectie_is_a_national_line_without_a_form(mhcli: Callable[..., Result]
                                                            ) -> None:
    route = json.loads(mhcli("route", "Tilburg", "--format", "json").out)
    assert "Nederlandse Arbeidsinspectie" in [c["naam"] for c in route["ook_melden"]]


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
    result = mhcli("gemeente", "Thoeln")
    assert result.code == 3
    assert result.out == ""
    assert result.err == ("mhcli: 'Thoeln' is geen gemeente, woonplaats of district die mhcli "
                          "kent.\nbedoelde u: Tholen (gemeente, district De Markiezaten)?\n"
                          "Zie 'mhcli gemeente --help' voor het gebruik.\n")


@pytest.mark.parametrize("naam", ["Baarle-Nassau", "alphen chaam", "GM0744"])
def test_unnamed_municipalities_are_explained(naam: str, mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", naam)
    assert (result.code, result.err) == (3, "")  # the answer is on stdout, not an error
    assert "staat niet in het register" in result.out
    assert "meetelt maar niet noemt" in " ".join(result.out.split())
    answer = json.loads(mhcli("gemeente", naam, "-f", "json").out)
    assert (answer["uitkomst"], [k["gemeente"]["naam"] for k in answer["kandidaten"]]) == (
        "niet-in-register", ["Baarle-Nassau" if "744" in naam or "Baarle" in naam
                             else "Alphen-Chaam"])


def test_unknown_code_and_name(mhcli: Callable[..., Result]) -> None:
    assert mhcli("gemeente", "GM9999").err == \
        "mhcli: er is geen gemeente met CBS-code GM9999 (de CBS-lijst van gemeenten kent die " \
        "code niet).\n" \
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
    rows = json.loads(mhcli("districten", "-f", "json").out)["districten"]
    assert [r["naam"] for r in rows] == ["Hart van Brabant", "De Markiezaten", "De Baronie",
                                         "Zeeland"]
    assert [r["aantal_gemeenten"] for r in rows] == [8, 8, 7, 12]
    assert [r["plan_status"] for r in rows] == [["verlopen"], ["verlopen"], ["onbekend"],
                                                ["onbekend"]]
    # For machines: facts, not prose; for people: the districts side by side.
    assert rows[0]["trekkers"][0]["verouderd"] is True
    assert rows[2]["aansturing"] is not None and rows[0]["focus"][0]["vorm"] == \
        "seksuele-uitbuiting"
    # For people: side by side where the width allows; else one block per district, whole
    # words always (at 100 columns 'aandachtsfunctionarissen' does not fit four columns).
    people = mhcli("districten").out
    blocks = [b.splitlines()[0] for b in people.strip().split("\n\n")]
    assert blocks == ["Hart van Brabant", "De Markiezaten", "De Baronie", "Zeeland"]
    assert "(verouderd)" in people


def test_gemeenten_filters_and_json_contract(mhcli: Callable[..., Result]) -> None:
    rows = json.loads(mhcli("gemeenten", "--district", "Zeeland", "-f", "json").out)[
        "gemeenten"]
    assert [r["naam"] for r in rows] == list(EXPECTED["zeeland"])
    assert all(set(r) >= {"naam", "cbs_code", "district", "provincie"} for r in rows)
    zeeuws = json.loads(mhcli("gemeenten", "--provincie", "zeeland", "-f", "json").out)[
        "gemeenten"]
    assert len(zeeuws) == 13 and "Tholen" in [r["naam"] for r in zeeuws]
    both = json.loads(mhcli("gemeenten", "--district", "markiezaten", "--provincie", "Zeeland",
                            "-f", "json").out)["gemeenten"]
    assert [r["naam"] for r in both] == ["Tholen"]
    assert mhcli("gemeenten", "--provincie", "Limburg").code == 3


def test_csv_parses(mhcli: Callable[..., Result]) -> None:
    out = mhcli("gemeenten", "-f", "csv").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 35
    assert rows[0] == {"naam": "Altena", "cbs_code": "GM1959", "district": "de-baronie",
                       "district_naam": "De Baronie", "provincie": "Noord-Brabant"}
    assert [r["naam"] for r in rows] == sorted((r["naam"] for r in rows), key=str.casefold)
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
    rows = {r["id"]: r for r in json.loads(mhcli("partners", "-f", "json").out)["partners"]}
    assert "landelijk contact 0800-5151" in rows["arbeidsinspectie"]["waar"]
    assert "partner bij arbeidsuitbuiting" in rows["arbeidsinspectie"]["waar"]
    assert rows["zvh-zeeland"]["waar"] == ["zorgcoördinatie in district Zeeland"]
    assert rows["gemeente-goes"]["waar"] == ["districtelijke coördinatie in Zeeland"]
    assert "onderzoek 'Onderzoek Criminele uitbuiting onder jongeren' (Zeeland)" in \
        rows["avans-hogeschool"]["waar"]


def test_zoek_finds_text_and_says_where(mhcli: Callable[..., Result]) -> None:
    hits = json.loads(mhcli("zoek", "veiliheidshuis", "-f", "json").out)["vondsten"]
    assert hits == [{"bestand": "regio.yaml", "regel": 87, "kolom": 15,
                     "waar": "Organisatie Zorg- en Veiligheidshuis De Markiezaten, andere naam "
                             "Zorg- en Veiliheidshuis de Markiezaten",
                     "veld": "Naam", "pad": "organisaties[2].andere_namen[1].naam",
                     "tekst": "Zorg- en Veiliheidshuis de Markiezaten"}]
    words = json.loads(mhcli("zoek", "uitbuiting", "criminele", "-f", "json").out)["vondsten"]
    assert words and all("criminele" in h["tekst"].lower() and "uitbuiting" in
                         h["tekst"].lower() for h in words)
    table = mhcli("zoek", "Tholen", "-f", "markdown").out
    assert "District De Markiezaten, gemeente Tholen" in table and "»Tholen«" in table
    code = json.loads(mhcli("zoek", "0716", "-f", "json").out)["vondsten"]
    assert [(h["pad"], h["bestand"]) for h in code] == [("gemeenten[4].cbs_code",
                                                         "districten/de-markiezaten.yaml")]
    accents = json.loads(mhcli("zoek", "zorgcoordinatie", "-f", "json").out)["vondsten"]
    assert any("Zorgcoördinatie" in h["tekst"] for h in accents)
    assert mhcli("zoek", "mensensmokkel").code == 3
    assert mhcli("zoek", " - ").code == 2


def test_mermaid_is_a_flowchart(mhcli: Callable[..., Result]) -> None:
    out = mhcli("route", "Tholen", "--format", "mermaid").out
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    # One chain of four steps; acute danger and the national lines are branches beside it.
    assert sum(1 for line in lines if "-->" in line) == 4
    assert '    start -. "bij acuut gevaar" .-> acuut' in lines
    assert "    start -.- ook" in lines
    assert any(line.strip().startswith("subgraph ook") for line in lines)
    assert not any("--> acuut" in line or "acuut -->" in line for line in lines)


def test_markdown_route(mhcli: Callable[..., Result]) -> None:
    out = mhcli("route", "Tholen", "--format", "markdown").out
    assert out.startswith("# Route van een signaal uit Tholen\n")
    assert "> **Let op:** Zeeuwse gemeente" in out
    assert out.index("## Wie belt u") < out.index("## Bij acuut gevaar") < \
        out.index("## Stap 1. Interne meldroute")


def test_format_errors_are_usage_errors(mhcli: Callable[..., Result]) -> None:
    result = mhcli("gemeenten", "--format", "xml")
    assert result.code == 2
    assert "onbekend formaat 'xml'; kies uit: tekst, json, csv, csv-excel, xlsx, markdown." \
        in result.err
