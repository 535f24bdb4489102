"""Schema errors in Dutch: each jsonschema error becomes a finding at the value (or key) it names.

Which values broke their schema is recorded in the context, so that the rules after this one skip
exactly those values and nothing more.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError

from mhcli.findings import FOUT
from mhcli.parsed import Document, dotted
from mhcli.validation.context import Context, Regel

ONTBREKENDE_SLEUTEL = Regel(
    "ontbrekende-sleutel", FOUT, "Verplichte sleutel ontbreekt",
    "Het schema eist deze sleutel. Voeg hem toe; de beschrijving in het schema (ook als hulptekst "
    "in de editor) zegt wat erin hoort.")
ONBEKENDE_SLEUTEL = Regel(
    "onbekende-sleutel", FOUT, "Onbekende sleutel",
    "Het schema kent deze sleutel niet; de melding noemt de sleutels die wel mogen. Meestal een "
    "tikfout of een sleutel op het verkeerde niveau (inspringing).")
TYPE = Regel(
    "type", FOUT, "Verkeerd soort waarde",
    "De waarde is van een andere soort dan het schema vraagt: tekst, een geheel getal, een lijst "
    "of een mapping. Codes, telefoonnummers en datums zijn tekst: zet ze tussen aanhalingstekens. "
    "Jaren en aantallen zijn gehele getallen: 2024, niet 2024.0.")
WAARDE = Regel(
    "waarde", FOUT, "Waarde niet toegestaan",
    "Het schema noemt de waarden die mogen (zoals de provincies); kies er een uit de melding.")
VORM = Regel(
    "vorm", FOUT, "Waarde heeft niet de juiste vorm",
    "De tekst past niet in het patroon van het schema, zoals 'GM' en vier cijfers voor een "
    "CBS-code of kleine letters en koppeltekens voor een id. Een regeleinde aan het eind telt "
    "mee: \"GM0716\\n\" is geen CBS-code.")
FORMAAT = Regel(
    "formaat", FOUT, "Geen geldige datum of webadres",
    "Een datum is een bestaande dag als JJJJ-MM-DD; een webadres is een geldige URI (RFC 3986) "
    "die met http:// of https:// begint, zonder spaties of tekens als < en >; een letter buiten "
    "ASCII staat erin zoals een browser hem verstuurt (ö als %C3%B6).")
TE_KORT = Regel(
    "te-kort", FOUT, "Lijst te kort",
    "De lijst moet minstens zoveel items hebben als de melding zegt.")
DUBBEL_IN_LIJST = Regel(
    "dubbel-in-lijst", FOUT, "Waarde dubbel in een lijst",
    "Een lijst die het schema uniek wil, bevat een waarde meer dan eens; haal de herhaling weg.")
TE_LANG = Regel(
    "te-lang", FOUT, "Tekst te lang",
    "De tekst is langer dan het schema toestaat (of, bij een eigen schema, langer dan een "
    "patroon controleert).")
LEEG = Regel(
    "leeg", FOUT, "Lege tekst",
    "De tekst mag niet leeg zijn; vul hem in of laat de sleutel weg als hij niet verplicht is.")
BEREIK = Regel(
    "bereik", FOUT, "Getal buiten het bereik",
    "Het getal ligt buiten wat het schema toestaat, zoals een jaar voor 1990 of na 2100.")
SCHEMAREGEL = Regel(
    "schema", FOUT, "Schema kapot of regel zonder uitleg",
    "Het schema naast het register is geen bruikbaar JSON Schema (de melding zegt waar), of een "
    "eigen schema gebruikt een regel waarvoor mhcli geen Nederlandse uitleg heeft; dan volgt de "
    "Engelse tekst van jsonschema. Herstel het schema of neem het meegeleverde over.")
TE_VEEL_FOUTEN = Regel(
    "te-veel-fouten", FOUT, "Meer dan 100 schemafouten",
    "Het bestand heeft zoveel schemafouten dat de rest niet wordt gemeld en niet wordt gebruikt. "
    "Herstel eerst deze; meestal is het bestand van een ander soort (geen register).")

TITEL = "Schema"

REGELS = (ONTBREKENDE_SLEUTEL, ONBEKENDE_SLEUTEL, TYPE, WAARDE, VORM, FORMAAT, TE_KORT,
          DUBBEL_IN_LIJST, TE_LANG, LEEG, BEREIK, SCHEMAREGEL, TE_VEEL_FOUTEN)

MAX_SCHEMA_FINDINGS = 100  # per register file

_TYPES = {
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "array": "een lijst",
    "object": "een mapping",
    "boolean": "true of false",
    "null": "leeg",
}

# A key that is missing or unknown, or a list that is too short or repeats itself, says nothing
# against the values that are there: the rules may still read them.
_NOT_MALFORMING = (ONTBREKENDE_SLEUTEL, ONBEKENDE_SLEUTEL, DUBBEL_IN_LIJST, TE_KORT)


def _visible(text: str) -> str:
    """``text`` with control and format characters written as escapes: 'GM0716\\n'."""
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def _as_sent(address: str) -> str:
    """``address`` with each character outside ASCII percent-encoded as UTF-8."""
    from urllib.parse import quote

    return "".join(quote(ch) if not ch.isascii() else ch for ch in address)


def _is_uri(address: str) -> bool:
    from jsonschema import Draft202012Validator

    return bool(Draft202012Validator.FORMAT_CHECKER.conforms(address, "uri"))


def _kind(value: Any) -> str:
    if value is None:
        return "een lege waarde"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    if isinstance(value, str):
        return f"de tekst '{_visible(value)}'"
    if isinstance(value, list):
        return "een lijst"
    return "een mapping"


@dataclass
class _Problem:
    path: tuple[Any, ...]
    key: bool
    regel: Regel
    message: str


def _explain(error: ValidationError) -> list[_Problem]:
    """One jsonschema error in Dutch, pointing at the value (or the key) it is about."""
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    inst = error.instance
    rule = str(error.validator)
    rule_value: Any = error.validator_value
    hint = schema.get("description")
    if rule == "required":
        missing = [k for k in rule_value if isinstance(inst, dict) and k not in inst]
        return [_Problem(path, False, ONTBREKENDE_SLEUTEL, f"verplichte sleutel '{k}' ontbreekt.")
                for k in missing]
    if rule == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        return [_Problem((*path, k), True, ONBEKENDE_SLEUTEL,
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
        elif expected == "integer" and isinstance(inst, float):
            message += (f" Schrijf een geheel getal zonder punt, zoals {int(inst)}."
                        if inst.is_integer() else " Een jaar of aantal is een geheel getal.")
        return [_Problem(path, False, TYPE, message)]
    if rule == "enum":
        options = ", ".join(str(v) for v in rule_value)
        return [_Problem(path, False, WAARDE,
                         f"{_kind(inst)} is niet toegestaan; kies uit: {options}.")]
    if rule == "pattern":
        message = f"{_kind(inst)} heeft niet de juiste vorm."
        if isinstance(inst, str) and inst != inst.strip():
            message += " Er staat witruimte of een regeleinde aan het begin of eind."
        return [_Problem(path, False, VORM, f"{message} {hint}" if hint else message)]
    if rule == "format":
        what = {"date": "geldige datum (JJJJ-MM-DD)", "uri": "geldig webadres"}
        message = f"{_kind(inst)} is geen {what.get(rule_value, rule_value)}."
        if rule_value == "uri" and isinstance(inst, str) and not inst.isascii():
            sent = _as_sent(inst)
            if _is_uri(sent):
                message += (" Letters buiten ASCII staan in een webadres zoals een browser ze "
                            f"verstuurt: schrijf '{sent}'.")
        return [_Problem(path, False, FORMAAT, message)]
    if rule == "minItems":
        return [_Problem(path, False, TE_KORT,
                         f"de lijst moet minstens {rule_value} "
                         f"item{'s' if rule_value != 1 else ''} bevatten.")]
    if rule == "uniqueItems":
        return [_Problem(path, False, DUBBEL_IN_LIJST, "de lijst bevat een waarde meer dan eens.")]
    if rule == "maxLength":
        return [_Problem(path, False, TE_LANG, f"de tekst is langer dan {rule_value} tekens.")]
    if rule == "minLength":
        return [_Problem(path, False, LEEG, "de tekst mag niet leeg zijn.")]
    if rule in ("minimum", "maximum"):
        word = "minstens" if rule == "minimum" else "hoogstens"
        return [_Problem(path, False, BEREIK, f"{_kind(inst)} moet {word} {rule_value} zijn.")]
    return [_Problem(path, False, SCHEMAREGEL, error.message)]  # pragma: no cover


def check_document(ctx: Context, doc: Document, validator: Any) -> None:
    """The schema's findings about ``doc``, with the malformed values recorded in ``ctx``."""
    bad = ctx.malformed.setdefault(id(doc), set())
    for count, error in enumerate(validator.iter_errors(doc.data)):
        if count == MAX_SCHEMA_FINDINGS:
            # Bounded work and readable output; what is left unchecked is not used.
            ctx.add(doc, (), TE_VEEL_FOUTEN, f"meer dan {MAX_SCHEMA_FINDINGS} schemafouten in "
                    "dit bestand; de rest wordt niet gemeld. Herstel deze eerst.")
            ctx.unchecked(doc)
            return
        for problem in _explain(error):
            shown = problem.path[:-1] if problem.key else problem.path
            where = f"{dotted(shown)}: " if shown else ""
            ctx.add(doc, problem.path, problem.regel, where + problem.message, key=problem.key)
            if problem.regel not in _NOT_MALFORMING:
                bad.add(problem.path)
