"""A finding: one problem in the register, with where it is."""

from pathlib import Path
from typing import NamedTuple

FOUT = "fout"
WAARSCHUWING = "waarschuwing"


class Plek(NamedTuple):
    """A second place a finding is about (the other duplicate, the name it looks like)."""

    bestand: str
    regel: int | None
    kolom: int | None

    def as_dict(self) -> dict[str, object]:
        return {"bestand": self.bestand, "regel": self.regel, "kolom": self.kolom}


class Finding(NamedTuple):
    bestand: str
    regel: int | None
    kolom: int | None
    niveau: str
    code: str
    melding: str
    # The other places a cross-file finding names, so that a review can annotate whichever
    # side a change touched (README, 'Uitvoer voor machines').
    zie_ook: tuple[Plek, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.niveau == FOUT

    def location(self) -> str:
        parts = [self.bestand]
        if self.regel is not None:
            parts.append(str(self.regel))
            if self.kolom is not None:
                parts.append(str(self.kolom))
        return ":".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "bestand": self.bestand,
            "regel": self.regel,
            "kolom": self.kolom,
            "niveau": self.niveau,
            "code": self.code,
            "melding": self.melding,
            "zie_ook": [p.as_dict() for p in self.zie_ook],
        }


def display_path(path: Path) -> str:
    """A path as the user knows it: relative to the current folder when it lies below it.

    Never fails: a deleted current folder, a name too long for the system or a symlink loop
    leave the path as given, and bytes that are not UTF-8 are shown as \\xNN escapes."""
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        shown = str(path)
    return printable_name(shown)


def printable_name(name: str) -> str:
    """A file name as text: undecodable bytes (kept by Python as surrogates) become \\xNN."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.bestand, f.regel or 0, f.kolom or 0, f.code,
                                           f.melding))
