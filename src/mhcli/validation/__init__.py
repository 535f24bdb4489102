"""Checking a register: each file against its schema, then every rule family in turn.

The rules live one family per module (``verwijzingen``, ``gemeenten``, ``cbs``, ...); the
catalogue (``catalogue``) gathers their codes, levels and help texts, and docs/regels.md is
generated from it. CONTRIBUTING, 'Een regel toevoegen', says how to add one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mhcli.findings import Finding, sort_findings
from mhcli.parsed import LoadedRegister
from mhcli.validation.catalogue import RULES
from mhcli.validation.context import Context
from mhcli.validation.schemas import (
    Schemas,
    _refuse_retrieval,
    _validator_class,
    format_checker,
    load_schemas,
)
from mhcli.validation.uitleg import SCHEMAREGEL, check_document

__all__ = ["Schemas", "load_schemas", "validate"]


def validate(loaded: LoadedRegister, schemas: Schemas, *, vandaag: date,
             max_bron_maanden: int = 12) -> list[Finding]:
    """Every finding about a register: loading, schemas, and the rules.

    The rules read every file that parsed, also when another file (or the same one) broke its
    schema: they skip only the values that are malformed, so an author sees every problem in
    one round without follow-up findings."""
    ctx = Context(loaded, vandaag, max_bron_maanden)
    ctx.findings.extend(schemas.findings)
    cls = _validator_class(schemas.trusted_patterns)
    kinds = [(loaded.regio, schemas.regio)] if loaded.regio is not None else []
    kinds += [(doc, schemas.district) for _, doc in loaded.districten]
    validators: dict[int, Any] = {}
    for doc, schema in kinds:
        if schema is None:
            ctx.unchecked(doc)
            continue
        if id(schema) not in validators:
            from referencing import Registry

            validators[id(schema)] = cls(
                schema, format_checker=format_checker(),
                registry=Registry(retrieve=_refuse_retrieval))  # type: ignore[call-arg]
        try:
            check_document(ctx, doc, validators[id(schema)])
        except Exception as exc:  # a schema that passed the metaschema can still fail here
            name = schemas.shown[0] if schema is schemas.regio else schemas.shown[1]
            ctx.findings.append(Finding(name, None, None, SCHEMAREGEL.niveau, SCHEMAREGEL.code,
                                        "het schema kan dit bestand niet controleren "
                                        f"({type(exc).__name__}); herstel het schema."))
            ctx.unchecked(doc)
    for rule in RULES:
        rule.check(ctx)
    return sort_findings(ctx.findings)
