"""`finloom export`: write one mart to Parquet (optionally hive-partitioned), CSV or JSON.

DuckDB's COPY does the writing, on a read-only connection to the warehouse (an export never
blocks or changes it), with the session time zone set to UTC so timestamps render the same
everywhere. Layout of `--out DIR` (decisions recorded in docs/export.md):

* parquet: `DIR/<mart>.parquet`; with `--partition-by COL`, hive directories
  `DIR/COL_year=2023/COL_month=8/data_0.parquet` derived from the date column (month is the
  default grain, `--partition-grain year` gives one directory per year). One directory per raw
  date would mean thousands of tiny files for daily prices. The key columns carry the column's
  name so they can never clash with a mart column (`year`), and are unpadded integers so DuckDB
  and pyarrow both read them as integers; COL itself stays in the files. Rows whose date is
  NULL go to `__HIVE_DEFAULT_PARTITION__` (read back as NULL by both).
* csv: `DIR/<mart>.csv`, one header line, ISO dates, decimals written with every digit.
* json: `DIR/<mart>.jsonl`, newline-delimited records (one object per line: streamable, what
  DuckDB's `read_json` and `pyarrow.json` read). DECIMAL and HUGEINT values are JSON *strings*
  of every digit ("1234.5600000000"): JSON readers, DuckDB's included, parse numbers as binary
  doubles and would keep only ~16 significant digits; declared as DECIMAL on reading, the strings
  come back exact. Other numbers are JSON numbers; timestamps are ISO strings in UTC.

Parquet has no 128-bit integer, and DuckDB would write HUGEINT as a lossy DOUBLE, so HUGEINT
columns are exported as DECIMAL(38,0) (a value beyond 38 digits fails the export). An empty mart
exported with `--partition-by` gives `DIR/<mart>.parquet` with no rows, so its columns survive.
Writes are atomic: everything goes to a hidden sibling directory that is renamed onto DIR only
once COPY has finished; a failure leaves DIR as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from finloom.paths import missing_warehouse
from finloom.warehouse import quote

if TYPE_CHECKING:
    import duckdb

MARTS_SCHEMA = "marts"
FORMATS = ("parquet", "csv", "json")
GRAINS = ("month", "year")
EXTENSIONS = {"parquet": "parquet", "csv": "csv", "json": "jsonl"}
DATE_TYPES = ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_S", "TIMESTAMP_MS",
              "TIMESTAMP_NS")  # fmt: skip


class ExportError(Exception):
    """A user-facing export failure (unknown mart or column, output in the way): exit 1."""


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the mart, its row count, the files under `out`."""

    mart: str
    rows: int
    out: Path
    files: tuple[Path, ...]
    format: str
    partition_by: str | None = None
    partition_grain: str | None = None


# --------------------------------------------------------------------------- catalogue


def available_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of schema `marts`, sorted."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1",
        [MARTS_SCHEMA],
    ).fetchall()
    return [str(name) for (name,) in rows]


def resolve_mart(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """`fct_x` or `marts.fct_x` (any case) → the mart's table name; else a listing error."""
    schema, _, table = name.strip().rpartition(".")
    marts = available_marts(con)
    if schema.lower() in ("", MARTS_SCHEMA):
        for mart in marts:
            if mart.lower() == table.lower():
                return mart
    listing = ", ".join(marts) if marts else "none: run `finloom build` first"
    raise ExportError(f"unknown mart {name!r}; available marts: {listing}")


def column_types(con: duckdb.DuckDBPyConnection, mart: str) -> dict[str, str]:
    """Column name → DuckDB type of a mart, in table order."""
    rows = con.execute(
        """
        select column_name, data_type from information_schema.columns
        where table_schema = ? and table_name = ? order by ordinal_position
        """,
        [MARTS_SCHEMA, mart],
    ).fetchall()
    return {str(column): str(kind) for column, kind in rows}


def resolve_partition_column(columns: dict[str, str], mart: str, name: str) -> str:
    """The mart's date/timestamp column called `name` (any case); else a clear error."""
    for column, kind in columns.items():
        if column.lower() == name.lower():
            if kind.upper() not in DATE_TYPES:
                raise ExportError(
                    f"--partition-by {name}: column {column} of {mart} is {kind}; "
                    "partitioning needs a DATE or TIMESTAMP column"
                )
            return column
    dated = [c for c, k in columns.items() if k.upper() in DATE_TYPES]
    hint = ", ".join(dated) if dated else "none"
    raise ExportError(f"--partition-by {name}: {mart} has no such column; its date columns: {hint}")


# --------------------------------------------------------------------------- writing


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _select_list(columns: dict[str, str], fmt: str) -> str:
    """Every column as-is, except where the format would lose digits (see module doc): HUGEINT
    becomes DECIMAL(38,0) in Parquet; DECIMAL and HUGEINT become strings in JSON."""
    items = []
    for column, kind in columns.items():
        name = quote(column)
        wide_integer = kind.upper() in ("HUGEINT", "UHUGEINT")
        if fmt == "parquet" and wide_integer:
            items.append(f"cast({name} as decimal(38, 0)) as {name}")
        elif fmt == "json" and (wide_integer or kind.upper().startswith("DECIMAL")):
            items.append(f"cast({name} as varchar) as {name}")
        else:
            items.append(name)
    return ", ".join(items)


def partition_keys(column: str, grain: str) -> list[tuple[str, str]]:
    """(hive key name, SQL expression) pairs for a date column at a grain."""
    keys = [(f"{column}_year", f"year({quote(column)})")]
    if grain == "month":
        keys.append((f"{column}_month", f"month({quote(column)})"))
    return keys


def _copy(
    con: duckdb.DuckDBPyConnection,
    mart: str,
    columns: dict[str, str],
    fmt: str,
    target: Path,
    partition_by: str | None,
    grain: str,
) -> int:
    """COPY the mart into `target` (a file, or a directory when partitioned); rows written."""
    relation = f"{quote(MARTS_SCHEMA)}.{quote(mart)}"
    select = _select_list(columns, fmt)
    if fmt == "csv":
        options = "format csv, header true"
    elif fmt == "json":
        options = "format json"
    else:
        options = "format parquet, compression zstd"
    if partition_by is not None:
        keys = partition_keys(partition_by, grain)
        derived = ", ".join(f"{expr} as {quote(name)}" for name, expr in keys)
        names = ", ".join(quote(name) for name, _ in keys)
        select = f"{select}, {derived}"
        options = f"{options}, partition_by ({names})"
    row = con.execute(
        f"copy (select {select} from {relation}) to {_literal(target)} ({options})"
    ).fetchone()
    return int(row[0]) if row else 0


def _is_non_empty(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def _check_out(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"--out {out} is a file; give a directory")
    if _is_non_empty(out) and not overwrite:
        raise ExportError(f"--out {out} is not empty; pass --overwrite to replace its contents")


def _publish(staged: Path, out: Path, overwrite: bool) -> None:
    """Move the finished export onto `out` by renames (the old contents go only afterwards)."""
    _check_out(out, overwrite)
    old: Path | None = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
        os.rename(out, old)
    try:
        os.rename(staged, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def export_mart(
    db: Path,
    mart: str,
    fmt: str,
    out: Path,
    partition_by: str | None = None,
    partition_grain: str = "month",
    overwrite: bool = False,
) -> ExportResult:
    """Export `marts.<mart>` from warehouse `db` into directory `out` (see module doc)."""
    import duckdb

    if fmt not in FORMATS:
        raise ExportError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if partition_grain not in GRAINS:
        raise ExportError(f"--partition-grain {partition_grain!r}: choose {' or '.join(GRAINS)}")
    if partition_by is not None and fmt != "parquet":
        raise ExportError("--partition-by needs --format parquet (csv and json are single files)")
    if not db.exists():
        raise ExportError(missing_warehouse(db))
    out = out.expanduser().resolve()
    _check_out(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = out.with_name(f".{out.name}.tmp-{uuid.uuid4().hex[:8]}")
    staged.mkdir()
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            con.execute("set TimeZone = 'UTC'")
            table = resolve_mart(con, mart)
            columns = column_types(con, table)
            column = (
                resolve_partition_column(columns, table, partition_by)
                if partition_by is not None
                else None
            )
            single_file = staged / f"{table}.{EXTENSIONS[fmt]}"
            target = staged if column else single_file
            rows = _copy(con, table, columns, fmt, target, column, partition_grain)
            if column and rows == 0:
                # partitioned COPY writes no file for no rows: keep the columns in one empty file
                _copy(con, table, columns, fmt, single_file, None, partition_grain)
        files = tuple(sorted(p.relative_to(staged) for p in staged.rglob("*") if p.is_file()))
        _publish(staged, out, overwrite)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return ExportResult(
        mart=f"{MARTS_SCHEMA}.{table}",
        rows=rows,
        out=out,
        files=tuple(out / f for f in files),
        format=fmt,
        partition_by=column,
        partition_grain=partition_grain if column else None,
    )
