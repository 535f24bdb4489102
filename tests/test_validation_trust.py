"""Validation that cannot be made to hang, crash or pass a lookalike: schemas beside --data,
long lists, names, and the verdict of --strikt."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from mhcli import namecheck
from mhcli.validation.schemas import (
    _risky_pattern,
    _unique_items,
    _validator_class,
    ecma_end,
    format_checker,
    load_schemas,
)
from tests.conftest import Result


def test_strikt_says_why_it_fails(mhcli: Callable[..., Result], register_copy: Path) -> None:
    result = mhcli("valideer", "--strikt", cwd=register_copy.parent)
    assert result.code == 1
    assert result.out.splitlines()[-1] == (
        "Het register in data is ongeldig door waarschuwingen (--strikt): 4 waarschuwing(en), "
        "geen fouten.")
    plain = mhcli("valideer", cwd=register_copy.parent)
    assert plain.code == 0
    assert plain.out.splitlines()[-1] == "Het register in data is geldig (4 waarschuwing(en))."


def test_strikt_with_errors_keeps_the_error_verdict(mhcli: Callable[..., Result],
                                                   register_copy: Path) -> None:
    zeeland = register_copy / "districten" / "zeeland.yaml"
    zeeland.write_text(zeeland.read_text(encoding="utf-8").replace(
        "provincie: Zeeland", "provincie: Zeland", 1), encoding="utf-8")
    result = mhcli("valideer", "--strikt", "--data", str(register_copy))
    assert result.code == 1
    assert result.out.splitlines()[-1].endswith("is ongeldig: 1 fout(en), 4 waarschuwing(en).")


def test_long_list_of_wrong_items_is_bounded(mhcli: Callable[..., Result],
                                             register_copy: Path) -> None:
    # Mappings cannot be sorted, so jsonschema's own uniqueItems would compare every pair: with
    # ~8000 items that is minutes. Runs here without a timing assertion; see bench/.
    items = "".join(f"    - {{n: {i}}}\n" for i in range(8000)) + "    - {n: 7}\n"
    zeeland = register_copy / "districten" / "zeeland.yaml"
    text = zeeland.read_text(encoding="utf-8").replace(
        "  coordinatie: [gemeente-goes]\n", "  coordinatie:\n" + items)
    zeeland.write_text(text, encoding="utf-8")
    assert len(text.encode()) > 100_000
    result = mhcli("valideer", "--data", str(register_copy))
    assert result.code == 1
    assert result.out.count("fout [type]") == 100
    assert "zeeland.yaml:2:1: fout [te-veel-fouten]: meer dan 100 schemafouten in dit " \
        "bestand" in result.out


def test_long_unique_items_array_is_checked_in_linear_time() -> None:
    items: list[object] = [{"n": i} for i in range(100_000)] + [{"n": 99_999}]
    cls = _validator_class(frozenset())
    errors = list(cls({"uniqueItems": True}).iter_errors(items))
    assert [e.validator for e in errors] == ["uniqueItems"]
    assert cls({"uniqueItems": True}).is_valid(items[:-1])


@pytest.mark.parametrize(("items", "unique"), [
    ([1, 1.0], False),           # JSON Schema: equal numbers
    ([True, 1], True),           # but a boolean is no number
    ([{"a": [1, 2]}, {"a": [1, 2]}], False),
    ([{"a": 1, "b": 2}, {"b": 2, "a": 1}], False),
    ([[1, 2], [2, 1]], True),
    (["x", None, 0, False, [], {}], True),
])
def test_fast_unique_items_means_what_jsonschema_means(items: list[object], unique: bool
                                                       ) -> None:
    assert (not list(_unique_items(None, True, items, {}))) is unique
    cls = _validator_class(frozenset())
    assert cls({"uniqueItems": True}).is_valid(items) is unique


@pytest.mark.parametrize(("pattern", "risky"), [
    ("^[a-z0-9]+(-[a-z0-9]+)*$", False),   # each repetition starts with '-'
    ("^GM[0-9]{4}$", False),
    ("^[0-9]{4}(-(0[1-9]|1[0-2]))?$", False),
    ("(a+)+$", True),
    ("(a|a)*$", True),
    ("^(\\w+\\s?)*$", True),
    ("(-[a-z-]+)*", True),                 # '-' can also be matched inside
    ("(x+x+){2,}y", True),
    ("(a+){1}", False),
])
def test_backtracking_patterns_are_recognised(pattern: str, risky: bool) -> None:
    assert _risky_pattern(pattern) is risky


def _schemas_with(tmp_path: Path, change: Callable[[dict[str, object]], None]) -> Path:
    from mhcli.location import bundled_schemas

    folder = tmp_path / "schemas"
    folder.mkdir()
    for name in ("regio.schema.json", "district.schema.json"):
        schema = json.loads((bundled_schemas() / name).read_text(encoding="utf-8"))
        if name == "district.schema.json":
            change(schema)
        (folder / name).write_text(json.dumps(schema), encoding="utf-8")
    return folder


def test_local_unresolvable_ref_is_a_finding(tmp_path: Path) -> None:
    def change(schema: dict[str, object]) -> None:
        schema["properties"]["focus"]["items"] = {"$ref": "#/$defs/ontbreekt"}  # type: ignore[index]
        schema["properties"]["plannen"]["items"] = {"$ref": "#/properties/focus"}  # type: ignore[index]

    schemas = load_schemas(_schemas_with(tmp_path, change))
    assert schemas.district is None
    assert [f.melding for f in schemas.findings] == [
        "properties.focus.items.$ref: verwijzing '#/$defs/ontbreekt' wijst naar niets in dit "
        "schema."]


def test_schema_that_is_no_object_or_too_deep_is_a_finding(tmp_path: Path) -> None:
    folder = _schemas_with(tmp_path, lambda schema: None)
    (folder / "regio.schema.json").write_text("[" * 900 + "]" * 900, encoding="utf-8")
    (folder / "district.schema.json").write_text('{"allOf": ' * 5000 + "{}" + "}" * 5000,
                                                 encoding="utf-8")
    schemas = load_schemas(folder)
    assert schemas.regio is None and schemas.district is None
    assert [f.code for f in schemas.findings] == ["schema", "schema"]


def test_untrusted_pattern_does_not_see_very_long_text(tmp_path: Path) -> None:
    def change(schema: dict[str, object]) -> None:
        schema["properties"]["naam"]["pattern"] = "^[A-Z].*$"  # type: ignore[index]

    schemas = load_schemas(_schemas_with(tmp_path, change))
    assert schemas.findings == () and schemas.district is not None
    cls = _validator_class(schemas.trusted_patterns)
    errors = list(cls(schemas.district["properties"]["naam"]).iter_errors("A" * 5000))
    assert [e.validator for e in errors] == ["maxLength"]
    assert list(cls(schemas.district["properties"]["naam"]).iter_errors("A" * 500)) == []


def _problems(*names: str) -> list[tuple[int, str]]:
    located = [(0, ("namen", i), name) for i, name in enumerate(names)]
    return [(p.path[1], p.code)
            for p in namecheck.check(located, lambda n, path: f"t.yaml:{path[1] + 1}:1")]


def test_names_people_can_trust() -> None:
    assert _problems("Tholen", "Bergen op Zoom", "Zorg- en Veiligheidshuis De Markiezaten",
                     "Súdwest-Fryslân", "’s-Hertogenbosch") == []
    assert _problems("Tholen", "Tho\u200blen") == [(1, "onzichtbaar-teken")]
    assert _problems("Tholen", "Tho\u00adlen") == [(1, "onzichtbaar-teken")]  # soft hyphen
    assert _problems("Tholen", "Tho\u00a0len") == [(1, "onzichtbaar-teken")]  # NBSP
    assert _problems("Tholen", "\u0422holen") == [(1, "gemengd-schrift")]
    assert _problems("Tholen", "Thole\u0301n") == [(1, "naam-niet-nfc")]
    assert _problems("Tholen", "Tho1en") == [(1, "verwisselbare-naam")]
    assert _problems("Bergen op Zoom", "Bergen op Zoorn") == [(1, "verwisselbare-naam")]
    # a name wholly in another script is not mixed, but still a lookalike
    assert _problems("Oss", "\u041e\u0455\u0455") == [(1, "verwisselbare-naam")]
    assert _problems("Goes", "GOES", "goes") == []  # the same name, other case: not a lookalike


def test_lookalike_message_points_at_the_other_name() -> None:
    located = [(0, ("a",), "Tholen"), (1, ("b",), "Tho1en")]
    found = namecheck.check(located, lambda n, path: ["x.yaml:3:9", "y.yaml:4:9"][n])
    assert found[0].message.startswith("de naam 'Tho1en' lijkt op 'Tholen' (x.yaml:3:9)")


# --- JSON Schema's meaning, also where Python's differs -----------------------------------------


@pytest.mark.parametrize(("pattern", "ecma"), [
    ("^GM[0-9]{4}$", "^GM[0-9]{4}\\Z"),
    ("^[a-z0-9]+(-[a-z0-9]+)*$", "^[a-z0-9]+(-[a-z0-9]+)*\\Z"),
    ("[$]x$", "[$]x\\Z"),           # inside a class, '$' is a character
    ("[]$]$", "[]$]\\Z"),           # a ']' first in a class does not end it
    ("[^]$]", "[^]$]"),
    ("\\$$", "\\$\\Z"),             # an escaped '$' is a character
    ("\\\\$", "\\\\\\Z"),           # an escaped backslash, then the end
    ("a|b$|c", "a|b\\Z|c"),
])
def test_dollar_means_the_end_of_the_text(pattern: str, ecma: str) -> None:
    assert ecma_end(pattern) == ecma


def test_bundled_and_foreign_patterns_refuse_a_final_newline() -> None:
    for trusted in (frozenset({"^GM[0-9]{4}$"}), frozenset()):
        validator = _validator_class(trusted)({"type": "string", "pattern": "^GM[0-9]{4}$"})
        assert validator.is_valid("GM0716")
        assert not validator.is_valid("GM0716\n") and not validator.is_valid("GM0716\r\n")


def test_an_integer_is_never_a_float() -> None:
    validator = _validator_class(frozenset())({"type": "integer"})
    assert validator.is_valid(37) and validator.is_valid(2**70)
    assert not validator.is_valid(37.0) and not validator.is_valid(True)


@pytest.mark.parametrize(("address", "valid"), [
    ("https://www.wegwijzermensenhandel.nl/", True),
    ("https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/", True),
    ("https://example.org/<script>alert(1)</script>", False),
    ("https://example.org/a b", False),
    ("<script>", False),
])
def test_format_uri_is_checked(address: str, valid: bool) -> None:
    cls = _validator_class(frozenset())
    validator = cls({"format": "uri"}, format_checker=format_checker())
    assert validator.is_valid(address) is valid


def test_lookalikes_collide_whatever_the_case() -> None:
    assert _problems("Vlissingen", "VIissingen") == [(1, "verwisselbare-naam")]  # I and l
    assert _problems("Goes", "G0es") == [(1, "verwisselbare-naam")]  # 0 and O
    assert _problems("Bergen op Zoom", "Bergen op ZOORN") == [(1, "verwisselbare-naam")]
    assert _problems("Hulst", "HULST", "hulst") == []  # the same name, written otherwise
    assert _problems("Goes", "Oss", "Hulst", "Sluis", "Veere", "Tholen", "Altena") == []


def test_a_valid_register_puts_112_first_for_every_gemeente_and_vorm() -> None:
    """What acuut-niet-112 guarantees, seen in the real route (the fixture register)."""
    from mhcli.api import open_register
    from tests.conftest import FIXTURE

    register = open_register(FIXTURE)
    vormen = [None, *register.namen("vorm")]
    for gemeente in register.gemeenten():
        for vorm in vormen:
            first = register.route(gemeente.naam, vorm).wie_belt_u()[0]
            assert first.telefoon == "112", (gemeente.naam, vorm)


def test_every_real_place_name_is_allowed() -> None:
    """naam-teken never refuses a gemeente or woonplaats the CBS list knows."""
    from mhcli import places
    from mhcli.validation.namen import _odd_characters

    names = [g.naam for g in places.gemeenten()]
    names += [w.naam for g in places.gemeenten() for w in places.woonplaatsen_van(g.code)]
    assert len(names) > 2800
    assert [n for n in names if _odd_characters(n)] == []
    assert _odd_characters("Zeeland\\$(touch X)") == ["\\", "$", "(", ")"]
