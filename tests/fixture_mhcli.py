"""mhcli as a process, with the test fixture register as its bundled register.

Tests that need a real process (signals, closed or full streams, pipes, a shell) start this
script instead of ``python -m mhcli`` (``tests.conftest.MHCLI_PROCESS``): the same ``main()``,
answering from ``tests/fixtures/register/data`` rather than the product's ``data/``. Reading the
product's ``data/`` from here is a test bug: the process stops with exit 99 and says so.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "register" / "data"
BUNDLED = str(REPO / "data")


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if path == BUNDLED or path.startswith(BUNDLED + os.sep):
            os.write(2, f"fixture_mhcli: de test las {path}; gebruik het fixture-register\n"
                     .encode())
            os._exit(99)


sys.addaudithook(_audit)

import mhcli.location  # noqa: E402

mhcli.location.bundled_data = lambda: FIXTURE

from mhcli.runner import main  # noqa: E402

main()
