"""Reading the register's YAML with positions, and nothing that YAML could do behind our back.

The register is read event by event from libyaml (or PyYAML's pure-Python parser), and built
into plain data here rather than by PyYAML's constructors, so that:
- duplicate keys are reported with both positions instead of the last one silently winning;
- anchors, aliases and tags such as ``!!python/object`` are refused the moment they appear, so an
  alias bomb never expands and no tag ever constructs anything;
- plain scalars follow the YAML 1.2 core schema (``no`` stays text, ``2024-09-01`` stays text),
  and a number with a leading zero such as ``0716`` is an error that says to quote it;
- every value and key keeps its line and column, for findings that point at the right place.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from mhcli.findings import FOUT, Finding
from mhcli.parsed import Document, LoadedRegister, Path_, Position
from mhcli.source import DISTRICTEN, MAX_BYTES, REGIO, RawRegister, too_large

# Only the loaders' event parsers are used (get_event and friends), never their constructors.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
# Values (keys included) in the whole register. The real register has about 1,100, one 100
# times its size about 52,000; each costs some 250 bytes once parsed, so this bounds the
# parsed register to some 50 MB whatever the bytes look like (README, 'Grenzen').
MAX_VALUES = 200_000


class Budget:
    """The values left for one register, shared by all its files."""

    def __init__(self) -> None:
        self.left = MAX_VALUES

_NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Stop(Exception):
    """Ends the reading of one document; the finding says why."""

    def __init__(self, line: int | None, col: int | None, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.code, self.message = line, col, code, message


def _mark(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


# Python refuses to turn longer digit strings into an int (a guard against quadratic work);
# no value in the register comes anywhere near it.
MAX_DIGITS = 4000


def _resolve_plain(value: str, pos: Position, key: object = None) -> Any:
    if _NULL.match(value):
        return None
    if _TRUE.match(value):
        return True
    if _FALSE.match(value):
        return False
    if _LEADING_ZERO.match(value):
        # A CBS code is 'GM' and four digits: quoting alone would still fail its pattern.
        fix = f"GM{value}" if key == "cbs_code" and len(value) == 4 else value
        raise _Stop(
            *pos,
            "voorloopnul",
            f"'{value}' staat zonder aanhalingstekens en wordt als getal gelezen "
            f"(de voorloopnul verdwijnt). Zet de waarde tussen aanhalingstekens: \"{fix}\".",
        )
    if _INT.match(value) and len(value) > MAX_DIGITS:
        raise _Stop(*pos, "getal-te-groot", f"een getal van {len(value.lstrip('+-'))} cijfers "
                    f"(meer dan {MAX_DIGITS}); geen waarde in het register is zo groot. Zet "
                    "tekst tussen aanhalingstekens of verwijder het getal.")
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


class _Builder:
    """Builds plain data from parser events, recording positions and refusing what we never use."""

    def __init__(self, parser: Any, budget: Budget, lenient: bool = False) -> None:
        self.parser = parser
        self.budget = budget
        self.positions: dict[Path_, Position] = {}
        self.key_positions: dict[Path_, Position] = {}
        self.lenient = lenient
        self.kept: list[_Stop] = []  # lenient: values kept as written, and why they are wrong

    def count(self, pos: Position) -> None:
        self.budget.left -= 1
        if self.budget.left < 0:
            raise _Stop(*pos, "te-veel-waarden", f"het register heeft meer dan {MAX_VALUES:,} "
                        "waarden (sleutels meegeteld); mhcli leest niet verder. Het echte "
                        "register heeft er zo'n duizend: staat hier iets dat er niet hoort?"
                        .replace(",", "."))

    def check(self, event: Any, pos: Position, depth: int) -> None:
        """Refuse aliases, anchors, foreign tags and runaway nesting where they appear."""
        if isinstance(event, yaml.AliasEvent):
            raise _Stop(*pos, "alias", f"alias '*{event.anchor}' is niet toegestaan in het "
                        "register; schrijf de waarde voluit.")
        if getattr(event, "anchor", None):
            raise _Stop(*pos, "anker", f"anker '&{event.anchor}' is niet toegestaan in het "
                        "register; schrijf waarden voluit in plaats van ze te hergebruiken.")
        tag = getattr(event, "tag", None)
        if tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!") if isinstance(tag, str) else tag
            raise _Stop(*pos, "tag", f"tag '{shown}' is niet toegestaan in het register; "
                        "laat de tag weg en schrijf een gewone waarde.")
        if depth > MAX_DEPTH:
            raise _Stop(*pos, "te-diep", f"de structuur is dieper genest dan {MAX_DEPTH} "
                        "niveaus; het register heeft zo'n diepte nooit nodig.")

    def node(self, path: Path_, depth: int) -> Any:
        event = self.parser.get_event()
        pos = _mark(event.start_mark)
        self.check(event, pos, depth)
        self.count(pos)
        self.positions[path] = pos
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and event.tag is None:
                try:
                    return _resolve_plain(event.value, pos, path[-1] if path else None)
                except _Stop as stop:
                    if not self.lenient:
                        raise
                    self.kept.append(stop)
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not self.parser.check_event(yaml.SequenceEndEvent):
                items.append(self.node((*path, len(items)), depth + 1))
            self.parser.get_event()
            return items
        return self.mapping(path, depth)

    def mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not self.parser.check_event(yaml.MappingEndEvent):
            event = self.parser.get_event()
            pos = _mark(event.start_mark)
            self.check(event, pos, depth + 1)
            self.count(pos)
            if not isinstance(event, yaml.ScalarEvent):
                raise _Stop(*pos, "sleutel", "een sleutel moet gewone tekst zijn, geen lijst "
                            "of mapping.")
            key = event.value  # a key keeps its literal text: `no:` stays 'no'
            key_path = (*path, key)
            if key in result:
                first = self.key_positions[key_path]
                raise _Stop(*pos, "dubbele-sleutel",
                            f"sleutel '{key}' komt twee keer voor; de eerste staat op regel "
                            f"{first[0]}, kolom {first[1]}. Verwijder of hernoem er één.")
            self.key_positions[key_path] = pos
            result[key] = self.node(key_path, depth + 1)
        self.parser.get_event()
        return result


_SYNTAX_HINTS = (
    ("control characters", "een stuurteken (zoals ESC) staat letterlijk in het bestand; "
     "verwijder het"),
    ("found character '\\t'", "een tab in de inspringing; YAML springt in met spaties"),
    ("mapping values are not allowed", "een ':' op een plek waar dat niet mag; zet tekst met "
     "een dubbele punt tussen aanhalingstekens"),
    ("expected '-' indicator", "de inspringing klopt niet; lijstitems beginnen met '- ' op "
     "dezelfde diepte"),
    ("expected key", "de inspringing klopt niet; sleutels van één mapping staan even ver in"),
    ("could not find expected ':'", "een sleutel zonder ':' erachter"),
    ("expected ',' or ']'", "een lijst tussen [ ] is niet afgesloten"),
    ("expected ',' or '}'", "een mapping tussen { } is niet afgesloten"),
    ("found unexpected end of stream", "het bestand eindigt midden in een waarde; sluit "
     "aanhalingstekens en haakjes af"),
)


def _syntax_message(problem: object) -> str:
    """libyaml's problem, with what it usually means in Dutch."""
    text = str(problem or "onbekend probleem").strip()
    for needle, hint in _SYNTAX_HINTS:
        if needle in text:
            return f"ongeldige YAML: {hint} (parser: {text})."
    return f"ongeldige YAML (parser: {text}); controleer deze regel en de regel erboven."


def _line_col(text: str, index: int) -> Position:
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


def parse_yaml(content: bytes, display: str, budget: Budget | None = None, *,
               lenient: bool = False) -> tuple[Document | None, list[Finding]]:
    """Parse one YAML file into a Document, or say why it cannot be read. ``budget``: the
    values the register has left (a file alone gets MAX_VALUES).

    ``lenient``: a value that is wrong on its own (an unquoted number with a leading zero)
    is kept as the text it was written as, and the Document comes with its findings; for
    ``mhcli diff``, where one such value must not hide every other change in its file."""

    Where = tuple[int | None, int | None]

    def problem(at: Where, code: str, message: str) -> list[Finding]:
        return [Finding(display, at[0], at[1], FOUT, code, message)]

    if len(content) > MAX_BYTES:
        return None, problem((None, None), "te-groot", too_large(len(content)))
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = content[: exc.start].decode("utf-8")
        line, col = _line_col(before, len(before))
        return None, problem((line, col), "codering", "ongeldige UTF-8 (byte "
                             f"0x{content[exc.start]:02x}); sla het bestand op als UTF-8.")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, problem((1, 1), "leeg-bestand", "het bestand is leeg; verwacht een mapping "
                             "met sleutels zoals 'id' en 'naam'.")
    parser = _Parser(text)
    builder = _Builder(parser, budget if budget is not None else Budget(), lenient)
    try:
        try:
            parser.get_event()  # stream start
            parser.get_event()  # document start
            data = builder.node((), 0)
            parser.get_event()  # document end
            if not parser.check_event(yaml.StreamEndEvent):
                extra = _mark(parser.peek_event().start_mark)
                raise _Stop(*extra, "meerdere-documenten", "het bestand bevat meer dan één "
                            "YAML-document ('---'); een registerbestand is één document.")
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()
    except _Stop as stop:
        return None, problem((stop.line, stop.col), stop.code, stop.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at: Where = _mark(mark) if mark is not None else (None, None)
        return None, problem(at, "yaml-syntaxis", _syntax_message(exc.problem or exc.context))
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        at = _line_col(text, position) if isinstance(position, int) else (None, None)
        reason = getattr(exc, "reason", None) or str(exc)
        return None, problem(at, "yaml-syntaxis", _syntax_message(reason))
    if not isinstance(data, dict):
        kind = "een lijst" if isinstance(data, list) else "een losse waarde"
        return None, problem((1, 1), "geen-mapping", f"het document is {kind}; verwacht een "
                             "mapping met sleutels zoals 'id' en 'naam'.")
    kept = [problem((stop.line, stop.col), stop.code, stop.message)[0] for stop in builder.kept]
    return Document(display, data, builder.positions, builder.key_positions), kept


def parse_register(raw: RawRegister, *, lenient: bool = False,
                   seen: dict[bytes, Document] | None = None) -> LoadedRegister:
    """Every file of ``raw`` parsed (``lenient``: see parse_yaml). ``seen``: documents by
    content, for reading many revisions of one register (mhcli geschiedenis): a file parsed
    without a problem before is not parsed again, and keeps the name of where it was first
    read."""
    findings = list(raw.findings)
    regio: Document | None = None
    districten: list[tuple[str, Document]] = []
    budget = Budget()
    for item in raw.files:
        if budget.left < 0:  # the file that ran out says so; the rest is not parsed
            continue
        doc = seen.get(item.content) if seen is not None else None
        problems: list[Finding] = []
        if doc is None:
            doc, problems = parse_yaml(item.content, item.display, budget, lenient=lenient)
            if seen is not None and doc is not None and not problems:
                seen[item.content] = doc
        findings.extend(problems)
        if item.rel == REGIO:
            regio = doc
        elif doc is not None:
            districten.append((Path(item.rel).stem, doc))
    if not raw.district_files and not any(f.code in ("map-ontbreekt", "geen-map")
                                          for f in findings):
        findings.append(Finding(f"{raw.label}/{DISTRICTEN}", None, None, FOUT, "geen-districten",
                                "er staan geen districtbestanden (*.yaml) in deze map."))
    return LoadedRegister(regio, districten, findings, list(raw.district_files))
