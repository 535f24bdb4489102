"""The YAML loader on its own: what it accepts, what it refuses, and where it says so."""

from __future__ import annotations

import time

import pytest

from mhcli.loading import MAX_DEPTH, parse_yaml
from mhcli.source import MAX_BYTES


def codes(content: bytes) -> list[tuple[int | None, int | None, str]]:
    doc, findings = parse_yaml(content, "t.yaml")
    assert (doc is None) == bool(findings)
    return [(f.regel, f.kolom, f.code) for f in findings]


def data(content: bytes) -> object:
    doc, findings = parse_yaml(content, "t.yaml")
    assert findings == [] and doc is not None
    return doc.data


def test_yaml_1_2_scalars_stay_what_they_look_like() -> None:
    assert data(b"a: no\nb: yes\nc: on\nd: 2024-09-01\ne: NO\n") == {
        "a": "no", "b": "yes", "c": "on", "d": "2024-09-01", "e": "NO"}


def test_numbers_booleans_and_null_follow_the_core_schema() -> None:
    assert data(b"a: 37\nb: 1.5\nc: true\nd: ~\ne:\nf: 0o17\ng: -4\n") == {
        "a": 37, "b": 1.5, "c": True, "d": None, "e": None, "f": 15, "g": -4}


def test_quoted_values_are_always_text() -> None:
    assert data(b'a: "0716"\nb: \'37\'\nc: "true"\n') == {"a": "0716", "b": "37", "c": "true"}


def test_leading_zero_number_must_be_quoted() -> None:
    doc, findings = parse_yaml(b"x: 1\ncbs_code: 0716\n", "t.yaml")
    assert doc is None
    assert [(f.regel, f.kolom, f.code) for f in findings] == [(2, 11, "voorloopnul")]
    assert findings[0].melding.endswith('"GM0716".')  # quoting alone would fail the pattern
    _, elsewhere = parse_yaml(b"telefoon: 0800\n", "t.yaml")
    assert elsewhere[0].melding.endswith('tussen aanhalingstekens: "0800".')


def test_huge_integer_is_a_finding_not_a_crash() -> None:
    assert codes(b"x: 1\naantal: " + b"7" * 5000 + b"\n") == [(2, 9, "getal-te-groot")]
    assert data(b"a: " + b"9" * 4000 + b"\n") == {"a": int("9" * 4000)}
    assert codes(b"a: -" + b"1" * 4001 + b"\n") == [(1, 4, "getal-te-groot")]


def test_duplicate_key_names_both_positions() -> None:
    _, findings = parse_yaml(b"a:\n  b: 1\n  c: 2\n  b: 3\n", "t.yaml")
    assert [(f.regel, f.kolom, f.code) for f in findings] == [(4, 3, "dubbele-sleutel")]
    assert "regel 2, kolom 3" in findings[0].melding


def test_anchor_alias_and_tags_are_refused_where_they_stand() -> None:
    assert codes(b"a: &x 1\n") == [(1, 4, "anker")]
    assert codes(b"a: [1]\nb: *x\n") == [(2, 4, "alias")]
    assert codes(b"a: !!python/object/apply:os.system ['true']\n") == [(1, 4, "tag")]
    assert codes(b"a: !custom x\n") == [(1, 4, "tag")]
    assert codes(b"!!python/name:os.system x: 1\n") == [(1, 1, "tag")]


def test_explicit_str_tag_is_harmless() -> None:
    assert data(b"a: !!str 0716\n") == {"a": "0716"}


def test_alias_bomb_fails_at_once() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
              for i in range(20)]
    started = time.perf_counter()
    assert codes("\n".join(lines).encode()) == [(1, 4, "anker")]
    assert time.perf_counter() - started < 5  # a generous bound: expansion would never end


def test_bom_and_crlf_are_fine() -> None:
    assert data(b"\xef\xbb\xbfa: 1\r\nb: twee\r\n") == {"a": 1, "b": "twee"}


def test_invalid_utf8_is_located() -> None:
    assert codes(b"a: 1\nb: caf\xe9\n") == [(2, 7, "codering")]


@pytest.mark.parametrize("content, code", [
    (b"", "leeg-bestand"),
    (b"\n\n# alleen commentaar\n", "leeg-bestand"),
    (b"- a\n- b\n", "geen-mapping"),
    (b"gewoon tekst\n", "geen-mapping"),
    (b"a: 1\n---\nb: 2\n", "meerdere-documenten"),
    (b"a: [1, 2\n", "yaml-syntaxis"),
    (b"a: 1\n\tb: 2\n", "yaml-syntaxis"),
    (b"a: b: c\n", "yaml-syntaxis"),
    (b"a: \x1b[31m\n", "yaml-syntaxis"),
    (b"? [a, b]\n: 1\n", "sleutel"),
])
def test_documents_that_are_not_a_register_file(content: bytes, code: str) -> None:
    assert [c for _, _, c in codes(content)] == [code]


def test_nesting_depth_is_bounded() -> None:
    deep = b"a: " + b"[" * (MAX_DEPTH + 5) + b"]" * (MAX_DEPTH + 5) + b"\n"
    assert [c for _, _, c in codes(deep)] == ["te-diep"]
    ok = b"a: " + b"[" * (MAX_DEPTH - 2) + b"]" * (MAX_DEPTH - 2) + b"\n"
    assert parse_yaml(ok, "t.yaml")[1] == []


def test_size_is_bounded() -> None:
    assert codes(b"a: " + b"x" * MAX_BYTES + b"\n") == [(None, None, "te-groot")]


def test_positions_are_recorded_for_values_and_keys() -> None:
    doc, _ = parse_yaml(b"id: x\ngemeenten:\n  - naam: Tholen\n    cbs_code: \"GM0716\"\n", "t")
    assert doc is not None
    assert doc.position(("gemeenten", 0, "cbs_code")) == (4, 15)
    assert doc.position(("gemeenten", 0, "cbs_code"), key=True) == (4, 5)
    assert doc.position(("gemeenten", 0, "ontbreekt")) == (3, 5)  # nearest ancestor
