"""`mhcli diff`: exact output for realistic pull requests (tests/diffs/<case>/), every leaf of
both schemas, honest route impact, safe markdown and byte-identical output across hash seeds."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mhcli.changes import Verschil, compare, iter_leaves, show
from mhcli.loading import parse_register
from mhcli.parsed import LoadedRegister, dotted
from mhcli.source import read_folder
from tests.conftest import FIXTURE, REPO, Result, copy_register

CASES = REPO / "tests" / "diffs"
SCHEMAS = {doc: json.loads((REPO / "schemas" / f"{doc}.schema.json").read_text("utf-8"))
           for doc in ("regio", "district")}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout as mhcli's own repository has it: the register, the schemas, and the
    reference data in src/mhcli/referentie (the cases change all three)."""
    root = tmp_path / "register"
    root.mkdir()
    copy_register(root)
    shutil.copytree(REPO / "src" / "mhcli" / "referentie", root / "src" / "mhcli" / "referentie")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "register")
    return root


def apply_case(repo: Path, case: Path) -> None:
    """The pull request of a case: its change.patch (a git diff of data/), committed.

    A patch rather than whole files, so a case keeps applying when unrelated parts of the
    bundled register change."""
    git(repo, "apply", "-C1", str(case / "change.patch"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", case.name)


def _flat(text: str) -> str:
    """Text as one line: what it says, whatever the width it was wrapped at."""
    return " ".join(text.split())


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / "data" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- pull requests, exact output ----------------------------------------------------------------

def _rendered(verschil: Verschil) -> dict[str, str]:
    from mhcli.render import diff as render

    return {"expected.txt": render.text(verschil, width=100),
            "expected.md": render.markdown(verschil)}


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_pull_request(case: str, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each case once through the library, shown in both formats (the CLI shows the same:
    test_the_command_line_shows_what_the_library_says)."""
    import mhcli

    apply_case(repo, CASES / case)
    monkeypatch.chdir(repo)
    verschil = mhcli.diff(None, "HEAD~1", "HEAD")
    for name, out in _rendered(verschil).items():
        if os.environ.get("MHCLI_UPDATE_EXPECTED"):  # as in test_registers: read the diff
            (CASES / case / name).write_text(out, encoding="utf-8")
        assert out == (CASES / case / name).read_text(encoding="utf-8"), name
        body = re.sub(r"https?://\S+", "", out)
        for doubled in ("..", ".;", ";;", ",,", ";.", ",.", "->"):
            assert doubled not in body, (name, doubled)
    data = verschil.as_json()
    assert data["gewijzigd"] is True
    text = " ".join((CASES / case / "expected.txt").read_text("utf-8").split())
    said = [w["melding"] for w in data["wijzigingen"]]
    said += [a.phrase() for r in verschil.route for a in r.aspecten]
    for melding in said:  # the text says all the JSON says
        assert " ".join(melding.split()) in text, melding
    for line in (CASES / case / "expected.txt").read_text("utf-8").splitlines():
        assert len(line) <= 100, line  # no line wider than the terminal (COLUMNS=100)
    folded = 0  # the comment at a glance: what is not folded away reads in a line or three
    for line in (CASES / case / "expected.md").read_text("utf-8").splitlines():
        folded += line.strip().startswith("<details>") - line.strip().startswith("</details>")
        assert folded or len(line) <= 300, line


def test_the_command_line_shows_what_the_library_says(repo: Path,
                                                      mhcli: Callable[..., Result]) -> None:
    apply_case(repo, CASES / "tholen-naar-zeeland")
    for fmt, name in (("tekst", "expected.txt"), ("markdown", "expected.md")):
        result = mhcli("diff", "HEAD~1", "HEAD", "--format", fmt, cwd=repo)
        assert result.code == 0, result.err
        assert result.out == (CASES / "tholen-naar-zeeland" / name).read_text("utf-8")
    data = json.loads(mhcli("diff", "HEAD~1", "HEAD", "-f", "json", cwd=repo).out)
    assert data["samenvatting"] == {"wijzigingen": 3, "gevoelig": 2, "gemeenten": 1,
                                    "woonplaatsen": 0}


def test_the_pull_requests_of_the_review_issue_are_cases() -> None:
    assert sorted(p.name for p in CASES.iterdir()) == [
        "altena-herindeling", "altena-hernoemd", "baarle-nassau-bij-de-baronie",
        "district-hernoemd", "drie-stappen-weg", "fusie", "fusie-zonder-referentie",
        "geen-112-meer", "nieuw-plan",
        "nieuwe-trekker", "ongeldige-wijziging", "schema-ruimer", "stappen-omgedraaid",
        "tholen-naar-zeeland", "tholen-notitie-06", "voorloopnul-verbergt-niets",
        "wanneer-landelijk", "zevenbergen-naar-breda"]


# --- every leaf of both schemas ------------------------------------------------------------------

def _original() -> LoadedRegister:
    return parse_register(read_folder(FIXTURE))


_CANDIDATES = ("nieuw-id", "GM9999", "0800-1234", "2030-01-01", "https://example.invalid/nieuw",
               "2019-05", "+31 70 000 00 00")


def _new_value(schema: dict[str, Any], current: Any) -> Any:
    """A value of the leaf's type (enum, pattern, bounds) that differs from ``current``."""
    if "enum" in schema:
        return next(v for v in schema["enum"] if v != current)
    kind = schema.get("type")
    if kind == "boolean":
        return not current if isinstance(current, bool) else False
    if kind == "integer":
        low, high = schema.get("minimum", 0), schema.get("maximum", 10**6)
        if isinstance(current, int):
            return current + 1 if current + 1 <= high else current - 1
        return max(low, 2000)
    if kind == "array":
        item = _new_value(schema.get("items", {}), None)
        return [*(current or []), item]
    pattern = schema.get("pattern")
    if pattern:
        return next(c for c in _CANDIDATES if re.search(pattern, c) and c != current)
    return f"{current} (gewijzigd)" if isinstance(current, str) else "nieuwe tekst"


def mutate(data: Any, schema: dict[str, Any], leaf: tuple[str, ...]) -> tuple[tuple[Any, ...],
                                                                              Any]:
    """Change the value at ``leaf`` (creating what is missing); its concrete path and value."""
    node, path = data, []
    for part in leaf[:-1]:
        if part == "[]":
            if not node:
                node.append({})
            node, schema, path = node[0], schema["items"], [*path, 0]
        else:
            sub = schema["properties"][part]
            if part not in node:
                node[part] = [] if sub.get("type") == "array" else {}
            node, schema, path = node[part], sub, [*path, part]
    key = leaf[-1]
    value = _new_value(schema["properties"][key], node.get(key))
    node[key] = value
    return (*path, key), value


def _leaves() -> list[Any]:
    return [pytest.param(doc, leaf, id=f"{doc}:{'.'.join(leaf)}")
            for doc in ("regio", "district") for leaf in iter_leaves(SCHEMAS[doc])]


def _mutated(doc: str, leaf: tuple[str, ...]) -> tuple[LoadedRegister, str, tuple[Any, ...],
                                                         Any]:
    original = _original()
    if doc == "regio":
        assert original.regio is not None
        data = copy.deepcopy(original.regio.data)
        path, value = mutate(data, SCHEMAS["regio"], leaf)
        return original._replace(regio=original.regio._replace(data=data)), "regio.yaml", \
            path, value
    districts = []
    for stem, document in original.districten:
        if stem == "zeeland":
            data = copy.deepcopy(document.data)
            path, value = mutate(data, SCHEMAS["district"], leaf)
            document = document._replace(data=data)
        districts.append((stem, document))
    return original._replace(districten=districts), "districten/zeeland.yaml", path, value


def _reported(verschil: Verschil, bestand: str, path: tuple[Any, ...]) -> list[str]:
    prefixes = {dotted(path[:end]) for end in range(1, len(path) + 1)}
    return [w.melding for w in verschil.wijzigingen if w.bestand == bestand
            and w.pad in prefixes]


def test_the_schemas_have_many_leaves() -> None:
    leaves = {doc: list(iter_leaves(SCHEMAS[doc])) for doc in SCHEMAS}
    assert ("trekkers", "[]", "uit_functie", "datum") in leaves["district"]
    assert ("regio", "niet_genoemde_gemeenten", "[]", "toelichting") in leaves["regio"]
    assert len(leaves["regio"]) + len(leaves["district"]) >= 80


@pytest.mark.parametrize("doc, leaf", _leaves())
def test_every_leaf_of_the_schemas_is_compared(doc: str, leaf: tuple[str, ...]) -> None:
    mutated, bestand, path, value = _mutated(doc, leaf)
    original = _original()
    forward = compare(original, mutated, "oud", "nieuw", route=False)
    found = _reported(forward, bestand, path)
    assert found, f"{bestand} {dotted(path)} = {value!r} is not reported"
    expected = show(value[-1] if isinstance(value, list) else value)
    assert any(expected in melding for melding in found), (expected, found)
    assert _reported(compare(mutated, original, "oud", "nieuw", route=False), bestand, path)


@pytest.mark.parametrize("rel, old, new, line", [
    ("districten/de-markiezaten.yaml", "    van: 2023\n",
     "    van: 2023\n    toelichting: Opvolger in voorbereiding.\n",
     "District De Markiezaten, plan Uitvoeringsplan aanpak mensenhandel District de Markiezaten "
     "2023-2024: toelichting toegevoegd: Opvolger in voorbereiding."),
    ("districten/hart-van-brabant.yaml", "gemeenten_bron: cbs-gemeenten-2023",
     "gemeenten_bron: regionale-aanpak",
     "District Hart van Brabant: bron van codes en provincies: cbs-gemeenten-2023 → "
     "regionale-aanpak"),
    ("regio.yaml", "districten: [hart-van-brabant, de-markiezaten, de-baronie, zeeland]",
     "districten: [de-markiezaten, hart-van-brabant, de-baronie, zeeland]",
     "Regio: districten: hart-van-brabant, de-markiezaten, de-baronie, zeeland → de-markiezaten, "
     "hart-van-brabant, de-baronie, zeeland"),
    ("districten/zeeland.yaml", "  - vorm: criminele-uitbuiting\n", "  - vorm: arbeidsuitbuiting\n",
     "District Zeeland, focus Extra aandacht voor de aanpak van criminele uitbuiting in …: "
     "vorm: "
     "criminele-uitbuiting → arbeidsuitbuiting"),
])
def test_fields_the_old_diff_missed(rel: str, old: str, new: str, line: str, repo: Path,
                                    mhcli: Callable[..., Result]) -> None:
    edit(repo, rel, old, new)
    result = mhcli("diff", "-f", "json", cwd=repo)
    assert [w["melding"] for w in json.loads(result.out)["wijzigingen"]] == [line]


# --- route impact -----------------------------------------------------------------------------

def test_losing_the_aandachtsfunctionaris_is_route_impact(repo: Path,
                                                          mhcli: Callable[..., Result]) -> None:
    edit(repo, "districten/zeeland.yaml", "aandachtsfunctionaris_per_gemeente: true\n", "")
    out = mhcli("diff", cwd=repo).out
    assert _flat("- Signalen uit 12 gemeenten van Zeeland (Borsele, Goes, Hulst, Kapelle, "
                 "Middelburg, Noord-Beveland, Reimerswaal, Schouwen-Duiveland, Sluis, Terneuzen, "
                 "Veere, Vlissingen): - stap 1 Interne meldroute van de gemeente, toelichting "
                 "vervalt (was: Elke gemeente in district Zeeland heeft een aandachtsfunctionaris "
                 "en een interne meldroute.) - stap 1 Interne meldroute van de gemeente, "
                 "opmerking: Of deze gemeente een aandachtsfunctionaris en interne meldroute "
                 "heeft: onbekend.") in _flat(out)
    assert "  - stap van de route: District Zeeland: aandachtsfunctionaris per gemeente " \
        "verwijderd (was: ja)\n" in out


def test_dropping_a_district_leaves_its_gemeenten_without_route(
        repo: Path, mhcli: Callable[..., Result]) -> None:
    (repo / "data" / "districten" / "zeeland.yaml").unlink()
    edit(repo, "regio.yaml", ", zeeland]", "]")
    result = mhcli("diff", "-f", "json", cwd=repo)
    assert result.code == 0
    data = json.loads(result.out)
    [lost] = [r for r in data["route"] if r["gemeenten"]]
    assert lost["wie"] == "12 gemeenten van Zeeland" and len(lost["gemeenten"]) == 12
    assert lost["aspecten"][0] == {
        "aspect": "route", "oud": "district Zeeland; zorgcoördinatie: Zorg- en "
        "Veiligheidshuis Zeeland", "nieuw": "geen route meer"}
    assert lost["aspecten"][1]["aspect"] == "mhcli zegt nu"
    assert lost["gevoelig"] == "route"
    assert "District Zeeland verwijderd (bestand districten/zeeland.yaml)" in [
        w["melding"] for w in data["wijzigingen"]]
    # Their woonplaatsen go with them: each is named in the line of its gemeente or its own.
    places = {n for r in data["route"] for n in r["woonplaatsen"]}
    assert {"Vlissingen", "Middelburg"} <= {n for r in data["route"] for n in r["gemeenten"]}
    assert "Zierikzee" in places and "Oost-Souburg" in places


def test_a_new_national_number_reaches_every_gemeente(repo: Path,
                                                      mhcli: Callable[..., Result]) -> None:
    edit(repo, "regio.yaml", 'telefoon: "0900-8844"', 'telefoon: "0900-8845"')
    data = json.loads(mhcli("diff", "-f", "json", cwd=repo).out)
    [route] = data["route"]
    # The two gemeenten without a route get the national lines too.
    assert (len(route["gemeenten"]), route["wie"]) == (37, "alle 37 gemeenten")
    assert route["aspecten"] == [{"aspect": "Politie (geen spoed), telefoon",
                                  "oud": "0900-8844", "nieuw": "0900-8845"}]
    [change] = data["wijzigingen"]
    assert change["gevoelig"] == "landelijk nummer"


# --- text safety and determinism --------------------------------------------------------------

def test_markdown_pings_nobody(repo: Path, mhcli: Callable[..., Result]) -> None:
    edit(repo, "districten/de-baronie.yaml", "    naam: Depla\n",
         "    naam: \"@team ~~weg~~ #123 <b>x</b>\"\n")
    out = mhcli("diff", "-f", "markdown", cwd=repo).out
    # GitHub makes no mention or issue link inside a code span (a backslash does not stop it).
    assert "`@team` \\~\\~weg\\~\\~ `#123` \\<b>x\\</b>" in out
    outside = re.sub(r"`[^`]*`", "", out)
    assert re.search(r"@[A-Za-z0-9]", outside) is None and re.search(r"#[0-9]", outside) is None
    assert "~~" not in out


def test_no_change(repo: Path, mhcli: Callable[..., Result]) -> None:
    result = mhcli("diff", "HEAD", "HEAD", cwd=repo)
    assert (result.code, result.out) == (0, "Register: HEAD → HEAD\nGeen wijzigingen in het "
                                             "register, de schema's of de "
                                             "referentiegegevens.\n")
    assert json.loads(mhcli("diff", "-f", "json", cwd=repo).out) == {
        "oud": "HEAD", "nieuw": "werkmap", "gewijzigd": False, "waarschuwingen": [],
        "samenvatting": {"wijzigingen": 0, "gevoelig": 0, "gemeenten": 0, "woonplaatsen": 0},
        "route": [], "wijzigingen": []}


def test_work_tree_is_the_default_new_side(repo: Path, mhcli: Callable[..., Result]) -> None:
    apply_case(repo, CASES / "nieuwe-trekker")
    git(repo, "reset", "-q", "--soft", "HEAD~1")
    result = mhcli("diff", cwd=repo)
    assert result.out.startswith("Register: HEAD → werkmap\n")
    assert "trekker wethouder Jansen toegevoegd" in result.out


def test_output_is_identical_across_hash_seeds(repo: Path) -> None:
    apply_case(repo, CASES / "baarle-nassau-bij-de-baronie")
    (repo / "data" / "districten" / "zeeland.yaml").unlink()
    script = ("import sys; from mhcli.runner import run\n"
              "for fmt in ('tekst', 'json', 'markdown'):\n"
              "    run(['diff', 'HEAD~1', '-f', fmt]); sys.stdout.flush()\n")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "MHCLI_CACHE": str(repo / ".cache")}
        done = subprocess.run([sys.executable, "-c", script], cwd=repo, env=env,
                              capture_output=True, check=True)
        assert b"Signalen uit 12 gemeenten van Zeeland" in done.stdout
        outputs.add(done.stdout)
    assert len(outputs) == 1


# --- git and failure -------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["diff", "nergens"], "mhcli: onbekende revisie 'nergens': git kent geen commit met die "
     "naam."),
    (["diff", "HEAD", "--", "-x"], "mhcli: onbekende revisie '-x'."),
])
def test_unknown_revision(args: list[str], message: str, repo: Path,
                          mhcli: Callable[..., Result]) -> None:
    result = mhcli(*args, cwd=repo)
    assert result.code == 4 and result.err.startswith(message)


def test_no_register_at_revision(repo: Path, mhcli: Callable[..., Result]) -> None:
    git(repo, "mv", "data", "register")
    git(repo, "commit", "-q", "-m", "verhuisd")
    git(repo, "mv", "register", "data")
    result = mhcli("diff", "HEAD", cwd=repo)
    assert result.code == 4
    assert result.err == ("mhcli: in revisie 'HEAD' staat geen register: data/regio.yaml "
                          "ontbreekt daar.\n")


def test_not_a_git_repository(tmp_path: Path, mhcli: Callable[..., Result]) -> None:
    shutil.copytree(FIXTURE, tmp_path / "data")
    result = mhcli("diff", cwd=tmp_path)
    assert result.code == 4
    assert "ligt niet in een git-repository" in result.err


def test_a_renamed_district_sends_no_signal_elsewhere(repo: Path,
                                                      mhcli: Callable[..., Result]) -> None:
    edit(repo, "districten/de-baronie.yaml", "naam: De Baronie\n", "naam: Baronie\n")
    out = mhcli("diff", cwd=repo).out
    # The route names the district, so its answer reads differently: said, and not sensitive.
    assert "Gevolgen voor de route - Signalen uit 7 gemeenten van Baronie (Altena, Breda, " \
        "Drimmelen, Etten-Leur, Geertruidenberg, Oosterhout, Zundert): district heet nu: De " \
        "Baronie → Baronie Districten" in _flat(out)
    assert "Gevoelig" not in out
    assert "  - District Baronie: naam: De Baronie → Baronie\n" in out


def test_an_unreadable_file_is_not_compared_rather_than_removed(
        repo: Path, mhcli: Callable[..., Result]) -> None:
    (repo / "data" / "districten" / "zeeland.yaml").write_text("naam: [\n", encoding="utf-8")
    edit(repo, "districten/de-baronie.yaml", "naam: Depla", "naam: Jansen")
    result = mhcli("diff", cwd=repo)
    assert result.code == 0
    assert "LET OP: districten/zeeland.yaml in werkmap kon niet gelezen worden (regel 2, kolom " \
        "1: ongeldige YAML (parser: did not find expected node content); controleer deze regel " \
        "en de regel erboven) en is niet vergeleken." in _flat(result.out)
    assert "Zeeland" not in result.out.split("\n\n", 1)[1]
    assert "  - District De Baronie, trekker burgemeester Depla: naam: Depla → Jansen\n" \
        in result.out


def test_a_renamed_source_counts_its_references(repo: Path,
                                                mhcli: Callable[..., Result]) -> None:
    for path in [repo / "data" / "regio.yaml", *(repo / "data" / "districten").glob("*.yaml")]:
        path.write_text(path.read_text("utf-8").replace("regionale-aanpak", "regio-aanpak"),
                        encoding="utf-8")
    references = sum(line.split("#")[0].count("regio-aanpak") for path in
                     [repo / "data" / "regio.yaml", *(repo / "data" / "districten").glob("*.yaml")]
                     for line in path.read_text("utf-8").splitlines()) - 1
    wijzigingen = json.loads(mhcli("diff", "-f", "json", cwd=repo).out)["wijzigingen"]
    assert references > 10
    assert [w["melding"] for w in wijzigingen] == [
        "Bron Regionale aanpak mensenhandel (actieprogramma 'Geen plaats voor mensenhandel'): "
        f"id regionale-aanpak → regio-aanpak ({references} verwijzingen bijgewerkt)"]


def test_dropping_a_gemeente(repo: Path, mhcli: Callable[..., Result]) -> None:
    edit(repo, "districten/de-baronie.yaml",
         '  - naam: Drimmelen\n    cbs_code: "GM1719"\n    provincie: Noord-Brabant\n', "")
    out = mhcli("diff", cwd=repo).out
    assert ("- Signalen uit Drimmelen: - geen route meer (was: district De Baronie; "
            "zorgcoördinatie: Zorg- en Veiligheidshuis Baronie) - mhcli zegt nu: gemeente "
            "Drimmelen (provincie Noord-Brabant) ligt buiten de regio Zeeland-West-Brabant "
            "(afgeleid: de bron noemt 37 "
            "gemeenten maar somt er 34 op; welke de andere 3 zijn, is niet bevestigd); dit "
            "register kent alleen de route binnen de regio.") in _flat(out)
    # Its woonplaatsen now get the answer 'outside the region': said, with the one that now
    # finds Moerdijk (Zevenbergschen Hoek lies in both gemeenten).
    assert "  - Signalen uit 5 woonplaatsen van Drimmelen (Hooge Zwaluwe, Lage Zwaluwe, Made, " \
        "Terheijden,\n    Wagenberg): gemeente: Drimmelen" in out
    assert "  - Signalen uit woonplaats Zevenbergschen Hoek: gemeente: voor het eerst een " \
        "route: Moerdijk\n" in out
    assert "  - gemeente verwijderd: Gemeente Drimmelen (district De Baronie) verwijderd\n" in out


def test_a_loosened_schema_the_register_needs_is_said_first(repo: Path,
                                                            mhcli: Callable[..., Result]) -> None:
    schema = repo / "schemas" / "district.schema.json"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace('            "pattern": "^GM[0-9]{4}$",\n', "", 1),
                      encoding="utf-8")
    edit(repo, "districten/de-markiezaten.yaml", 'cbs_code: "GM0716"', 'cbs_code: "716"')
    data = json.loads(mhcli("diff", "-f", "json", cwd=repo).out)
    gevoelig = [(w["gevoelig"], w["melding"]) for w in data["wijzigingen"] if w["gevoelig"]]
    assert ("schema ruimer", "Schema district, gemeenten[].cbs_code: patroon weg (was: "
            "\"^GM[0-9]{4}$\") (ruimer)") in gevoelig
    [validity] = [m for g, m in gevoelig if m.startswith("Schema's:")]
    assert validity.startswith("Schema's: het register in werkmap is geldig onder de nieuwe "
                               "schema's, maar niet onder die van HEAD (1 fout, de eerste: ")
    assert validity.endswith("): het heeft de ruimere regels nodig.")
