"""A register diff as text, and as markdown for a pull-request comment."""

from __future__ import annotations

from mhcli.diff import ARROW, SECTIES, Verschil, Wijziging
from mhcli.render.markdown import escape
from mhcli.safe import one_line

ROUTE = "Gevolgen voor de route"
_NO_ROUTE = ("geen: waar signalen heen gaan en wie men belt, blijft voor elke gemeente "
             "hetzelfde")
_FOLD_NAMES = 5  # a route line for more gemeenten folds their names in markdown
_FOLD_LINES = 12  # a section with more lines folds in markdown

def _md(text: object) -> str:
    """Register text as literal markdown that pings nobody and links no issue (markdown.escape
    is the one escaping path for markdown)."""
    return escape(text)


def _sections(v: Verschil) -> list[tuple[str, list[Wijziging]]]:
    return [(title, items) for title in SECTIES
            if (items := [w for w in v.wijzigingen if w.sectie == title])]


def text(v: Verschil) -> str:
    # One line per change: a line break in a value shows as \n (a change may be only that).
    lines = [f"Register: {one_line(v.oud)} {ARROW} {one_line(v.nieuw)}"]
    lines += [f"LET OP: {one_line(w)}" for w in v.waarschuwingen]
    if not v.gewijzigd:
        lines.append("Geen wijzigingen in het register.")
        return "\n".join(lines) + "\n"
    lines += ["", ROUTE]
    lines += [f"  - {one_line(r.melding)}" for r in v.route] or [f"  - {_NO_ROUTE}"]
    for title, items in _sections(v):
        lines += ["", title]
        lines += [f"  - {one_line(w.melding)}" for w in items]
    return "\n".join(lines) + "\n"


def markdown(v: Verschil) -> str:
    lines = [f"### mhcli: wat deze wijziging betekent ({_md(v.oud)} {ARROW} {_md(v.nieuw)})",
             ""]
    lines += [f"> **Let op:** {_md(w)}" for w in v.waarschuwingen]
    if v.waarschuwingen:
        lines.append("")
    if not v.gewijzigd:
        return "\n".join([*lines, "Geen wijzigingen in het register.", ""])
    lines += [f"#### {ROUTE}", ""]
    for r in v.route:
        if len(r.gemeenten) > _FOLD_NAMES:
            joint = " " if r.wat.startswith("krijgen ") else ": "
            lines += [f"- Signalen uit **{_md(r.wie)}**{joint}{_md(r.wat)}",
                      f"  <details><summary>{len(r.gemeenten)} gemeenten</summary>", "",
                      f"  {_md(', '.join(r.gemeenten))}", "", "  </details>"]
        else:
            lines.append(f"- {_md(r.melding)}")
    if not v.route:
        lines.append(f"- {_md(_NO_ROUTE)}")
    lines.append("")
    for title, items in _sections(v):
        lines += [f"#### {_md(title)}", ""]
        body = [f"- {_md(w.melding)}" for w in items]
        if len(body) > _FOLD_LINES:
            body = [f"<details><summary>{len(body)} wijzigingen</summary>", "", *body, "",
                    "</details>"]
        lines += [*body, ""]
    return "\n".join(lines)
