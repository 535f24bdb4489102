"""Checking a register: JSON Schema per file, then the checks that span files.

Imports jsonschema at module level on purpose: only commands that really validate import this
module (queries on a register already known to be valid never do; see ``cache``).
"""

from __future__ import annotations

import errno
import itertools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from mhcli import freshness
from mhcli.findings import FOUT, WAARSCHUWING, Finding, sort_findings
from mhcli.names import normalize
from mhcli.parsed import Document, LoadedRegister, Position, dotted

_TYPES = {
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "array": "een lijst",
    "object": "een mapping",
    "boolean": "true of false",
    "null": "leeg",
}


def _kind(value: Any) -> str:
    if value is None:
        return "een lege waarde"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    if isinstance(value, str):
        return f"de tekst '{value}'"
    if isinstance(value, list):
        return "een lijst"
    return "een mapping"




@dataclass
class _SchemaProblem:
    path: tuple[Any, ...]
    key: bool
    code: str
    message: str


def _explain(error: ValidationError) -> list[_SchemaProblem]:
    """One jsonschema error in Dutch, pointing at the value (or the key) it is about."""
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    inst = error.instance
    rule = str(error.validator)
    rule_value: Any = error.validator_value
    hint = schema.get("description")
    if rule == "required":
        missing = [k for k in rule_value if isinstance(inst, dict) and k not in inst]
        return [_SchemaProblem(path, False, "ontbrekende-sleutel",
                               f"verplichte sleutel '{k}' ontbreekt.") for k in missing]
    if rule == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        return [_SchemaProblem((*path, k), True, "onbekende-sleutel",
                               f"onbekende sleutel '{k}'; toegestaan: {', '.join(allowed)}.")
                for k in extra]
    if rule == "type":
        expected = rule_value
        names = " of ".join(_TYPES.get(t, t) for t in ([expected] if isinstance(expected, str)
                                                       else expected))
        message = f"verwacht {names}, gevonden {_kind(inst)}."
        if expected == "string" and isinstance(inst, (int, float)) and not isinstance(inst, bool):
            if path and path[-1] == "cbs_code" and isinstance(inst, int) and 0 < inst < 10000:
                message += f' Schrijf de code als "GM{inst:04d}", tussen aanhalingstekens.'
            else:
                message += " Zet de waarde tussen aanhalingstekens."
        return [_SchemaProblem(path, False, "type", message)]
    if rule == "enum":
        options = ", ".join(str(v) for v in rule_value)
        return [_SchemaProblem(path, False, "waarde",
                               f"{_kind(inst)} is niet toegestaan; kies uit: {options}.")]
    if rule == "pattern":
        message = f"{_kind(inst)} heeft niet de juiste vorm."
        return [_SchemaProblem(path, False, "vorm", f"{message} {hint}" if hint else message)]
    if rule == "format":
        what = {"date": "geldige datum (JJJJ-MM-DD)", "uri": "geldig webadres"}
        return [_SchemaProblem(path, False, "formaat", f"{_kind(inst)} is geen "
                               f"{what.get(rule_value, rule_value)}.")]
    if rule == "minItems":
        return [_SchemaProblem(path, False, "te-kort",
                               f"de lijst moet minstens {rule_value} "
                               f"item{'s' if rule_value != 1 else ''} bevatten.")]
    if rule == "uniqueItems":
        return [_SchemaProblem(path, False, "dubbel-in-lijst",
                               "de lijst bevat een waarde meer dan eens.")]
    if rule == "maxLength":
        return [_SchemaProblem(path, False, "te-lang",
                               f"de tekst is langer dan {rule_value} tekens.")]
    if rule == "minLength":
        return [_SchemaProblem(path, False, "leeg", "de tekst mag niet leeg zijn.")]
    if rule in ("minimum", "maximum"):
        word = "minstens" if rule == "minimum" else "hoogstens"
        return [_SchemaProblem(path, False, "bereik",
                               f"{_kind(inst)} moet {word} {rule_value} zijn.")]
    return [_SchemaProblem(path, False, "schema", error.message)]  # pragma: no cover


SCHEMA_FILES = ("regio.schema.json", "district.schema.json")
# A string longer than this is not matched against a pattern from a schema that is not the
# bundled one: it bounds the work of a pattern that backtracks polynomially.
MAX_PATTERN_INPUT = 1000
MAX_SCHEMA_ERRORS = 10
MAX_SCHEMA_FINDINGS = 100  # per register file
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


def _validator_class(trusted: frozenset[str] | None) -> Any:
    """Draft 2020-12 with a linear uniqueItems, and (unless ``trusted`` is None) patterns not
    in ``trusted`` kept from very long text."""
    from jsonschema import validators

    jsonschema_pattern: Any = Draft202012Validator.VALIDATORS["pattern"]

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any
                ) -> Iterator[ValidationError]:
        if isinstance(instance, str) and patrn not in (trusted or ()) \
                and len(instance) > MAX_PATTERN_INPUT:
            yield ValidationError(f"longer than {MAX_PATTERN_INPUT}", validator="maxLength",
                                  validator_value=MAX_PATTERN_INPUT)
            return
        yield from jsonschema_pattern(validator, patrn, instance, schema)

    extend: Any = validators.extend
    keywords: dict[str, Any] = {"uniqueItems": _unique_items}
    if trusted is not None:
        keywords["pattern"] = pattern
    return extend(Draft202012Validator, keywords)


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
    import re

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
    import re

    match = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", quantifier)
    if match is None:
        return 0
    low, comma, high = match.groups()
    if not comma:
        return int(low or 0)
    return int(high) if high else float("inf")


def _separated(body: list[str]) -> bool:
    import re

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
                                  format_checker=Draft202012Validator.FORMAT_CHECKER)
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
            findings.append(Finding(shown, line, col, FOUT, "schema", prefix + message))

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


_NOT_MALFORMING = ("ontbrekende-sleutel", "onbekende-sleutel", "dubbel-in-lijst", "te-kort")


class _Checker:
    def __init__(self, loaded: LoadedRegister, vandaag: date, max_bron_maanden: int) -> None:
        self.loaded = loaded
        self.vandaag = vandaag
        self.max_bron_maanden = max_bron_maanden
        self.findings: list[Finding] = list(loaded.findings)
        # Per document, the paths of values that broke the schema: the checks across files
        # skip exactly those values (and what lies below them), nothing more.
        self.malformed: dict[int, set[tuple[Any, ...]]] = {}

    def add(self, doc: Document, path: tuple[Any, ...], code: str, message: str,
            *, level: str = FOUT, key: bool = False) -> None:
        pos = doc.position(path, key=key)
        line, col = pos if pos else (None, None)
        self.findings.append(Finding(doc.display, line, col, level, code, message))

    def where(self, doc: Document, path: tuple[Any, ...]) -> str:
        pos = doc.position(path)
        return f"{doc.display}:{pos[0]}:{pos[1]}" if pos else doc.display

    def ok(self, doc: Document, path: tuple[Any, ...]) -> bool:
        """Whether the value at ``path`` passed the schema (as far as the schema says)."""
        bad = self.malformed.get(id(doc))
        return not bad or not any(path[:end] in bad for end in range(len(path) + 1))

    def get(self, doc: Document, path: tuple[Any, ...]) -> Any:
        """The value at ``path`` if it is there and well-formed, else None."""
        if not self.ok(doc, path):
            return None
        value: Any = doc.data
        for part in path:
            if isinstance(part, int) and isinstance(value, list) and 0 <= part < len(value):
                value = value[part]
            elif isinstance(part, str) and isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        return value

    def items(self, doc: Document, path: tuple[Any, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
        """The mappings in the list at ``path``, with their index; malformed ones left out."""
        value = self.get(doc, path)
        for i, item in enumerate(value if isinstance(value, list) else []):
            if isinstance(item, dict) and self.ok(doc, (*path, i)):
                yield i, item

    def text(self, doc: Document, path: tuple[Any, ...]) -> str | None:
        value = self.get(doc, path)
        return value if isinstance(value, str) else None

    def year(self, doc: Document, path: tuple[Any, ...]) -> int | None:
        value = self.get(doc, path)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    # --- schema ----------------------------------------------------------------------------
    def schema(self, doc: Document, validator: Any) -> None:
        bad = self.malformed.setdefault(id(doc), set())
        for count, error in enumerate(validator.iter_errors(doc.data)):
            if count == MAX_SCHEMA_FINDINGS:
                # Bounded work and readable output; what is left unchecked is not used.
                self.add(doc, (), "te-veel-fouten", f"meer dan {MAX_SCHEMA_FINDINGS} "
                         "schemafouten in dit bestand; de rest wordt niet gemeld. Herstel "
                         "deze eerst.")
                self.unchecked(doc)
                return
            for problem in _explain(error):
                shown = problem.path[:-1] if problem.key else problem.path
                where = f"{dotted(shown)}: " if shown else ""
                self.add(doc, problem.path, problem.code, where + problem.message,
                         key=problem.key)
                if problem.code not in _NOT_MALFORMING:
                    bad.add(problem.path)

    def unchecked(self, doc: Document) -> None:
        """No usable schema: no value counts as checked, so the checks across files skip all."""
        self.malformed[id(doc)] = {()}

    # --- across files ----------------------------------------------------------------------
    def ids(self, doc: Document, section: str) -> dict[str, tuple[Any, ...]] | None:
        """The ids declared in a list section of regio.yaml, with duplicates reported; None
        when the section itself is malformed (then nothing can be said about references)."""
        if not isinstance(self.get(doc, (section,)), list):
            return None
        found: dict[str, tuple[Any, ...]] = {}
        for i, item in enumerate(doc.data[section]):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            path = (section, i, "id")
            if ident in found:
                self.add(doc, path, "dubbel-id", f"id '{ident}' staat al in '{section}' "
                         f"({self.where(doc, found[ident])}); elk id is uniek.")
            else:
                found[ident] = path
        return found

    def cross(self, regio: Document | None, districten: list[tuple[str, Document]]) -> None:
        docs = ([regio] if regio else []) + [doc for _, doc in districten]
        if regio is not None and self.ok(regio, ()):
            known = {s: self.ids(regio, s) for s in
                     ("partners", "organisaties", "vormen", "contacten", "bronnen")}
            for doc in docs:
                for path, kind, value in _references(doc.data):
                    declared = known[kind]
                    if declared is None or value in declared or not self.ok(doc, path):
                        continue
                    options = ", ".join(sorted(declared)) or "(geen)"
                    self.add(doc, path, "onbekende-verwijzing",
                             f"{dotted(path)}: '{value}' staat niet in '{kind}' van "
                             f"regio.yaml; bekend zijn: {options}.")
        self.districten(regio, districten)
        if regio is not None:
            self.signaalroute(regio)
        self.gemeenten(regio, districten)
        self.plannen(districten)
        self.trekkers(districten)
        self.names(docs)
        if regio is not None:  # rule family 'verouderd' (bron-verouderd, contact-verouderd, ...)
            freshness.check(self, regio, self.vandaag, self.max_bron_maanden)

    def signaalroute(self, regio: Document) -> None:
        """A task belongs to a step before it; a role id is unique (``--rol`` picks by it)."""
        seen: set[str] = set()
        for i, _stap in self.items(regio, ("signaalroute", "stappen")):
            parent = self.text(regio, ("signaalroute", "stappen", i, "taak_van"))
            if parent is not None and parent not in seen:
                self.add(regio, ("signaalroute", "stappen", i, "taak_van"), "taak-van",
                         f"taak_van '{parent}': geen eerdere stap met rol '{parent}'; een taak "
                         "hoort bij een stap die vóór haar staat.")
            rol = self.text(regio, ("signaalroute", "stappen", i, "rol"))
            if rol is not None and parent is None:
                seen.add(rol)
        ids: dict[str, tuple[Any, ...]] = {}
        for i, _rol in self.items(regio, ("signaalroute", "rollen")):
            path = ("signaalroute", "rollen", i, "id")
            ident = self.text(regio, path)
            if ident is None:
                continue
            if ident in ids:
                self.add(regio, path, "dubbel-id", f"id '{ident}' staat al in "
                         f"'signaalroute.rollen' ({self.where(regio, ids[ident])}); elk id is "
                         "uniek.")
            else:
                ids[ident] = path

    def districten(self, regio: Document | None, districten: list[tuple[str, Document]]) -> None:
        seen: dict[str, Document] = {}
        for stem, doc in districten:
            ident = self.text(doc, ("id",))
            if ident is None:
                continue
            if ident != stem:
                self.add(doc, ("id",), "bestandsnaam",
                         f"het district heet '{ident}' maar het bestand '{stem}.yaml'; noem het "
                         f"bestand '{ident}.yaml' of pas het id aan.")
            seen[ident] = doc
        order = self.get(regio, ("regio", "districten")) if regio else None
        if regio is None or not isinstance(order, list) or not self.loaded.district_files:
            return  # no district files at all is a finding of its own
        for i, ident in enumerate(order):
            # A district whose file exists but is broken has its own findings already.
            if isinstance(ident, str) and self.ok(regio, ("regio", "districten", i)) \
                    and ident not in seen and ident not in self.loaded.district_files:
                self.add(regio, ("regio", "districten", i), "district-ontbreekt",
                         f"district '{ident}' staat in regio.districten, maar er is geen "
                         f"bestand districten/{ident}.yaml met dat id.")
        for ident, doc in seen.items():
            if ident not in order:
                self.add(doc, ("id",), "district-niet-in-regio",
                         f"district '{ident}' staat niet in regio.districten van regio.yaml; "
                         "voeg het daar toe.")

    def gemeenten(self, regio: Document | None, districten: list[tuple[str, Document]]) -> None:
        names: dict[str, tuple[Document, tuple[Any, ...], str]] = {}
        codes: dict[str, tuple[Document, tuple[Any, ...], str]] = {}
        total = 0
        complete = len(districten) == len(self.loaded.district_files)  # else the count lies
        for _, doc in districten:
            district = self.text(doc, ("id",)) or "?"
            if not isinstance(self.get(doc, ("gemeenten",)), list):
                complete = False
            for i, _item in self.items(doc, ("gemeenten",)):
                total += 1
                naam = self.text(doc, ("gemeenten", i, "naam"))
                code = self.text(doc, ("gemeenten", i, "cbs_code"))
                if naam is not None:
                    key = normalize(naam)
                    if key in names:
                        other_doc, other_path, other_district = names[key]
                        where = ("in hetzelfde district" if other_district == district
                                 else f"ook in district '{other_district}'")
                        self.add(doc, ("gemeenten", i, "naam"), "dubbele-gemeente",
                                 f"'{naam}' staat {where} ({self.where(other_doc, other_path)}). "
                                 "Een gemeente hoort bij één district.")
                    else:
                        names[key] = (doc, ("gemeenten", i, "naam"), district)
                if code is not None:
                    if code in codes:
                        other_doc, other_path, _ = codes[code]
                        self.add(doc, ("gemeenten", i, "cbs_code"), "dubbele-cbs-code",
                                 f"CBS-code {code} staat ook bij een andere gemeente "
                                 f"({self.where(other_doc, other_path)}); elke code is uniek.")
                    else:
                        codes[code] = (doc, ("gemeenten", i, "cbs_code"), district)
        if regio is None or not isinstance(self.get(regio, ("regio",)), dict):
            return
        unnamed = [item for _, item in self.items(regio, ("regio", "niet_genoemde_gemeenten"))]
        for i, _item in self.items(regio, ("regio", "niet_genoemde_gemeenten")):
            naam = self.text(regio, ("regio", "niet_genoemde_gemeenten", i, "naam"))
            if naam is not None and normalize(naam) in names:
                other_doc, other_path, _ = names[normalize(naam)]
                self.add(regio, ("regio", "niet_genoemde_gemeenten", i, "naam"),
                         "dubbele-gemeente", f"'{naam}' staat als niet genoemde gemeente, maar "
                         f"ook in een district ({self.where(other_doc, other_path)}).")
        stated = self.year(regio, ("regio", "aantal_gemeenten"))
        if stated is not None and complete and stated != total:
            message = (f"de bron noemt {stated} gemeenten, het register somt er {total} op "
                       f"(verschil {stated - total}).")
            unnamed_names = [u.get("naam") for u in unnamed]
            if unnamed_names and len(unnamed_names) == stated - total:
                message += (" Niet genoemd, vermoedelijk (afgeleid, niet bevestigd): "
                            f"{', '.join(str(n) for n in unnamed_names)}.")
            self.add(regio, ("regio", "aantal_gemeenten"), "aantal-gemeenten", message,
                     level=WAARSCHUWING)

    def plannen(self, districten: list[tuple[str, Document]]) -> None:
        for _, doc in districten:
            plans = [(i, self.year(doc, ("plannen", i, "van")),
                      self.year(doc, ("plannen", i, "tot")), plan.get("titel", "?"))
                     for i, plan in self.items(doc, ("plannen",))]
            for i, van, tot, titel in plans:
                if van is not None and tot is not None and van > tot:
                    self.add(doc, ("plannen", i, "tot"), "plan-jaren",
                             f"plan '{titel}' loopt van {van} tot {tot}: het eindjaar ligt vóór "
                             "het beginjaar.")
                elif tot is not None and tot < self.vandaag.year and not any(
                        _later(other, (van, tot)) for j, *other, _ in plans if j != i):
                    self.add(doc, ("plannen", i, "tot"), "plan-verlopen",
                             f"plan '{titel}' liep tot en met {tot} en is verlopen; leg een "
                             "opvolger vast zodra een bron die noemt.",
                             level=WAARSCHUWING)

    def out_of_office(self, doc: Document, i: int) -> date | None:
        """The date trekker ``i`` left office, when that date has passed."""
        datum = _as_date(self.get(doc, ("trekkers", i, "uit_functie", "datum")))
        return datum if datum is not None and datum <= self.vandaag else None

    def same_office(self, doc: Document, i: int, j: int) -> bool:
        """Whether trekkers ``i`` and ``j`` hold the same functie (in the same gemeente)."""
        functie = self.text(doc, ("trekkers", i, "functie"))
        other = self.text(doc, ("trekkers", j, "functie"))
        gemeente = self.text(doc, ("trekkers", i, "gemeente"))
        other_gemeente = self.text(doc, ("trekkers", j, "gemeente"))
        return (functie is not None and other is not None
                and normalize(functie) == normalize(other)
                and (gemeente is None or other_gemeente is None
                     or normalize(gemeente) == normalize(other_gemeente)))

    def in_office(self, doc: Document, j: int) -> bool:
        return (self.get(doc, ("trekkers", j, "historisch")) is not True
                and self.out_of_office(doc, j) is None)

    def trekkers(self, districten: list[tuple[str, Document]]) -> None:
        for _, doc in districten:
            entries = list(self.items(doc, ("trekkers",)))
            for i, trekker in entries:
                datum = self.out_of_office(doc, i)
                if datum is None or self.get(doc, ("trekkers", i, "historisch")) is True:
                    continue
                if any(j != i and self.in_office(doc, j) and self.same_office(doc, i, j)
                       for j, _ in entries):
                    continue  # a successor is recorded
                naam = trekker.get("volledige_naam") or trekker.get("naam") or "?"
                self.add(doc, ("trekkers", i, "uit_functie", "datum"), "trekker-uit-functie",
                         f"trekker {naam} ({trekker.get('functie', '?')}) heeft die functie "
                         f"op {datum.isoformat()} verlaten; de vermelding is verouderd. Leg "
                         "de opvolger vast zodra een bron die noemt, of zet 'historisch: true' "
                         "bij deze trekker.", level=WAARSCHUWING)

    def names(self, docs: list[Document]) -> None:
        from mhcli import namecheck

        located = [(n, path, name) for n, doc in enumerate(docs)
                   for path, name in namecheck.names_in(doc.data) if self.ok(doc, path)]
        for problem in namecheck.check(located, lambda n, path: self.where(docs[n], path)):
            doc = docs[problem.doc]
            self.add(doc, problem.path, problem.code, f"{dotted(problem.path)}: "
                     f"{problem.message}")


def _later(other: list[Any], plan: tuple[int | None, int]) -> bool:
    """Whether plan ``other`` ([van, tot]) follows a plan that ran ``plan`` (van, tot). A plan
    that ends no later is no successor, even if it began later (Zeeland's uitvoeringsprogramma
    2020-2023 beside its plan van aanpak 2019-2023): both have ended."""
    other_van, other_tot = other
    van, tot = plan
    if other_tot is not None:
        return bool(other_tot > tot)
    return other_van is not None and other_van > (van if van is not None else tot)


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


_REFERENCE_KEYS = {
    "bron": "bronnen",
    "gemeenten_bron": "bronnen",
    "partner": "partners",
    "organisatie": "organisaties",
    "plaats_bron": "bronnen",
    "cbs_bron": "bronnen",
    "vorm": "vormen",
}
_REFERENCE_LISTS = {
    "partners": "partners",
    "contacten": "contacten",
    "organisaties": "organisaties",
    "coordinatie": "organisaties",
}


Reference = tuple[tuple[Any, ...], str, str]


def _references(data: Any, path: tuple[Any, ...] = ()) -> Iterator[Reference]:
    """Every id that points elsewhere: (path, the section it must be declared in, the id).

    A key names a reference only inside an item; top-level sections such as `partners:` in
    regio.yaml declare rather than refer, so depth 0 lists are skipped."""
    if isinstance(data, dict):
        for key, value in data.items():
            sub = (*path, key)
            if key in _REFERENCE_KEYS and isinstance(value, str):
                yield sub, _REFERENCE_KEYS[key], value
            elif key in _REFERENCE_LISTS and path and isinstance(value, list) \
                    and all(isinstance(v, str) for v in value):
                yield from ((( *sub, i), _REFERENCE_LISTS[key], v) for i, v in enumerate(value))
            else:
                yield from _references(value, sub)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _references(item, (*path, i))


def validate(loaded: LoadedRegister, schemas: Schemas, *, vandaag: date,
             max_bron_maanden: int = 12) -> list[Finding]:
    """Every finding about a register: loading, schemas, and the checks across files.

    The checks across files read every file that parsed, also when another file (or the same
    one) broke its schema: they skip only the values that are malformed, so an author sees
    every problem in one round without follow-up findings."""
    checker = _Checker(loaded, vandaag, max_bron_maanden)
    checker.findings.extend(schemas.findings)
    cls = _validator_class(schemas.trusted_patterns)
    kinds = [(loaded.regio, schemas.regio)] if loaded.regio is not None else []
    kinds += [(doc, schemas.district) for _, doc in loaded.districten]
    validators: dict[int, Any] = {}
    for doc, schema in kinds:
        if schema is None:
            checker.unchecked(doc)
            continue
        if id(schema) not in validators:
            from referencing import Registry

            validators[id(schema)] = cls(
                schema, format_checker=Draft202012Validator.FORMAT_CHECKER,
                registry=Registry(retrieve=_refuse_retrieval))  # type: ignore[call-arg]
        try:
            checker.schema(doc, validators[id(schema)])
        except Exception as exc:  # a schema that passed the metaschema can still fail here
            name = schemas.shown[0] if schema is schemas.regio else schemas.shown[1]
            checker.findings.append(Finding(name, None, None, FOUT, "schema",
                                            "het schema kan dit bestand niet controleren "
                                            f"({type(exc).__name__}); herstel het schema."))
            checker.unchecked(doc)
    checker.cross(loaded.regio, loaded.districten)
    from mhcli.places import check_register_gemeenten

    # Name and CBS code of every gemeente agree with the CBS list (README 'Referentiegegevens'):
    # a code that belongs to another gemeente is an error (a lookup by code would answer for
    # the wrong one); a code the list does not know may be newer than the list: a warning.
    checker.findings.extend(
        f._replace(niveau=WAARSCHUWING) if f.code == "cbs-onbekend" else f
        for f in check_register_gemeenten(loaded.districten))
    return sort_findings(checker.findings)
