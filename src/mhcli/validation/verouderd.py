"""Sources and numbers that nobody has checked for too long (rule family 'verouderd').

One notion of age for both: the date of the last check. For a source that is the later of
``geraadpleegd`` (when the facts were taken from it) and ``gecontroleerd_op`` (when someone last
confirmed it still says them). For a contact it is the later of its own ``gecontroleerd_op`` and
its source's last check: a number read from a source was checked on the day the source was.
So a contact without a date of its own is never "unchecked"; it is as old as its source, and the
source's warning names it. One limit (``mhcli valideer --max-leeftijd``, 12 months) holds for all.

All three codes are warnings: they never stop a query; ``--strikt`` makes them fail.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mhcli.findings import WAARSCHUWING
from mhcli.validation.context import Context, Regel, as_date

BRON_VEROUDERD = Regel(
    "bron-verouderd", WAARSCHUWING, "Bron te lang niet gecontroleerd",
    "De laatste controle van de bron (de latere van `geraadpleegd` en `gecontroleerd_op`) is "
    "minstens `--max-leeftijd` maanden geleden (standaard 12). Kijk na of zij nog zegt wat het "
    "register eruit haalt, werk het register bij als dat niet zo is, en zet de datum van de "
    "controle in `gecontroleerd_op`. De melding noemt de nummers die op de bron rusten.")
CONTACT_VEROUDERD = Regel(
    "contact-verouderd", WAARSCHUWING, "Nummer te lang niet gecontroleerd",
    "Het nummer heeft een eigen `gecontroleerd_op` die later is dan de controle van zijn bron, "
    "en die is minstens `--max-leeftijd` maanden geleden. Kijk het nummer na (`mhcli "
    "controleer` zoekt het op de pagina van de bron) en werk `gecontroleerd_op` bij.")
DATUM_IN_DE_TOEKOMST = Regel(
    "datum-in-de-toekomst", WAARSCHUWING, "Controledatum na vandaag",
    "Een `gecontroleerd_op` ligt na vandaag: een tikfout die de andere twee waarschuwingen "
    "jarenlang zou stilhouden. mhcli negeert die datum; zet de datum waarop er echt is "
    "gecontroleerd.")

TITEL = "Verouderd"

REGELS = (BRON_VEROUDERD, CONTACT_VEROUDERD, DATUM_IN_DE_TOEKOMST)


def months_between(since: date, today: date) -> int:
    """Whole months from ``since`` to ``today`` (2026-01-31 to 2026-02-28: 0)."""
    months = (today.year - since.year) * 12 + today.month - since.month
    return months - 1 if today.day < since.day else months


def check(ctx: Context) -> None:
    """Report every source and contact in regio.yaml whose last check is too old."""
    regio, vandaag, max_maanden = ctx.regio, ctx.vandaag, ctx.max_bron_maanden
    if regio is None:
        return

    def checked_on(path: tuple[Any, ...]) -> date | None:
        """The gecontroleerd_op at ``path``, unless it lies in the future (then reported)."""
        datum = as_date(ctx.get(regio, path))
        if datum is not None and datum > vandaag:
            ctx.add(regio, path, DATUM_IN_DE_TOEKOMST,
                        f"'gecontroleerd_op' ({datum.isoformat()}) ligt na vandaag "
                        f"({vandaag.isoformat()}); een controle kan niet in de toekomst liggen. "
                        "Zet de datum waarop er echt is gecontroleerd.")
            return None
        return datum

    # Per source: (date of the last check, the field that holds it).
    sources: dict[str, tuple[date, str]] = {}
    for i, _ in ctx.items(regio, ("bronnen",)):
        ident = ctx.get(regio, ("bronnen", i, "id"))
        found = [(d, field) for d, field in
                 ((as_date(ctx.get(regio, ("bronnen", i, "geraadpleegd"))), "geraadpleegd"),
                  (checked_on(("bronnen", i, "gecontroleerd_op")), "gecontroleerd_op"))
                 if d is not None]
        if isinstance(ident, str) and found:
            sources[ident] = max(found)  # on the same day, gecontroleerd_op names the check
    resting: dict[str, list[str]] = {}
    for j, contact in ctx.items(regio, ("contacten",)):
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
            ctx.add(regio, ("contacten", j, "gecontroleerd_op"), CONTACT_VEROUDERD,
                        f"het nummer van {label} is op {own.isoformat()} voor het laatst "
                        f"gecontroleerd, {months} maanden geleden (grens: {max_maanden}). Kijk "
                        "het na en werk 'gecontroleerd_op' bij.")
    for i, item in ctx.items(regio, ("bronnen",)):
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
        ctx.add(regio, ("bronnen", i, field), BRON_VEROUDERD, message)
