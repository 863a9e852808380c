"""Compare two warehouses table by table: rows only in one of them (`except all`, both ways).

Floating-point columns are compared to 12 significant digits: DuckDB sums doubles in parallel,
so the last bits of a float aggregate differ between two builds of the same data (exact
DECIMAL columns are compared exactly)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb


def table_differences(
    a: Path,
    b: Path,
    schemas: Sequence[str] = ("intermediate", "marts"),
    exclude: Sequence[str] = (),
) -> dict[str, tuple[int, int]]:
    """{schema.table: (rows only in a, rows only in b)} for every table that differs, plus a
    table present in only one warehouse (counted as all its rows). Empty when they are equal."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{a}' as a (read_only)")
        con.execute(f"attach '{b}' as b (read_only)")
        marks = ", ".join("?" for _ in schemas)
        tables = {
            side: {
                f"{schema}.{table}"
                for schema, table in con.execute(
                    "select schema_name, table_name from duckdb_tables() "
                    f"where database_name = ? and schema_name in ({marks})",
                    [side, *schemas],
                ).fetchall()
            }
            for side in ("a", "b")
        }
        diffs: dict[str, tuple[int, int]] = {}
        for name in sorted((tables["a"] | tables["b"]) - set(exclude)):
            if name not in tables["b"]:
                diffs[name] = (_count(con, f"a.{name}"), 0)
            elif name not in tables["a"]:
                diffs[name] = (0, _count(con, f"b.{name}"))
            else:
                cols = _columns(con, name)
                only_a = _count(
                    con, f"(select {cols} from a.{name} except all select {cols} from b.{name})"
                )
                only_b = _count(
                    con, f"(select {cols} from b.{name} except all select {cols} from a.{name})"
                )
                if only_a or only_b:
                    diffs[name] = (only_a, only_b)
        return diffs
    finally:
        con.close()


def _count(con: duckdb.DuckDBPyConnection, relation: str) -> int:
    row = con.execute(f"select count(*) from {relation}").fetchone()
    return int(row[0]) if row else 0


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The select list of `name`: every column, floats rounded to 12 significant digits."""
    schema, table = name.split(".")
    rows = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = 'a' and schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    out = []
    for column, data_type in rows:
        ident = '"' + column.replace('"', '""') + '"'
        if data_type in ("DOUBLE", "FLOAT"):
            out.append(
                f"case when {ident} is null or {ident} = 0 or not isfinite({ident}) then {ident} "
                f"else round({ident}, 12 - cast(ceil(log10(abs({ident}))) as integer)) end"
            )
        else:
            out.append(ident)
    return ", ".join(out)
