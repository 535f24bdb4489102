"""A register diff as text and as markdown for a pull-request comment."""

from mhcli.diff import Verschil
from mhcli.render.markdown import escape
from mhcli.render.safe import clean

_SECTIONS = (("Gemeenten", {"gemeente"}), ("Districten", None),
             ("Regio, programma, partners, contacten en bronnen",
              {"programma", "regio", "partner", "organisatie", "contact", "vorm", "bron",
               "signaalroute"}))


def _grouped(v: Verschil) -> list[tuple[str, list[str]]]:
    out = []
    for title, subjects in _SECTIONS:
        lines = [w.melding for w in v.wijzigingen
                 if (w.onderwerp in subjects if subjects is not None else
                     w.onderwerp not in {s for _, group in _SECTIONS if group for s in group})]
        if lines:
            out.append((title, lines))
    return out


def text(v: Verschil) -> str:
    lines = [f"Register: {clean(v.oud)} -> {clean(v.nieuw)}"]
    lines += [f"LET OP: {clean(w)}" for w in v.waarschuwingen]
    if not v.gewijzigd:
        lines.append("Geen wijzigingen in het register.")
        return "\n".join(lines) + "\n"
    if v.route:
        lines += ["", "Gevolgen voor de route van signalen"]
        lines += [f"  - {clean(r.melding)}" for r in v.route]
    for title, items in _grouped(v):
        lines += ["", title]
        lines += [f"  - {clean(item)}" for item in items]
    return "\n".join(lines) + "\n"


def markdown(v: Verschil) -> str:
    lines = [f"### mhcli: wat deze wijziging betekent ({escape(v.oud)} → {escape(v.nieuw)})", ""]
    lines += [f"> **Let op:** {escape(w)}" for w in v.waarschuwingen]
    if v.waarschuwingen:
        lines.append("")
    if not v.gewijzigd:
        return "\n".join([*lines, "Geen wijzigingen in het register.", ""])
    if v.route:
        lines += ["#### Gevolgen voor de route van signalen", ""]
        lines += ["| Gemeenten | Stap | Was | Wordt |", "|---|---|---|---|"]
        for r in v.route:
            for step in r.stappen:
                lines.append(f"| {escape(', '.join(r.gemeenten))} | {escape(step['titel'])} | "
                             f"{escape(step['oud'])} | {escape(step['nieuw'])} |")
        lines.append("")
    for title, items in _grouped(v):
        lines += [f"#### {title}", ""]
        lines += [f"- {escape(item)}" for item in items]
        lines.append("")
    return "\n".join(lines)
