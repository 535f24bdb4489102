"""Rule family 'verouderd': sources and numbers that nobody has checked for too long.

One notion of age for both: the date of the last check. For a source that is the later of
``geraadpleegd`` (when the facts were taken from it) and ``gecontroleerd_op`` (when someone last
confirmed it still says them). For a contact it is the later of its own ``gecontroleerd_op`` and
its source's last check: a number read from a source was checked on the day the source was.
So a contact without a date of its own is never "unchecked"; it is as old as its source, and the
source's warning names it. One limit (``mhcli valideer --max-leeftijd``, 12 months) holds for all.

Codes, all warnings (they never stop a query; ``--strikt`` makes them fail):

- ``bron-verouderd``: a source's last check is at least the limit ago; names the numbers that
  rest on it.
- ``contact-verouderd``: a contact's own ``gecontroleerd_op`` is its last check and is at least
  the limit ago.
- ``datum-in-de-toekomst``: a ``gecontroleerd_op`` after today, a typo that would silence the
  other two for years; that date is ignored.

Called from ``mhcli.validation`` with its checker (only the three methods of ``Checker`` below).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Protocol

from mhcli.findings import WAARSCHUWING
from mhcli.parsed import Document

CODES = {
    "bron-verouderd": "een bron is te lang niet gecontroleerd",
    "contact-verouderd": "een nummer is te lang niet gecontroleerd",
    "datum-in-de-toekomst": "een controledatum ligt na vandaag",
}
DEFAULT_MAANDEN = 12


class Checker(Protocol):
    """What this rule needs from the validator: well-formed values, and a way to report."""

    def get(self, doc: Document, path: tuple[Any, ...]) -> Any: ...

    def items(self, doc: Document, path: tuple[Any, ...]
              ) -> Iterator[tuple[int, dict[str, Any]]]: ...

    def add(self, doc: Document, path: tuple[Any, ...], code: str, message: str,
            *, level: str = ..., key: bool = ...) -> None: ...


def months_between(since: date, today: date) -> int:
    """Whole months from ``since`` to ``today`` (2026-01-31 to 2026-02-28: 0)."""
    months = (today.year - since.year) * 12 + today.month - since.month
    return months - 1 if today.day < since.day else months


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check(checker: Checker, regio: Document, vandaag: date, max_maanden: int) -> None:
    """Report every source and contact in ``regio`` whose last check is too old."""

    def checked_on(path: tuple[Any, ...]) -> date | None:
        """The gecontroleerd_op at ``path``, unless it lies in the future (then reported)."""
        datum = _date(checker.get(regio, path))
        if datum is not None and datum > vandaag:
            checker.add(regio, path, "datum-in-de-toekomst",
                        f"'gecontroleerd_op' ({datum.isoformat()}) ligt na vandaag "
                        f"({vandaag.isoformat()}); een controle kan niet in de toekomst liggen. "
                        "Zet de datum waarop er echt is gecontroleerd.", level=WAARSCHUWING)
            return None
        return datum

    # Per source: (date of the last check, the field that holds it).
    sources: dict[str, tuple[date, str]] = {}
    for i, _ in checker.items(regio, ("bronnen",)):
        ident = checker.get(regio, ("bronnen", i, "id"))
        found = [(d, field) for d, field in
                 ((_date(checker.get(regio, ("bronnen", i, "geraadpleegd"))), "geraadpleegd"),
                  (checked_on(("bronnen", i, "gecontroleerd_op")), "gecontroleerd_op"))
                 if d is not None]
        if isinstance(ident, str) and found:
            sources[ident] = max(found)  # on the same day, gecontroleerd_op names the check
    resting: dict[str, list[str]] = {}
    for j, contact in checker.items(regio, ("contacten",)):
        own = checked_on(("contacten", j, "gecontroleerd_op"))
        bron_id = contact.get("bron")
        source = sources.get(bron_id) if isinstance(bron_id, str) else None
        label = f"{contact.get('naam', '?')} ({contact.get('telefoon', '?')})"
        if own is None or (source is not None and source[0] >= own):
            if source is not None:
                resting.setdefault(str(bron_id), []).append(label)
            continue
        months = months_between(own, vandaag)
        if months >= max_maanden:
            checker.add(regio, ("contacten", j, "gecontroleerd_op"), "contact-verouderd",
                        f"het nummer van {label} is op {own.isoformat()} voor het laatst "
                        f"gecontroleerd, {months} maanden geleden (grens: {max_maanden}). Kijk "
                        "het na en werk 'gecontroleerd_op' bij.", level=WAARSCHUWING)
    for i, item in checker.items(regio, ("bronnen",)):
        ident = item.get("id")
        if not isinstance(ident, str) or ident not in sources:
            continue
        datum, field = sources[ident]
        months = months_between(datum, vandaag)
        if months < max_maanden:
            continue
        if field == "geraadpleegd":
            message = (f"bron '{ident}' is op {datum.isoformat()} geraadpleegd en sindsdien niet "
                       f"gecontroleerd, {months} maanden geleden (grens: {max_maanden}). Kijk na "
                       "of zij nog zegt wat het register eruit haalt en zet die datum in "
                       "'gecontroleerd_op'.")
        else:
            message = (f"bron '{ident}' is op {datum.isoformat()} voor het laatst gecontroleerd, "
                       f"{months} maanden geleden (grens: {max_maanden}). Kijk haar opnieuw na "
                       "en werk 'gecontroleerd_op' bij.")
        if resting.get(ident):
            message += f" Even oud zijn de nummers uit deze bron: {', '.join(resting[ident])}."
        checker.add(regio, ("bronnen", i, field), "bron-verouderd", message, level=WAARSCHUWING)
