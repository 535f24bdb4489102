"""How long `mhcli valideer` takes on a ~100 KB district file with a long uniqueItems list.

jsonschema's own uniqueItems compares every pair when the items cannot be sorted (mappings),
which took minutes here; mhcli checks uniqueness in linear time and stops reporting a file
after 100 schema findings. Run:

    .venv/bin/python bench/unique_items.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "data", root / "data")
        shutil.copytree(REPO / "schemas", root / "schemas")
        zeeland = root / "data" / "districten" / "zeeland.yaml"
        items = "".join(f"    - {{n: {i}}}\n" for i in range(8000)) + "    - {n: 7}\n"
        zeeland.write_text(zeeland.read_text(encoding="utf-8").replace(
            "  coordinatie: [gemeente-goes]\n", "  coordinatie:\n" + items), encoding="utf-8")
        size = zeeland.stat().st_size
        mhcli = Path(sys.executable).parent / "mhcli"
        started = time.perf_counter()
        result = subprocess.run([str(mhcli), "valideer", "--data", str(root / "data")],
                                capture_output=True, text=True, check=False)
        took = time.perf_counter() - started
    print(f"district file {size // 1024} KiB, 8001 items: valideer {took:.2f} s "
          f"(exit {result.returncode}, {result.stdout.count(': fout [')} fouten gemeld)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
