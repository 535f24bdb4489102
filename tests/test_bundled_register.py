"""The bundled register: valid, true to its source, with the warnings it must give."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mhcli.loading import parse_register
from mhcli.location import bundled_data
from mhcli.register import build
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
        ("trekker-uit-functie", "hart-van-brabant.yaml"),
    }
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
    assert tholen.toelichting and "Zorg- en Veiligheidshuis De Markiezaten" in tholen.toelichting


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
