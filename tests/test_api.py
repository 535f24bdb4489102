"""The library under the CLI: the README's example runs, and the CLI comes in only through it."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, REPO, Result


def _readme_example() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Als bibliotheek"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README shows a Python example"
    return match.group(1)


@pytest.mark.bundled  # the README's example answers from the product's register
def test_readme_example_runs_and_prints_what_it_says() -> None:
    code = _readme_example()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    promised = [line.split("# ", 1)[1] for line in code.splitlines() if "print(" in line]
    assert out.getvalue().splitlines() == promised


def test_records_have_one_as_json() -> None:
    from mhcli import open_register

    register = open_register(FIXTURE)
    for record in (register.route("Tholen"), register.gemeente("Tholen"),
                   register.district("Zeeland"), *register.gemeenten()[:1],
                   *register.districten()[:1], *register.partners()[:1],
                   *register.zoek("Tholen")[:1]):
        assert isinstance(record.as_json(), dict), type(record)
    assert set(register.document()) == {"regio", "districten"}


def test_an_invalid_register_is_refused(register_copy: Path) -> None:
    from mhcli import open_register
    from mhcli.errors import RegisterInvalid

    (register_copy / "regio.yaml").write_text("regio: [", encoding="utf-8")
    with pytest.raises(RegisterInvalid):
        open_register(register_copy)


def test_cli_imports_nothing_from_the_core_but_the_api_and_errors() -> None:
    # The API, errors, escaping and the version from the core; the other faces (render, the
    # site) and the CLI's own edge modules (runner, completion, dutch, streams) are not the core.
    allowed = {"mhcli", "mhcli.api", "mhcli.errors", "mhcli.safe", "mhcli.version",
               "mhcli.render", "mhcli.runner", "mhcli.completion", "mhcli.dutch",
               "mhcli.streams", "mhcli.site.build", "mhcli.options"}
    tree = ast.parse((REPO / "src" / "mhcli" / "cli.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module
                and node.module.startswith("mhcli")}
    assert imported <= allowed | {m for m in imported if m.startswith("mhcli.render.")}, \
        imported - allowed


@pytest.mark.parametrize("command", [["route", "Tholen"], ["gemeente", "Goes"], ["gemeenten"],
                                     ["district", "Zeeland"], ["districten"], ["partners"],
                                     ["zoek", "Tholen"], ["valideer"]])
def test_every_json_answer_names_its_register(command: list[str], register_copy: Path,
                                              mhcli: Callable[..., Result]) -> None:
    result = mhcli(*command, "--format", "json", "--data", str(register_copy))
    answer = json.loads(result.out)
    assert answer["register"]["hoe"] == "optie"
    assert answer["register"]["pad"] == str(register_copy)
    assert re.fullmatch(r"blake2b:[0-9a-f]{16}", answer["register"]["inhoud"])


def test_a_human_answer_from_another_register_says_which(register_copy: Path,
                                                         mhcli: Callable[..., Result]) -> None:
    # A copy that says exactly what the bundled register says is quiet: its answers are the
    # bundled answers. One changed byte, and every answer names its register.
    assert mhcli("route", "Tholen", "--kort", "--data", str(register_copy)).err == ""
    regio = register_copy / "regio.yaml"
    regio.write_text(regio.read_text(encoding="utf-8") + "# gewijzigd\n", encoding="utf-8")
    result = mhcli("route", "Tholen", "--kort", "--data", str(register_copy))
    assert result.err == f"Register: {register_copy} (gekozen met --data)\n"
    assert mhcli("route", "Tholen", "--kort", cwd=Path("/")).err == ""  # the bundled one


def test_route_for_a_role_and_the_roles() -> None:
    from mhcli import open_register
    from mhcli.errors import NotFound

    register = open_register(FIXTURE)
    route = register.route("Tholen", rol="professional")
    assert route.rol is not None and route.rol.id == "professional" and route.rol_gekozen
    assert [w.telefoon for w in route.wie_belt_u()][:2] == ["112", "0800-2000"]
    assert register.route("Tholen").rol.id == "gemeente"  # type: ignore[union-attr]
    assert [(r["id"], r["standaard"]) for r in register.rollen()] == [
        ("gemeente", True), ("professional", False), ("iedereen", False)]
    assert all(r["bronnen"] for r in register.rollen())
    with pytest.raises(NotFound):
        register.route("Tholen", rol="burger")
