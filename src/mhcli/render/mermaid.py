"""A route as a Mermaid flowchart, to paste into documents and pull requests.

Drawn as the sources describe it: acute danger is a branch of its own (not "always call 112
first"), the steps of the internal route form one chain whose last step's tasks branch side by
side, a role's own parts stand side by side, and the national lines are parallel channels beside
it. Which role the chart is for is in its first node."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mhcli.routes import Route, step_numbers
from mhcli.safe import clean_line

if TYPE_CHECKING:
    from mhcli.overview import DistrictRecord


def _label(text: str) -> str:
    # Mermaid has no backslash escapes inside quoted labels; it takes HTML entity codes.
    safe = clean_line(text)
    for char, code in (("#", "#35;"), ("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                       ("[", "#91;"), ("]", "#93;"), ("|", "#124;"), ("`", "#96;")):
        safe = safe.replace(char, code)
    return safe


def route(r: Route) -> str:
    lines = ["flowchart TD"]
    start = _label(f"Signaal uit {r.gemeente.naam} (district {r.district.naam})")
    if r.rol is not None:
        start += f"<br/>{_label(f'rol: {r.rol.naam.lower()}')}"
    lines.append(f'    start(["{start}"])')
    acuut = r.universeel.bij_acuut_gevaar
    numbers = ", ".join(f"{c.naam} {c.telefoon}" for c in acuut.contacten)
    lines.append(f'    acuut{{{{"{_label(acuut.titel)}: {_label(numbers)}"}}}}')
    lines.append(f'    start -. "{_label(acuut.titel.lower())}" .-> acuut')
    previous, nodes = "start", dict[str, str]()
    for index, (number, stap) in enumerate(zip(step_numbers(r.stappen), r.stappen, strict=True)):
        node = f"s{index + 1}"
        if stap.taak_van:  # a task: beside the other tasks of its step, not after them
            label = f"Taak: {_label(stap.titel)}<br/>{_label(stap.wie)}"
            lines.append(f'    {node}["{label}"]')
            lines.append(f"    {nodes.get(stap.taak_van, previous)} --> {node}")
            continue
        lines.append(f'    {node}["{number}. {_label(stap.titel)}<br/>{_label(stap.wie)}"]')
        lines.append(f"    {previous} --> {node}")
        previous = nodes[stap.rol] = node
    if r.onderdelen:
        lines.append('    subgraph rol["Naast elkaar, zonder volgorde"]')
        for number, part in enumerate(r.onderdelen, start=1):
            who = part.wie or ""
            phones = ", ".join(c.telefoon for c in part.contacten)
            extra = "<br/>".join(_label(x) for x in (who, phones) if x and x != part.titel)
            lines.append(f'        r{number}["{_label(part.titel)}' + (f"<br/>{extra}" if extra
                                                                        else "") + '"]')
        lines.append("    end")
        lines.append("    start --> rol")
    ook = r.universeel.ook_melden
    lines.append(f'    subgraph ook["{_label(ook.titel)} (naast de route, voor iedereen)"]')
    for number, c in enumerate(ook.contacten, start=1):
        lines.append(f'        o{number}["{_label(c.naam)}<br/>{_label(c.telefoon)}"]')
    lines.append("    end")
    lines.append("    start -.- ook")
    for number, note in enumerate(r.notities, start=1):
        lines.append(f'    n{number}>"Let op: {_label(note)}"]')
        lines.append(f"    n{number} -.- start")
    return "\n".join(lines) + "\n"


def district(d: DistrictRecord) -> str:
    """A district at a glance: its gemeenten, who steers it and where care is coordinated."""
    lines = ["flowchart LR", f'    district(["District {_label(d.naam)}"])']
    lines.append(f'    subgraph gemeenten["Gemeenten ({len(d.gemeenten)})"]')
    lines += [f'        g{n}["{_label(g.naam)}"]' for n, g in enumerate(d.gemeenten, start=1)]
    lines += ["    end", "    district --- gemeenten"]
    for n, t in enumerate(d.trekkers, start=1):
        label = t.omschrijving + (" (verouderd)" if t.verouderd else "")
        lines.append(f'    t{n}["Trekker: {_label(label)}"]')
        lines.append(f"    t{n} -. trekker .- district")
    for n, org in enumerate(d.zorgcoordinatie, start=1):
        lines.append(f'    z{n}{{{{"Zorgcoördinatie: {_label(org)}"}}}}')
        lines.append(f"    gemeenten --> z{n}")
    if d.aansturing:
        lines.append(f'    a>"Aansturing: {_label(d.aansturing)}"]')
        lines.append("    a -.- district")
    return "\n".join(lines) + "\n"
