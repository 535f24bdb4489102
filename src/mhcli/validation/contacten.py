"""Whom to call, as invariants no register can break: 112 for acute danger, and the national
numbers exactly as the table that ships with mhcli (``mhcli.nummers``) gives them.

Every contact in regio.yaml is a national line: the register shows it to everyone, in "Wie belt
u" and in the steps of a route. So a contact whose id the table does not know is an error too,
not a warning: its number would reach every reader without a reviewed source. A number that is
not national (a Zorg- en Veiligheidshuis, an aandachtsfunctionaris) has no place in `contacten`;
none is known (they stay "onbekend"), and one that becomes known needs its own field and rule.
"""

from __future__ import annotations

from mhcli.findings import FOUT
from mhcli.nummers import ALARMNUMMER, landelijke_nummers
from mhcli.validation.context import Context, Regel

ACUUT_NIET_112 = Regel(
    "acuut-niet-112", FOUT, "Bij acuut gevaar niet 112",
    "Bij acuut gevaar is het nummer altijd 112: elk contact in "
    "`signaalroute.bij_acuut_gevaar.contacten` heeft telefoon 112, en zo staat 112 bovenaan "
    "'Wie belt u' van elke route. Zet daar het alarmnummer (contact `alarmnummer`); andere "
    "nummers horen onder `ook_melden`.")
LANDELIJK_NUMMER = Regel(
    "landelijk-nummer", FOUT, "Landelijk nummer wijkt af van de tabel",
    "Het nummer van een landelijke lijn (politie, Arbeidsinspectie, Meld Misdaad Anoniem, "
    "CoMensha, Veilig Thuis, 112), en het nummer vanuit het buitenland waar een bron dat geeft, "
    "staat vast in de tabel die met mhcli wordt meegeleverd "
    "(src/mhcli/referentie/landelijke_nummers.csv, elk nummer met zijn bron). Een wijziging van "
    "het register alleen kan het niet veranderen. Is het nummer echt veranderd, dan is dat een "
    "codewijziging van mhcli met de nieuwe bron, die een tweede beoordelaar ziet.")
NUMMER_ONBEKEND = Regel(
    "nummer-onbekend", FOUT, "Contact staat niet in de tabel van landelijke nummers",
    "Elk contact in `contacten` is een landelijke lijn die mhcli aan iedereen toont; dit "
    "contact (dit id) staat niet in de meegeleverde tabel. Een nieuw landelijk nummer komt er "
    "met zijn openbare bron in via een codewijziging van mhcli; een nummer dat niet landelijk is "
    "hoort niet in `contacten`.")

TITEL = "Wie u belt: 112 en de landelijke nummers"

REGELS = (ACUUT_NIET_112, LANDELIJK_NUMMER, NUMMER_ONBEKEND)

ACUUT = ("signaalroute", "bij_acuut_gevaar", "contacten")
TABLE_PATH = "src/mhcli/referentie/landelijke_nummers.csv"


def check(ctx: Context) -> None:
    regio = ctx.regio
    if regio is None:
        return
    table = landelijke_nummers()
    telefoon: dict[str, tuple[int, str]] = {}  # contact id -> (index, number)
    for i, _item in ctx.items(regio, ("contacten",)):
        ident = ctx.text(regio, ("contacten", i, "id"))
        number = ctx.text(regio, ("contacten", i, "telefoon"))
        if ident is None or number is None:
            continue
        telefoon.setdefault(ident, (i, number))
        known = table.get(ident)
        if known is None:
            ctx.add(regio, ("contacten", i, "id"), NUMMER_ONBEKEND,
                    f"contacten[{i + 1}]: contact '{ident}' (telefoon {number}) staat niet in de "
                    f"tabel van landelijke nummers die met mhcli wordt meegeleverd ({TABLE_PATH}); "
                    "een nieuw landelijk nummer komt daar met zijn bron in, via een "
                    "codewijziging van mhcli.")
            continue
        if number != known.telefoon:
            ctx.add(regio, ("contacten", i, "telefoon"), LANDELIJK_NUMMER,
                    f"contacten[{i + 1}].telefoon: het nummer van {known.naam} is "
                    f"{known.telefoon} (bron: {known.bron_url}), niet {number}. Een landelijk "
                    f"nummer verandert alleen in {TABLE_PATH}, met een codewijziging van mhcli.")
        abroad = ctx.text(regio, ("contacten", i, "telefoon_buitenland"))
        if abroad is not None and abroad != known.telefoon_buitenland:
            should = (f"is {known.telefoon_buitenland} (bron: {known.bron_url})"
                      if known.telefoon_buitenland else "staat niet in de tabel")
            ctx.add(regio, ("contacten", i, "telefoon_buitenland"), LANDELIJK_NUMMER,
                    f"contacten[{i + 1}].telefoon_buitenland: het nummer van {known.naam} vanuit "
                    f"het buitenland {should}, niet {abroad}. Een landelijk nummer verandert "
                    f"alleen in {TABLE_PATH}, met een codewijziging van mhcli.")
    for n, ident in enumerate(ctx.get(regio, ACUUT) or []):
        if not isinstance(ident, str) or ident not in telefoon:
            continue  # an unknown reference is reported as such
        i, number = telefoon[ident]
        if number != ALARMNUMMER:
            ctx.add(regio, (*ACUUT, n), ACUUT_NIET_112,
                    f"signaalroute.bij_acuut_gevaar.contacten[{n + 1}]: contact '{ident}' heeft "
                    f"telefoon {number}; bij acuut gevaar is het nummer altijd {ALARMNUMMER}. "
                    "Noem hier het alarmnummer; andere nummers horen onder ook_melden.",
                    zie_ook=(ctx.plek(regio, ("contacten", i, "telefoon")),))
