"""Apply each worked example of CONTRIBUTING.md to the register and run the test suite.

Usage: python tools/voorbeelden.py [VOORBEELD ...] [-- PYTEST-ARGS ...]

Each example is a patch of data/ in tests/voorbeelden/. For each one, the checkout (tracked and
untracked files, as git lists them) is copied to a temporary folder, the patch is applied to its
data/, and pytest runs there on every test outside the named set that reads the product's own
register (``-m "not bundled"``). The claim it proves: an honest data change, as CONTRIBUTING
teaches it, turns no unrelated test red. Exit 0 when every example passes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "tests" / "voorbeelden"


def _copy_checkout(target: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)


def run_example(patch: Path, pytest_args: list[str]) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory(prefix=f"mhcli-{patch.stem}-") as folder:
        work = Path(folder)
        _copy_checkout(work)
        # A checkout of its own (some tests list its files with git), with the example as a
        # maintainer has it: applied to the work tree, not yet committed.
        for command in (["init", "-q", "-b", "main"], ["add", "-A"],
                        ["-c", "user.name=voorbeeld", "-c", "user.email=voorbeeld@example.invalid",
                         "-c", "commit.gpgsign=false", "commit", "-q", "-m", "checkout"],
                        ["apply", str(patch)]):
            subprocess.run(["git", *command], cwd=work, check=True, capture_output=True)
        # The copy's own src/ first, so the tests import the code they sit beside.
        env = {**os.environ, "PYTHONPATH": str(work / "src")}
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "-m", "not bundled", *pytest_args], cwd=work, env=env,
                              capture_output=True, text=True, check=False)
        tail = "\n".join(done.stdout.strip().splitlines()[-15:])
        return done.returncode == 0, tail


def main(argv: list[str]) -> int:
    names, pytest_args = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) \
        if "--" in argv else (argv, [])
    patches = [EXAMPLES / f"{n}.patch" for n in names] or sorted(EXAMPLES.glob("*.patch"))
    failed = []
    for patch in patches:
        started = time.monotonic()
        ok, tail = run_example(patch, pytest_args)
        print(f"{'ok  ' if ok else 'FOUT'} {patch.stem} ({time.monotonic() - started:.0f} s)")
        if not ok:
            failed.append(patch.stem)
            print(tail)
    print(f"{len(patches) - len(failed)} van {len(patches)} voorbeelden: de tests buiten de "
          "genoemde set bleven groen." if not failed else f"Faalden: {', '.join(failed)}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
