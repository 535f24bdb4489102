"""Reference data (all Dutch gemeenten and woonplaatsen, from CBS) and looking places up in it."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from mhcli import places
from mhcli.findings import Finding, sort_findings
from mhcli.loading import parse_register, parse_yaml
from mhcli.parsed import Document, LoadedRegister
from mhcli.source import read_folder
from mhcli.validation import cbs
from mhcli.validation.context import Context
from tests.conftest import FIXTURE, NEUTRAL, REPO, Result

FIXTURES = REPO / "tests" / "fixtures" / "referentie"
TOOL = REPO / "tools" / "referentie.py"
SHIPPED = REPO / "src" / "mhcli" / "referentie"
SHIPPED_FILES = ("gemeenten.csv", "woonplaatsen.csv", "bron.json")
# The wheel is not in the repository; CI downloads it (README 'Referentiegegevens').
WHEEL_ENV = "MHCLI_WONINGWAARDERING_WHEEL"


def _meta() -> dict[str, object]:
    meta = json.loads((SHIPPED / "bron.json").read_text(encoding="utf-8"))
    assert isinstance(meta, dict)
    return meta


def _tool(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, check=False)


# --- lookup ---------------------------------------------------------------------------------


def test_a_village_is_found_in_its_gemeente() -> None:
    found = places.find("Oudenbosch")
    assert found.gemeenten == ()
    [oudenbosch] = found.woonplaatsen
    assert (oudenbosch.naam, oudenbosch.gemeente_code) == ("Oudenbosch", "GM1655")
    gemeente = places.gemeente_by_code(oudenbosch.gemeente_code)
    assert gemeente is not None and gemeente.naam == "Halderberge"


def test_a_village_name_in_two_gemeenten_gives_both() -> None:
    found = places.find("biervliet")
    gemeenten = [places.gemeente_by_code(w.gemeente_code) for w in found.woonplaatsen]
    assert [(g.code, g.naam) for g in gemeenten if g] == [("GM0715", "Terneuzen"),
                                                          ("GM1714", "Sluis")]


@pytest.mark.parametrize("query", ["'s-Hertogenbosch", "'s Hertogenbosch", "s-Hertogenbosch",
                                   "’s-hertogenbosch", "  'S-HERTOGENBOSCH "])
def test_den_bosch_as_people_write_it(query: str) -> None:
    assert [(g.code, g.naam) for g in places.find(query).gemeenten] == [
        ("GM0796", "'s-Hertogenbosch")]


@pytest.mark.parametrize("query", ["Súdwest-Fryslân", "sudwest fryslan", "Sudwest-Fryslan"])
def test_accents_and_hyphens_do_not_matter(query: str) -> None:
    assert [g.naam for g in places.find(query).gemeenten] == ["Súdwest-Fryslân"]


@pytest.mark.parametrize("query", ["Middelburg", "Middelburg (Z.)", "GM0687"])
def test_middelburg_is_plain_middelburg(query: str) -> None:
    middelburg = places.gemeente_by_code("GM0687")
    assert middelburg == places.RefGemeente("GM0687", "Middelburg", "Middelburg (Z.)", "Zeeland")
    if query.startswith("GM"):
        return
    assert places.find(query).gemeenten == (middelburg,)


def test_no_cbs_suffix_in_a_plain_name() -> None:
    names = [g.naam for g in places.gemeenten()] + [
        w.naam for g in places.gemeenten() for w in places.woonplaatsen_van(g.code)]
    assert [n for n in names if n.endswith(")")] == []
    hengelo = {(w.naam, w.cbs_naam, w.gemeente_code) for w in places.find("Hengelo").woonplaatsen}
    assert ("Hengelo", "Hengelo (Gld)", "GM1876") in hengelo


def test_every_name_finds_its_place_however_it_is_typed() -> None:
    for gemeente in places.gemeenten():
        for typed in (gemeente.naam, gemeente.cbs_naam, gemeente.naam.upper().replace("-", " ")):
            assert gemeente in places.find(typed).gemeenten, typed
        for woonplaats in places.woonplaatsen_van(gemeente.code):
            assert woonplaats in places.find(woonplaats.naam.lower()).woonplaatsen


def test_a_name_that_is_nothing_finds_nothing() -> None:
    assert not places.find("Atlantis")
    assert places.gemeente_by_code("GM9999") is None
    assert places.gemeente_by_code("Tholen") is None


def test_codes_as_people_type_them() -> None:
    assert places.gemeente_by_code("gm 716") == places.gemeente_by_code("0716")
    tholen = places.gemeente_by_code("716")
    assert tholen is not None and tholen.naam == "Tholen"
    assert [w.naam for w in places.woonplaatsen_van("GM0716")][:3] == [
        "Tholen", "Poortvliet", "Scherpenisse"]


def test_suggestions_cover_villages_gemeenten_and_register_names() -> None:
    assert places.suggest("Oudenbosh") == ["Oudenbosch"]
    assert places.suggest("Halderberg")[0] == "Halderberge"
    assert places.suggest("hart van brabnt", ["Hart van Brabant", "Zeeland"]) == [
        "Hart van Brabant"]
    assert places.suggest("Qwxyz") == []


def test_the_reference_is_whole_and_consistent() -> None:
    meta = _meta()
    gemeenten = places.gemeenten()
    codes = {g.code for g in gemeenten}
    with (SHIPPED / "woonplaatsen.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert meta["aantallen"] == {"gemeenten": len(gemeenten), "woonplaatsen": len(rows)}
    assert len(gemeenten) == 342
    assert {row["gemeente_code"] for row in rows} == codes  # joined on code, none left over
    assert len({row["code"] for row in rows}) == len(rows)
    assert all(places.woonplaatsen_van(code) for code in codes)


def test_the_source_is_recorded() -> None:
    bron = places.bron()
    assert (bron.id, bron.licentie, bron.naamsvermelding, bron.peiljaar) == (
        "cbs-woonplaatsen", "CC BY 4.0", "Centraal Bureau voor de Statistiek", 2024)
    assert "Woonplaatsen in Nederland 2024" in bron.titel and "85877NED" in bron.titel
    meta = _meta()
    route = meta["route"]
    assert isinstance(route, dict)
    assert (route["pakket"], route["licentie"]) == ("woningwaardering", "MIT")


# --- the register against the reference ----------------------------------------------------


def _cbs_findings(districten: list[tuple[str, Document]]) -> list[Finding]:
    ctx = Context(LoadedRegister(None, districten, [], [stem for stem, _ in districten]),
                  date(2026, 11, 28), 12)
    cbs.check(ctx)
    return sort_findings(ctx.findings)


def test_every_register_gemeente_agrees_with_cbs() -> None:
    loaded = parse_register(read_folder(FIXTURE))
    gemeenten = [g for _, doc in loaded.districten for g in doc.data["gemeenten"]]
    assert len(gemeenten) == 35
    assert _cbs_findings(loaded.districten) == []
    for gemeente in gemeenten:
        ref = places.gemeente_by_code(gemeente["cbs_code"])
        assert ref is not None and ref.naam == gemeente["naam"], gemeente


def test_register_findings_name_file_line_and_fix() -> None:
    path = FIXTURES / "register" / "cbs-fouten.yaml"
    doc, problems = parse_yaml(path.read_bytes(), "districten/cbs-fouten.yaml")
    assert doc is not None and problems == []
    findings = _cbs_findings([("cbs-fouten", doc)])
    shown = [f"{f.location()}: {f.niveau} [{f.code}]: {f.melding}" for f in findings]
    expected = (FIXTURES / "register" / "cbs-fouten.verwacht").read_text(encoding="utf-8")
    assert shown == expected.splitlines()


# --- speed: a route the register answers never reads the reference -------------------------


def test_warm_route_does_not_read_the_reference(tmp_path: Path) -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from mhcli.runner import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = run(['route', 'Tholen', '--data', {str(FIXTURE)!r}])\n"
        "module = sys.modules.get('mhcli.places')\n"
        "print(code, 'gelezen' if module and module.is_loaded() else 'niet gelezen')\n"
    )
    env = {**os.environ, "MHCLI_CACHE": str(tmp_path / "cache")}
    env.pop("MHCLI_DATA", None)
    # Cold, the route validates, and validation checks every gemeente against the CBS list;
    # warm, the cache answers and the reference is never read.
    for expected in ("0 gelezen", "0 niet gelezen"):
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              cwd=NEUTRAL, env=env, check=True)
        assert done.stdout.strip() == expected


def test_a_lookup_reads_the_reference_once() -> None:
    places._bundled.cache_clear()
    assert not places.is_loaded()
    places.find("Tholen")
    first = places._index()
    places.find("Goes")
    assert places.is_loaded() and places._index() is first


def test_a_chosen_index_answers_inside_its_block_only() -> None:
    files = places.read_files(places.DATA)
    files["woonplaatsen.csv"] = files["woonplaatsen.csv"].replace(
        b"Zevenbergen,GM1709", b"Zevenbergen,GM0758")
    moved = places.load(files)
    with places.using(moved):
        [zevenbergen] = places.find("Zevenbergen").woonplaatsen
        assert zevenbergen.gemeente_code == "GM0758"
    [zevenbergen] = places.find("Zevenbergen").woonplaatsen
    assert zevenbergen.gemeente_code == "GM1709"


@pytest.mark.parametrize("name, content, reden", [
    ("woonplaatsen.csv", b"code,naam\n", "onverwachte kolommen"),
    ("woonplaatsen.csv", b"code,naam,gemeente_code,cbs_naam\nWP1,A,GM1\n", "regel 2 heeft 3"),
    ("gemeenten.csv", b"\xff", "can't decode"),
    ("bron.json", b"{", "JSONDecodeError"),
])
def test_unreadable_reference_files_are_named(name: str, content: bytes, reden: str) -> None:
    files = {**places.read_files(places.DATA), name: content}
    with pytest.raises(places.ReferentieOnleesbaar) as caught:
        places.load(files)
    assert caught.value.bestand == name and reden in caught.value.reden


# --- reorganisations newer than the list (cbs_wijzigingen.json) --------------------------------


BRON = {"titel": "Gemeente X, herindeling", "url": "https://example.org/herindeling"}


@pytest.fixture
def wijzigingen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Reference data with these reorganisations recorded, in place of the shipped ones."""
    folder = tmp_path / "referentie"
    folder.mkdir()
    for name in SHIPPED_FILES:
        (folder / name).write_bytes((SHIPPED / name).read_bytes())

    def record(*entries: dict[str, object]) -> None:
        (folder / places.WIJZIGINGEN).write_text(json.dumps({"wijzigingen": list(entries)}),
                                                 encoding="utf-8")
        places._bundled.cache_clear()

    record()
    monkeypatch.setattr(places, "DATA", folder)
    yield record
    places._bundled.cache_clear()


def test_the_shipped_reorganisations_are_valid() -> None:
    places._bundled.cache_clear()
    assert places.wijzigingen() == ()  # none known that is newer than the 2024 list


def test_a_rename_keeps_the_code_and_the_old_name_finds_it(
        wijzigingen: Callable[..., None]) -> None:
    wijzigingen({"omschrijving": "Altena heet voortaan Land van Altena", "ingang": "2026-01-01",
                 "bron": BRON, "gemeenten": [{"code": "GM1959", "naam": "Land van Altena"}]})
    altena = places.gemeente_by_code("GM1959")
    assert altena is not None and altena.naam == "Land van Altena"
    assert altena.vroegere_namen == ("Altena",)
    assert places.find("Altena").gemeenten == (altena,)
    assert {w.gemeente_code for w in places.woonplaatsen_van("GM1959")} == {"GM1959"}


def test_a_merger_moves_the_woonplaatsen(wijzigingen: Callable[..., None]) -> None:
    zundert = places.woonplaatsen_van("GM0879")
    wijzigingen({"omschrijving": "Breda en Zundert worden Groot-Breda", "ingang": "2027-01-01",
                 "bron": BRON, "gemeenten": [{"code": "GM2001", "naam": "Groot-Breda"}],
                 "opgeheven": ["GM0758", "GM0879"],
                 "woonplaatsen": {"GM0758": "GM2001", "GM0879": "GM2001"}})
    assert places.gemeente_by_code("GM0879") is None
    assert {w.code for w in zundert} < {w.code for w in places.woonplaatsen_van("GM2001")}
    [wernhout] = places.find("Wernhout").woonplaatsen
    assert wernhout.gemeente_code == "GM2001"


def test_a_register_follows_a_recorded_rename(wijzigingen: Callable[..., None],
                                              mhcli: Callable[..., Result],
                                              register_copy: Path) -> None:
    wijzigingen({"omschrijving": "Altena heet voortaan Land van Altena", "ingang": "2026-01-01",
                 "bron": BRON, "gemeenten": [{"code": "GM1959", "naam": "Land van Altena"}]})
    result = mhcli("valideer", "--data", str(register_copy))
    assert result.code == 1
    assert "fout [cbs-naam]: gemeente 'Altena' heeft CBS-code GM1959, maar die code hoort bij " \
        "'Land van Altena' (CBS-lijst 2024); de gemeente heet sinds een herindeling 'Land van " \
        "Altena'." in result.out
    baronie = register_copy / "districten" / "de-baronie.yaml"
    baronie.write_text(baronie.read_text(encoding="utf-8").replace(
        "naam: Altena\n", "naam: Land van Altena\n"), encoding="utf-8")
    assert mhcli("valideer", "--data", str(register_copy)).code == 0
    # The old name still finds the gemeente, as the CBS list's name before the rename.
    found = json.loads(mhcli("route", "Altena", "--data", str(register_copy), "-f", "json").out)
    assert found["gemeente"]["naam"] == "Land van Altena"
    assert found["gevonden_als"]["soort"] == "cbs-naam"


@pytest.mark.parametrize(("entry", "why"), [
    ({"omschrijving": "x", "ingang": "2027-01-01", "gemeenten": [{"code": "GM2001",
                                                                  "naam": "X"}]},
     "noemt geen bron"),
    ({"omschrijving": "x", "ingang": "1 januari", "bron": BRON,
      "gemeenten": [{"code": "GM2001", "naam": "X"}]}, "ingang is geen datum"),
    ({"omschrijving": "x", "ingang": "2027-01-01", "bron": BRON, "opgeheven": ["GM0879"]},
     "woonplaatsen van GM0879 hebben geen nieuwe gemeente"),
    ({"omschrijving": "x", "ingang": "2027-01-01", "bron": BRON, "opgeheven": ["GM9999"]},
     "opgeheven gemeente GM9999 staat niet in de lijst"),
    ({"omschrijving": "x", "ingang": "2027-01-01", "bron": BRON,
      "gemeenten": [{"code": "GM2001\n", "naam": "X"}]}, "gemeenten zijn geen"),
    ({"omschrijving": "x", "ingang": "2027-01-01", "bron": BRON}, "verandert niets"),
])
def test_a_malformed_reorganisation_is_a_bug_report(wijzigingen: Callable[..., None],
                                                    entry: dict[str, object], why: str) -> None:
    from mhcli.errors import EXIT_BUG, MhcliError

    wijzigingen(entry)
    with pytest.raises(MhcliError) as raised:
        places.find("Tholen")
    assert raised.value.exit_code == EXIT_BUG and why in str(raised.value)


# --- the national numbers mhcli vouches for -------------------------------------------------


def test_the_national_numbers_table() -> None:
    from mhcli.nummers import landelijke_nummers

    table = {n.id: n.telefoon for n in landelijke_nummers().values()}
    assert table == {"alarmnummer": "112", "politie": "0900-8844",
                     "arbeidsinspectie": "0800-5151", "meld-misdaad-anoniem": "0800-7000",
                     "comensha": "033-448 11 86", "veilig-thuis": "0800-2000"}
    abroad = {n.id: n.telefoon_buitenland for n in landelijke_nummers().values()
              if n.telefoon_buitenland}
    assert abroad == {"arbeidsinspectie": "+31 70 333 44 44"}
    assert all(n.bron_url.startswith("https://") and n.geraadpleegd.startswith("2026-")
               for n in landelijke_nummers().values())


def test_a_broken_numbers_table_is_a_bug_report(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from mhcli import nummers
    from mhcli.errors import EXIT_BUG, MhcliError

    table = tmp_path / "landelijke_nummers.csv"
    table.write_text(nummers.TABLE.read_text(encoding="utf-8").replace("0800-7000", "0800-5151"),
                     encoding="utf-8")
    monkeypatch.setattr(nummers, "TABLE", table)
    nummers.landelijke_nummers.cache_clear()
    try:
        with pytest.raises(MhcliError) as raised:
            nummers.landelijke_nummers()
        assert raised.value.exit_code == EXIT_BUG
        assert "een nummer staat er twee keer in" in str(raised.value)
    finally:
        nummers.landelijke_nummers.cache_clear()


# --- the generator ---------------------------------------------------------------------------


def test_generator_on_the_fixture(tmp_path: Path) -> None:
    done = _tool(FIXTURES / "cbs-klein.csv", "--uit", tmp_path, "--geraadpleegd", "2026-11-29",
                 "--pakketversie", "6.202607.3", "--pakketlicentie", "MIT",
                 "--woonplaatsentabel", "85877NED", "--gebiedentabel", "85755NED",
                 "--peiljaar", "2024")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"7 gemeenten en 8 woonplaatsen geschreven naar {tmp_path}\n"
    for name in SHIPPED_FILES:
        assert (tmp_path / name).read_bytes() == (FIXTURES / "verwacht" / name).read_bytes(), name


@pytest.mark.parametrize("case", sorted(p.stem for p in (FIXTURES / "fout").glob("*.csv")))
def test_generator_refuses_bad_input(case: str, tmp_path: Path) -> None:
    done = _tool(f"{case}.csv", "--uit", tmp_path / "uit", "--pakketversie", "1",
                 "--pakketlicentie", "MIT", "--woonplaatsentabel", "X", "--gebiedentabel", "Y",
                 "--peiljaar", "2024", cwd=FIXTURES / "fout")
    assert done.returncode == 1
    assert done.stderr == (FIXTURES / "fout" / f"{case}.verwacht").read_text(encoding="utf-8")
    assert not (tmp_path / "uit").exists()


def test_generator_wants_to_know_the_tables_of_an_unknown_input(tmp_path: Path) -> None:
    done = _tool("cbs-klein.csv", "--uit", tmp_path, "--pakketversie", "1", "--pakketlicentie",
                 "MIT", cwd=FIXTURES)
    digest = hashlib.sha256((FIXTURES / "cbs-klein.csv").read_bytes()).hexdigest()
    assert (done.returncode, done.stderr) == (1, (
        f"fout: cbs-klein.csv: onbekende invoer (sha256 {digest}); uit welke CBS-tabellen komt "
        "hij? Geef --woonplaatsentabel, --gebiedentabel en --peiljaar op (zie de broncode van "
        "woningwaardering).\n"))


def test_generator_usage_errors_are_dutch(tmp_path: Path) -> None:
    done = _tool(tmp_path / "geen.whl")
    assert (done.returncode, done.stderr) == (1, f"fout: {tmp_path}/geen.whl: het bestand "
                                                 "bestaat niet.\n")
    done = _tool("x.csv", "--geraadpleegd", "gisteren")
    assert done.returncode == 2
    assert done.stderr.startswith("gebruik: tools/referentie.py")
    assert done.stderr.endswith("fout: argument --geraadpleegd: 'gisteren' is geen datum "
                                "JJJJ-MM-DD (zie --help)\n")


def test_generator_reproduces_the_shipped_files_from_the_wheel(tmp_path: Path) -> None:
    wheel = os.environ.get(WHEEL_ENV)
    if not wheel:
        pytest.skip(f"{WHEEL_ENV} is niet gezet: pip download --no-deps -d /tmp/ww "
                    "woningwaardering==6.202607.3 en zet het pad van het wiel")
    meta = _meta()
    done = _tool(wheel, "--uit", tmp_path, "--geraadpleegd", str(meta["geraadpleegd"]))
    assert done.returncode == 0, done.stderr
    for name in SHIPPED_FILES:
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), name


def test_generator_names_the_reorganisations_the_new_list_contains(tmp_path: Path) -> None:
    (tmp_path / places.WIJZIGINGEN).write_text(json.dumps({"wijzigingen": [
        {"omschrijving": "al in de lijst", "gemeenten": [{"code": "GM0716", "naam": "Tholen"}]},
        {"omschrijving": "nog niet", "gemeenten": [{"code": "GM2001", "naam": "Nieuw"}]},
    ]}), encoding="utf-8")
    done = _tool(FIXTURES / "cbs-klein.csv", "--uit", tmp_path, "--geraadpleegd", "2026-11-29",
                 "--pakketversie", "6.202607.3", "--pakketlicentie", "MIT",
                 "--woonplaatsentabel", "85877NED", "--gebiedentabel", "85755NED",
                 "--peiljaar", "2024")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [
        "let op: de nieuwe lijst bevat al wijziging 1 (al in de lijst); haal die weg uit "
        "cbs_wijzigingen.json."]
