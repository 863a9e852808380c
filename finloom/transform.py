"""dbt, in-process: `dbt build` (or any dbt command) on the warehouse, with its node results."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from finloom.paths import PROJECT_ROOT

#: dbt.log rolls over at 5 MB (dbt keeps five rolled files beside it).
DBT_LOG_FILE_MAX_BYTES = 5 * 2**20


@dataclass
class DbtOutcome:
    success: bool
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _release_dbt_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB open for the life of the process; close it after each
    invocation so this process (or the next dlt load) can open the file again."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
    DuckDBConnectionManager.close_all_connections()


def run_dbt(args: Sequence[str], db_path: Path, quiet: bool = False) -> DbtOutcome:
    """Invoke dbt in-process on this project with the warehouse at `db_path`."""
    from dbt.cli.main import dbtRunner

    os.environ["FINLOOM_DB"] = str(db_path)
    os.environ.pop("DUCKDB_PATH", None)  # the profile prefers it; a stray value would win
    # dbt rolls logs/dbt.log over at this size and keeps 5 old files: at most 30 MB in all
    os.environ.setdefault("DBT_LOG_FILE_MAX_BYTES", str(DBT_LOG_FILE_MAX_BYTES))
    cli_args = [
        *args,
        "--project-dir",
        str(PROJECT_ROOT),
        "--profiles-dir",
        str(PROJECT_ROOT),
    ]
    if quiet:
        cli_args = ["--quiet", *cli_args]
    try:
        result = dbtRunner().invoke(cli_args)
    finally:
        _release_dbt_duckdb()
    outcome = DbtOutcome(success=bool(result.success))
    for node in getattr(result.result, "results", None) or []:
        kind = getattr(node.node, "resource_type", "node")
        status = str(node.status)
        outcome.counts[f"{kind}:{status}"] += 1
        if status in {"error", "fail"}:
            outcome.failures.append(f"{node.node.name}: {status} {node.message or ''}".strip())
    if result.exception is not None and not outcome.failures:
        outcome.failures.append(str(result.exception).splitlines()[0])
    return outcome
