"""The bundled register: valid, true to its source, with the warnings it must give."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from mhcli.loading import parse_register
from mhcli.location import bundled_data
from mhcli.register import RegisterModel, build
from mhcli.source import read_folder
from tests.conftest import Result

pytestmark = pytest.mark.bundled  # of the named set that reads the product's own data/

# The 35 municipalities the source names, with CBS codes from FACTS.md (CBS 2023).
EXPECTED = {
    "hart-van-brabant": {"Tilburg": "GM0855", "Goirle": "GM0785", "Waalwijk": "GM0867",
                         "Loon op Zand": "GM0809", "Oisterwijk": "GM0824",
                         "Gilze en Rijen": "GM0784", "Hilvarenbeek": "GM0798", "Dongen": "GM0766"},
    "de-markiezaten": {"Roosendaal": "GM1674", "Bergen op Zoom": "GM0748",
                       "Woensdrecht": "GM0873", "Tholen": "GM0716", "Steenbergen": "GM0851",
                       "Rucphen": "GM0840", "Halderberge": "GM1655", "Moerdijk": "GM1709"},
    "de-baronie": {"Breda": "GM0758", "Etten-Leur": "GM0777", "Oosterhout": "GM0826",
                   "Geertruidenberg": "GM0779", "Altena": "GM1959", "Zundert": "GM0879",
                   "Drimmelen": "GM1719"},
    "zeeland": {"Borsele": "GM0654", "Goes": "GM0664", "Hulst": "GM0677", "Kapelle": "GM0678",
                "Middelburg": "GM0687", "Noord-Beveland": "GM1695", "Reimerswaal": "GM0703",
                "Schouwen-Duiveland": "GM1676", "Sluis": "GM1714", "Terneuzen": "GM0715",
                "Veere": "GM0717", "Vlissingen": "GM0718"},
}


def test_bundled_register_is_valid_with_the_known_warnings(mhcli: Callable[..., Result]) -> None:
    result = mhcli("valideer", "--format", "json", "--data", str(bundled_data()))
    report = json.loads(result.out)
    assert result.code == 0
    assert report["geldig"] is True and report["fouten"] == []
    warnings = {(w["code"], w["bestand"].split("/")[-1]) for w in report["waarschuwingen"]}
    assert warnings == {
        ("aantal-gemeenten", "regio.yaml"),
        ("plan-verlopen", "hart-van-brabant.yaml"),
        ("plan-verlopen", "de-markiezaten.yaml"),
        ("plan-verlopen", "zeeland.yaml"),
        ("trekker-uit-functie", "hart-van-brabant.yaml"),
    }
    # All three districts' plans have ended; Zeeland's plan and its uitvoeringsprogramma both.
    ended = [w["melding"] for w in report["waarschuwingen"] if w["code"] == "plan-verlopen"]
    assert len(ended) == 4
    assert any("'Plan van aanpak mensenhandel Zeeland 2019-2023' liep tot en met 2023" in m
               for m in ended)
    assert any("'Uitvoeringsprogramma voor Zeeuwse gemeenten 2020-2023'" in m for m in ended)
    count = next(w for w in report["waarschuwingen"] if w["code"] == "aantal-gemeenten")
    assert "37" in count["melding"] and "35" in count["melding"]
    assert "Alphen-Chaam" in count["melding"] and "Baarle-Nassau" in count["melding"]
    left = next(w for w in report["waarschuwingen"] if w["code"] == "trekker-uit-functie")
    assert "Hanne van Aart" in left["melding"] and "2024-09-01" in left["melding"]


def test_strikt_fails_on_the_warnings(mhcli: Callable[..., Result]) -> None:
    assert mhcli("valideer", "--strikt").code == 1


def test_bundled_register_holds_exactly_the_35_named_municipalities() -> None:
    register = build(parse_register(read_folder(bundled_data())))
    found = {d.id: {g.naam: g.cbs_code for g in d.gemeenten} for d in register.districten.values()}
    assert found == EXPECTED
    assert sum(len(v) for v in found.values()) == 35
    assert register.aantal_gemeenten == 37


def test_provinces_and_tholens_note() -> None:
    register = build(parse_register(read_folder(bundled_data())))
    provinces = {g.naam: g.provincie for g in register.alle_gemeenten()}
    assert {n for n, p in provinces.items() if p == "Zeeland"} == \
        set(EXPECTED["zeeland"]) | {"Tholen"}
    tholen = register.gemeente("Tholen")
    assert tholen.district == "de-markiezaten"
    # Only what the source says: why Tholen is in De Markiezaten, nothing about where signals go.
    assert tholen.toelichting == ("Zeeuwse gemeente die aansluit bij district De Markiezaten, "
                                  "omdat zij is aangesloten bij het Zorg- en Veiligheidshuis De "
                                  "Markiezaten.")


def _model() -> RegisterModel:
    return build(parse_register(read_folder(bundled_data())))


def test_the_zeeland_plans_have_their_periods_and_source() -> None:
    zeeland = _model().districten["zeeland"]
    assert [(p.titel, p.van, p.tot, p.bron) for p in zeeland.plannen] == [
        ("Plan van aanpak mensenhandel Zeeland 2019-2023", 2019, 2023, "czw-mensenhandel"),
        ("Uitvoeringsprogramma voor Zeeuwse gemeenten 2020-2023", 2020, 2023,
         "czw-mensenhandel")]
    assert zeeland.plannen[0].geschreven == 2018  # the seed: written in 2018


def test_the_national_lines_say_only_what_their_sources_say() -> None:
    contacten = _model().contacten
    # Anonymous only where the source says so; CoMensha coordinates, takes no signals, no hours.
    assert {c.id for c in contacten.values() if c.anoniem} == {"meld-misdaad-anoniem",
                                                                "arbeidsinspectie"}
    assert all("anoniem" not in (c.wanneer or "").replace("Meld Misdaad Anoniem", "")
               or c.anoniem for c in contacten.values())
    assert "geen meldpunt" in (contacten["comensha"].wanneer or "")
    assert contacten["comensha"].bereikbaar is None
    assert contacten["arbeidsinspectie"].telefoon_buitenland == "+31 70 333 44 44"
    veilig_thuis = contacten["veilig-thuis"]
    assert (veilig_thuis.telefoon, veilig_thuis.bron) == ("0800-2000", "augeo-veilig-thuis")
    ook = _model().signaalroute.ook_melden
    assert ook is not None and "ook anoniem" not in ook.wat


def test_trekkers_and_organisations_only_as_far_as_a_public_page_says() -> None:
    register = _model()
    depla = register.districten["de-baronie"].trekkers[0]
    # FACTS.md names no public page for Depla's full name, gemeente or years in office.
    assert (depla.naam, depla.volledige_naam, depla.gemeente, depla.sinds, depla.bron) == (
        "Depla", None, None, None, "regionale-aanpak")
    moerkerke = register.districten["de-markiezaten"].trekkers[0]
    assert moerkerke.label() == ("burgemeester Moerkerke (Aart-Jan Moerkerke, Moerdijk; "
                                 "burgemeester sinds 2021-06)")  # in office since, not trekker
    # No public page names where these two Zorg- en Veiligheidshuizen are.
    orgs = register.organisaties
    assert orgs["zvh-midden-brabant"].plaats is None and orgs["zvh-de-markiezaten"].plaats is None
    assert orgs["riec"].soort is None  # no source says what kind of organisation it is
    for unnamed in register.niet_genoemd:  # the inference rests on the source's 37 and 35
        assert unnamed.bron == "regionale-aanpak", unnamed.naam


def test_the_register_names_the_bundled_cbs_data_as_its_file_records_it() -> None:
    from mhcli import places

    cbs = _model().bronnen["cbs-woonplaatsen"]
    recorded = places.bron()
    assert (cbs.titel, cbs.url) == (" ".join(recorded.titel.split()), recorded.url)
    assert recorded.herleiding and "85877NED" in recorded.herleiding
    assert cbs.toelichting and "86312NED" in cbs.toelichting  # a newer edition exists


def test_tholen_for_a_professional_shows_veilig_thuis_with_its_source(
        mhcli: Callable[..., Result]) -> None:
    result = mhcli("route", "Tholen", "--rol", "professional", "--data", str(bundled_data()))
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    calls = re.search(r"0800-2000: Veilig Thuis - [^\[]*\[(\d+)\]", text)
    assert calls, text
    mark = calls.group(1)
    assert f"[{mark}] Augeo, meldcode, 'Veilig Thuis' - " \
           "https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/" in text
    assert "Rol: professional onder de meldcode (gekozen met --rol)." in text
    assert "exploitatie van minderjarigen zijn vormen van kindermishandeling" in text


def test_the_default_answer_names_its_role_and_how_to_choose_another(
        mhcli: Callable[..., Result]) -> None:
    out = " ".join(mhcli("route", "Tholen", "--data", str(bundled_data())).out.split())
    assert ("Rol: medewerker van de gemeente (standaard, want u koos geen --rol). Anders: --rol "
            "professional (professional onder de meldcode) of --rol iedereen (iedereen).") in out
    # No ranking no source gives, no steps 3 and 4, no 'ook anoniem' for every line.
    assert "in volgorde" not in out and "Stap 3" not in out and "ook anoniem" not in out
    assert "Taak van de aandachtsfunctionaris (naast de andere taak): Doorgeven" in out


def test_every_data_file_names_its_schema() -> None:
    data = bundled_data()
    assert (data / "regio.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/regio.schema.json\n")
    for path in (data / "districten").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../../schemas/district.schema.json\n"), path


def test_every_schema_property_has_a_dutch_title_and_description() -> None:
    from mhcli.location import bundled_schemas

    def walk(node: object, where: str) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if not (sub.get("title") and sub.get("description")):
                    missing.append(f"{where}.{name}")
            if node.get("type") == "object" and node.get("additionalProperties") is not False:
                missing.append(f"{where} (additionalProperties)")
            for key, sub in node.items():
                missing += walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                missing += walk(sub, f"{where}[{i}]")
        return missing

    for name in ("regio.schema.json", "district.schema.json"):
        schema = json.loads((bundled_schemas() / name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert walk(schema, name) == []
