"""`finloom status`: where the warehouse is, how fresh each source is, the last run, the marts.

Freshness is `finloom.ops.freshness` (dlt's load records against the thresholds in the sources
YAML); the last run is the ledger's (`finloom.ops.runs`). By default only the marts' tables are
counted; `--all` counts every schema's, dlt's own `_dlt_*` tables included. Views are listed
without a count: counting one runs its whole query.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from finloom.cli.common import CliError, timestamp
from finloom.loading import SOURCES
from finloom.ops.freshness import Freshness, describe_age, source_freshness
from finloom.ops.runs import RunRecord, recent_runs
from finloom.paths import missing_warehouse, warehouse_path
from finloom.warehouse import quote, scalar

HELP = "source freshness, the last run and row counts per mart table (--all: every table)"

#: The schema `status` counts by default; the others are shown with `--all`.
SHOWN_SCHEMA = "marts"


@dataclass(frozen=True)
class TableCount:
    """One table or view: its rows (None for a view, which is not counted)."""

    schema: str
    table: str
    kind: str  # "table" | "view"
    rows: int | None

    def as_json(self) -> dict[str, Any]:
        return {"schema": self.schema, "table": self.table, "type": self.kind, "rows": self.rows}


@dataclass(frozen=True)
class Status:
    """What `finloom status` reports."""

    warehouse: Path
    sources: list[Freshness]
    last_run: RunRecord | None
    tables: list[TableCount]
    hidden: int  # tables and views not shown (without --all)
    hidden_schemas: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "warehouse": str(self.warehouse),
            "sources": [{**f.as_json(), "age": describe_age(f.age)} for f in self.sources],
            "last_run": _run_json(self.last_run) if self.last_run else None,
            "tables": [t.as_json() for t in self.tables],
            "hidden_tables": self.hidden,
            "hidden_schemas": self.hidden_schemas,
        }


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom status`."""
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--all",
        action="store_true",
        help="count every schema's tables (raw, staging, intermediate, dlt's _dlt_*), "
        "not only the marts",
    )


def cmd_status(args: argparse.Namespace, run_id: str) -> int:
    """Print the warehouse's status (text or JSON); exit 0."""
    status = read_status(warehouse_path(args.db), everything=args.all)
    if args.json:
        print(json.dumps(status.as_json(), indent=2))
    else:
        print("\n".join(format_status(status, everything=args.all)))
    return 0


def read_status(db: Path, *, everything: bool = False, now: datetime | None = None) -> Status:
    """Freshness per source, the ledger's last run and the table counts of warehouse `db`."""
    if not db.exists():
        raise CliError(missing_warehouse(db))
    with duckdb.connect(str(db), read_only=True) as con:
        freshness = _in_run_order(source_freshness(con, now=now))
        listed = _tables(con)
        shown = [t for t in listed if everything or t[0] == SHOWN_SCHEMA]
        tables = [
            TableCount(s, t, kind, _count(con, s, t) if kind == "table" else None)
            for s, t, kind in shown
        ]
    runs = recent_runs(db, last=1)  # none when the warehouse has no ledger yet
    hidden = [t for t in listed if t not in shown]
    return Status(
        db,
        freshness,
        runs[0] if runs else None,
        tables,
        len(hidden),
        sorted({s for s, _, _ in hidden}),
    )


def format_status(status: Status, *, everything: bool = False) -> list[str]:
    """The text `finloom status` prints."""
    lines = [f"warehouse {status.warehouse}", "", "sources (last successful load, UTC):"]
    width = max((len(f.source) for f in status.sources), default=0)
    for f in status.sources:
        at = timestamp(f.last_loaded_at) if f.last_loaded_at else "never loaded"
        age = f"{describe_age(f.age)} ago" if f.age is not None else "-"
        limits = f"warn after {_limit(f.warn_after)}, error after {_limit(f.error_after)}"
        lines.append(f"  {f.source:<{width}}  {f.status:<6}  {at:<19}  {age:>10}  ({limits})")
    lines.append("")
    run = status.last_run
    if run is None:
        lines.append("last run: none recorded")
    else:
        ended = f"ended {timestamp(run.ended_at)}" if run.ended_at else "not ended"
        code = f", exit {run.exit_code}" if run.exit_code is not None else ""
        lines.append(f"last run: {run.run_id} {run.status}{code}, {ended} UTC ({run.command})")
        if run.error:
            lines.append(f"  error: {run.error.splitlines()[0]}")
    lines.append("")
    scope = "every schema" if everything else SHOWN_SCHEMA
    lines.append(f"rows per table ({scope}):")
    if not status.tables:
        lines.append(f"  no tables in {scope} (run `finloom build`)")
    names = [f"{t.schema}.{t.table}" for t in status.tables]
    width = max((len(n) for n in names), default=0)
    for name, t in zip(names, status.tables, strict=True):
        rows = f"{t.rows:>12,}" if t.rows is not None else f"{'(view)':>12}"
        lines.append(f"  {name:<{width}}  {rows}")
    if status.hidden:
        lines.append(
            f"  ({status.hidden} more hidden in {', '.join(status.hidden_schemas)}; "
            "--all shows them)"
        )
    return lines


def _in_run_order(rows: list[Freshness]) -> list[Freshness]:
    """The sources in the order a run loads them; any other configured source after them."""
    order = {source: i for i, source in enumerate(SOURCES)}
    return sorted(rows, key=lambda f: (order.get(f.source, len(order)), f.source))


def _tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(schema, name, "table" | "view") of every relation in the warehouse's own catalog."""
    rows = con.execute(
        """
        select table_schema, table_name,
            case when table_type = 'VIEW' then 'view' else 'table' end
        from information_schema.tables
        where table_catalog = current_database()
        order by table_schema, table_name
        """
    ).fetchall()
    return [(str(s), str(t), str(k)) for s, t, k in rows]


def _count(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> int:
    return scalar(con, f"select count(*) from {quote(schema)}.{quote(table)}")


def _limit(after: timedelta | None) -> str:
    if after is None:
        return "-"
    if after.total_seconds() % 86400 == 0:
        return f"{after.days}d"
    return describe_age(after)


def _run_json(run: RunRecord) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "status": run.status,
        "exit_code": run.exit_code,
        "command": run.command,
        "started_at": run.started_at.isoformat(),
        "ended_at": run.ended_at.isoformat() if run.ended_at else None,
        "error": run.error,
    }
