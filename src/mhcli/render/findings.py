"""Findings as text, JSON and GitHub annotations."""

from __future__ import annotations

from mhcli.findings import Finding
from mhcli.safe import clean, one_line, workflow_data, workflow_property


def text_line(f: Finding) -> str:
    """One finding on one line, whatever its path or message holds."""
    return f"{one_line(f.location())}: {f.niveau} [{f.code}]: {one_line(f.melding)}"


def text(findings: list[Finding], label: str, *, strikt: bool = False) -> str:
    """The findings, then one line with the verdict; ``strikt``: warnings make it fail too."""
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    label = one_line(label)  # a --data path as typed: escape codes and line breaks shown
    lines = [text_line(f) for f in findings]
    if not errors and warnings and strikt:
        lines.append(f"Het register in {label} is ongeldig door waarschuwingen (--strikt): "
                     f"{warnings} waarschuwing(en), geen fouten.")
    elif errors:
        lines.append(f"Het register in {label} is ongeldig: {errors} fout(en), "
                     f"{warnings} waarschuwing(en).")
    else:
        lines.append(f"Het register in {label} is geldig ({warnings} waarschuwing(en)).")
    return "\n".join(lines) + "\n"


def github(findings: list[Finding]) -> str:
    """One workflow command per finding, each on one line: GitHub shows each at its file and
    line. Line breaks in a path or message are escaped as the runner expects (%0A), every
    other control character is shown as an escape, so nothing in the data starts a line."""
    lines = []
    for f in findings:
        props = [f"file={clean(workflow_property(f.bestand))}"]
        if f.regel is not None:
            props.append(f"line={f.regel}")
            if f.kolom is not None:
                props.append(f"col={f.kolom}")
        props.append(f"title={workflow_property(f'mhcli {f.code}')}")
        kind = "error" if f.is_error else "warning"
        lines.append(f"::{kind} {','.join(props)}::{clean(workflow_data(f.melding))}")
    return "\n".join(lines) + ("\n" if lines else "")
