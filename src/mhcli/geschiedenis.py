"""The history of one gemeente: every commit that changed its route or governance, from git.

Each commit on the first-parent line that changed the register folder is compared with the one
before it: the real route (mhcli.routes, every role) and the district's governance, both answered
for the commit's own date, so that only what the commit wrote counts, not time passing. Read with
git, never checked out; a state that cannot be read is said, not skipped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from mhcli.register import RegisterModel
from mhcli.source import REGIO


class Verandering(NamedTuple):
    wat: str  # what changed: 'District', 'Wie belt u (professional): Veilig Thuis', ...
    voor: str | None  # None: new
    na: str | None  # None: gone


class Gebeurtenis(NamedTuple):
    commit: str
    datum: str  # the commit's date, ISO 8601
    onderwerp: str
    veranderingen: list[Verandering]
    opmerking: str | None = None  # the state could not be read, the gemeente came or went

    def as_json(self) -> dict[str, Any]:
        return {"commit": self.commit, "datum": self.datum, "onderwerp": self.onderwerp,
                "opmerking": self.opmerking,
                "veranderingen": [v._asdict() for v in self.veranderingen]}


class Geschiedenis(NamedTuple):
    gemeente: str
    cbs_code: str | None
    wijzigingen: list[Gebeurtenis]  # newest first
    # A shallow clone: what came before its oldest commit is not known.
    onvolledig: bool = False

    def naam_met_code(self) -> str:
        return f"{self.gemeente} ({self.cbs_code})" if self.cbs_code else self.gemeente

    def as_json(self) -> dict[str, Any]:
        return {"gemeente": {"naam": self.gemeente, "cbs_code": self.cbs_code},
                "wijzigingen": [w.as_json() for w in self.wijzigingen],
                "onvolledig": self.onvolledig}


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
                lines[key] = "; ".join([s.wie, *(d.tekst for d in s.details)])
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
            lines[f"{part.titel}{suffix}"] = "; ".join(
                [part.wie, part.wat, *(d.tekst for d in part.details)])
    return {k: v for k, v in lines.items() if v}


class _Commit(NamedTuple):
    """The register files of one commit as bytes (rel: content), and parsed, or why not."""

    files: dict[str, bytes]
    loaded: Any  # LoadedRegister, or a str: why it cannot be read


def _parsed(repository: Any, commit: str, seen: dict[str, _Commit]) -> _Commit:
    """The register at ``commit`` read and parsed, once per commit."""
    from mhcli.errors import MhcliError
    from mhcli.loading import parse_register

    if commit not in seen:
        try:
            raw = repository.read(commit)
        except MhcliError as exc:
            seen[commit] = _Commit({}, str(exc))
        else:
            loaded = parse_register(raw)
            seen[commit] = _Commit({f.rel: f.content for f in raw.files},
                                   loaded if loaded.regio is not None
                                   else "regio.yaml is in deze commit niet te lezen")
    return seen[commit]


def _state(read: _Commit, op: date) -> RegisterModel | str:
    """The register of a commit with the facts valid on ``op``, or why it cannot be read."""
    from mhcli.register import build

    return read.loaded if isinstance(read.loaded, str) else build(read.loaded, op)


def _changed_files(before: _Commit, after: _Commit) -> list[bytes] | None:
    """Both sides of every district file a commit changed; None when it may have changed any
    gemeente (regio.yaml, a file added or gone, a side unreadable, an id that is not its file's
    name)."""
    if isinstance(before.loaded, str) or isinstance(after.loaded, str) \
            or before.files.keys() != after.files.keys() \
            or before.files.get(REGIO) != after.files.get(REGIO):
        return None
    for loaded in (before.loaded, after.loaded):
        for stem, doc in loaded.districten:
            if not isinstance(doc.data, dict) or doc.data.get("id") != stem:
                return None
    return [side.files[rel] for rel in after.files if before.files[rel] != after.files[rel]
            for side in (before, after)]


def _may_change(naam: str, cbs_code: str | None, files: list[bytes] | None,
                states: tuple[RegisterModel | str | None, ...]) -> bool:
    """Whether a commit that changed ``files`` (None: anything) can have changed the route of
    gemeente ``naam``: a changed file is its district's, or names it (a move announced in the
    file of the district it goes to)."""
    if files is None:
        return True
    marks = [m.encode() for m in (naam, cbs_code) if m]
    if any(mark in content for content in files for mark in marks):
        return True
    for state in states:
        gemeente = state.find_gemeente(cbs_code or naam) if isinstance(state, RegisterModel) \
            else None
        if gemeente is not None and gemeente.district is not None \
                and any(f"id: {gemeente.district}".encode() in content for content in files):
            return True
    return False


def _event(change: Any, after: RegisterModel | str, before: RegisterModel | str | None,
           naam: str, cbs_code: str | None) -> Gebeurtenis | None:
    """What ``change`` did to gemeente ``naam``; None: nothing."""
    if isinstance(after, str):
        return Gebeurtenis(change.commit, change.datum, change.onderwerp, [],
                           f"het register is in deze commit niet te lezen: {after}")
    new = view(after, cbs_code, naam)
    if isinstance(before, str):
        return None if new is None else Gebeurtenis(
            change.commit, change.datum, change.onderwerp, [],
            "de commit hiervoor was niet te lezen: wat deze commit veranderde, is onbekend.")
    old = view(before, cbs_code, naam) if before is not None else None
    if old == new:
        return None
    if new is None:
        return Gebeurtenis(change.commit, change.datum, change.onderwerp, [],
                           f"{naam} staat vanaf deze commit niet meer in het register.")
    if old is None:
        return Gebeurtenis(change.commit, change.datum, change.onderwerp, [],
                           f"{naam} staat vanaf deze commit in het register.")
    return Gebeurtenis(change.commit, change.datum, change.onderwerp, [
        Verandering(key, old.get(key), new.get(key))
        for key in dict.fromkeys([*old, *new]) if old.get(key) != new.get(key)])


def geschiedenissen(data: Path | None, gemeenten: Sequence[tuple[str, str | None]]
                    ) -> list[Geschiedenis]:
    """For each gemeente (naam, cbs_code; the code finds it when it was renamed) every change
    to its route or governance, newest first. Every commit is read and parsed once, every state
    built once, and a gemeente is compared only where a commit changed a file that can concern
    it (the site asks for all of them, over every commit).

    Raises NotInGit when the register folder is not in git, GitError when git cannot read it."""
    from mhcli.gitsource import Repository
    from mhcli.location import locate

    repository = Repository(locate(data).data)
    changes = list(reversed(repository.changes()))  # oldest first
    onvolledig = repository.shallow()
    seen: dict[str, _Commit] = {}
    found: list[list[Gebeurtenis]] = [[] for _ in gemeenten]
    for k, change in enumerate(changes):
        if k == 0 and onvolledig:
            continue  # the clone's oldest commit: what it changed is not known
        # Both sides for the commit's own date: only what the commit wrote counts.
        op = date.fromisoformat(change.datum[:10])
        read = _parsed(repository, change.commit, seen)
        after = _state(read, op)
        earlier = _parsed(repository, changes[k - 1].commit, seen) if k else None
        before = _state(earlier, op) if earlier is not None else None
        files = _changed_files(earlier, read) if earlier is not None else None
        for events, (naam, cbs_code) in zip(found, gemeenten, strict=True):
            if not _may_change(naam, cbs_code, files, (before, after)):
                continue
            event = _event(change, after, before, naam, cbs_code)
            if event is not None:
                events.append(event)
    return [Geschiedenis(naam, cbs_code, list(reversed(events)), onvolledig)
            for (naam, cbs_code), events in zip(gemeenten, found, strict=True)]


def geschiedenis(data: Path | None, naam: str, cbs_code: str | None) -> Geschiedenis:
    """Every change to the route or governance of gemeente ``naam``, newest first."""
    return geschiedenissen(data, [(naam, cbs_code)])[0]
