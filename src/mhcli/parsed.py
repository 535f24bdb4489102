"""The register's files as parsed: documents that know where each value stands."""

from typing import Any, NamedTuple

from mhcli.findings import Finding

Path_ = tuple[str | int, ...]
Position = tuple[int, int]


class Document(NamedTuple):
    """One parsed YAML file: its data and where each value and key stands."""

    display: str
    data: Any
    positions: dict[Path_, Position]
    key_positions: dict[Path_, Position]

    def position(self, path: Path_, *, key: bool = False) -> Position | None:
        """The position of the value (or key) at ``path``, else of its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return None


def dotted(path: tuple[Any, ...]) -> str:
    """('gemeenten', 3, 'naam') -> 'gemeenten[4].naam' (items counted from 1, as people do)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


class LoadedRegister(NamedTuple):
    """The parsed documents of a register and every problem met while reading them."""

    regio: Document | None
    districten: list[tuple[str, Document]]
    findings: list[Finding]
    district_files: list[str]  # stems, readable or not
