"""What every command shares: the one-line error, the warehouse's tables, argument parsing."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

import duckdb


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 1."""


def since(started: float) -> str:
    """Seconds since `started` (a `time.monotonic()` value), as `1.2s`."""
    return f"{time.monotonic() - started:.1f}s"


def print_gaps(source: str, gaps: Sequence[object]) -> None:
    """A source's gaps on stderr: reported, and the run goes on."""
    if gaps:
        print(f"{source}: {len(gaps)} gap(s) (reported, run continued):", file=sys.stderr)
        for gap in gaps:
            print(f"  - {gap}", file=sys.stderr)


def table_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """(schema, table, rows) for every raw, staging, intermediate and mart table."""
    tables = con.execute(
        """
        select table_schema, table_name from information_schema.tables
        where (table_schema like 'raw\\_%' escape '\\'
               or table_schema in ('staging', 'intermediate', 'marts'))
          and table_type = 'BASE TABLE' and table_name not like '\\_dlt%' escape '\\'
        order by 1, 2
        """
    ).fetchall()
    return [(s, t, scalar(con, f'select count(*) from "{s}"."{t}"')) for s, t in tables]


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def split_list(raw: str | None, option: str, example: str) -> list[str] | None:
    """`A,B` into ["A", "B"]; None when the option was not given; an empty list is an error."""
    if raw is None:
        return None
    items = [t.strip() for t in raw.split(",") if t.strip()]
    if not items:
        raise CliError(f"{option} is empty{example}")
    return items
