"""A signal arrives with a place name: every answer is useful, and a miss still gives 112."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Result

UNIVERSAL = ["112", "0900-8844", "0800-7000", "0800-5151", "033-448 11 86"]
# 'Outside the region' rests on the register's own inference: the answer says so.
INFERRED = ("(afgeleid: de bron noemt 37 gemeenten maar somt er 35 op; welke de andere 2 zijn, is "
            "niet bevestigd)")


def test_a_village_answers_for_its_gemeente(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Oudenbosch", "--format", "json")
    assert result.code == 0
    route = json.loads(result.out)
    assert route["gemeente"]["naam"] == "Halderberge"
    found = route["gevonden_als"]
    assert {k: found[k] for k in ("soort", "naam")} == {"soort": "woonplaats", "naam": "Oudenbosch"}
    # CBS data answered: CBS is credited (CC BY 4.0), with the edition its file records.
    assert [b["id"] for b in found["bronnen"]] == ["cbs-woonplaatsen"]
    cbs = next(b for b in route["bronnen"] if b["id"] == "cbs-woonplaatsen")
    assert (cbs["naamsvermelding"], cbs["licentie"], cbs["editie"]) == (
        "Centraal Bureau voor de Statistiek", "CC BY 4.0", 2024)
    assert "85877NED" in cbs["herleiding"]
    by_name = json.loads(mhcli("route", "Halderberge", "--format", "json").out)["gevonden_als"]
    assert {k: by_name[k] for k in ("soort", "naam")} == {"soort": "naam", "naam": "Halderberge"}
    assert "cbs-woonplaatsen" not in [b["id"] for b in by_name["bronnen"]]  # the register said it
    text = mhcli("route", "oudenbosch", "--kort").out
    assert text.splitlines()[1].startswith(
        "Oudenbosch is een woonplaats in gemeente Halderberge. [")
    assert "Centraal Bureau voor de Statistiek, CC BY 4.0; editie 2024 zoals het meegeleverde " \
        "bestand vastlegt" in " ".join(text.split())


@pytest.mark.parametrize("naam, uitkomst, melding", [
    ("'s-Hertogenbosch", "buiten-de-regio",
     "Gemeente 's-Hertogenbosch (provincie Noord-Brabant) ligt buiten de regio "
     f"Zeeland-West-Brabant {INFERRED}; dit register kent alleen de route binnen de regio."),
    ("Súdwest-Fryslân", "buiten-de-regio",
     "Gemeente Súdwest-Fryslân (provincie Fryslân) ligt buiten de regio Zeeland-West-Brabant "
     f"{INFERRED}; dit register kent alleen de route binnen de regio."),
    ("Hart van Brabant", "district",
     "'Hart van Brabant' is een district, geen gemeente. Een signaal gaat via de gemeente; kies "
     "een van de gemeenten van Hart van Brabant: Dongen, Gilze en Rijen, Goirle, Hilvarenbeek, "
     "Loon op Zand, Oisterwijk, Tilburg en Waalwijk."),
    ("4691 AB", "postcode",
     "'4691 AB' is een postcode. mhcli kent geen postcodes (er is geen open lijst van postcodes "
     "en gemeenten die het kan meeleveren); typ de naam van de woonplaats of de gemeente."),
    ("Zevenbergschen Hoek", "meerdere",
     "'Zevenbergschen Hoek' is meer dan één plaats: Zevenbergschen Hoek (woonplaats in gemeente "
     "Drimmelen, district De Baronie) of Zevenbergschen Hoek (woonplaats in gemeente Moerdijk, "
     "district De Markiezaten). Elke gemeente heeft haar eigen interne meldroute; kies een "
     "gemeente voor haar route."),
])
def test_every_miss_says_what_it_is_and_gives_the_fallback(
        naam: str, uitkomst: str, melding: str, mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", naam)
    # Not an error of the person: the answer on stdout, no usage pointer, exit 3.
    assert (result.code, result.err) == (3, "")
    title, rest = result.out.split("\n", 1)
    assert title and " ".join(rest.split()).startswith(melding)
    assert all(number in result.out for number in UNIVERSAL)
    assert result.out.index("112") < result.out.index("0900-8844")
    fallback = json.loads(mhcli("route", naam, "--format", "json").out)
    assert (fallback["gevonden"], fallback["uitkomst"]) == (False, uitkomst)
    assert fallback["melding"][:1].upper() + fallback["melding"][1:] == melding
    assert [c["telefoon"] for c in fallback["bij_acuut_gevaar"]["contacten"]] == ["112"]
    assert [c["telefoon"] for c in fallback["ook_melden"]] == UNIVERSAL[1:]
    # The CBS list spoke where a woonplaats or a place outside the register is named.
    cbs_spoke = uitkomst in ("buiten-de-regio", "meerdere")
    assert ("cbs-woonplaatsen" in [b["id"] for b in fallback["melding_bronnen"]]) is cbs_spoke


def test_a_typo_is_suggested_never_chosen(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Thoeln")
    assert result.code == 3
    assert result.err == ("mhcli: 'Thoeln' is geen gemeente, woonplaats of district die mhcli "
                          "kent.\nbedoelde u: Tholen (gemeente, district De Markiezaten)?\n"
                          "Zie 'mhcli route --help' voor het gebruik.\n")
    assert "Route van een signaal" not in result.out and "112" in result.out
    answer = json.loads(mhcli("route", "Thoeln", "-f", "json").out)
    assert (answer["uitkomst"], answer["suggesties"]) == ("onbekend", ["Tholen"])
    assert answer["kandidaten"][0]["district"] == {"id": "de-markiezaten",
                                                   "naam": "De Markiezaten"}


def test_a_shared_route_is_shown_without_a_failure_framing(mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Biervliet")
    assert (result.code, result.err) == (3, "")
    lines = result.out.splitlines()
    assert lines[0] == "Route van een signaal uit Biervliet"
    text = " ".join(result.out.split())
    assert "'Biervliet' is een woonplaats in twee gemeenten: Sluis en Terneuzen, allebei in " \
           "district Zeeland. De route is voor beide dezelfde, op de gemeente na." in text
    assert "Zorgcoördinatie: Zorg- en Veiligheidshuis Zeeland" in text
    assert "Aandachtsfunctionaris mensenhandel van gemeente Sluis of Terneuzen" in text
    assert "Geen route" not in text and "--help" not in text
    answer = json.loads(mhcli("route", "Biervliet", "-f", "json").out)
    assert (answer["uitkomst"], answer["zelfde_route"]) == ("meerdere", True)
    assert answer["gedeeld"]["district"]["naam"] == "Zeeland"
    assert answer["gedeeld"]["zorgcoordinatie"] == ["Zorg- en Veiligheidshuis Zeeland"]
    assert answer["gedeeld"]["bronnen"]  # what says what they share


def test_a_woonplaats_here_and_a_gemeente_elsewhere_names_both(mhcli: Callable[..., Result]
                                                               ) -> None:
    answer = json.loads(mhcli("route", "Rijswijk", "-f", "json").out)
    assert answer["uitkomst"] == "meerdere" and answer["zelfde_route"] is None
    assert [(k["soort"], k["waar"], k["gemeente"]["naam"], k["gemeente"]["provincie"])
            for k in answer["kandidaten"]] == [
        ("woonplaats", "register", "Altena", "Noord-Brabant"),
        ("gemeente", "buiten-de-regio", "Rijswijk", "Zuid-Holland"),
        ("woonplaats", "buiten-de-regio", "Buren", "Gelderland")]
    assert json.loads(mhcli("gemeente", "Rijswijk (NB)", "-f", "json").out)["naam"] == "Altena"
    outside = json.loads(mhcli("route", "Rijswijk (ZH.)", "-f", "json").out)
    assert (outside["uitkomst"], outside["kandidaten"][0]["gemeente"]["naam"]) == (
        "buiten-de-regio", "Rijswijk")


@pytest.mark.parametrize("typed", ["Middelburg (Z.)", "middelburg z", "GM0687", "687"])
def test_cbs_spellings_and_codes_find_the_register_gemeente(typed: str,
                                                            mhcli: Callable[..., Result]) -> None:
    route = json.loads(mhcli("route", typed, "-f", "json").out)
    assert route["gemeente"]["naam"] == "Middelburg" and route["uitkomst"] == "gemeente"
    assert route["gevonden_als"]["soort"] == ("cbs-code" if "7" in typed else "cbs-naam")


@pytest.mark.parametrize("words", [["Bergen", "op", "Zoom"], ["bergenopzoom"],
                                   ["--kort", "Bergen", "op", "Zoom"],
                                   ["Bergen", "op", "Zoom", "--kort"]])
def test_names_without_quotes(words: list[str], mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", *words)
    assert result.code == 0
    assert result.out.startswith("Route van een signaal uit Bergen op Zoom\n")
    assert ("Stap 1." in result.out) is ("--kort" not in words)
    district = mhcli("district", "De", "Markiezaten", "-f", "json")
    assert json.loads(district.out)["id"] == "de-markiezaten"


def test_a_four_digit_postcode_is_not_taken_for_a_cbs_code(mhcli: Callable[..., Result]) -> None:
    answer = json.loads(mhcli("route", "1655", "-f", "json").out)
    assert (answer["uitkomst"], answer["postcode"]) == ("postcode", "1655")
    assert "Typ dan GM1655" in answer["melding"]
    assert json.loads(mhcli("route", "GM1655", "-f", "json").out)["gemeente"]["naam"] == \
        "Halderberge"


def test_baarle_nassau_gets_its_explanation_and_the_fallback(mhcli: Callable[..., Result]
                                                             ) -> None:
    result = mhcli("route", "Baarle-Nassau")
    assert result.code == 3
    assert "meetelt maar niet noemt" in " ".join(result.out.split())
    assert "112" in result.out and "033-448 11 86" in result.out
    assert "woonplaats in gemeente Alphen-Chaam" in " ".join(mhcli("route", "Chaam").out.split())


def test_district_name_typed_partly_gets_a_suggestion(mhcli: Callable[..., Result]) -> None:
    result = mhcli("district", "hart")
    assert result.code == 3
    assert "\nbedoelde u: Hart van Brabant?\n" in result.err


def test_gemeente_command_knows_villages_too(mhcli: Callable[..., Result]) -> None:
    record = json.loads(mhcli("gemeente", "Ulvenhout", "-f", "json").out)
    assert record["naam"] == "Breda"


def test_step_handlers_match_the_schema_roles() -> None:
    from mhcli.location import bundled_schemas
    from mhcli.routes import STEP_HANDLERS

    schema = json.loads((bundled_schemas() / "regio.schema.json").read_text(encoding="utf-8"))
    roles = schema["properties"]["signaalroute"]["properties"]["stappen"]["items"][
        "properties"]["rol"]["enum"]
    assert sorted(STEP_HANDLERS) == sorted(roles)


@pytest.mark.parametrize("typed", ["", " ", "-"])
def test_an_empty_name_is_a_usage_error(typed: str, mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "--", typed)
    assert result.code == 2
    assert result.err.startswith("mhcli: geef de naam of CBS-code van een gemeente")


def test_zoek_finds_text_not_ids(mhcli: Callable[..., Result]) -> None:
    hits = json.loads(mhcli("zoek", "criminele", "uitbuiting", "-f", "json").out)["vondsten"]
    assert hits and all(h["veld"] != "Id" and "-" not in h["tekst"].split()[0] for h in hits)
    assert [h["tekst"] for h in json.loads(mhcli("zoek", "0716", "-f", "json").out)[
        "vondsten"]] == ["GM0716"]


def test_a_village_also_outside_the_region_says_so(mhcli: Callable[..., Result]) -> None:
    route = json.loads(mhcli("route", "Oudemolen", "-f", "json").out)
    assert route["gemeente"]["naam"] == "Moerdijk"
    found = route["gevonden_als"]
    assert found["ook_buiten_de_regio"] == "Tynaarlo (Drenthe)"
    assert found["toelichting"] == INFERRED[1:-1]
    assert [b["id"] for b in found["bronnen"]] == ["cbs-woonplaatsen", "regionale-aanpak"]
    assert f"ligt ook in gemeente Tynaarlo (Drenthe), buiten de regio; {INFERRED[1:]}" in " ".join(
        mhcli("route", "Oudemolen", "--kort").out.split())


@pytest.mark.parametrize("typed, code, zin", [
    ("Oudenbosch", 0, "Oudenbosch is een woonplaats in gemeente Halderberge (district De "
                      "Markiezaten); de route: mhcli route Oudenbosch"),
    ("'s-Hertogenbosch", 3, "Gemeente 's-Hertogenbosch (provincie Noord-Brabant) ligt buiten "
                            f"de regio Zeeland-West-Brabant {INFERRED}; dit register kent alleen "
                            "de route binnen de regio."),
])
def test_zoek_says_what_a_place_name_is(typed: str, code: int, zin: str,
                                        mhcli: Callable[..., Result]) -> None:
    result = mhcli("zoek", typed)
    assert (result.code, " ".join(result.out.split())) == (code, zin)
    answer = json.loads(mhcli("zoek", typed, "-f", "json").out)
    assert answer["vondsten"] == [] and answer["plaats"]["zin"] == zin
    assert json.loads(mhcli("zoek", "criminele", "-f", "json").out)["plaats"] is None


def test_a_gemeente_asked_as_district_names_its_district(mhcli: Callable[..., Result]) -> None:
    result = mhcli("district", "Tholen")
    assert (result.code, result.err.splitlines()[:2]) == (3, [
        "mhcli: 'Tholen' is een gemeente, geen district; gemeente Tholen hoort bij district De "
        "Markiezaten.", "bedoelde u: De Markiezaten?"])
