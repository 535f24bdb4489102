"""Names people can trust: nothing hidden, one script, no lookalikes, and no shell characters.

The checks on the text of one name and between names are ``mhcli.namecheck``'s; this family
applies them to every name in the register and adds the rule for the names a shell sees: those
of gemeenten and districten, which tab completion offers (``mhcli district Zee<Tab>``).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from mhcli.findings import FOUT
from mhcli.parsed import Document, dotted
from mhcli.validation.context import Context, Regel

ONZICHTBAAR_TEKEN = Regel(
    "onzichtbaar-teken", FOUT, "Onzichtbaar teken of stuurteken in een naam",
    "De naam bevat een teken dat niemand ziet: een zero-width space, een zachte koppelstreep, "
    "een harde spatie, een tab, een regeleinde of een ander stuurteken. Twee namen die gelijk "
    "lijken zouden dan verschillen. Typ de naam opnieuw zonder dat teken.")
NAAM_NIET_NFC = Regel(
    "naam-niet-nfc", FOUT, "Naam niet in NFC-vorm",
    "Een letter met accent staat als letter plus los accent (NFD). Typ de letter met accent "
    "opnieuw of sla het bestand op als NFC.")
GEMENGD_SCHRIFT = Regel(
    "gemengd-schrift", FOUT, "Naam mengt schriften",
    "De naam mengt bijvoorbeeld Latijnse en Cyrillische letters (een Cyrillische 'Т' in "
    "'Тholen'); zo'n naam ziet er goed uit maar wordt nooit gevonden. Typ hem opnieuw in één "
    "schrift.")
VERWISSELBARE_NAAM = Regel(
    "verwisselbare-naam", FOUT, "Naam lijkt op een andere naam",
    "Twee namen in het register zien er (bijna) hetzelfde uit maar zijn anders gespeld: I en "
    "l, 0 en O, rn en m, of letters uit een ander schrift (Unicode's tabel van verwisselbare "
    "tekens, UTS #39). Hoofdletters tellen niet als verschil. De melding noemt beide plaatsen; "
    "gebruik de juiste spelling.")
NAAM_TEKEN = Regel(
    "naam-teken", FOUT, "Teken dat niet in een plaatsnaam hoort",
    "De naam van een gemeente of district bestaat uit letters, cijfers, spaties en de tekens "
    "- ' ’ . en , (zoals in 's-Hertogenbosch of Nuenen, Gerwen en Nederwetten). Tekens als $, "
    "`, \\, ;, |, &, <, >, haakjes en aanhalingstekens horen niet in een plaatsnaam en kunnen in "
    "een shell iets uitvoeren als een naam via tab-aanvulling op de opdrachtregel komt. Schrijf "
    "de naam zoals het CBS hem spelt, zonder toevoeging tussen haakjes.")

TITEL = "Namen"

REGELS = (ONZICHTBAAR_TEKEN, NAAM_NIET_NFC, GEMENGD_SCHRIFT, VERWISSELBARE_NAAM, NAAM_TEKEN)

_BY_CODE = {regel.code: regel for regel in REGELS}
# Besides letters, combining marks and digits: what Dutch place names use (CBS list).
PLACE_NAME_MARKS = frozenset(" -'’.,")


def _odd_characters(name: str) -> list[str]:
    return list(dict.fromkeys(
        ch for ch in name
        if ch not in PLACE_NAME_MARKS and unicodedata.category(ch)[0] not in "LM"
        and unicodedata.category(ch) != "Nd"))


def place_names(ctx: Context) -> list[tuple[Document, tuple[Any, ...]]]:
    """Where the names of gemeenten and districten stand: the names completion offers."""
    found: list[tuple[Document, tuple[Any, ...]]] = []
    for _, doc in ctx.districten:
        found.append((doc, ("naam",)))
        found.extend((doc, ("gemeenten", i, "naam")) for i, _ in ctx.items(doc, ("gemeenten",)))
    if ctx.regio is not None:
        found.extend((ctx.regio, ("regio", "niet_genoemde_gemeenten", i, "naam"))
                     for i, _ in ctx.items(ctx.regio, ("regio", "niet_genoemde_gemeenten")))
    return found


def check(ctx: Context) -> None:
    from mhcli import namecheck

    docs = ctx.documents()
    located = [(n, path, name) for n, doc in enumerate(docs)
               for path, name in namecheck.names_in(doc.data) if ctx.ok(doc, path)]
    for problem in namecheck.check(located, lambda n, path: ctx.where(docs[n], path)):
        also = (ctx.plek(docs[problem.other[0]], problem.other[1]),) if problem.other else ()
        ctx.add(docs[problem.doc], problem.path, _BY_CODE[problem.code],
                f"{dotted(problem.path)}: {problem.message}", zie_ook=also)
    for doc, path in place_names(ctx):
        name = ctx.text(doc, path)
        if name is None or any(code == ONZICHTBAAR_TEKEN.code
                               for code, _ in namecheck.problems_in(name)):
            continue  # a control or other hidden character is reported as such
        odd = _odd_characters(name)
        if odd:
            quoted = [f"'{ch}'" for ch in odd]
            shown = (f"het teken {quoted[0]}" if len(quoted) == 1
                     else f"de tekens {', '.join(quoted[:-1])} en {quoted[-1]}")
            ctx.add(doc, path, NAAM_TEKEN,
                    f"{dotted(path)}: de naam '{name}' bevat {shown}; een plaatsnaam bestaat uit "
                    "letters, cijfers, spaties en - ' ’ . , en niets dat een shell iets laat "
                    "doen. Schrijf de naam zoals de bron en het CBS hem spellen.")
