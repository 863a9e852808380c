"""`finloom runs`: the run ledger (`ops.runs`), newest first, as a table or JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import datetime

from finloom.cli.common import CliError, timestamp
from finloom.ops.runs import RunRecord, recent_runs
from finloom.paths import missing_warehouse, warehouse_path

HELP = "recent runs from the run ledger: status, duration, rows loaded, gaps, findings"

#: Longer commands are cut in the table (`--json` has them whole).
COMMAND_WIDTH = 48


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom runs`."""
    p.add_argument("--last", type=int, default=10, metavar="N", help="the last N runs (10)")
    p.add_argument("--json", action="store_true", help="print a JSON array of the runs")


def cmd_runs(args: argparse.Namespace, run_id: str) -> int:
    """Print the last runs (table or JSON); exit 0, also when none was recorded."""
    if args.last < 1:
        raise CliError(f"--last must be 1 or more, got {args.last}")
    db = warehouse_path(args.db)
    if not db.exists():
        raise CliError(missing_warehouse(db))
    runs = recent_runs(db, last=args.last)
    if args.json:
        print(json.dumps([r.as_json() for r in runs], indent=2, default=str))
    elif not runs:
        print(f"no runs recorded yet in {db}")
    else:
        print(format_table(runs))
    return 0


def format_table(runs: Sequence[RunRecord]) -> str:
    """One line per run; the error line, if any, last."""
    header = (
        "run id",
        "started (UTC)",
        "duration",
        "status",
        "exit",
        "command",
        "sources",
        "rows",
        "gaps",
        "findings",
        "error",
    )
    lines = [
        (
            r.run_id,
            timestamp(r.started_at),
            duration(r.started_at, r.ended_at),
            r.status,
            str(r.exit_code) if r.exit_code is not None else "-",
            _cut(r.command, COMMAND_WIDTH),
            ",".join(r.sources) or "-",
            f"{rows_total(r):,}" if r.ended_at else "-",
            str(len(r.gaps)),
            str(len(r.new_findings)),
            r.error.strip().splitlines()[0] if r.error and r.error.strip() else "-",
        )
        for r in runs
    ]
    numeric = {header.index(h) for h in ("exit", "rows", "gaps", "findings")}
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header) - 1)]
    out = []
    for row in [header, *lines]:
        cells = [
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        out.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(out)


def rows_total(run: RunRecord) -> int:
    """Rows loaded by the run, summed over its sources and tables."""
    return sum(n for tables in run.rows_loaded.values() for n in tables.values())


def duration(started: datetime, ended: datetime | None) -> str:
    """`4.2s`, `3m 05s`, `1h 02m`; `-` while the run has not ended."""
    if ended is None:
        return "-"
    seconds = max(0.0, (ended - started).total_seconds())
    if seconds < 60:
        return f"{seconds:.1f}s"
    whole = int(seconds)
    if whole < 3600:
        return f"{whole // 60}m {whole % 60:02d}s"
    return f"{whole // 3600}h {whole % 3600 // 60:02d}m"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
