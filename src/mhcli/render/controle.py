"""The outcome of ``mhcli controleer`` as text, markdown (for an issue) and GitHub annotations.

Everything a server said (an address it redirected to, a number on its page) is as untrusted as
register text: it goes through the same escaping (``safe.clean``, ``markdown.escape``), and an
address becomes a link only as a percent-encoded ``<http(s)://...>`` autolink.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from mhcli.controle import (
    GEVONDEN,
    KAPOT,
    LET_OP,
    NIET_GEVONDEN,
    NIET_TE_CONTROLEREN,
    OK,
    ONTBREEKT,
    BronUitslag,
    Controle,
    NummerUitslag,
)
from mhcli.findings import FOUT, WAARSCHUWING, Finding
from mhcli.render.sheet import Section, Sheet
from mhcli.safe import clean_line
from mhcli.safe import markdown_literal as escape

_LABELS = {KAPOT: "kapot", LET_OP: "let op", OK: "ok", ONTBREEKT: "zonder adres"}
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"
NO_CONNECTION = ("Geen enkele bron gaf antwoord: waarschijnlijk ligt het aan de verbinding van "
                 "deze computer, niet aan de bronnen. Probeer het later opnieuw.")


def summary(c: Controle) -> str:
    bronnen = ", ".join(f"{n} {_LABELS[s]}" for s, n in c.telling().items() if n) or "geen"
    nummers = ", ".join(f"{n} {s}" for s, n in c.nummer_telling().items() if n) or "geen"
    return f"bronnen: {bronnen}; nummers: {nummers}"


def _source_line(b: BronUitslag) -> str:
    head = f"{b.id}: {b.url}" if b.url else f"{b.id}: {b.titel}"
    return f"{head} - {'; '.join(b.redenen)} ({b.plek})" if b.redenen else head


def _number_line(n: NummerUitslag) -> str:
    bron = f" (bron: {n.bron})" if n.bron else ""
    why = f" - {n.reden}" if n.reden else ""
    return f"{n.telefoon}, {n.naam}{bron}{why} ({n.plek})"


def sheet(c: Controle) -> Sheet:
    doc = Sheet("Controle van de bronnen en nummers", f"{c.datum}: {summary(c)}.")
    if not c.verbinding:
        doc.nadruk.append(NO_CONNECTION)
    groups: list[tuple[str, list[str]]] = [
        ("Kapot", [_source_line(b) for b in c.bronnen if b.status == KAPOT]),
        ("Nummers niet gevonden", [_number_line(n) for n in c.nummers
                                   if n.status == NIET_GEVONDEN]),
        ("Let op", [_source_line(b) for b in c.bronnen if b.status == LET_OP]),
        ("Nummers niet te controleren", [_number_line(n) for n in c.nummers
                                         if n.status == NIET_TE_CONTROLEREN]),
        ("Bronnen in orde", [_source_line(b) for b in c.bronnen if b.status == OK]),
        ("Bronnen zonder adres", [_source_line(b) for b in c.bronnen if b.status == ONTBREEKT]),
        ("Nummers gevonden", [_number_line(n) for n in c.nummers if n.status == GEVONDEN]),
    ]
    doc.secties = [Section(f"{title} ({len(lines)})", regels=lines)
                   for title, lines in groups if lines]
    return doc


def link(url: str | None) -> str:
    """An address as a markdown autolink (percent-encoded, so it cannot leave the link or a
    table cell), or as escaped text when it is not http(s)."""
    if not url:
        return ""
    if not url.lower().startswith(("http://", "https://")):
        return escape(url)
    return "<" + quote(url, safe=_URL_SAFE) + ">"


def _cell(text: str) -> str:
    return escape(text) or " "


def _code(text: str) -> str:
    """A file:line as a code span that stays in its table cell."""
    return "`" + clean_line(text).replace("`", "").replace("|", "\\|") + "`"


def _sources_table(rows: list[BronUitslag]) -> list[str]:
    out = ["| Status | Bron | Adres | Wat | Waar |", "|---|---|---|---|---|"]
    out += [f"| {_cell(b.status)} | {_cell(b.id)} | {link(b.url) or _cell(b.titel)} | "
            f"{_cell('; '.join(b.redenen))} | {_code(b.plek)} |" for b in rows]
    return [*out, ""]


def _numbers_table(rows: list[NummerUitslag]) -> list[str]:
    out = ["| Uitkomst | Nummer | Contact | Bron | Wat | Waar |", "|---|---|---|---|---|---|"]
    out += [f"| {_cell(n.status)} | {_cell(n.telefoon)} | {_cell(n.naam)} | "
            f"{_cell(n.bron or '')} | {_cell(n.reden or '')} | {_code(n.plek)} |"
            for n in rows]
    return [*out, ""]


def markdown(c: Controle, register: dict[str, Any] | None = None) -> str:
    """For a person reading an issue: what needs action first, what is fine folded away."""
    out = ["## Controle van de bronnen en nummers", ""]
    where = ""
    if register is not None:
        where = (f" Register: commit `{str(register['commit'])[:12]}`." if register.get("commit")
                 else f" Register: `{register.get('inhoud', '?')}`.")
    out += [f"Gecontroleerd op {c.datum} met `mhcli controleer`.{where}", "",
            f"**{escape(summary(c).capitalize())}.**", ""]
    if not c.verbinding:
        out += [f"> **Let op:** {escape(NO_CONNECTION)}", ""]
    action = [b for b in c.bronnen if b.status == KAPOT]
    missing = [n for n in c.nummers if n.status == NIET_GEVONDEN]
    if action or missing:
        out += ["### Vraagt actie", ""]
        out += _sources_table(action) if action else []
        out += _numbers_table(missing) if missing else []
    attention = [b for b in c.bronnen if b.status == LET_OP]
    unchecked = [n for n in c.nummers if n.status == NIET_TE_CONTROLEREN]
    if attention or unchecked:
        out += ["### Let op", ""]
        out += _sources_table(attention) if attention else []
        out += _numbers_table(unchecked) if unchecked else []
    fine = [b for b in c.bronnen if b.status in (OK, ONTBREEKT)]
    found = [n for n in c.nummers if n.status == GEVONDEN]
    if fine or found:
        out += [f"<details><summary>In orde: {len(fine)} bronnen, {len(found)} nummers"
                "</summary>", ""]
        out += _sources_table(fine) if fine else []
        out += _numbers_table(found) if found else []
        out += ["</details>", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def findings(c: Controle) -> list[Finding]:
    """Annotations for a CI log: kapot is an error, let op and a missing number a warning."""
    out: list[Finding] = []
    for b in c.bronnen:
        if b.status in (KAPOT, LET_OP):
            out.append(Finding(b.bestand, b.regel, None, FOUT if b.status == KAPOT
                               else WAARSCHUWING, f"bron-{b.status.replace(' ', '-')}",
                               f"bron '{b.id}' ({b.url}): {'; '.join(b.redenen)}"))
    for n in c.nummers:
        if n.status == NIET_GEVONDEN:
            out.append(Finding(n.bestand, n.regel, None, WAARSCHUWING, "nummer-niet-gevonden",
                               f"{n.telefoon} ({n.naam}): {n.reden}"))
    return out
