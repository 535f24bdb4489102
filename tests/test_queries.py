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
    # The aandachtsfunctionaris's two tasks stand side by side, not as steps 3 and 4.
    assert [(s["nummer"], s["taak_van"]) for s in route["stappen"]] == [
        (1, None), (2, None), (None, "aandachtsfunctionaris"), (None, "aandachtsfunctionaris")]
    assert route["rol"]["id"] == "gemeente" and route["rol"]["gekozen"] is False
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


def test_route_for_a_form_names_its_partner_but_sets_no_priority(
        mhcli: Callable[..., Result]) -> None:
    """No source ranks the partners or the national lines: a vorm marks what fits it in
    particular, and the order stays the source's."""
    plain_route = json.loads(mhcli("route", "Breda", "--format", "json").out)
    route = json.loads(mhcli("route", "Breda", "--vorm", "arbeidsuitbuiting",
                             "--format", "json").out)
    assert {k: route["vorm"][k] for k in ("id", "naam")} == {"id": "arbeidsuitbuiting",
                                                            "naam": "Arbeidsuitbuiting"}
    assert route["vorm"]["bronnen"]
    step = next(s for s in route["stappen"] if s["rol"] == "doorgeven")
    assert step["wie"] == "RIEC, Politie of Nederlandse Arbeidsinspectie"
    assert step["details"] == ["Bij arbeidsuitbuiting noemt de bron in het bijzonder: Nederlandse "
                               "Arbeidsinspectie (naast de andere, niet eerst)."]
    assert {"naam": "Nederlandse Arbeidsinspectie", "telefoon": "0800-5151"}.items() <= \
        step["contacten"][0].items()
    assert route["ook_melden"] == plain_route["ook_melden"]
    assert route["wie_belt_u"] == plain_route["wie_belt_u"]
    plain = mhcli("route", "Breda", "--vorm", "arbeidsuitbuiting").out
    assert "Nederlandse Arbeidsinspectie: 0800-5151" in plain
    assert "eerst: Nederlandse" not in plain


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
    # A chain of two steps whose two tasks branch side by side; acute danger and the national
    # lines are branches beside it.
    assert sum(1 for line in lines if "-->" in line) == 4
    assert "    s2 --> s3" in lines and "    s2 --> s4" in lines
    assert '    start -. "bij acuut gevaar" .-> acuut' in lines
    assert "    start -.- ook" in lines
    assert any(line.strip().startswith("subgraph ook") for line in lines)
    assert not any("--> acuut" in line or "acuut -->" in line for line in lines)


def test_markdown_route(mhcli: Callable[..., Result]) -> None:
    out = mhcli("route", "Tholen", "--format", "markdown").out
    assert out.startswith("# Route van een signaal uit Tholen\n")
    assert "> **Let op:** Zeeuwse gemeente" in out
    assert out.index("## Wie belt u") < out.index("## Landelijke nummers") < \
        out.index("## Stap 1. Interne meldroute") < out.index(
            "## Taak van de aandachtsfunctionaris (naast de andere taak): Doorgeven")


def test_format_errors_are_usage_errors(mhcli: Callable[..., Result]) -> None:
    result = mhcli("gemeenten", "--format", "xml")
    assert result.code == 2
    assert "onbekend formaat 'xml'; kies uit: tekst, json, csv, csv-excel, xlsx, markdown." \
        in result.err


def test_route_for_a_professional_names_veilig_thuis(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Tholen", "--rol", "professional", "--format", "json")
    assert result.code == 0, result.err
    route = json.loads(result.out)
    assert (route["rol"]["id"], route["rol"]["gekozen"], route["rol"]["standaard"]) == (
        "professional", True, False)
    assert route["stappen"] == []  # the internal route is municipal staff's, not theirs
    assert [(o["titel"], o["rol"]) for o in route["onderdelen"]] == [
        ("Veilig Thuis", None), ("Zorgcoördinator mensenhandel", "zorgcoordinatie")]
    assert route["onderdelen"][1]["wie"] == "Zorg- en Veiligheidshuis De Markiezaten"
    assert [(w["groep"], w["telefoon"]) for w in route["wie_belt_u"]] == [
        ("acuut", "112"), ("rol", "0800-2000"), ("rol", None), ("landelijk", "0900-8844"),
        ("landelijk", "0800-7000"), ("landelijk", "0800-5151"), ("landelijk", "033-448 11 86")]
    veilig_thuis = route["wie_belt_u"][1]
    assert [b["id"] for b in veilig_thuis["bronnen"]] == ["augeo-veilig-thuis"]
    text = mhcli("route", "Tholen", "--rol", "professional").out
    assert "Rol: professional onder de meldcode (gekozen met --rol)." in " ".join(text.split())
    assert "Stap 1." not in text and "Voor wie: professional onder de meldcode" in text


def test_route_for_anyone_is_112_and_the_national_lines(mhcli: Callable[..., Result]) -> None:
    route = json.loads(mhcli("route", "Goes", "--rol", "iedereen", "-f", "json").out)
    assert route["stappen"] == [] and route["onderdelen"] == []
    assert [w["telefoon"] for w in route["wie_belt_u"]] == [
        "112", "0900-8844", "0800-7000", "0800-5151", "033-448 11 86"]
    assert {w["groep"] for w in route["wie_belt_u"][1:]} == {"landelijk"}


def test_the_default_role_is_named_with_how_to_choose_another(mhcli: Callable[..., Result]
                                                              ) -> None:
    out = " ".join(mhcli("route", "Goes", "--kort").out.split())
    assert ("Rol: medewerker van de gemeente (standaard, want u koos geen --rol). Anders: --rol "
            "professional (professional onder de meldcode) of --rol iedereen (iedereen).") in out
    route = json.loads(mhcli("route", "Goes", "-f", "json").out)
    assert (route["rol"]["id"], route["rol"]["standaard"], route["rol"]["gekozen"]) == (
        "gemeente", True, False)


def test_an_unknown_role_is_not_guessed(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Goes", "--rol", "burger")
    assert (result.code, result.out) == (3, "")
    assert result.err.startswith("mhcli: rol 'burger' is onbekend; kies uit: gemeente, "
                                 "professional, iedereen.")
    assert json.loads(mhcli("route", "Goes", "--rol", "Professional", "-f", "json").out)[
        "rol"]["id"] == "professional"  # the id as typed, case aside


def test_a_miss_for_a_professional_still_names_veilig_thuis(mhcli: Callable[..., Result]
                                                            ) -> None:
    result = mhcli("route", "Thoeln", "--rol", "professional", "-f", "json")
    assert result.code == 3
    fallback = json.loads(result.out)
    assert fallback["rol"]["id"] == "professional"
    # What needs no gemeente stays; the zorgcoördinator of a district does not.
    assert [o["titel"] for o in fallback["onderdelen"]] == ["Veilig Thuis"]
    assert "0800-2000" in mhcli("route", "Thoeln", "--rol", "professional").out


def test_mermaid_for_a_role_draws_its_parts_side_by_side(mhcli: Callable[..., Result]) -> None:
    lines = mhcli("route", "Tholen", "--rol", "professional", "-f", "mermaid").out.splitlines()
    assert '    subgraph rol["Naast elkaar, zonder volgorde"]' in lines
    assert "    start --> rol" in lines and not any(line.startswith("    s1") for line in lines)
