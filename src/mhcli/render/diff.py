"""A register diff as text, and as markdown for a pull-request comment.

Both open with the summary (counts, then the sensitive changes that ask for a second
reviewer), then what changes on the route, then the rest by section. Text wraps at the
terminal's width; markdown folds long lists and long lines, so the comment reads at a glance.
"""

from __future__ import annotations

from mhcli.changes import ARROW, SECTIES, RouteWijziging, Verschil, Wijziging
from mhcli.gitsource import short
from mhcli.render.layout import wrap
from mhcli.safe import markdown_literal as escape
from mhcli.safe import one_line

ROUTE = "Gevolgen voor de route"
GEVOELIG = "Gevoelig: vraag een tweede reviewer"
_NO_CHANGE = "Geen wijzigingen in het register, de schema's of de referentiegegevens."
_NO_ROUTE = ("geen: waar signalen heen gaan en wie men belt, blijft voor elke gemeente en "
             "woonplaats hetzelfde")
_FOLD_NAMES = 5  # a route line for more gemeenten folds their names in markdown
_FOLD_LINES = 12  # a section with more lines folds in markdown
_LONG = 240  # a markdown line longer than this shows its start, the whole folded below


def _md(text: object) -> str:
    """Register text as literal markdown that pings nobody and links no issue (markdown.escape
    is the one escaping path for markdown)."""
    return escape(text)


def _count(number: int, one: str, more: str) -> str:
    return f"{number} {one if number == 1 else more}"


def samenvatting(v: Verschil) -> str:
    """One sentence: how many changes, how many sensitive, whose route changes."""
    counts = v.samenvatting()
    said = _count(counts["wijzigingen"], "wijziging", "wijzigingen")
    if counts["gevoelig"]:
        said += f", waarvan {counts['gevoelig']} gevoelig"
    who = [_count(counts["gemeenten"], "gemeente", "gemeenten") if counts["gemeenten"] else "",
           _count(counts["woonplaatsen"], "woonplaats", "woonplaatsen")
           if counts["woonplaatsen"] else ""]
    who = [w for w in who if w]
    route = f"de route verandert voor {' en '.join(who)}" if who else \
        "de route blijft overal hetzelfde"
    return f"Samenvatting: {said}; {route}."


def _sections(v: Verschil) -> list[tuple[str, list[Wijziging]]]:
    """The sections, without the sensitive changes (they open the diff)."""
    return [(title, items) for title in SECTIES
            if (items := [w for w in v.wijzigingen if w.sectie == title and not w.gevoelig])]


def _sensitive_line(w: Wijziging) -> str:
    return f"{w.gevoelig}: {w.melding}"


def text(v: Verschil, width: int | None = None) -> str:
    if width is None:
        from mhcli.streams import terminal_width

        width = terminal_width()
    # A line break in a value shows as \\n (a change may be only that), then the text wraps.
    lines = [f"Register: {one_line(short(v.oud))} {ARROW} {one_line(short(v.nieuw))}"]

    def note(prefix: str, body: str) -> None:
        wrapped = wrap(one_line(body), max(width - len(prefix), 20))
        lines.extend(f"{prefix if n == 0 else ' ' * len(prefix)}{line}"
                     for n, line in enumerate(wrapped))

    if not v.gewijzigd:
        for w in v.waarschuwingen:
            note("LET OP: ", w)
        lines.append(_NO_CHANGE)
        return "\n".join(lines) + "\n"
    note("", samenvatting(v))
    for w in v.waarschuwingen:
        note("LET OP: ", w)

    def bullets(title: str, items: list[str]) -> None:
        lines.extend(["", title])
        for item in items:
            note("  - ", item)

    if v.gevoelig:
        bullets(GEVOELIG, [_sensitive_line(w) for w in v.gevoelig])
    lines.extend(["", ROUTE])
    for r in v.route:
        if len(r.aspecten) > 1 and len(r.melding) > 2 * width:
            # A long change reads as a list: who first, then each part on its own.
            note("  - ", r.melding[:len(r.melding) - len(r.wat)].rstrip(" "))
            for aspect in r.aspecten:
                note("      - ", aspect.phrase())
        else:
            note("  - ", r.melding)
    if not v.route:
        note("  - ", _NO_ROUTE)
    for title, items in _sections(v):
        bullets(title, [w.melding for w in items])
    return "\n".join(lines) + "\n"


def _folded(summary: str, body: list[str]) -> list[str]:
    return [f"<details><summary>{summary}</summary>", "", *body, "", "</details>"]


def _long(line: str) -> list[str]:
    """A markdown bullet; longer than _LONG, its start, with the whole of it folded below."""
    if len(line) <= _LONG:
        return [f"- {line}"]
    cut = line[:_LONG // 2].rsplit(" ", 1)[0]
    return [f"- {cut} …", "  <details><summary>hele regel</summary>", "", f"  {line}", "",
            "  </details>"]


def _asked_for(aspect: str) -> str:
    """'voor rol x: stap 1, wie' -> 'voor rol x' (impact names a vorm's or rol's own changes
    so); any other aspect as it is."""
    label, sep, _ = aspect.partition(": ")
    return label if sep and label.startswith(("voor rol ", "bij ")) else aspect


def _route_md(r: RouteWijziging) -> list[str]:
    names = r.gemeenten or r.woonplaatsen
    head = f"Signalen uit **{_md(r.wie)}**"
    aspects = [_md(a.phrase()) for a in r.aspecten]
    if len(r.melding) <= _LONG and len(names) <= _FOLD_NAMES:
        return [f"- {_md(r.melding)}"]
    # The short parts in the line itself, as far as they fit; the rest, and the names, folded.
    shown: list[str] = []
    for aspect in aspects:
        if len(aspect) <= _LONG // 2 and len("; ".join([*shown, aspect])) <= _LONG:
            shown.append(aspect)
    started = not shown
    if started:  # one long part first: its start
        shown = [aspects[0][:_LONG // 2].rsplit(" ", 1)[0] + " …"]
    # Named once each; what differs for a vorm or rol ('voor rol …: …') by that vorm or rol.
    rest = list(dict.fromkeys(
        _md(_asked_for(a.aspect)) for number, (a, said) in enumerate(zip(r.aspecten, aspects,
                                                                         strict=True))
        if said not in shown and not (started and number == 0)))
    if len(" · ".join(rest)) > _LONG // 2:  # what does not fit is named in the details only
        kept = rest[:1]
        for name in rest[1:]:
            if len(" · ".join([*kept, name, "nog 99 meer"])) > _LONG // 2:
                break
            kept.append(name)
        rest = [*kept, f"nog {len(rest) - len(kept)} meer"] if len(kept) < len(rest) else kept
    more = f"{'; ' if shown else ''}ook anders: {' · '.join(rest)}" if rest else ""
    out = [f"- {head}: {'; '.join(shown)}{more}"]
    details = [f"  - {a}" for a in aspects]
    if len(names) > 1:
        kind = "gemeenten" if r.gemeenten else "woonplaatsen"
        details.append(f"  - {len(names)} {kind}: {_md(', '.join(names))}")
        if r.gemeenten and r.woonplaatsen:
            details.append(f"  - woonplaatsen: {_md(', '.join(r.woonplaatsen))}")
    return out + [f"  {line}" for line in _folded("alle details", details)]


def markdown(v: Verschil) -> str:
    lines = [f"### mhcli: wat deze wijziging betekent ({_md(short(v.oud))} {ARROW} "
             f"{_md(short(v.nieuw))})", ""]
    if v.gewijzigd:
        lines += [f"**{_md(samenvatting(v))}**", ""]
    lines += [f"> **Let op:** {_md(w)}" for w in v.waarschuwingen]
    if v.waarschuwingen:
        lines.append("")
    if not v.gewijzigd:
        return "\n".join([*lines, _NO_CHANGE, ""])
    if v.gevoelig:
        lines += [f"#### {GEVOELIG}", ""]
        for w in v.gevoelig:
            lines += _long(f"**{_md(w.gevoelig)}:** {_md(w.melding)}")
        lines.append("")
    lines += [f"#### {ROUTE}", ""]
    route = [line for r in v.route for line in _route_md(r)] or [f"- {_md(_NO_ROUTE)}"]
    lines += _folded(f"{len(v.route)} regels", route) if len(v.route) > _FOLD_LINES else route
    lines.append("")
    for title, items in _sections(v):
        lines += [f"#### {_md(title)}", ""]
        body = [line for w in items for line in _long(_md(w.melding))]
        if len(items) > _FOLD_LINES:
            body = _folded(f"{len(items)} wijzigingen", body)
        lines += [*body, ""]
    return "\n".join(lines)
