"""`finloom status`: row counts of every raw, staging, intermediate and mart table."""

from __future__ import annotations

import argparse

import duckdb

from finloom.cli.common import CliError
from finloom.paths import warehouse_path
from finloom.warehouse import table_counts

HELP = "row counts per table"


def cmd_status(args: argparse.Namespace, run_id: str) -> int:
    """Print the warehouse path and one line per table with its row count."""
    db = warehouse_path(args.db)
    if not db.exists():
        raise CliError(f"no warehouse at {db} (run `finloom demo` or `finloom run` first)")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = table_counts(con)
    print(f"warehouse {db}")
    for schema, table, n in rows:
        print(f"  {schema}.{table:<40} {n:>12,}")
    return 0
