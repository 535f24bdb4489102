"""Checking a register: JSON Schema per file, then the checks that span files.

Imports jsonschema at module level on purpose: only commands that really validate import this
module (queries on a register already known to be valid never do; see ``cache``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from mhcli.errors import EXIT_REGISTER, MhcliError
from mhcli.findings import FOUT, WAARSCHUWING, Finding, sort_findings
from mhcli.names import normalize
from mhcli.source import Document, LoadedRegister, dotted

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
    if rule == "minLength":
        return [_SchemaProblem(path, False, "leeg", "de tekst mag niet leeg zijn.")]
    if rule in ("minimum", "maximum"):
        word = "minstens" if rule == "minimum" else "hoogstens"
        return [_SchemaProblem(path, False, "bereik",
                               f"{_kind(inst)} moet {word} {rule_value} zijn.")]
    return [_SchemaProblem(path, False, "schema", error.message)]  # pragma: no cover


@dataclass(frozen=True)
class Schemas:
    regio: dict[str, Any]
    district: dict[str, Any]


def load_schemas(folder: Path) -> Schemas:
    def read(name: str) -> dict[str, Any]:
        path = folder / name
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise MhcliError(f"{path}: het schema kan niet gelezen worden ({exc}); herstel het "
                             "of installeer mhcli opnieuw.", exit_code=EXIT_REGISTER) from None
        if not isinstance(schema, dict):
            raise MhcliError(f"{path}: het schema is geen JSON-object.", exit_code=EXIT_REGISTER)
        return schema

    return Schemas(read("regio.schema.json"), read("district.schema.json"))


class _Checker:
    def __init__(self, loaded: LoadedRegister, vandaag: date, max_bron_maanden: int) -> None:
        self.loaded = loaded
        self.vandaag = vandaag
        self.max_bron_maanden = max_bron_maanden
        self.findings: list[Finding] = list(loaded.findings)

    def add(self, doc: Document, path: tuple[Any, ...], code: str, message: str,
            *, level: str = FOUT, key: bool = False) -> None:
        pos = doc.position(path, key=key)
        line, col = pos if pos else (None, None)
        self.findings.append(Finding(doc.display, line, col, level, code, message))

    def where(self, doc: Document, path: tuple[Any, ...]) -> str:
        pos = doc.position(path)
        return f"{doc.display}:{pos[0]}:{pos[1]}" if pos else doc.display

    # --- schema ----------------------------------------------------------------------------
    def schema(self, doc: Document, schema: dict[str, Any]) -> bool:
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        ok = True
        for error in validator.iter_errors(doc.data):
            for problem in _explain(error):
                ok = False
                shown = problem.path[:-1] if problem.key else problem.path
                where = f"{dotted(shown)}: " if shown else ""
                self.add(doc, problem.path, problem.code, where + problem.message,
                         key=problem.key)
        return ok

    # --- across files ----------------------------------------------------------------------
    def ids(self, doc: Document, section: str) -> dict[str, tuple[Any, ...]]:
        """The ids declared in a list section of regio.yaml, with duplicates reported."""
        found: dict[str, tuple[Any, ...]] = {}
        items = doc.data.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
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
        known = {s: self.ids(regio, s) for s in
                 ("partners", "organisaties", "vormen", "contacten", "bronnen")} if regio else None
        docs = ([regio] if regio else []) + [doc for _, doc in districten]
        if known is not None:
            for doc in docs:
                for path, kind, value in _references(doc.data):
                    if value not in known[kind]:
                        options = ", ".join(sorted(known[kind])) or "(geen)"
                        self.add(doc, path, "onbekende-verwijzing",
                                 f"{dotted(path)}: '{value}' staat niet in '{kind}' van "
                                 f"regio.yaml; bekend zijn: {options}.")
        self.districts(regio, districten)
        self.gemeenten(regio, districten)
        self.plans(districten)
        self.trekkers(districten)
        if regio is not None:
            self.bronnen(regio)

    def districts(self, regio: Document | None, districten: list[tuple[str, Document]]) -> None:
        seen: dict[str, Document] = {}
        for stem, doc in districten:
            ident = doc.data.get("id")
            if not isinstance(ident, str):
                continue
            if ident != stem:
                self.add(doc, ("id",), "bestandsnaam",
                         f"het district heet '{ident}' maar het bestand '{stem}.yaml'; noem het "
                         f"bestand '{ident}.yaml' of pas het id aan.")
            seen[ident] = doc
        listed = regio.data.get("regio", {}) if regio else {}
        order = listed.get("districten") if isinstance(listed, dict) else None
        if regio is None or not isinstance(order, list) or not self.loaded.district_files:
            return  # no district files at all is a finding of its own
        for i, ident in enumerate(order):
            # A district whose file exists but is broken has its own findings already.
            if isinstance(ident, str) and ident not in seen \
                    and ident not in self.loaded.district_files:
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
        for _, doc in districten:
            district = doc.data.get("id", "?")
            items = doc.data.get("gemeenten")
            for i, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, dict):
                    continue
                total += 1
                naam, code = item.get("naam"), item.get("cbs_code")
                if isinstance(naam, str):
                    key = normalize(naam)
                    if key in names:
                        other_doc, other_path, other_district = names[key]
                        where = ("in hetzelfde district" if other_district == district
                                 else f"ook in district '{other_district}'")
                        self.add(doc, ("gemeenten", i, "naam"), "dubbele-gemeente",
                                 f"'{naam}' staat {where} ({self.where(other_doc, other_path)}). "
                                 "Een gemeente hoort bij één district.")
                    else:
                        names[key] = (doc, ("gemeenten", i, "naam"), str(district))
                if isinstance(code, str):
                    if code in codes:
                        other_doc, other_path, _ = codes[code]
                        self.add(doc, ("gemeenten", i, "cbs_code"), "dubbele-cbs-code",
                                 f"CBS-code {code} staat ook bij een andere gemeente "
                                 f"({self.where(other_doc, other_path)}); elke code is uniek.")
                    else:
                        codes[code] = (doc, ("gemeenten", i, "cbs_code"), str(district))
        if regio is None or not isinstance(regio.data.get("regio"), dict):
            return
        region = regio.data["regio"]
        unnamed = region.get("niet_genoemde_gemeenten")
        for i, item in enumerate(unnamed if isinstance(unnamed, list) else []):
            naam = item.get("naam") if isinstance(item, dict) else None
            if isinstance(naam, str) and normalize(naam) in names:
                other_doc, other_path, _ = names[normalize(naam)]
                self.add(regio, ("regio", "niet_genoemde_gemeenten", i, "naam"),
                         "dubbele-gemeente", f"'{naam}' staat als niet genoemde gemeente, maar "
                         f"ook in een district ({self.where(other_doc, other_path)}).")
        stated = region.get("aantal_gemeenten")
        complete = len(districten) == len(self.loaded.district_files)  # else the count lies
        if isinstance(stated, int) and not isinstance(stated, bool) and complete \
                and stated != total:
            message = (f"de bron noemt {stated} gemeenten, het register somt er {total} op "
                       f"(verschil {stated - total}).")
            unnamed_names = [u.get("naam") for u in (unnamed or []) if isinstance(u, dict)]
            if unnamed_names and len(unnamed_names) == stated - total:
                message += (" Niet genoemd, vermoedelijk (afgeleid, niet bevestigd): "
                            f"{', '.join(str(n) for n in unnamed_names)}.")
            self.add(regio, ("regio", "aantal_gemeenten"), "aantal-gemeenten", message,
                     level=WAARSCHUWING)

    def plans(self, districten: list[tuple[str, Document]]) -> None:
        for _, doc in districten:
            items = doc.data.get("plannen")
            for i, plan in enumerate(items if isinstance(items, list) else []):
                if not isinstance(plan, dict):
                    continue
                van, tot, titel = plan.get("van"), plan.get("tot"), plan.get("titel", "?")
                if isinstance(van, int) and isinstance(tot, int) and van > tot:
                    self.add(doc, ("plannen", i, "tot"), "plan-jaren",
                             f"plan '{titel}' loopt van {van} tot {tot}: het eindjaar ligt vóór "
                             "het beginjaar.")
                elif isinstance(tot, int) and tot < self.vandaag.year:
                    self.add(doc, ("plannen", i, "tot"), "plan-verlopen",
                             f"plan '{titel}' liep tot en met {tot} en is verlopen; leg een "
                             "opvolger vast zodra een bron die noemt.", level=WAARSCHUWING)

    def trekkers(self, districten: list[tuple[str, Document]]) -> None:
        for _, doc in districten:
            items = doc.data.get("trekkers")
            for i, trekker in enumerate(items if isinstance(items, list) else []):
                uit = trekker.get("uit_functie") if isinstance(trekker, dict) else None
                datum = _as_date(uit.get("datum")) if isinstance(uit, dict) else None
                if datum is not None and datum <= self.vandaag:
                    naam = trekker.get("volledige_naam") or trekker.get("naam") or "?"
                    self.add(doc, ("trekkers", i, "uit_functie", "datum"), "trekker-uit-functie",
                             f"trekker {naam} ({trekker.get('functie', '?')}) heeft die functie "
                             f"op {datum.isoformat()} verlaten; de vermelding is verouderd. Leg "
                             "de opvolger vast zodra een bron die noemt.", level=WAARSCHUWING)

    def bronnen(self, regio: Document) -> None:
        items = regio.data.get("bronnen")
        for i, bron in enumerate(items if isinstance(items, list) else []):
            datum = _as_date(bron.get("geraadpleegd")) if isinstance(bron, dict) else None
            if datum is None:
                continue
            months = (self.vandaag.year - datum.year) * 12 + self.vandaag.month - datum.month
            if self.vandaag.day < datum.day:
                months -= 1
            if months >= self.max_bron_maanden:
                self.add(regio, ("bronnen", i, "geraadpleegd"), "bron-verouderd",
                         f"bron '{bron.get('id', '?')}' is op {datum.isoformat()} voor het laatst "
                         f"geraadpleegd, {months} maanden geleden (grens: "
                         f"{self.max_bron_maanden}); raadpleeg haar opnieuw en werk de datum bij.",
                         level=WAARSCHUWING)


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
    """Every finding about a register: loading, schema, and the checks across files."""
    checker = _Checker(loaded, vandaag, max_bron_maanden)
    regio = loaded.regio
    regio_ok = regio is not None and checker.schema(regio, schemas.regio)
    districten_ok = [(stem, doc) for stem, doc in loaded.districten
                     if checker.schema(doc, schemas.district)]
    # Cross-file checks read only files that passed their schema, so one broken value does
    # not set off a cascade of follow-up findings.
    checker.cross(regio if regio_ok else None, districten_ok)
    return sort_findings(checker.findings)
