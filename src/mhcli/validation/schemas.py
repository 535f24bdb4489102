"""The schemas a register is checked against: reading them, and keeping a foreign one harmless.

The bundled schemas are trusted. Schemas beside ``--data`` that differ from them are checked
first: against JSON Schema 2020-12, with no reference outside the schema (nothing is ever
fetched), and with no pattern that could backtrack for ever (see ``_risky_pattern``; README,
'mhcli valideer', says why this is not RE2).

Every schema, bundled or not, runs on the same validator: JSON Schema's own meaning where
Python's differs. An integer is an int, never 37.0 (jsonschema would count 37.0 as an integer, so a
float year silently dropped a plan's "verlopen"); ``$`` in a pattern matches only at the very
end, as in ECMA-262 which JSON Schema names (Python's ``$`` also matches before a final newline,
so "GM0716\n" passed ``^GM[0-9]{4}$``); ``format`` is checked (date, and uri through
rfc3986-validator); ``uniqueItems`` costs linear time.

Imports jsonschema at module level on purpose: only commands that really validate import this
package (queries on a register already known to be valid never do; see ``cache``).
"""

from __future__ import annotations

import errno
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from mhcli.errors import EXIT_BUG, MhcliError
from mhcli.findings import Finding
from mhcli.location import SCHEMA_FILES
from mhcli.parsed import Position, dotted
from mhcli.validation.uitleg import SCHEMAREGEL

# A string longer than this is not matched against a pattern from a schema that is not the
# bundled one: it bounds the work of a pattern that backtracks polynomially.
MAX_PATTERN_INPUT = 1000
MAX_SCHEMA_ERRORS = 10
MAX_SCHEMA_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Schemas:
    """The two schemas (None when broken), what is wrong with them, and what they may do."""

    regio: dict[str, Any] | None
    district: dict[str, Any] | None
    findings: tuple[Finding, ...] = ()
    trusted_patterns: frozenset[str] = frozenset()
    shown: tuple[str, str] = SCHEMA_FILES


def _freeze(value: Any) -> Any:
    """A hashable stand-in with JSON Schema's equality: 1 == 1.0, but true != 1."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, list):
        return ("l", tuple(_freeze(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, _freeze(v)) for k, v in value.items()))
    return ("s", value) if isinstance(value, str) else ("z", None)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any
                  ) -> Iterator[ValidationError]:
    """uniqueItems in linear time; jsonschema's own check compares every pair."""
    if not unique or not isinstance(instance, list):
        return
    seen: set[Any] = set()
    for item in instance:
        key = _freeze(item)
        if key in seen:
            yield ValidationError(f"{item!r} occurs more than once")
            return
        seen.add(key)


def ecma_end(pattern: str) -> str:
    """``pattern`` with every ``$`` outside a character class written as ``\\Z``: the end of the
    text, as ECMA-262's ``$`` means, where Python's ``$`` also matches before a final newline."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            end = i + 1
            end += pattern[end:end + 1] == "^"
            end += pattern[end:end + 1] == "]"  # first in a class, ']' is a literal (Python)
            out.append(pattern[i:end])
            i = end
            continue
        if char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = "\\Z"
        out.append(char)
        i += 1
    return "".join(out)


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(ecma_end(pattern))


def _is_integer(_checker: Any, instance: Any) -> bool:
    """JSON Schema counts 37.0 as an integer; a register means 37 and writes 37."""
    return isinstance(instance, int) and not isinstance(instance, bool)


def format_checker() -> Any:
    """jsonschema's own format checks; 'uri' exists only with rfc3986-validator installed."""
    checker = Draft202012Validator.FORMAT_CHECKER
    missing = {"date", "uri"} - set(checker.checkers)
    if missing:
        raise MhcliError("mhcli kan webadressen en datums niet controleren (ontbreekt: "
                         f"{', '.join(sorted(missing))}); installeer mhcli opnieuw, met zijn "
                         "afhankelijkheden (rfc3986-validator).", exit_code=EXIT_BUG)
    return checker


def _validator_class(trusted: frozenset[str] | None) -> Any:
    """Draft 2020-12 with JSON Schema's meaning of integers and ``$``, a linear uniqueItems,
    and (unless ``trusted`` is None) patterns not in ``trusted`` kept from very long text."""
    from jsonschema import validators

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any
                ) -> Iterator[ValidationError]:
        if not isinstance(instance, str):
            return
        if trusted is not None and patrn not in trusted and len(instance) > MAX_PATTERN_INPUT:
            yield ValidationError(f"longer than {MAX_PATTERN_INPUT}", validator="maxLength",
                                  validator_value=MAX_PATTERN_INPUT)
        elif not _compiled(patrn).search(instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    extend: Any = validators.extend
    return extend(Draft202012Validator, {"uniqueItems": _unique_items, "pattern": pattern},
                  type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer",
                                                                          _is_integer))


def _refuse_retrieval(uri: str) -> Any:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def _walk(schema: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, schema
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield from _walk(value, (*path, key))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _walk(value, (*path, i))


def _risky_pattern(pattern: str) -> bool:
    """A repeated group that contains a repetition or a choice: the shape of every regular
    expression that backtracks exponentially, such as (a+)+ or (a|a)*. One kind is allowed,
    as the bundled schemas use it: a group that starts with a literal character which nothing
    else in the group can match, like (-[a-z0-9]+)*, since each repetition must begin there."""
    atoms = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]])*\]|\{\d*,?\d*\}|[()|*+?]|[^\\\[(){}|*+?]|.")
    tokens = atoms.findall(pattern)
    # Many unbounded repetitions in a row (.*.*.*.*X) backtrack polynomially with a high
    # power: more than three are refused outright.
    if sum(1 for tok in tokens if tok in ("*", "+") or _most(tok) == float("inf")) > 3:
        return True
    stack: list[list[str]] = [[]]
    for i, token in enumerate(tokens):
        if token == "(":
            stack.append([])
        elif token == ")" and len(stack) > 1:
            body = stack.pop()
            stack[-1].extend(["(", *body, ")"])
            follow = tokens[i + 1] if i + 1 < len(tokens) else ""
            repeated = follow in ("*", "+") or _most(follow) > 1
            inner = body[2:] if body[:2] == ["?", ":"] else body  # (?: is no repetition
            quantified = any(t in ("*", "+", "|", "?") or t.startswith("{") for t in inner)
            if repeated and quantified and not _separated(body):
                return True
        else:
            stack[-1].append(token)
    return False


def _most(quantifier: str) -> float:
    """How often {n}, {n,} or {n,m} lets its atom repeat (0 for anything else)."""
    match = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", quantifier)
    if match is None:
        return 0
    low, comma, high = match.groups()
    if not comma:
        return int(low or 0)
    return int(high) if high else float("inf")


def _separated(body: list[str]) -> bool:
    if body[:2] == ["?", ":"]:
        body = body[2:]
    if len(body) < 2 or "|" in body or body[1] in ("*", "+", "?") or body[1].startswith("{"):
        return False
    first = body[0]
    if first in ("(", ")", ".") or first.startswith("["):
        return False
    literal = first[1:] if first.startswith("\\") else first
    if len(literal) != 1 or (first.startswith("\\") and literal.isalnum()):
        return False  # \d, \w and friends are classes, not one character
    for token in body[1:]:
        if token in ("(", ")", "*", "+", "?") or token.startswith("{"):
            continue
        if token == ".":
            return False
        try:
            if re.fullmatch(token, literal):
                return False
        except re.error:
            return False
    return True


def _schema_problems(schema: Any, trusted: frozenset[str]) -> Iterator[tuple[tuple[Any, ...],
                                                                              str]]:
    """(path in the schema, Dutch message) for what makes a schema unusable or unsafe."""
    meta = _validator_class(None)(Draft202012Validator.META_SCHEMA,
                                  format_checker=format_checker())
    # The first few errors say enough, and each one costs jsonschema more in a larger schema.
    errors = list(itertools.islice(meta.iter_errors(schema), MAX_SCHEMA_ERRORS))
    for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        where = tuple(error.absolute_path)
        if error.validator == "format" and error.validator_value == "regex":
            yield where, f"'{error.instance}' is geen geldige reguliere expressie."
        elif "type" in where[-2:]:
            yield where, (f"'{error.instance}' is geen type van JSON Schema; kies uit: array, "
                          "boolean, integer, null, number, object, string.")
        else:
            yield where, f"voldoet niet aan JSON Schema 2020-12 ({error.message})."
    if not isinstance(schema, dict):
        return
    for path, node in _walk(schema):
        if not isinstance(node, dict):
            continue
        for key in ("$ref", "$dynamicRef"):
            ref = node.get(key)
            if isinstance(ref, str) and not ref.startswith("#"):
                yield (*path, key), (f"verwijzing '{ref}' gaat buiten dit schema; alleen "
                                     "verwijzingen binnen het schema ('#/...') zijn toegestaan.")
            elif isinstance(ref, str) and not _resolves(schema, ref[1:]):
                yield (*path, key), f"verwijzing '{ref}' wijst naar niets in dit schema."
        patterns = [node.get("pattern"), *(node.get("patternProperties") or {})]
        for patrn in patterns:
            if isinstance(patrn, str) and patrn not in trusted and _risky_pattern(patrn):
                yield (*path, "pattern"), (
                    f"patroon '{patrn}' herhaalt een groep die zelf herhaalt of kiest, of heeft "
                    "meer dan drie onbegrensde herhalingen; zo'n patroon kan op een lange tekst "
                    "eindeloos rekenen. Schrijf het eenduidig, zoals ^[a-z0-9]+(-[a-z0-9]+)*$.")


def _resolves(schema: dict[str, Any], fragment: str) -> bool:
    """Whether '#' + ``fragment`` (a JSON pointer or an anchor) names a part of ``schema``."""
    from urllib.parse import unquote

    fragment = unquote(fragment)
    if not fragment.startswith("/"):
        return not fragment or any(
            isinstance(node, dict) and fragment in (node.get("$anchor"),
                                                    node.get("$dynamicAnchor"))
            for _, node in _walk(schema))
    node: Any = schema
    for part in fragment[1:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True


def load_schemas(folder: Path, contents: Mapping[str, bytes] | None = None) -> Schemas:
    """Read the schemas in ``folder``; a schema that is not the bundled one is checked first.

    ``contents``: the schema files' bytes by name, as a git revision holds them (``folder``
    then only names them); a name missing there is a missing file."""
    from mhcli.findings import display_path
    from mhcli.location import bundled_schemas

    bundled = bundled_schemas()
    trusted: set[str] = set()
    texts: dict[str, bytes | None] = {}
    for name in SCHEMA_FILES:
        try:
            own = (bundled / name).read_bytes()
            trusted.update(_patterns(json.loads(own)))
        except (OSError, ValueError):
            own = None
        texts[name] = own
    findings: list[Finding] = []
    loaded: list[dict[str, Any] | None] = []
    for name in SCHEMA_FILES:
        path = folder / name
        shown = display_path(path)

        def problem(message: str, where: tuple[Any, ...] = (), at: Position | None = None,
                    *, shown: str = shown) -> None:
            prefix = f"{dotted(where)}: " if where else ""
            line, col = at if at else (None, None)
            findings.append(Finding(shown, line, col, SCHEMAREGEL.niveau, SCHEMAREGEL.code,
                                    prefix + message))

        try:
            if contents is None:
                with path.open("rb") as handle:
                    content = handle.read(MAX_SCHEMA_BYTES + 1)
            elif name in contents:
                content = contents[name][: MAX_SCHEMA_BYTES + 1]
            else:
                raise FileNotFoundError(errno.ENOENT, "bestand ontbreekt")
            if len(content) > MAX_SCHEMA_BYTES:
                raise ValueError(f"groter dan {MAX_SCHEMA_BYTES // 1024} KiB")
            schema = json.loads(content)
        except OSError as exc:
            problem(f"het schema kan niet gelezen worden ({exc.strerror}).")
            loaded.append(None)
            continue
        except json.JSONDecodeError as exc:
            problem(f"het schema is geen geldige JSON (parser: {exc.msg}); herstel het of neem "
                    "het meegeleverde schema over.", at=(exc.lineno, exc.colno))
            loaded.append(None)
            continue
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            problem(f"het schema is geen geldige JSON ({exc}); herstel het of neem het "
                    "meegeleverde schema over.")
            loaded.append(None)
            continue
        if content == texts[name]:
            loaded.append(schema)  # the bundled schema itself: checked when it was written
            continue
        if not isinstance(schema, dict):
            problem("het schema is geen JSON-object; een schema voor het register begint met "
                    "'{'.")
            loaded.append(None)
            continue
        try:
            problems = list(_schema_problems(schema, frozenset(trusted)))
        except RecursionError:
            problems = [((), "het schema is te diep genest om te controleren.")]
        if problems:
            from mhcli.loading import parse_yaml

            doc = parse_yaml(content, shown)[0]  # JSON is YAML: this gives line and column
            for where, message in problems:
                problem(message, where, doc.position(where) if doc else None)
        loaded.append(None if problems else schema)
    return Schemas(loaded[0], loaded[1], tuple(findings), frozenset(trusted),
                   (display_path(folder / SCHEMA_FILES[0]), display_path(folder / SCHEMA_FILES[1])))


def _patterns(schema: Any) -> Iterator[str]:
    for _, node in _walk(schema):
        if isinstance(node, dict) and isinstance(node.get("pattern"), str):
            yield node["pattern"]


