"""The benchmark's large register stays one mhcli accepts (it broke once without anyone seeing).

Only that it runs and what it answers; its timings are information for bench/, never asserted.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import FIXTURE, REPO


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_module", REPO / "bench" / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scaled_register_validates_and_answers(tmp_path: Path) -> None:
    bench = _bench()
    name, made_up = bench.scale_register(FIXTURE, tmp_path / "large", 2)
    wrapper = tmp_path / "with_reference.py"
    wrapper.write_text(bench.WITH_REFERENCE, encoding="utf-8")
    reference = bench.scaled_reference(tmp_path / "referentie", made_up)
    data = str(tmp_path / "large" / "data")
    env = {"NO_COLOR": "1", "MHCLI_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}

    def mhcli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(wrapper), str(reference), *argv,
                               "--data", data], capture_output=True, text=True, env=env,
                              check=False)

    valideer = mhcli("valideer")
    assert valideer.returncode == 0, valideer.stderr
    assert f"Het register in {data} is geldig" in valideer.stdout
    route = mhcli("route", name, "--format", "json")
    assert route.returncode == 0, route.stderr
    assert f'"naam": "{name}"' in route.stdout
    per_copy = sum(path.read_text(encoding="utf-8").count("    cbs_code: ")
                   for path in (FIXTURE / "districten").glob("*.yaml"))
    assert len(made_up) == 2 * per_copy
