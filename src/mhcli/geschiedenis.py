"""The history of one gemeente: every commit that changed its route or governance, from git.

Each commit on the first-parent line that changed the register folder is compared with the one
before it: the real route (mhcli.routes, every role) and the district's governance, both answered
for the commit's own date, so that only what the commit wrote counts, not time passing. Read with
git, never checked out; a state that cannot be read is said, not skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from mhcli.gitsource import day_of
from mhcli.register import RegisterModel
from mhcli.source import REGIO


class Verandering(NamedTuple):
    wat: str  # what changed: 'District', 'Wie belt u (professional): Veilig Thuis', ...
    voor: str | None  # None: new
    na: str | None  # None: gone


# What a commit did to a gemeente. Only the first three change its route: 'onleesbaar' (the
# register could not be read in that commit) and 'onbekend' (no readable commit before it to
# compare with) say what is not known, and never count as the day it last changed.
WIJZIGING, NIEUW, WEG, ONLEESBAAR, ONBEKEND = "wijziging", "nieuw", "weg", "onleesbaar", "onbekend"
VERANDERD = (WIJZIGING, NIEUW, WEG)


class Gebeurtenis(NamedTuple):
    commit: str
    datum: str  # the commit's date, ISO 8601
    onderwerp: str
    veranderingen: list[Verandering]
    opmerking: str | None = None  # the state could not be read, the gemeente came or went
    soort: str = WIJZIGING

    def as_json(self) -> dict[str, Any]:
        return {"commit": self.commit, "datum": self.datum, "onderwerp": self.onderwerp,
                "soort": self.soort, "opmerking": self.opmerking,
                "veranderingen": [v._asdict() for v in self.veranderingen]}


class Geschiedenis(NamedTuple):
    gemeente: str
    cbs_code: str | None
    wijzigingen: list[Gebeurtenis]  # newest first
    # A shallow clone: what came before its oldest commit is not known.
    onvolledig: bool = False
    # False: the register's files differ from HEAD, and what differs is not in this history.
    vastgelegd: bool | None = None

    def laatst_gewijzigd(self) -> str | None:
        """The day of the newest commit that changed the route (JJJJ-MM-DD), or None."""
        for w in self.wijzigingen:
            if w.soort in VERANDERD and day_of(w.datum) is not None:
                return w.datum[:10]
        return None

    def naam_met_code(self) -> str:
        return f"{self.gemeente} ({self.cbs_code})" if self.cbs_code else self.gemeente

    def as_json(self) -> dict[str, Any]:
        return {"gemeente": {"naam": self.gemeente, "cbs_code": self.cbs_code},
                "wijzigingen": [w.as_json() for w in self.wijzigingen],
                "laatst_gewijzigd": self.laatst_gewijzigd(), "onvolledig": self.onvolledig,
                "vastgelegd": self.vastgelegd}


def _joined(parts: list[str]) -> str:
    return "; ".join(p for p in parts if p)  # an empty 'wie' leaves no stray separator


def view(register: RegisterModel, cbs_code: str | None, naam: str) -> dict[str, str] | None:
    """The route and governance of one gemeente as labelled lines (None: not in the
    register), for every role of the register."""
    from mhcli.routes import resolve_route, step_numbers

    gemeente = register.find_gemeente(cbs_code or naam)
    if gemeente is None:
        return None
    lines: dict[str, str] = {}
    rollen = register.signaalroute.rollen or (None,)
    for n, rol in enumerate(rollen):
        route = resolve_route(register, gemeente, None, register.op, None, rol)
        suffix = f" ({rol.id})" if rol is not None and n > 0 else ""
        if n == 0:
            lines["District"] = route.district.naam
            if route.notities:
                lines["Toelichting"] = " ".join(route.notities)
            if route.wijzigingen:
                lines["Aangekondigd"] = " ".join(w.tekst for w in route.wijzigingen)
            for number, s in zip(step_numbers(route.stappen), route.stappen, strict=True):
                key = f"Stap {number}. {s.titel}" if number else f"Taak: {s.titel}"
                lines[key] = _joined([s.wie, *(d.tekst for d in s.details)])
            b = route.bestuurlijk
            lines["Trekkers"] = "; ".join(t.omschrijving + (" (verouderd)" if t.verouderd
                                                            else "") for t in b.trekkers)
            lines["Aansturing"] = b.aansturing
            lines["Plannen"] = "; ".join(f"{p.titel} ({p.periode}; {p.status})"
                                         for p in b.plannen)
            lines["Focus"] = "; ".join(b.focus)
        for w in route.wie_belt_u():
            lines[f"Wie belt u{suffix}: {w.wie}"] = \
                f"{w.telefoon or 'nummer onbekend'} - {w.wanneer}"
        for part in route.onderdelen:
            lines[f"{part.titel}{suffix}"] = _joined(
                [part.wie, part.wat, *(d.tekst for d in part.details)])
    return {k: v for k, v in lines.items() if v}


class _Commit(NamedTuple):
    """The register of one commit: parsed, or why it cannot be read."""

    loaded: Any  # LoadedRegister, or a str: why it cannot be read


def _parsed(repository: Any, commit: str, seen: dict[str, _Commit],
            documents: dict[bytes, Any]) -> _Commit:
    """The register at ``commit`` read and parsed, once per commit. A file that does not
    parse makes the whole commit unreadable: read as an empty district, it would say that its
    gemeenten left the register."""
    from mhcli.errors import MhcliError
    from mhcli.loading import parse_register

    if commit not in seen:
        try:
            loaded = parse_register(repository.read(commit), seen=documents)
        except MhcliError as exc:
            seen[commit] = _Commit(str(exc))
        else:
            errors = [f for f in loaded.findings if f.is_error]
            seen[commit] = _Commit(f"{errors[0].location()}: {errors[0].melding}" if errors
                                   else loaded if loaded.regio is not None
                                   else "regio.yaml is in deze commit niet te lezen")
    return seen[commit]


def _state(read: _Commit, op: date) -> RegisterModel | str:
    """The register of a commit with the facts valid on ``op``, or why it cannot be read."""
    from mhcli.register import build

    return read.loaded if isinstance(read.loaded, str) else build(read.loaded, op)


def _documents(loaded: Any) -> dict[str, Any]:
    """The parsed files of a register: regio.yaml and every district file by stem."""
    out = {REGIO: loaded.regio.data if loaded.regio is not None else None}
    out.update({stem: doc.data for stem, doc in loaded.districten})
    return out


def _changed(before: _Commit, after: _Commit) -> tuple[set[str], list[Any]] | None:
    """The district files a commit changed (their stems, and both sides parsed); None when it
    may have changed any gemeente (regio.yaml, a file added or gone, an id that is not its
    file's name)."""
    old, new = _documents(before.loaded), _documents(after.loaded)
    if old.keys() != new.keys() or old[REGIO] != new[REGIO]:
        return None
    for stem, data in [*old.items(), *new.items()]:
        if stem != REGIO and (not isinstance(data, dict) or data.get("id") != stem):
            return None
    stems = {stem for stem in new if old[stem] != new[stem]}
    return stems, [side[stem] for stem in stems for side in (old, new)]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _may_change(naam: str, cbs_code: str | None, changed: tuple[set[str], list[Any]] | None,
                states: tuple[RegisterModel | None, ...]) -> bool:
    """Whether a commit that changed these district files (None: anything) can have changed
    the route of gemeente ``naam``: one is its district's, or names it (a move announced in the
    file of the district it goes to)."""
    if changed is None:
        return True
    stems, documents = changed
    for state in states:
        gemeente = state.find_gemeente(cbs_code or naam) if state is not None else None
        if gemeente is not None and gemeente.district in stems:
            return True
    marks = [m for m in (naam, cbs_code) if m]
    return any(mark in text for data in documents for text in _strings(data) for mark in marks)


def _event(change: Any, after: RegisterModel, before: RegisterModel | None,
           naam: str, cbs_code: str | None) -> Gebeurtenis | None:
    """What ``change`` did to gemeente ``naam``; None: nothing."""
    new = view(after, cbs_code, naam)
    old = view(before, cbs_code, naam) if before is not None else None
    if old == new:
        return None
    if new is None:
        return Gebeurtenis(change.commit, change.datum, change.onderwerp, [],
                           f"{naam} staat vanaf deze commit niet meer in het register.", WEG)
    if old is None:
        return Gebeurtenis(change.commit, change.datum, change.onderwerp, [],
                           f"{naam} staat vanaf deze commit in het register.", NIEUW)
    return Gebeurtenis(change.commit, change.datum, change.onderwerp, [
        Verandering(key, old.get(key), new.get(key))
        for key in dict.fromkeys([*old, *new]) if old.get(key) != new.get(key)])


def geschiedenissen(data: Path | None, gemeenten: Sequence[tuple[str, str | None]]
                    ) -> list[Geschiedenis]:
    """For each gemeente (naam, cbs_code; the code finds it when it was renamed) every change
    to its route or governance, newest first. Every commit is read and parsed once, every state
    built once, and a gemeente is compared only where a commit changed a file that can concern
    it (the site asks for all of them, over every commit). A commit that cannot be read is
    said, and the next readable one is compared with the last readable one before it.

    Raises NotInGit when the register folder is not in git, GitError when git cannot read it
    or knows no commit of it."""
    from mhcli.gitsource import Repository
    from mhcli.location import locate
    from mhcli.register import build

    repository = Repository(locate(data).data)
    changes = list(reversed(repository.changes()))  # oldest first
    onvolledig = repository.shallow()
    seen: dict[str, _Commit] = {}
    documents: dict[bytes, Any] = {}  # every file parsed once, whatever the commits it is in
    found: list[list[Gebeurtenis]] = [[] for _ in gemeenten]
    # The day to read a commit's facts on; a date no calendar has takes the one before it.
    op = next((c.dag for c in changes if c.dag is not None), None) or date(2000, 1, 1)
    earlier: _Commit | None = None  # the last readable commit before this one (never a str)
    for k, change in enumerate(changes):
        op = change.dag or op
        read = _parsed(repository, change.commit, seen, documents)
        if k == 0 and onvolledig:
            earlier = read if not isinstance(read.loaded, str) else None
            continue  # the clone's oldest commit: what it changed is not known
        after = _state(read, op)
        if isinstance(after, str):
            for events in found:
                events.append(Gebeurtenis(change.commit, change.datum, change.onderwerp, [],
                                          f"het register is in deze commit niet te lezen: "
                                          f"{after}", ONLEESBAAR))
            continue
        before = build(earlier.loaded, op) if earlier is not None else None
        unknown = before is None and k > 0  # every commit before it was unreadable
        changed = _changed(earlier, read) if earlier is not None else None
        for events, (naam, cbs_code) in zip(found, gemeenten, strict=True):
            if unknown:
                if view(after, cbs_code, naam) is not None:
                    events.append(Gebeurtenis(
                        change.commit, change.datum, change.onderwerp, [],
                        "de commits hiervoor waren niet te lezen: wat deze commit veranderde, "
                        "is onbekend.", ONBEKEND))
                continue
            if not _may_change(naam, cbs_code, changed, (before, after)):
                continue
            event = _event(change, after, before, naam, cbs_code)
            if event is not None:
                events.append(event)
        earlier = read
    return [Geschiedenis(naam, cbs_code, list(reversed(events)), onvolledig)
            for (naam, cbs_code), events in zip(gemeenten, found, strict=True)]


def geschiedenis(data: Path | None, naam: str, cbs_code: str | None) -> Geschiedenis:
    """Every change to the route or governance of gemeente ``naam``, newest first."""
    return geschiedenissen(data, [(naam, cbs_code)])[0]
