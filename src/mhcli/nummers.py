"""The national phone numbers mhcli vouches for, whatever a register says.

The table ``referentie/landelijke_nummers.csv`` ships with mhcli, each number with its public
source. A register's ``contacten`` are shown to everyone as whom to call, so their numbers must
agree with it (``mhcli valideer``, rule family ``contacten``): a change to a register alone
cannot alter a national number; changing one is a reviewed change to this table.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mhcli.errors import EXIT_BUG, MhcliError

TABLE = Path(__file__).with_name("referentie") / "landelijke_nummers.csv"
ALARMNUMMER = "112"
_COLUMNS = ["id", "telefoon", "telefoon_buitenland", "naam", "bron_titel", "bron_url",
            "geraadpleegd"]


@dataclass(frozen=True)
class Nummer:
    id: str  # the id a register's contact has: 'politie'
    telefoon: str  # exactly as shown: '0900-8844'
    telefoon_buitenland: str  # from abroad, exactly as shown; '' where no source gives one
    naam: str
    bron_titel: str
    bron_url: str
    geraadpleegd: str


def _broken(what: str) -> MhcliError:
    return MhcliError(f"de tabel van landelijke nummers ({TABLE}) is onleesbaar ({what}); "
                      "installeer mhcli opnieuw.", exit_code=EXIT_BUG)


@cache
def landelijke_nummers() -> dict[str, Nummer]:
    """Every national line by the id of its contact."""
    try:
        with TABLE.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _broken(str(exc)) from None
    if not rows or rows[0] != _COLUMNS:
        raise _broken("onverwachte kolommen")
    found: dict[str, Nummer] = {}
    for row in rows[1:]:
        optional = _COLUMNS.index("telefoon_buitenland")
        if len(row) != len(_COLUMNS) or not all(cell.strip() == cell and (cell or i == optional)
                                                for i, cell in enumerate(row)):
            raise _broken(f"regel {row}")
        nummer = Nummer(*row)
        if nummer.id in found or not nummer.bron_url.startswith("https://"):
            raise _broken(f"{nummer.id}: dubbel of zonder https-bron")
        found[nummer.id] = nummer
    if len({n.telefoon for n in found.values()}) != len(found):
        raise _broken("een nummer staat er twee keer in")
    return found
