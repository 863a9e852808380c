"""DuckDB helpers the application shares: quoting, table existence, row counts of the layers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


def quote(identifier: str) -> str:
    """A SQL identifier in double quotes (embedded quotes doubled)."""
    return '"' + identifier.replace('"', '""') + '"'


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether `schema.table` is a table or view of the warehouse."""
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(found and found[0])


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The integer a one-value query returns (0 when it returns no row)."""
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


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
