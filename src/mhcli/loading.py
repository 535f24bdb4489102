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

import errno
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mhcli.findings import FOUT, WAARSCHUWING, Finding, display_path

# Only the loaders' event parsers are used (get_event and friends), never their constructors.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

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


@dataclass
class Document:
    """One parsed YAML file: its data and where each value and key stands."""

    display: str
    data: Any
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> Position | None:
        """The position of the value (or key) at ``path``, else of its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return None


class _Stop(Exception):
    """Ends the reading of one document; the finding says why."""

    def __init__(self, line: int | None, col: int | None, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.code, self.message = line, col, code, message


def _mark(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


def _resolve_plain(value: str, pos: Position) -> Any:
    if _NULL.match(value):
        return None
    if _TRUE.match(value):
        return True
    if _FALSE.match(value):
        return False
    if _LEADING_ZERO.match(value):
        raise _Stop(
            *pos,
            "voorloopnul",
            f"'{value}' staat zonder aanhalingstekens en wordt als getal gelezen "
            f"(de voorloopnul verdwijnt). Zet de waarde tussen aanhalingstekens: \"{value}\".",
        )
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

    def __init__(self, parser: Any, doc: Document) -> None:
        self.parser = parser
        self.doc = doc

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
        self.doc.positions[path] = pos
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and event.tag is None:
                return _resolve_plain(event.value, pos)
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
            if not isinstance(event, yaml.ScalarEvent):
                raise _Stop(*pos, "sleutel", "een sleutel moet gewone tekst zijn, geen lijst "
                            "of mapping.")
            key = event.value  # a key keeps its literal text: `no:` stays 'no'
            key_path = (*path, key)
            if key in result:
                first = self.doc.key_positions[key_path]
                raise _Stop(*pos, "dubbele-sleutel",
                            f"sleutel '{key}' komt twee keer voor; de eerste staat op regel "
                            f"{first[0]}, kolom {first[1]}. Verwijder of hernoem er één.")
            self.doc.key_positions[key_path] = pos
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


def dotted(path: tuple[Any, ...]) -> str:
    """('gemeenten', 3, 'naam') -> 'gemeenten[4].naam' (items counted from 1, as people do)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _line_col(text: str, index: int) -> Position:
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


def parse_yaml(content: bytes, display: str) -> tuple[Document | None, list[Finding]]:
    """Parse one YAML file into a Document, or say why it cannot be read."""

    Where = tuple[int | None, int | None]

    def problem(at: Where, code: str, message: str) -> list[Finding]:
        return [Finding(display, at[0], at[1], FOUT, code, message)]

    if len(content) > MAX_BYTES:
        return None, problem((None, None), "te-groot", f"het bestand is groter dan "
                             f"{MAX_BYTES // (1024 * 1024)} MiB; dat is geen registerbestand.")
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
    doc = Document(display, None)
    parser = _Parser(text)
    try:
        try:
            parser.get_event()  # stream start
            parser.get_event()  # document start
            doc.data = _Builder(parser, doc).node((), 0)
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
    if not isinstance(doc.data, dict):
        kind = "een lijst" if isinstance(doc.data, list) else "een losse waarde"
        return None, problem((1, 1), "geen-mapping", f"het document is {kind}; verwacht een "
                             "mapping met sleutels zoals 'id' en 'naam'.")
    return doc, []


# --- the register on disk ---------------------------------------------------------------------

REGIO = "regio.yaml"
DISTRICTEN = "districten"


@dataclass
class RawFile:
    rel: str
    display: str
    content: bytes


@dataclass
class RawRegister:
    """The bytes of every register file, gathered from a folder or a git revision."""

    label: str
    files: list[RawFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _read_bytes(path: Path, display: str) -> bytes | Finding:
    def finding(code: str, message: str) -> Finding:
        return Finding(display, None, None, FOUT, code, message)

    try:
        if path.is_dir():
            return finding("map-in-plaats-van-bestand", "dit is een map, geen bestand; "
                           "verwacht een YAML-bestand.")
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return finding("bestand-ontbreekt", "het bestand bestaat niet.")
    except PermissionError:
        return finding("onleesbaar", "geen leesrechten op dit bestand.")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return finding("symlink-lus", "de symbolische koppeling verwijst naar zichzelf "
                           "(een lus); verwijs naar een echt bestand.")
        return finding("onleesbaar", f"het bestand kan niet gelezen worden ({exc.strerror}).")


def _district_entries(folder: Path) -> Iterator[Path] | Finding:
    display = display_path(folder)
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        return Finding(display, None, None, FOUT, "map-ontbreekt",
                       "de map 'districten' ontbreekt; elk district heeft daarin een bestand.")
    except NotADirectoryError:
        return Finding(display, None, None, FOUT, "geen-map",
                       "'districten' is een bestand; verwacht een map met districtbestanden.")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Finding(display, None, None, FOUT, "symlink-lus",
                           "de symbolische koppeling verwijst naar zichzelf (een lus).")
        return Finding(display, None, None, FOUT, "onleesbaar",
                       f"de map kan niet gelezen worden ({exc.strerror}).")
    return iter(entries)


def read_folder(data_dir: Path) -> RawRegister:
    """Gather the register files below ``data_dir`` (regio.yaml and districten/*.yaml)."""
    label = display_path(data_dir)
    raw = RawRegister(label)
    if not data_dir.exists() and not data_dir.is_symlink():
        raw.findings.append(Finding(label, None, None, FOUT, "map-ontbreekt",
                                    "de registermap bestaat niet; geef met --data de map die "
                                    "regio.yaml en districten/ bevat."))
        return raw
    regio = _read_bytes(data_dir / REGIO, display_path(data_dir / REGIO))
    if isinstance(regio, Finding):
        raw.findings.append(regio)
    else:
        raw.files.append(RawFile(REGIO, display_path(data_dir / REGIO), regio))
    entries = _district_entries(data_dir / DISTRICTEN)
    if isinstance(entries, Finding):
        raw.findings.append(entries)
        return raw
    for entry in entries:
        if entry.name.startswith("."):
            continue
        display = display_path(entry)
        if entry.suffix == ".yml":
            raw.findings.append(Finding(display, None, None, WAARSCHUWING, "extensie",
                                        "dit bestand wordt overgeslagen; districtbestanden "
                                        "eindigen op .yaml."))
            continue
        if entry.suffix != ".yaml":
            continue
        content = _read_bytes(entry, display)
        if isinstance(content, Finding):
            raw.findings.append(content)
        else:
            raw.files.append(RawFile(f"{DISTRICTEN}/{entry.name}", display, content))
    return raw


@dataclass
class LoadedRegister:
    """The parsed documents of a register and every problem met while reading them."""

    regio: Document | None
    districten: list[tuple[str, Document]]
    findings: list[Finding]
    district_files: list[str] = field(default_factory=list)  # stems, readable or not


def parse_register(raw: RawRegister) -> LoadedRegister:
    findings = list(raw.findings)
    regio: Document | None = None
    districten: list[tuple[str, Document]] = []
    stems = [Path(f.bestand).stem for f in raw.findings if "/districten/" in f.bestand]
    for item in raw.files:
        doc, problems = parse_yaml(item.content, item.display)
        findings.extend(problems)
        if item.rel == REGIO:
            regio = doc
        else:
            stems.append(Path(item.rel).stem)
            if doc is not None:
                districten.append((Path(item.rel).stem, doc))
    if not stems and not any(f.code in ("map-ontbreekt", "geen-map") for f in findings):
        findings.append(Finding(f"{raw.label}/{DISTRICTEN}", None, None, FOUT, "geen-districten",
                                "er staan geen districtbestanden (*.yaml) in deze map."))
    return LoadedRegister(regio, districten, findings, stems)
