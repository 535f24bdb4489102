"""Start-up and validation speed of mhcli, each against its floor or peer, in one run.

Measures whole-process runs, interleaved (every round runs every command once, so drift in the
machine's load hits all of them alike), and prints the medians and the ratios with their
targets. Needs mhcli and check-jsonschema installed in the Python that runs it:

    .venv/bin/pip install . check-jsonschema && .venv/bin/python bench/bench.py

Only the standard library and the project's own dependencies are used here. Exit codes: 0 every
goal met, 1 a goal missed, 2 a tool missing, 3 a measured command failed (CI fails on 2 and 3).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

FLOOR_APP = textwrap.dedent('''
    from typing import Annotated, Optional

    import typer

    app = typer.Typer()


    @app.command()
    def route(gemeente: str,
              vorm: Annotated[Optional[str], typer.Option("--vorm")] = None,
              format: Annotated[str, typer.Option("--format")] = "tekst") -> None:
        print(gemeente)


    @app.command()
    def valideer() -> None:
        print("geldig")


    app()
''')


# The large register's gemeenten are made up, and valideer refuses a gemeente the CBS list does
# not know. Its commands run through this wrapper, which points mhcli's reference data at a copy
# with those gemeenten added, when (and only if) mhcli.places is imported: nothing else changes.
WITH_REFERENCE = textwrap.dedent('''
    import importlib.abc
    import importlib.util
    import sys
    from pathlib import Path

    REFERENCE = Path(sys.argv.pop(1))


    class Patch(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "mhcli.places":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                module.DATA = REFERENCE

            spec.loader.exec_module = exec_module
            return spec


    sys.meta_path.insert(0, Patch())
    from mhcli.runner import main

    main()
''')


def scaled_reference(target: Path, gemeenten: list[tuple[str, str, str]]) -> Path:
    """mhcli's own reference data with the large register's made-up gemeenten added, each in the
    provincie of the real gemeente it copies."""
    spec = importlib.util.find_spec("mhcli")
    assert spec is not None and spec.submodule_search_locations
    shipped = Path(spec.submodule_search_locations[0]) / "referentie"
    shutil.copytree(shipped, target)
    with (target / "gemeenten.csv").open(encoding="utf-8", newline="") as handle:
        provincie = {row["code"]: row["provincie"] for row in csv.DictReader(handle)}
    with (target / "gemeenten.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            (code, naam, "", provincie[echt]) for code, naam, echt in gemeenten)
    return target


def scale_register(source: Path, target: Path,
                   copies: int) -> tuple[str, list[tuple[str, str, str]]]:
    """A register `copies` times the real one, valid with its made-up gemeenten in the CBS list;
    returns a municipality to ask for, and those gemeenten (code, name, the real code copied)."""
    shutil.copytree(REPO / "schemas", target / "schemas")
    data = target / "data"
    (data / "districten").mkdir(parents=True)
    regio = (source / "regio.yaml").read_text(encoding="utf-8")
    district_files = sorted((source / "districten").glob("*.yaml"))
    ids: list[str] = []
    code = 0
    gemeenten: list[tuple[str, str, str]] = []
    for n in range(1, copies + 1):
        for path in district_files:
            text = path.read_text(encoding="utf-8")
            ident = f"{path.stem}-{n:03d}"
            ids.append(ident)
            lines = []
            for line in text.splitlines():
                if line.startswith("id: "):
                    line = f"id: {ident}"
                elif line.startswith(("naam: ", "  - naam: ")):
                    line = f"{line} {n:03d}"
                elif line.startswith("    cbs_code: "):
                    code += 1
                    echt = line.split(":", 1)[1].strip().strip('"')
                    # Codes the CBS list does not hold (from GM5000), added to a copy of it.
                    line = f'    cbs_code: "GM{5000 + code:04d}"'
                    gemeenten.append((f"GM{5000 + code:04d}", lines[-1].split("naam: ", 1)[1],
                                      echt))
                lines.append(line)
            out = data / "districten" / f"{ident}.yaml"
            out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = regio.index("  districten: [")
    end = regio.index("]", start)
    regio = regio[:start] + f"  districten: [{', '.join(ids)}]" + regio[end + 1:]
    regio = regio.replace("aantal_gemeenten: 37", f"aantal_gemeenten: {code}")
    (data / "regio.yaml").write_text(regio, encoding="utf-8")
    return f"Tholen {copies // 2:03d}", gemeenten


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        # Exit 3, not 1 (a goal missed): .ci/run fails on a command that does not run.
        print(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()}",
              file=sys.stderr)
        raise SystemExit(3)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of every command")
    parser.add_argument("--scale", type=int, default=100, help="size of the large register")
    parser.add_argument("--typer", metavar="VERSIE", action="append", default=[],
                        help="also measure the floor app with this Typer version, in a "
                        "temporary virtual environment (needs the package index)")
    args = parser.parse_args()

    mhcli = str(BIN / "mhcli")
    peer = str(BIN / "check-jsonschema")
    for needed in (mhcli, peer):
        if not Path(needed).exists():
            print(f"{needed} ontbreekt; installeer: pip install . check-jsonschema",
                  file=sys.stderr)
            return 2

    with tempfile.TemporaryDirectory(prefix="mhcli-bench-") as tmp_name:
        tmp = Path(tmp_name)
        floor = tmp / "floor.py"
        floor.write_text(FLOOR_APP, encoding="utf-8")
        large = tmp / "large"
        large_name, made_up = scale_register(REPO / "data", large, args.scale)
        wrapper = tmp / "with_reference.py"
        wrapper.write_text(WITH_REFERENCE, encoding="utf-8")
        big = [sys.executable, str(wrapper), str(scaled_reference(tmp / "referentie", made_up))]
        env = {**os.environ, "MHCLI_CACHE": str(tmp / "cache"), "NO_COLOR": "1"}
        env.pop("MHCLI_DATA", None)
        data = str(REPO / "data")
        schemas = REPO / "schemas"
        districts = sorted(str(p) for p in (REPO / "data" / "districten").glob("*.yaml"))
        commands: dict[str, list[list[str]]] = {
            "import typer, yaml": [[sys.executable, "-c", "import typer, yaml"]],
            "floor: trivial Typer app": [[sys.executable, str(floor), "route", "Tholen",
                                          "--format", "tekst"]],
            "mhcli route Tholen": [[mhcli, "route", "Tholen", "--data", data]],
            "mhcli valideer": [[mhcli, "valideer", "--data", data]],
            "check-jsonschema (2 runs)": [
                [peer, "--schemafile", str(schemas / "regio.schema.json"),
                 str(REPO / "data" / "regio.yaml")],
                [peer, "--schemafile", str(schemas / "district.schema.json"), *districts]],
            f"mhcli route ({args.scale}x)": [[*big, "route", large_name, "--data",
                                              str(large / "data")]],
            f"mhcli valideer ({args.scale}x)": [[*big, "valideer", "--data",
                                                 str(large / "data")]],
            # Every round rebuilds the same folder in place, as a CI job or a user would.
            "mhcli site": [[mhcli, "site", str(tmp / "site"), "--data", data]],
            f"mhcli site ({args.scale}x)": [[*big, "site", str(tmp / "site-large"), "--data",
                                             str(large / "data")]],
        }
        for version in args.typer:
            venv = tmp / f"typer-{version}"
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            installed = subprocess.run([str(venv / "bin" / "pip"), "install", "-q",
                                        f"typer=={version}", "pyyaml"], capture_output=True,
                                       check=False)
            if installed.returncode != 0:
                print(installed.stderr.decode(), file=sys.stderr)
                return 2
            python = str(venv / "bin" / "python")
            commands[f"floor with Typer {version}"] = [[python, str(floor), "route", "Tholen",
                                                        "--format", "tekst"]]
            commands[f"import typer, yaml ({version})"] = [[python, "-c", "import typer, yaml"]]
        # Warm up: byte code, the OS file cache, and mhcli's own validation cache.
        for argvs in commands.values():
            for argv in argvs:
                run_once(argv, env, tmp)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, argvs in commands.items():
                times[name].append(sum(run_once(argv, env, tmp) for argv in argvs))

    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"Python {sys.version.split()[0]}, {args.rounds} rondes, mediaan per opdracht:\n")
    for name, value in median.items():
        print(f"  {name:<34} {value * 1000:8.1f} ms")
    ratios = [
        ("route / floor", median["mhcli route Tholen"] / median["floor: trivial Typer app"],
         1.3),
        ("valideer / check-jsonschema", median["mhcli valideer"]
         / median["check-jsonschema (2 runs)"], 0.6),
        (f"route {args.scale}x / route", median[f"mhcli route ({args.scale}x)"]
         / median["mhcli route Tholen"], 1.5),
        (f"valideer {args.scale}x / valideer", median[f"mhcli valideer ({args.scale}x)"]
         / median["mhcli valideer"], 8.0),
        ("site / valideer", median["mhcli site"] / median["mhcli valideer"], 2.0),
        (f"site {args.scale}x / site", median[f"mhcli site ({args.scale}x)"]
         / median["mhcli site"], 40.0),
    ]
    print("\nVerhouding                          gemeten   doel")
    failed = False
    for name, ratio, target in ratios:
        ok = ratio <= target
        failed |= not ok
        print(f"  {name:<32} {ratio:7.2f}  <= {target:<4} {'ok' if ok else 'TE TRAAG'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
