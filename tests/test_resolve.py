"""The one resolver: every kind of input a person types, by the shared table of inputs.

tests/fixtures/namen.tsv is read here (against `mhcli route -f json`) and by the site's browser
test (against the search in Chromium): both must give its class and gemeente(n), and its key
(mhcli.names.sleutel, zoek.js `sleutel`) is the one both normalise the input to.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from mhcli import places
from mhcli.api import open_register
from mhcli.names import edit_distance, near, normalize, postcode, sleutel
from mhcli.resolve import UITKOMSTEN
from tests.conftest import FIXTURE, REPO, Result

TABLE = REPO / "tests" / "fixtures" / "namen.tsv"


def table() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def route_answer(result: Result) -> tuple[str, list[str]]:
    """(uitkomst, gemeente(n)) from `route -f json`, as the table states them."""
    data = json.loads(result.out)
    if data["uitkomst"] == "gemeente":
        return "gemeente", [data["gemeente"]["naam"]]
    return data["uitkomst"], sorted({k["gemeente"]["naam"] for k in data["kandidaten"]
                                     if k["gemeente"]})


ROWS = table()


@pytest.mark.parametrize("row", ROWS, ids=[r["invoer"] for r in ROWS])
def test_route_json_gives_the_class_and_gemeenten_of_the_table(
        row: dict[str, str], mhcli: Callable[..., Result]) -> None:
    assert sleutel(row["invoer"]) == row["sleutel"]
    result = mhcli("route", "-f", "json", "--", row["invoer"])
    assert result.code == (0 if row["uitkomst"] == "gemeente" else 3)
    expected = row["gemeenten"].split("|") if row["gemeenten"] else []
    assert route_answer(result) == (row["uitkomst"], expected)


def test_the_table_covers_what_the_issue_asks() -> None:
    """At least 80 inputs: every class, every CBS-spelled gemeente and woonplaats in the
    country, every woonplaats of the region whose name is also elsewhere, gemeenten outside the
    region from every province that has any, postcodes and typos."""
    assert len(ROWS) >= 80
    typed = {r["invoer"] for r in ROWS}
    assert {r["uitkomst"] for r in ROWS} == set(UITKOMSTEN)
    spelled = {g.cbs_naam for g in places.gemeenten() if g.cbs_naam != g.naam}
    spelled |= {w.cbs_naam for w in places.woonplaatsen() if w.cbs_naam != w.naam}
    assert len(spelled) == 12 and spelled <= typed
    register = open_register(FIXTURE).model
    here = {g.cbs_code for g in register.alle_gemeenten()} | \
        {g.cbs_code for g in register.niet_genoemd}
    counts: dict[str, set[str]] = {}
    for w in places.woonplaatsen():
        counts.setdefault(sleutel(w.naam), set()).add(w.gemeente_code)
    for g in places.gemeenten():
        counts.setdefault(sleutel(g.naam), set()).add(g.code)
    shared = {w.naam for w in places.woonplaatsen()
              if w.gemeente_code in here and len(counts[sleutel(w.naam)]) > 1}
    assert shared <= typed, shared - typed
    outside = {r["gemeenten"] for r in ROWS if r["uitkomst"] == "buiten-de-regio"}
    provinces = {g.provincie for g in places.gemeenten() if g.naam in outside}
    # Zeeland has no gemeente outside the region: all twelve are in it, and Tholen.
    assert provinces == {g.provincie for g in places.gemeenten() if g.code not in here}
    assert len(provinces) == 11 and "Zeeland" not in provinces
    assert sum(1 for r in ROWS if r["uitkomst"] == "postcode") >= 4
    assert sum(1 for r in ROWS if r["uitkomst"] == "onbekend" and r["gemeenten"]) >= 5


def test_every_province_is_derived_and_agrees_with_the_register() -> None:
    register = open_register(FIXTURE).model
    assert {g.provincie for g in places.gemeenten()} == {
        "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
        "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"}
    for g in [*register.alle_gemeenten(), *register.niet_genoemd]:
        ref = places.gemeente_by_code(g.cbs_code or "")
        assert ref is not None and ref.provincie == g.provincie, g.naam


@pytest.mark.parametrize("text, words", [
    ("  Bergen-op-Zoom ", "bergen op zoom"), ("'s-Hertogenbosch", "s hertogenbosch"),
    ("’S HERTOGENBOSCH", "s hertogenbosch"), ("Súdwest-Fryslân", "sudwest fryslan"),
    ("Straße", "strasse"), ("St. Willebrord", "sint willebrord"), ("Bast", "bast"),
    ("Тholen", "holen"), ("Middelburg (Z.)", "middelburg z"), ("", ""),
])
def test_normalize(text: str, words: str) -> None:
    assert normalize(text) == words


@pytest.mark.parametrize("text, code", [("4691", "4691"), ("4691 ab", "4691 AB"),
                                        ("4691AB", "4691 AB"), ("0716", None),
                                        ("GM1655", None), ("46911", None)])
def test_postcode(text: str, code: str | None) -> None:
    assert postcode(text) == code


def test_typos_are_counted_as_people_make_them() -> None:
    assert edit_distance("thoeln", "tholen", 2) == 1  # two letters swapped
    assert edit_distance("vlisingen", "vlissingen", 2) == 1
    assert edit_distance("abcdef", "uvwxyz", 2) == 3  # beyond the limit: limit + 1
    keys = ["tholen", "thorn", "goes", "goes2"]
    assert near("thoeln", keys) == ["tholen"]
    assert near("goe", keys) == ["goes", "goes2"]  # starts with it, in the given order
    assert near("gos", keys) == []  # no typos below four letters
    assert near("x" * 81, ["x" * 81 + "y"]) == []


def test_a_warm_register_name_needs_no_reference_data(tmp_path: Path) -> None:
    """Typed by its own name or code, a register gemeente is answered from the register."""
    register = open_register(FIXTURE)  # validating reads the reference; answering need not
    places._bundled.cache_clear()
    for typed in ("Tholen", "GM0716", "0716", "bergen op zoom"):
        assert register.plaats(typed).gemeente is not None
    assert not places.is_loaded()
    assert register.plaats("Oudenbosch").hoe == "woonplaats" and places.is_loaded()


def test_a_suggestion_names_the_place_it_is_not_only_its_gemeente() -> None:
    # 'Den Bosch' is near the woonplaats Oudenbosch: suggesting 'Halderberge' alone would read
    # as if Den Bosch were Halderberge, a gemeente with a route of its own.
    antwoord = open_register(FIXTURE).plaats("Den Bosch")
    assert antwoord.uitkomst == "onbekend"
    assert [p.label() for p in antwoord.kandidaten] == [
        "Oudenbosch (woonplaats in gemeente Halderberge, district De Markiezaten)"]
