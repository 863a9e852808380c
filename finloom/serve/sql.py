"""`finloom sql`: run SQL on a read-only connection to the warehouse and present the result.

The warehouse is opened with DuckDB's `read_only=True` (a statement that would write fails with
DuckDB's own message) and the session time zone set to UTC, as `finloom export` does. Several
statements run in order and the last one's result is the one returned.

Only the presentation changes; the marts keep their exact DECIMALs. Three presentations:

* table (`format_table`): for people. One header line and a dashed separator; numbers right-
  aligned, everything else left. DECIMALs lose the trailing zeros of their fraction that no
  value of their column needs, and nothing else (`143756000000.0000000000` → `143,756,000,000`,
  `1234.5000000000` → `1,234.5`; 1.42 above 2.2 shows `2.20`, so decimal points line up); integers
  and numbers get thousands separators, except integer columns named like a year or an
  identifier (`fiscal_year`, `cik`, `…_id`, `…_key`, `…_code`), which print as they are. NULL is
  `NULL`; dates and times are ISO; text longer than `MAX_CELL` characters is cut with `…` and its
  line breaks and tabs become spaces.
* csv (`write_csv`): RFC 4180 (CRLF line ends, fields with a comma, quote or line break quoted,
  quotes doubled), one header line. Values are exact: DECIMALs with every digit of their scale, no
  thousands separators, ISO dates and timestamps. NULL is an empty field; an empty string is `""`.
* json (`write_json`): an array of objects, one per line. DECIMAL and HUGEINT values are strings of
  every digit (`"143756000000.0000000000"`), as in `finloom export`: JSON readers parse numbers as
  binary doubles and keep ~16 significant digits. Other numbers are JSON numbers (a NaN or
  infinity, which JSON cannot hold, is the string `"NaN"`/`"Infinity"`), dates and timestamps ISO
  strings, NULL `null`, lists arrays and structs objects.

The interactive shell is the DuckDB CLI (`duckdb -readonly DB`, from the `duckdb-cli` package);
`duckdb_cli` finds it and `shell_argv` is the command line to run.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TextIO
from uuid import UUID

import duckdb

from finloom.paths import missing_warehouse

#: Rows a table shows unless told otherwise (csv and json print every row by default).
DEFAULT_TABLE_ROWS = 1000
#: Widest text cell of a table, in characters, `…` included.
MAX_CELL = 40
NULL_TEXT = "NULL"
#: Rows fetched at a time while counting the rows a `max_rows` cut leaves out.
COUNT_BATCH = 10_000
#: Integer columns printed without thousands separators: a year or an identifier.
PLAIN_INTEGER_COLUMN = re.compile(r"(^|[^a-z])(year|cik|id|key|code)([^a-z]|$)")
NUMERIC_TYPES = frozenset({
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
    "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "BIGNUM", "VARINT",
})  # fmt: skip
#: Integer types beyond a double's exact range: JSON strings, like DECIMALs.
WIDE_INTEGER_TYPES = frozenset({"HUGEINT", "UHUGEINT", "BIGNUM", "VARINT"})
#: Longest piece of the query an error message repeats.
QUERY_ECHO = 120


class SqlError(Exception):
    """A user-facing failure (no warehouse, a query DuckDB rejects, no shell): one line, exit 1."""


@dataclass(frozen=True)
class Column:
    """One result column: its name and DuckDB type (`DECIMAL(38,10)`, `VARCHAR`, `DATE`, …)."""

    name: str
    type: str

    @property
    def numeric(self) -> bool:
        """A number column: right-aligned in a table."""
        return self.type in NUMERIC_TYPES or self.type.startswith("DECIMAL")

    @property
    def plain_integer(self) -> bool:
        """An integer column named like a year or an identifier: no thousands separators."""
        return self.numeric and PLAIN_INTEGER_COLUMN.search(self.name.lower()) is not None


@dataclass(frozen=True)
class QueryResult:
    """The last statement's result: its columns, the rows kept, and how many more there were."""

    columns: tuple[Column, ...]
    rows: list[tuple[object, ...]]
    #: rows of the result beyond `rows` (cut by `max_rows`)
    more: int = 0


#: How DuckDB describes the result of a statement that returns nothing (`set …`): no rows.
NO_RESULT = (Column("Success", "BOOLEAN"),)


# --------------------------------------------------------------------------- running


def run_query(db: Path, sql: str, *, max_rows: int | None = None) -> QueryResult:
    """Run `sql` (one or more statements) on warehouse `db`, read-only; the last result.

    `max_rows` keeps at most that many rows and counts the others (`QueryResult.more`).
    A statement without a result (`set …`) gives no columns and no rows.
    """
    if not db.exists():
        raise SqlError(missing_warehouse(db))
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise SqlError(f"cannot open {db}: {_first_line(exc)}") from exc
    with con:
        con.execute("set TimeZone = 'UTC'")
        try:
            con.execute(sql)
            columns = tuple(Column(str(d[0]), str(d[1])) for d in con.description or ())
            if not columns:
                return QueryResult((), [])
            if max_rows is None:
                rows = con.fetchall()
            else:
                rows = con.fetchmany(max_rows) if max_rows > 0 else []
            more = 0
            while max_rows is not None and (batch := con.fetchmany(COUNT_BATCH)):
                more += len(batch)
        except duckdb.InterruptException:
            raise  # Ctrl-C: the session reports the interrupt
        except duckdb.Error as exc:
            raise SqlError(query_error(exc, sql)) from exc
    if columns == NO_RESULT and not rows and not more:
        return QueryResult((), [])
    return QueryResult(columns, rows, more)


def query_error(exc: BaseException, sql: str) -> str:
    """DuckDB's complaint in one line, with its hint (`Did you mean …`) and the query typed."""
    lines = [line.strip() for line in str(exc).strip().splitlines()]
    lines = [line for line in lines if line and not line.startswith("LINE ") and line != "^"]
    message = " ".join(lines[:2]) if lines else type(exc).__name__
    return f"{message} (query: {_echo(sql)})"


def _echo(sql: str) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= QUERY_ECHO else text[: QUERY_ECHO - 1] + "…"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --------------------------------------------------------------------------- the shell


def duckdb_cli() -> Path:
    """The DuckDB CLI binary: the one the `duckdb-cli` package bundles, else `duckdb` beside
    the Python interpreter (the virtualenv's bin), else on PATH.

    The bundled binary comes first because the package's `bin/duckdb` is a Python script that
    runs it with `subprocess.call`, which kills the shell at the first Ctrl-C (meant to cancel
    a query) instead of letting the shell handle it."""
    spec = importlib.util.find_spec("duckdb_cli")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundled = Path(folder) / "duckdb"
        if bundled.is_file():
            return bundled
    beside = Path(sys.executable).parent / "duckdb"
    if beside.is_file():
        return beside
    found = shutil.which("duckdb")
    if found:
        return Path(found)
    raise SqlError(
        "no DuckDB shell found (the `duckdb` program of the duckdb-cli package); install it "
        "with `pip install duckdb-cli==1.5.6`, or pass a QUERY to run it without the shell"
    )


def shell_argv(db: Path) -> list[str]:
    """The command line of an interactive DuckDB shell on warehouse `db`, read-only."""
    if not db.exists():
        raise SqlError(missing_warehouse(db))
    return [str(duckdb_cli()), "-readonly", str(db)]


# --------------------------------------------------------------------------- values


def decimal_text(value: Decimal) -> str:
    """Every digit, without exponent: `Decimal('0E-10')` → `0.0000000000`."""
    return format(value, "f")


def fraction_digits(value: Decimal) -> int:
    """Digits of the fraction up to its last non-zero one: `1234.5000` → 1, `7.000` → 0."""
    text = format(value, "f")
    return len(text.partition(".")[2].rstrip("0"))


def trimmed_decimal(value: Decimal, places: int | None = None) -> str:
    """The same number with thousands separators and without the trailing zeros of its fraction
    (`143756000000.0000000000` → `143,756,000,000`; `1234.5000` → `1,234.5`), or with `places`
    digits of fraction when given (never fewer than `fraction_digits`: nothing is rounded)."""
    digits = fraction_digits(value) if places is None else max(places, fraction_digits(value))
    text = format(value, f",.{digits}f")
    return text[1:] if value.is_zero() and text.startswith("-") else text


def cell_text(value: object, column: Column, places: int | None = None) -> str:
    """A value as a table cell (before truncation); `places`: a DECIMAL's digits of fraction."""
    if value is None:
        return NULL_TEXT
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return trimmed_decimal(value, places)
    if isinstance(value, int):
        return str(value) if column.plain_integer else f"{value:,}"
    if isinstance(value, float):
        return f"{value:,}" if math.isfinite(value) else _non_finite(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, str):
        return " ".join(value.replace("\r\n", " ").splitlines()).replace("\t", " ")
    return exact_text(value)


def exact_text(value: object) -> str:
    """A non-NULL value as CSV writes it: exact, ungrouped, ISO dates and times."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else _non_finite(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return _bytes_text(value)
    if isinstance(value, list | tuple | dict):
        return json_value(value)
    return str(value)


def json_value(value: object, column: Column | None = None) -> str:
    """A value as JSON text; DECIMALs (and HUGEINTs of `column`) as strings of every digit."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        wide = column is not None and column.type in WIDE_INTEGER_TYPES
        return json.dumps(str(value)) if wide else str(value)
    if isinstance(value, Decimal):
        return json.dumps(decimal_text(value))
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else json.dumps(_non_finite(value))
    if isinstance(value, dict):
        items = (f"{_json_str(str(k))}: {json_value(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(json_value(v) for v in value) + "]"
    if isinstance(value, datetime | date | time):
        return _json_str(value.isoformat())
    if isinstance(value, bytes):
        return _json_str(_bytes_text(value))
    if isinstance(value, timedelta | UUID | str):
        return _json_str(str(value))
    return _json_str(str(value))


def _json_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _non_finite(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _bytes_text(value: bytes) -> str:
    """A BLOB as DuckDB prints one: printable ASCII as is, other bytes `\\xAB`."""
    return "".join(chr(b) if 32 <= b < 127 and b != 92 else f"\\x{b:02X}" for b in value)


# --------------------------------------------------------------------------- presentations


def format_table(result: QueryResult, *, max_cell: int = MAX_CELL) -> list[str]:
    """The result as aligned text lines: header, separator, rows, and `… N more rows` if cut."""
    columns = result.columns
    if not columns:
        return []
    # a DECIMAL column shows as many digits of fraction as its most precise value needs, so
    # its decimal points line up: 1.42 over 2.20, 143,756,000,000 when every value is whole
    places = [
        max((fraction_digits(v) for v in values if isinstance(v, Decimal)), default=0)
        for values in zip(*result.rows, strict=True)
    ] or [0] * len(columns)
    cells = [
        [_cell(v, c, p, max_cell) for v, c, p in zip(row, columns, places, strict=True)]
        for row in result.rows
    ]
    widths = [len(c.name) for c in columns]
    for row_cells in cells:
        widths = [max(w, len(t)) for w, t in zip(widths, row_cells, strict=True)]

    def line(texts: Sequence[str]) -> str:
        parts = (
            t.rjust(w) if c.numeric else t.ljust(w)
            for t, w, c in zip(texts, widths, columns, strict=True)
        )
        return "  ".join(parts).rstrip()

    lines = [line([c.name for c in columns]), "  ".join("-" * w for w in widths)]
    lines.extend(line(row_cells) for row_cells in cells)
    if not result.rows and not result.more:
        lines.append("(0 rows)")
    if result.more:
        rows = "row" if result.more == 1 else "rows"
        lines.append(f"… {result.more:,} more {rows} (--max-rows 0 prints all)")
    return lines


def _cell(value: object, column: Column, places: int, width: int) -> str:
    """A cell's text; text longer than `width` is cut with `…`, a number never is."""
    text = cell_text(value, column, places)
    if column.numeric or len(text) <= width:
        return text
    return text[: width - 1] + "…"


def csv_field(value: object) -> str:
    """One RFC 4180 field: NULL empty, an empty string `""`, quoted when it must be."""
    if value is None:
        return ""
    text = exact_text(value)
    if text == "" or any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(result: QueryResult, out: TextIO) -> None:
    """The result as RFC 4180 CSV (header line, CRLF line ends), every value exact."""
    if not result.columns:
        return
    out.write(",".join(csv_field(c.name) for c in result.columns) + "\r\n")
    for row in result.rows:
        out.write(",".join(csv_field(v) for v in row) + "\r\n")


def write_json(result: QueryResult, out: TextIO) -> None:
    """The result as a JSON array of objects, one object per line, DECIMALs exact."""
    columns = result.columns
    keys = [_json_str(name) for name in unique_names(c.name for c in columns)]

    def record(row: Sequence[object]) -> str:
        pairs = (f"{k}: {json_value(v, c)}" for k, v, c in zip(keys, row, columns, strict=True))
        return "{" + ", ".join(pairs) + "}"

    if not result.rows:
        out.write("[]\n")
        return
    out.write("[\n")
    last = len(result.rows) - 1
    for i, row in enumerate(result.rows):
        out.write("  " + record(row) + (",\n" if i < last else "\n"))
    out.write("]\n")


def unique_names(names: Iterable[str]) -> list[str]:
    """Column names as JSON keys: a repeated name gets `_2`, `_3`… (`select 1 a, 2 a`)."""
    seen: set[str] = set()
    out = []
    for name in names:
        key, n = name, 1
        while key in seen:
            n += 1
            key = f"{name}_{n}"
        seen.add(key)
        out.append(key)
    return out
