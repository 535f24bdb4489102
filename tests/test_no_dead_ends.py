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
    text = mhcli("route", "oudenbosch", "--kort").out
    assert text.splitlines()[1].startswith(
        "Oudenbosch is een woonplaats in gemeente Halderberge. [")
    assert "Centraal Bureau voor de Statistiek, CC BY 4.0; editie 2024 zoals het meegeleverde " \
        "bestand vastlegt" in " ".join(text.split())


@pytest.mark.parametrize("naam, melding", [
    ("'s-Hertogenbosch", "mhcli: gemeente 's-Hertogenbosch ligt buiten de regio "
                         f"Zeeland-West-Brabant {INFERRED}; dit register kent alleen de route "
                         "binnen de regio.\n"),
    ("Súdwest-Fryslân", "mhcli: gemeente Súdwest-Fryslân ligt buiten de regio "
                        f"Zeeland-West-Brabant {INFERRED}; dit register kent alleen de route "
                        "binnen de regio.\n"),
    ("Hart van Brabant", "mhcli: 'Hart van Brabant' is een district, geen gemeente. Een signaal "
                         "gaat via de gemeente; kies een van de gemeenten van Hart van Brabant: "
                         "Dongen, Gilze en Rijen, Goirle, Hilvarenbeek, Loon op Zand, Oisterwijk, "
                         "Tilburg en Waalwijk.\n"),
    ("Biervliet", "mhcli: 'Biervliet' is een woonplaats in meer gemeenten: Sluis en Terneuzen. "
                  "Kies de gemeente.\nbedoelde u: Sluis of Terneuzen?\n"),
    ("Thoeln", "mhcli: 'Thoeln' is geen gemeente, woonplaats of district die mhcli kent.\n"
               "bedoelde u: Tholen of Thorn?\n"),
])
def test_every_miss_says_what_it_is_and_gives_the_fallback(
        naam: str, melding: str, mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", naam)
    assert (result.code, result.err) == (3, melding + "Zie 'mhcli route --help' voor het "
                                                      "gebruik.\n")
    assert all(number in result.out for number in UNIVERSAL)
    assert result.out.index("112") < result.out.index("0900-8844")
    fallback = json.loads(mhcli("route", naam, "--format", "json").out)
    assert fallback["gevonden"] is False
    assert [c["telefoon"] for c in fallback["bij_acuut_gevaar"]["contacten"]] == ["112"]
    assert [c["telefoon"] for c in fallback["ook_melden"]] == UNIVERSAL[1:]
    cbs_spoke = "buiten de regio" in melding or "woonplaats in meer" in melding
    assert ("cbs-woonplaatsen" in [b["id"] for b in fallback["melding_bronnen"]]) is cbs_spoke


def test_baarle_nassau_gets_its_explanation_and_the_fallback(mhcli: Callable[..., Result]
                                                             ) -> None:
    result = mhcli("route", "Baarle-Nassau")
    assert result.code == 3
    assert "meetelt maar niet noemt" in result.err
    assert "112" in result.out and "033-448 11 86" in result.out
    assert "woonplaats in gemeente Alphen-Chaam" in mhcli("route", "Chaam").err


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
    assert found["ook_buiten_de_regio"] == "Tynaarlo"
    assert found["toelichting"] == INFERRED[1:-1]
    assert [b["id"] for b in found["bronnen"]] == ["cbs-woonplaatsen", "regionale-aanpak"]
    assert f"ligt ook in gemeente Tynaarlo, buiten de regio; {INFERRED[1:]}" in " ".join(
        mhcli("route", "Oudemolen", "--kort").out.split())
