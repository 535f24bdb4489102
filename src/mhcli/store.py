"""Opening a register for a command: locate, read, check (or trust the cache), build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mhcli import cache
from mhcli.errors import RegisterInvalid
from mhcli.findings import Finding
from mhcli.loading import LoadedRegister, parse_register, read_folder
from mhcli.location import Location, locate
from mhcli.register import Register, build, today


@dataclass
class Opened:
    location: Location
    loaded: LoadedRegister
    register: Register


def check(location: Location, *, vandaag: date, max_bron_maanden: int = 12) -> list[Finding]:
    """Every finding about the register at ``location``; always validates for real."""
    from mhcli.validation import load_schemas, validate

    loaded = parse_register(read_folder(location.data))
    return validate(loaded, load_schemas(location.schemas), vandaag=vandaag,
                    max_bron_maanden=max_bron_maanden)


def open_register(data: Path | None) -> Opened:
    """The register a query answers from; raises RegisterInvalid rather than answer from errors."""
    location = locate(data)
    raw = read_folder(location.data)
    loaded = parse_register(raw)
    key = cache.key(raw, location.schemas) if not any(f.is_error for f in loaded.findings) else None
    if not cache.known_valid(key):
        from mhcli.validation import load_schemas, validate

        findings = validate(loaded, load_schemas(location.schemas), vandaag=today())
        errors = [f for f in findings if f.is_error]
        if errors:
            raise RegisterInvalid(
                f"het register in {raw.label} heeft {len(errors)} "
                f"fout{'en' if len(errors) != 1 else ''}; mhcli geeft geen antwoord uit een "
                "register met fouten. Los ze op en controleer met 'mhcli valideer'.",
                list(errors),
            )
        cache.remember_valid(key)
    return Opened(location, loaded, build(loaded))
