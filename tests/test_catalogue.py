"""The catalogue of finding codes is complete, and docs/regels.md is generated from it.

Completeness is checked on the source itself: every place that makes a finding, found in the
syntax tree, names a code that is in the catalogue, at the level the catalogue gives it. A new
rule that forgets its catalogue entry fails here, not in front of a user.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import runpy
from collections.abc import Iterator

import pytest

import mhcli.validation
from mhcli.findings import FOUT, WAARSCHUWING
from mhcli.validation.catalogue import CATALOGUE, FAMILIES, RULES
from mhcli.validation.context import Regel
from tests.conftest import REPO

SRC = REPO / "src" / "mhcli"
TOOL = runpy.run_path(str(REPO / "tools" / "regels.py"))
LEVELS = {"FOUT": FOUT, "WAARSCHUWING": WAARSCHUWING}
# Where findings are made with a code written out, and which argument holds it: the position
# of the code, or None for "the first text argument" (after a *position).
MAKERS: dict[str, int | None] = {"Finding": 4, "_Stop": None, "NameProblem": 2}
LOCAL_MAKERS = {("loading.py", "problem"), ("source.py", "finding")}
# Findings that are not valideer's: mhcli controleer's annotations (README, 'mhcli controleer').
NOT_VALIDEER = {"render/controle.py"}

Emitted = tuple[str, int, str, str | None]  # file, line, code, level (None: not written there)


def _constant_tuples(tree: ast.Module) -> dict[str, tuple[object, ...]]:
    """Module-level NAME = ("code", "message") constants, for calls like finding(*NAME)."""
    found: dict[str, tuple[object, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
            values = tuple(e.value if isinstance(e, ast.Constant) else None
                           for e in node.value.elts)
            found.update((t.id, values) for t in node.targets if isinstance(t, ast.Name))
    return found


def _emitted() -> Iterator[Emitted]:
    """(file, line, code, level or None) for each finding the source makes with a literal code."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constant_tuples(tree)
        rel = str(path.relative_to(SRC))
        if rel in NOT_VALIDEER:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else (
                    func.attr if isinstance(func, ast.Attribute) else "")
                if name in MAKERS or (path.name, name) in LOCAL_MAKERS:
                    yield from _code_of(rel, node, MAKERS.get(name), constants)
            elif isinstance(node, (ast.Yield, ast.Return)) and path.name == "namecheck.py" \
                    and isinstance(node.value, ast.Tuple) and node.value.elts \
                    and isinstance(node.value.elts[0], ast.Constant):
                yield rel, node.lineno, str(node.value.elts[0].value), None


def _code_of(rel: str, call: ast.Call, position: int | None,
             constants: dict[str, tuple[object, ...]]) -> Iterator[Emitted]:
    args = call.args
    level = None
    if position is not None:
        if len(args) <= position:
            return  # keywords or fewer arguments: not a finding with a written code
        code_arg: ast.expr = args[position]
        if position == 4 and isinstance(args[3], ast.Name):
            level = LEVELS.get(args[3].id)
    else:
        texts = [a for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        starred = [a for a in args if isinstance(a, ast.Starred) and isinstance(a.value, ast.Name)
                   and a.value.id in constants]
        if texts:
            code_arg = texts[0]
        elif starred:
            value = constants[starred[0].value.id][0]  # type: ignore[attr-defined]
            yield rel, call.lineno, str(value), None
            return
        else:
            return
    if isinstance(code_arg, ast.Constant) and isinstance(code_arg.value, str):
        yield rel, call.lineno, code_arg.value, level


EMITTED = list(_emitted())


def test_the_scan_sees_the_places_that_make_findings() -> None:
    files = {rel for rel, *_ in EMITTED}
    assert {"loading.py", "source.py", "gitsource.py", "namecheck.py"} <= files
    assert {"voorloopnul", "geen-gewoon-bestand", "extensie", "onzichtbaar-teken",
            "verwisselbare-naam"} <= {code for _, _, code, _ in EMITTED}


@pytest.mark.parametrize("rel, line, code, level", EMITTED,
                         ids=[f"{rel}:{line}" for rel, line, *_ in EMITTED])
def test_every_written_code_is_catalogued(rel: str, line: int, code: str,
                                          level: str | None) -> None:
    assert code in CATALOGUE, (f"src/mhcli/{rel}:{line}: code '{code}' staat niet in de "
                               "catalogus; voeg een Regel toe aan REGELS van de familie (zie "
                               "CONTRIBUTING, 'Een regel toevoegen')")
    if level is not None:
        assert CATALOGUE[code].niveau == level, f"src/mhcli/{rel}:{line}: niveau van {code}"


def test_every_rule_object_is_catalogued() -> None:
    """A rule passes its Regel to ctx.add; each Regel in the package is in a family's REGELS."""
    catalogued = {id(regel) for regel in CATALOGUE.values()}
    for info in pkgutil.iter_modules(mhcli.validation.__path__):
        module = importlib.import_module(f"mhcli.validation.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Regel):
                assert id(value) in catalogued, f"mhcli.validation.{info.name}.{name}"


def test_rules_never_write_a_code_as_text() -> None:
    for path in sorted((SRC / "validation").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "add" and len(node.args) >= 3:
                assert not isinstance(node.args[2], ast.Constant), \
                    f"{path.name}:{node.lineno}: geef de Regel, niet de code als tekst"


def test_every_code_in_the_expected_outputs_is_catalogued_at_its_level() -> None:
    seen = 0
    for expected in sorted((REPO / "tests" / "registers").glob("*/expected")):
        for line in expected.read_text(encoding="utf-8").splitlines():
            for level in (FOUT, WAARSCHUWING):
                marker = f": {level} ["
                if marker in line:
                    code = line.split(marker, 1)[1].split("]", 1)[0]
                    assert CATALOGUE[code].niveau == level, (expected, code)
                    seen += 1
    assert seen > 100


def test_catalogue_entries_are_complete() -> None:
    assert len(CATALOGUE) == sum(len(f.REGELS) for f in FAMILIES)
    for code, regel in CATALOGUE.items():
        assert code == regel.code and code.replace("-", "").isalnum() and code.islower()
        assert regel.niveau in (FOUT, WAARSCHUWING)
        assert 0 < len(regel.titel) <= 60 and not regel.titel.endswith(".")
        assert regel.hulp.endswith((".", ")")) and len(regel.hulp) > 40, code
    for family in RULES:
        assert callable(family.check) and family.TITEL


def test_the_rule_documentation_is_current() -> None:
    assert TOOL["main"](["--check"]) == 0, \
        "docs/regels.md is verouderd; schrijf hem opnieuw met: python tools/regels.py"
    text = (REPO / "docs" / "regels.md").read_text(encoding="utf-8")
    assert all(f"### {code}\n" in text for code in CATALOGUE)


def test_readme_and_contributing_point_at_the_rules() -> None:
    for name in ("README.md", "CONTRIBUTING.md"):
        assert "docs/regels.md" in (REPO / name).read_text(encoding="utf-8"), name

