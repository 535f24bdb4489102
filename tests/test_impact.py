"""Route impact against the real route, over the whole fixture register.

The oracle: `route --format json` for every gemeente (before and after; as it comes, with each
vorm and for each rol), without what README calls 'not the answer' (governance, sources,
ids). Every
single-field mutation of the register (each value changed, each list item removed) is made
in-process; the gemeenten the diff lists must be exactly those whose answer changed."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from mhcli.api import GeenRoute, Register
from mhcli.changes.impact import route_impact
from mhcli.errors import MhcliError
from mhcli.loading import parse_register
from mhcli.parsed import LoadedRegister
from mhcli.source import read_folder
from tests.conftest import FIXTURE

VANDAAG = date(2026, 11, 28)
NOT_THE_ANSWER = {"bestuurlijk", "bronnen", "id", "register", "suggesties"}


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in NOT_THE_ANSWER}
    if isinstance(value, list):
        return list(map(_strip, value))
    return value


def _answer(register: Register, naam: str, vorm: str | None, rol: str | None) -> Any:
    try:
        return _strip(register.route(naam, vorm, rol).as_json())
    except GeenRoute as exc:
        return _strip(exc.as_json())
    except MhcliError as exc:
        return ("fout", exc.message)
    except Exception as exc:  # a broken register: the failure is its answer
        return ("kapot", type(exc).__name__)


def _names(register: Register) -> set[str]:
    return {g.naam for g in [*register.model.alle_gemeenten(), *register.model.niet_genoemd]}


Question = tuple[str, str | None, str | None]


def oracle(old: Register, new: Register, before: dict[Question, Any]) -> set[str]:
    """Every gemeente name whose answer differs (``before``: old answers, filled as needed)."""
    vormen = dict.fromkeys([*old.model.vormen, *new.model.vormen])
    rollen = dict.fromkeys(r.id for m in (old.model, new.model) for r in m.signaalroute.rollen)
    questions = [(None, None), *((v, None) for v in vormen), *((None, r) for r in rollen)]
    changed = set()
    for naam in _names(old) | _names(new):
        for vorm, rol in questions:
            if (naam, vorm, rol) not in before:
                before[naam, vorm, rol] = _answer(old, naam, vorm, rol)
            if before[naam, vorm, rol] != _answer(new, naam, vorm, rol):
                changed.add(naam)
                break
    return changed


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value, and to every list item (so it can be removed)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaves(sub, (*path, key))
    elif isinstance(value, list):
        for number, sub in enumerate(value):
            yield (*path, number)  # the item itself: removed
            if isinstance(sub, (dict, list)):
                yield from _leaves(sub, (*path, number))
    else:
        yield path


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return f"{value} (gewijzigd)"
    return "nieuw"


def _mutate(data: Any, path: tuple[Any, ...], *, remove: bool) -> Any:
    """``data`` with the value at ``path`` changed (or, ``remove``, the list item removed)."""
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    if remove:
        del node[path[-1]]
    else:
        node[path[-1]] = _changed(node[path[-1]])
    return data


def _variants(data: Any) -> Iterator[tuple[str, Any]]:
    for path in _leaves(data):
        node = data
        for part in path:
            node = node[part]
        if isinstance(path[-1], int):
            yield f"{path} weg", _mutate(data, path, remove=True)
        if not isinstance(node, (dict, list)):
            yield f"{path} anders", _mutate(data, path, remove=False)


def _mutations(loaded: LoadedRegister) -> Iterator[tuple[str, LoadedRegister]]:
    assert loaded.regio is not None
    for where, data in _variants(loaded.regio.data):
        yield f"regio.yaml {where}", loaded._replace(regio=loaded.regio._replace(data=data))
    for number, (stem, district) in enumerate(loaded.districten):
        for where, data in _variants(district.data):
            documents = list(loaded.districten)
            documents[number] = (stem, district._replace(data=data))
            yield f"{stem}.yaml {where}", loaded._replace(districten=documents)


class _Said:
    """A route whose JSON is made once: the oracle and the diff read the same output."""

    def __init__(self, route: Any) -> None:
        self._json = route.as_json()

    def as_json(self) -> Any:
        return self._json


def _routed_once(register: Register) -> Register:
    """``register`` whose route for each question is worked out once, for the oracle and the
    diff alike: both read the same real output, each compares it in its own way (this halves
    the time of the test below)."""
    real = register.route
    done: dict[tuple[str, str | None, str | None], tuple[Any, BaseException | None]] = {}

    def route(naam: str, vorm: str | None = None, rol: str | None = None) -> Any:
        if (naam, vorm, rol) not in done:
            try:
                done[naam, vorm, rol] = (_Said(real(naam, vorm, rol)), None)
            except Exception as exc:
                done[naam, vorm, rol] = (None, exc)
        found, failure = done[naam, vorm, rol]
        if failure is not None:
            raise failure
        return found

    register.route = route  # type: ignore[method-assign]
    return register


@pytest.mark.slow
def test_the_diff_lists_exactly_the_gemeenten_whose_route_changed() -> None:
    started = time.monotonic()
    original = parse_register(read_folder(FIXTURE))
    old = Register.from_loaded(original, VANDAAG, "oud")
    before: dict[Question, Any] = {}
    checked = changing = 0
    wrong = []
    for where, mutated in _mutations(original):
        new = _routed_once(Register.from_loaded(mutated, VANDAAG, "nieuw", geldig=False))
        expected = oracle(old, new, before)
        listed = {n for r in route_impact(old, new, woonplaatsen=False) for n in r.gemeenten}
        checked += 1
        changing += bool(expected)
        if listed != expected:
            wrong.append((where, sorted(listed - expected), sorted(expected - listed)))
    assert not wrong, f"{len(wrong)} of {checked}: (mutation, false alarms, missed) {wrong[:5]}"
    assert checked > 500 and changing > 250, (checked, changing)
    print(f"{checked} mutations, {changing} change a route, {time.monotonic() - started:.1f} s")
