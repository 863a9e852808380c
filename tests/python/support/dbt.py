"""dbt on a test warehouse: a selection built with the test's own target and log folders, and
the environment a module-scoped warehouse fixture loads and builds in."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from finloom.transform import DbtOutcome, run_dbt


def dbt_select(
    db: Path,
    work: Path,
    select: Sequence[str],
    *,
    command: str = "build",
    cautious: bool = False,
) -> DbtOutcome:
    """Run dbt `command` on the `select`ed nodes of warehouse `db`; target/ and logs/ go under
    `work`, so tests never share dbt's artifacts. `cautious` runs only the tests whose parents
    are all selected (tests that also read models outside the selection are left out)."""
    args = [command, "--select", *select]
    args += ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    if cautious:
        args += ["--indirect-selection", "cautious"]
    return run_dbt(args, db, quiet=True)


@contextmanager
def warehouse_env(work: Path, db: Path) -> Iterator[None]:
    """What the per-test isolation (conftest) gives a test, for a module-scoped fixture: dlt's
    data dir under `work`, FINLOOM_DB = `db`, quiet dlt logs; restored on exit."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DLT_DATA_DIR", str(work / "dlt_data"))
        patch.setenv("FINLOOM_DB", str(db))
        patch.setenv("RUNTIME__LOG_LEVEL", "WARNING")
        yield
