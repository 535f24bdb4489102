"""A finding: one problem in the register, with where it is."""

from pathlib import Path
from typing import NamedTuple

FOUT = "fout"
WAARSCHUWING = "waarschuwing"


class Finding(NamedTuple):
    bestand: str
    regel: int | None
    kolom: int | None
    niveau: str
    code: str
    melding: str

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
        }


def display_path(path: Path) -> str:
    """A path as the user knows it: relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        return str(path)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.bestand, f.regel or 0, f.kolom or 0, f.code,
                                           f.melding))
