"""dbt on a test warehouse: a selection built with the test's own target and log folders."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ingestion.pipeline import DbtOutcome, run_dbt


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
