"""Opening a register for a command: locate, read, check (or recall from the cache), build."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple

from mhcli import cache
from mhcli.clock import today
from mhcli.errors import RegisterInvalid
from mhcli.findings import Finding
from mhcli.location import Location, locate
from mhcli.parsed import LoadedRegister
from mhcli.provenance import Herkomst
from mhcli.register import RegisterModel, build
from mhcli.source import RawRegister, read_folder


class Opened(NamedTuple):
    location: Location  # location.notes: registers the search passed over, and why
    loaded: LoadedRegister
    register: RegisterModel
    herkomst: Herkomst


def _parsed_and_checked(raw: RawRegister, location: Location, vandaag: date,
                        max_bron_maanden: int = 12) -> tuple[LoadedRegister, list[Finding]]:
    """Parse and validate for real; the one place that loads the YAML parser and jsonschema."""
    from mhcli.loading import parse_register
    from mhcli.validation import load_schemas, validate

    loaded = parse_register(raw)
    return loaded, validate(loaded, load_schemas(location.schemas), vandaag=vandaag,
                            max_bron_maanden=max_bron_maanden)


def _errors(count: int) -> str:
    return f"{count} fout{'en' if count != 1 else ''}"


def _refuse_errors(raw: RawRegister, findings: list[Finding]) -> None:
    errors = [f for f in findings if f.is_error]
    if errors:
        raise RegisterInvalid(
            f"het register in {raw.label} heeft {_errors(len(errors))}; mhcli geeft geen "
            "antwoord uit een register met fouten. Los ze op en controleer met "
            "'mhcli valideer'.", errors)


def check(location: Location, *, vandaag: date, max_bron_maanden: int = 12
          ) -> tuple[list[Finding], Herkomst]:
    """Every finding about the register at ``location`` (always validated for real), and the
    provenance of exactly the bytes that were checked."""
    raw = read_folder(location.data)
    findings = _parsed_and_checked(raw, location, vandaag, max_bron_maanden)[1]
    return findings, Herkomst.of(location, tuple((f.rel, f.content) for f in raw.files))


def open_register(data: Path | None, *, positions: bool = False, op: date | None = None
                  ) -> Opened:
    """The register a query answers from; raises RegisterInvalid rather than answer from errors.

    An unchanged register that was valid before is recalled from the cache: no YAML parser and
    no jsonschema are loaded. Anything else is parsed and validated for real. ``positions``:
    the documents must carry line and column of every value (the cache does not keep them)."""
    location = locate(data)
    location.refuse_unsafe()  # a register others can change answers no question
    raw = read_folder(location.data)
    vandaag = today()
    key = cache.key(raw, location.schemas, vandaag)
    loaded = cache.recall(key, raw)
    if loaded is None:
        loaded, findings = _parsed_and_checked(raw, location, vandaag)
        _refuse_errors(raw, findings)
        cache.remember(key, raw, loaded)
    elif positions:
        from mhcli.loading import parse_register

        loaded = parse_register(raw)
    herkomst = Herkomst.of(location, tuple((f.rel, f.content) for f in raw.files))
    return Opened(location, loaded, build(loaded, op), herkomst)


def open_as_known_on(data: Path | None, datum: date, op: date | None = None) -> Opened:
    """The register as it stood in git on ``datum``: the last commit on the first-parent line
    of HEAD, dated that day or before, that changed the register folder; read with git, never
    checked out. Checked with the schemas beside the register now; refused when invalid."""
    from mhcli.gitsource import Repository

    location = locate(data)
    repository = Repository(location.data)
    change = repository.last_change_on(datum)
    raw = repository.read(change.commit)
    loaded, findings = _parsed_and_checked(raw, location, datum)
    errors = [f for f in findings if f.is_error]
    if errors:
        # That commit is history: nobody can fix it, and mhcli answers from no invalid register.
        raise RegisterInvalid(
            f"het register zoals het op {datum.isoformat()} in git stond (commit "
            f"{change.commit[:12]} van {change.datum[:10]}) heeft {_errors(len(errors))} volgens "
            "de schema's en controles van nu; mhcli geeft daar geen antwoord uit. Kies een "
            "latere datum, of zie met 'mhcli diff " + change.commit[:12] + "' wat er sindsdien "
            "veranderde.", errors)
    herkomst = Herkomst.of(location, tuple((f.rel, f.content) for f in raw.files),
                           git=(change.commit, change.datum, datum.isoformat()))
    return Opened(location, loaded, build(loaded, op or datum), herkomst)


def open_checked(data: Path | None, vandaag: date) -> tuple[Opened, list[Finding]]:
    """Validate for real once, refuse errors, and return the register with its findings (for
    a build that shows the warnings too: one validation, not a query plus a check)."""
    location = locate(data)
    location.refuse_unsafe()
    raw = read_folder(location.data)
    loaded, findings = _parsed_and_checked(raw, location, vandaag)
    _refuse_errors(raw, findings)
    cache.remember(cache.key(raw, location.schemas, vandaag), raw, loaded)
    herkomst = Herkomst.of(location, tuple((f.rel, f.content) for f in raw.files))
    return Opened(location, loaded, build(loaded), herkomst), findings
