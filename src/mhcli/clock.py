"""Today, as every check of freshness sees it: fixed with MHCLI_VANDAAG so checks repeat."""

import os
from datetime import date

from mhcli.errors import MhcliError


def today() -> date:
    """Today, or the date in MHCLI_VANDAAG (JJJJ-MM-DD) so that checks can be repeated."""
    fixed = os.environ.get("MHCLI_VANDAAG")
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise MhcliError(f"MHCLI_VANDAAG='{fixed}' is geen datum; gebruik JJJJ-MM-DD.") from None
