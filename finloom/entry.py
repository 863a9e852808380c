"""The `finloom` console script and `python -m finloom`.

Starting takes a second or two of imports (dlt, dbt, pyarrow); Ctrl-C in that window ends like
Ctrl-C anywhere else: one line on stderr and exit 130, never a traceback of the import.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

EXIT_INTERRUPTED = 130
INTERRUPTED = "finloom: interrupted; re-run the same command to finish (loads are idempotent)"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        from finloom.cli import main as run

        return run(argv)
    except KeyboardInterrupt:  # the command itself reports its own (finloom.cli.session)
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_INTERRUPTED
