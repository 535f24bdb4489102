"""The house (CONTRIBUTING, "Indeling"): the import contracts in pyproject.toml place every
module, and every class name says which class it is. `lint-imports` itself runs in .ci/run."""

from __future__ import annotations

import ast
import sys
from collections import Counter

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 reads TOML with tomli (the test extra)
    import tomli as tomllib

SRC = REPO / "src" / "mhcli"


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def _placed() -> set[str]:
    placed: set[str] = set()
    for contract in _contracts():
        for layer in contract.get("layers", []):  # type: ignore[attr-defined]
            placed.update(m.strip() for m in str(layer).replace(":", "|").split("|"))
        placed.update(contract.get("source_modules", []))  # type: ignore[arg-type]
    return placed


def test_every_module_has_its_place_in_the_import_contracts() -> None:
    modules = {f"mhcli.{p.stem}" for p in SRC.glob("*.py") if p.stem != "__init__"}
    modules |= {f"mhcli.{p.parent.name}" for p in SRC.glob("*/__init__.py")}
    missing = sorted(modules - _placed())
    assert missing == [], (f"{missing}: add each to a layer or to the core's source_modules in "
                           "pyproject.toml ([tool.importlinter]); see CONTRIBUTING, 'Indeling'")


def test_the_contracts_forbid_the_core_the_command_line() -> None:
    [core] = [c for c in _contracts() if c["type"] == "forbidden"]
    forbidden = set(core["forbidden_modules"])  # type: ignore[call-overload]
    assert {"mhcli.cli", "mhcli.render", "typer", "rich"} <= forbidden
    assert any(c["type"] == "acyclic_siblings" for c in _contracts())


def test_every_class_name_is_unique_in_the_package() -> None:
    names = Counter(node.name for path in SRC.rglob("*.py")
                    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(node, ast.ClassDef))
    assert [name for name, n in names.items() if n > 1] == []


def test_the_escaping_module_needs_only_the_standard_library() -> None:
    """.github/scripts load src/mhcli/safe.py by path, before and apart from mhcli's install:
    the one escaping path must stay importable on its own."""
    tree = ast.parse((REPO / "src" / "mhcli" / "safe.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported and imported - {"__future__"} <= set(sys.stdlib_module_names), imported


def test_only_the_completion_adapter_reads_typers_private_modules() -> None:
    """The Dutch layer and everything else use typer's public names; mhcli.completion adapts
    typer's completion, for which typer has no hook (README "Snelheid", the Typer pin)."""
    readers = set()
    for path in sorted((REPO / "src" / "mhcli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.startswith("typer._") for n in names):
                readers.add(path.relative_to(REPO / "src").as_posix())
    assert readers == {"mhcli/completion.py"}
