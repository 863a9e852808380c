"""dbt, in-process: `dbt build` (or any dbt command) on the warehouse, with its node results."""

from __future__ import annotations

import json
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
    #: dbt's invocation id (in its logs and run_results.json), kept in the run ledger
    invocation_id: str | None = None


def _release_dbt_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB open for the life of the process; close it after each
    invocation so this process (or the next dlt load) can open the file again."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
    DuckDBConnectionManager.close_all_connections()


def with_run_id(args: Sequence[str], run_id: str | None) -> list[str]:
    """`args` with the FinLoom run id as the dbt var `finloom_run_id`, merged into a `--vars`
    the user gave (theirs win)."""
    args = list(args)
    if run_id is None:
        return args
    import yaml  # type: ignore[import-untyped]  # PyYAML ships no stubs

    if "--vars" in args[:-1]:
        at = args.index("--vars") + 1
        given = yaml.safe_load(args[at]) or {}
        if isinstance(given, dict):
            args[at] = json.dumps({"finloom_run_id": run_id, **given})
        return args
    return [*args, "--vars", json.dumps({"finloom_run_id": run_id})]


def run_dbt(
    args: Sequence[str], db_path: Path, quiet: bool = False, run_id: str | None = None
) -> DbtOutcome:
    """Invoke dbt in-process on this project with the warehouse at `db_path`.

    Ctrl-C while dbt runs raises KeyboardInterrupt here (dbt catches it and returns it as the
    result's exception).
    """
    from dbt.cli.main import dbtRunner
    from dbt_common.invocation import get_invocation_id

    os.environ["FINLOOM_DB"] = str(db_path)
    os.environ.pop("DUCKDB_PATH", None)  # the profile prefers it; a stray value would win
    # dbt rolls logs/dbt.log over at this size and keeps 5 old files: at most 30 MB in all
    os.environ.setdefault("DBT_LOG_FILE_MAX_BYTES", str(DBT_LOG_FILE_MAX_BYTES))
    cli_args = [
        *with_run_id(args, run_id),
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
    if isinstance(result.exception, KeyboardInterrupt):
        raise KeyboardInterrupt
    outcome = DbtOutcome(success=bool(result.success), invocation_id=get_invocation_id())
    for node in getattr(result.result, "results", None) or []:
        kind = getattr(node.node, "resource_type", "node")
        status = str(node.status)
        outcome.counts[f"{kind}:{status}"] += 1
        if status in {"error", "fail"}:
            outcome.failures.append(f"{node.node.name}: {status} {node.message or ''}".strip())
    if result.exception is not None and not outcome.failures:
        text = str(result.exception).strip()
        outcome.failures.append(text.splitlines()[0] if text else type(result.exception).__name__)
    return outcome
