"""Build hook: compile mhcli's Dutch catalogue (.po) to the .mo that ships in the package."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CATALOGUE = Path("src/mhcli/locale/nl/LC_MESSAGES/mhcli.po")


class CatalogueHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location("msgfmt", root / "tools" / "msgfmt.py")
        assert spec is not None and spec.loader is not None
        msgfmt = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(msgfmt)
        po = root / CATALOGUE
        # Written beside the .po (an editable install reads src/ itself) and shipped although
        # .gitignore names it: it is made from the .po, never edited.
        po.with_suffix(".mo").write_bytes(msgfmt.compile_po(po.read_text(encoding="utf-8")))
        build_data["artifacts"].append(str(CATALOGUE.with_suffix(".mo")))
