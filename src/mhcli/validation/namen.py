"""Names people can trust: nothing hidden, one script, no lookalikes.

The checks on the text of one name and between names are ``mhcli.namecheck``'s; this family
applies them to every name in the register.
"""

from __future__ import annotations

from mhcli.findings import FOUT
from mhcli.parsed import dotted
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
    "tekens, UTS #39). De melding noemt beide plaatsen; gebruik de juiste spelling.")

TITEL = "Namen"

REGELS = (ONZICHTBAAR_TEKEN, NAAM_NIET_NFC, GEMENGD_SCHRIFT, VERWISSELBARE_NAAM)

_BY_CODE = {regel.code: regel for regel in REGELS}


def check(ctx: Context) -> None:
    from mhcli import namecheck

    docs = ctx.documents()
    located = [(n, path, name) for n, doc in enumerate(docs)
               for path, name in namecheck.names_in(doc.data) if ctx.ok(doc, path)]
    for problem in namecheck.check(located, lambda n, path: ctx.where(docs[n], path)):
        also = (ctx.plek(docs[problem.other[0]], problem.other[1]),) if problem.other else ()
        ctx.add(docs[problem.doc], problem.path, _BY_CODE[problem.code],
                f"{dotted(problem.path)}: {problem.message}", zie_ook=also)
