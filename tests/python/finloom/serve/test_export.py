"""`finloom export`: DuckDB and pyarrow read back exactly what the mart holds (DECIMAL(38,10)
included), hive partitions by year/month of a date column, clear errors, atomic output."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.dataset as pa_ds
import pyarrow.json as pa_json
import pytest

from finloom.serve.export import ExportError, export_mart

BIG = Decimal("1234567890123456789012345678.0123456789")  # 38 digits, 10 after the point
COLUMNS = ["symbol", "trade_date", "amount", "bars", "note", "loaded_at", "close_price"]


def write_marts(db: Path) -> None:
    """A tiny mart with the types marts use: DATE, DECIMAL(38,10), HUGEINT, TIMESTAMPTZ, text
    that needs CSV quoting, a NULL date, and a view."""
    with duckdb.connect(str(db)) as con:
        con.execute(
            f"""
            create schema marts;
            create table marts.fct_prices as
            select
                case when i % 2 = 0 then 'TSLA' else 'AAPL' end as symbol,
                case when i = 7 then null else date '2022-11-25' + (i * 9)::integer end
                    as trade_date,
                case when i = 0 then {BIG}::decimal(38, 10)
                    else (i * 1000.0000000001)::decimal(38, 10) end as amount,
                (i * 3)::hugeint as bars,
                case when i = 1 then 'a "quoted", multi-line' || chr(10) || 'note' end as note,
                timestamptz '2024-01-02 03:04:05.123456+00' + to_hours(i) as loaded_at,
                case when i = 2 then null else 100.0 / (i + 1) end as close_price
            from range(40) as r(i);
            create view marts.v_symbols as select distinct symbol from marts.fct_prices;
            create schema staging;
            create table staging.stg_x as select 1 as x;
            """
        )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    write_marts(path)
    return path


def _mart_rows(db: Path, mart: str = "fct_prices") -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        return con.execute(f"select {', '.join(COLUMNS)} from marts.{mart} order by all").fetchall()


def _sorted(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=repr)


# --------------------------------------------------------------------------- parquet


def test_partitioned_parquet_reads_back_in_duckdb_and_pyarrow(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "prices"
    result = export_mart(db, "fct_prices", "parquet", out, partition_by="trade_date")
    assert result.rows == 40 and result.partition_grain == "month"
    dirs = sorted({f.parent.relative_to(out).as_posix() for f in result.files})
    assert dirs[0] == "trade_date_year=2022/trade_date_month=11"
    assert "trade_date_year=2023/trade_date_month=9" in dirs  # unpadded integers
    assert (
        "trade_date_year=__HIVE_DEFAULT_PARTITION__/trade_date_month=__HIVE_DEFAULT_PARTITION__"
        in dirs
    )
    want = _mart_rows(db)

    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        files = f"{out}/**/*.parquet"
        got = con.execute(
            f"select {', '.join(COLUMNS)} from read_parquet('{files}', hive_partitioning = true) "
            "order by all"
        ).fetchall()
        keys = con.execute(
            f"select distinct typeof(trade_date_year), typeof(trade_date_month) "
            f"from read_parquet('{files}', hive_partitioning = true)"
        ).fetchall()
        mismatched = con.execute(
            f"select count(*) from read_parquet('{files}', hive_partitioning = true) "
            "where trade_date_year is distinct from year(trade_date) "
            "or trade_date_month is distinct from month(trade_date)"
        ).fetchone()
    assert got == want
    assert BIG in {row[2] for row in got}
    assert keys == [("BIGINT", "BIGINT")]
    assert mismatched == (0,)

    table = pa_ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 40
    assert table.schema.field("amount").type == pa.decimal128(38, 10)
    assert table.schema.field("bars").type == pa.decimal128(38, 0)  # HUGEINT, exactly
    assert pa.types.is_integer(table.schema.field("trade_date_month").type)
    arrow_rows = [
        (r["symbol"], r["trade_date"], r["amount"], r["bars"], r["note"], r["loaded_at"],
         r["close_price"])
        for r in table.to_pylist()
    ]  # fmt: skip
    assert _sorted(arrow_rows) == _sorted([(*r[:3], Decimal(r[3]), *r[4:]) for r in want])


def test_year_grain_and_unpartitioned_parquet(db: Path, tmp_path: Path) -> None:
    by_year = export_mart(
        db, "marts.fct_prices", "parquet", tmp_path / "y", "TRADE_DATE", partition_grain="year"
    )
    assert sorted({f.parent.name for f in by_year.files}) == [
        "trade_date_year=2022",
        "trade_date_year=2023",
        "trade_date_year=__HIVE_DEFAULT_PARTITION__",
    ]
    plain = export_mart(db, "fct_prices", "parquet", tmp_path / "p")
    assert [f.name for f in plain.files] == ["fct_prices.parquet"]
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        for out in ("y", "p"):
            files = f"{tmp_path / out}/**/*.parquet"
            got = con.execute(
                f"select {', '.join(COLUMNS)} from read_parquet('{files}', "
                "hive_partitioning = true) order by all"
            ).fetchall()
            assert got == _mart_rows(db), out


def test_an_empty_mart_keeps_its_schema(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(
            "create schema marts; "
            "create table marts.fct_empty (d date, v decimal(38, 10), s varchar)"
        )
    result = export_mart(db, "fct_empty", "parquet", tmp_path / "e", partition_by="d")
    assert result.rows == 0 and result.files == (tmp_path / "e" / "fct_empty.parquet",)
    with duckdb.connect() as con:
        described = con.execute(
            f"describe select d, v, s from read_parquet('{tmp_path}/e/**/*.parquet', "
            "hive_partitioning = true)"
        ).fetchall()
    assert [(c[0], c[1]) for c in described] == [
        ("d", "DATE"),
        ("v", "DECIMAL(38,10)"),
        ("s", "VARCHAR"),
    ]
    assert pa_ds.dataset(tmp_path / "e", format="parquet", partitioning="hive").count_rows() == 0


# --------------------------------------------------------------------------- csv and json


def test_csv_keeps_every_digit_and_reads_back(db: Path, tmp_path: Path) -> None:
    result = export_mart(db, "fct_prices", "csv", tmp_path / "c")
    (path,) = result.files
    assert path.name == "fct_prices.csv"
    text = path.read_text()
    assert str(BIG) in text
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        got = con.execute(
            f"select {', '.join(COLUMNS)} from read_csv('{path}', header = true, "
            "types = {'amount': 'DECIMAL(38,10)', 'bars': 'HUGEINT', "
            "'loaded_at': 'TIMESTAMPTZ'}) order by all"
        ).fetchall()
    assert got == _mart_rows(db)
    options = pa_csv.ConvertOptions(column_types={"amount": pa.decimal128(38, 10)})
    arrow = pa_csv.read_csv(path, convert_options=options)
    assert arrow.num_rows == 40 and BIG in arrow.column("amount").to_pylist()


def test_json_is_newline_delimited_with_exact_decimals(db: Path, tmp_path: Path) -> None:
    result = export_mart(db, "fct_prices", "json", tmp_path / "j")
    (path,) = result.files
    assert path.name == "fct_prices.jsonl"
    lines = path.read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 40 and list(records[0]) == COLUMNS
    first = next(r for r in records if r["bars"] == "0")
    assert first["amount"] == str(BIG)  # every digit, as a string
    assert first["loaded_at"] == "2024-01-02 03:04:05.123456+00"
    assert isinstance(first["close_price"], float)
    want = _mart_rows(db)
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        got = con.execute(
            f"select {', '.join(COLUMNS)} from read_json('{path}', columns = {{"
            "'symbol': 'VARCHAR', 'trade_date': 'DATE', 'amount': 'DECIMAL(38,10)', "
            "'bars': 'HUGEINT', 'note': 'VARCHAR', 'loaded_at': 'TIMESTAMPTZ', "
            "'close_price': 'DOUBLE'}) order by all"
        ).fetchall()
    assert got == want
    schema = pa.schema([("amount", pa.decimal128(38, 10))])
    arrow = pa_json.read_json(path, parse_options=pa_json.ParseOptions(explicit_schema=schema))
    assert arrow.num_rows == 40
    assert sorted(arrow.column("amount").to_pylist()) == sorted(w[2] for w in want)


# --------------------------------------------------------------------------- errors


def test_unknown_mart_lists_the_available_ones(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"available marts: fct_prices, v_symbols$"):
        export_mart(db, "fct_nope", "parquet", tmp_path / "x")
    with pytest.raises(ExportError, match=r"unknown mart 'staging\.stg_x'"):
        export_mart(db, "staging.stg_x", "parquet", tmp_path / "x")
    assert not (tmp_path / "x").exists()
    views = export_mart(db, "MARTS.V_SYMBOLS", "csv", tmp_path / "v")
    assert views.mart == "marts.v_symbols" and views.rows == 2


def test_partition_column_errors(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"no such column; its date columns: trade_date, loaded"):
        export_mart(db, "fct_prices", "parquet", tmp_path / "x", partition_by="trade_day")
    with pytest.raises(ExportError, match="symbol of fct_prices is VARCHAR"):
        export_mart(db, "fct_prices", "parquet", tmp_path / "x", partition_by="symbol")
    with pytest.raises(ExportError, match="needs --format parquet"):
        export_mart(db, "fct_prices", "csv", tmp_path / "x", partition_by="trade_date")
    assert not (tmp_path / "x").exists()
    with pytest.raises(ExportError, match="no warehouse"):
        export_mart(tmp_path / "absent.duckdb", "fct_prices", "csv", tmp_path / "x")


def test_timestamp_partitions_use_utc(db: Path, tmp_path: Path) -> None:
    result = export_mart(db, "fct_prices", "parquet", tmp_path / "t", partition_by="loaded_at")
    assert {f.parent.relative_to(tmp_path / "t").as_posix() for f in result.files} == {
        "loaded_at_year=2024/loaded_at_month=1"
    }


def _listing(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_refuses_a_non_empty_output_unless_overwrite(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="not empty; pass --overwrite"):
        export_mart(db, "fct_prices", "csv", out)
    assert _listing(out) == {"keep.txt": b"mine"}
    export_mart(db, "fct_prices", "csv", out, overwrite=True)
    assert sorted(_listing(out)) == ["fct_prices.csv"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export_mart(db, "fct_prices", "csv", tmp_path / "file", overwrite=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    export_mart(db, "fct_prices", "json", empty)  # an empty directory is fine
    assert sorted(_listing(empty)) == ["fct_prices.jsonl"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failed_export_leaves_the_output_as_it_was(db: Path, tmp_path: Path) -> None:
    """A HUGEINT beyond DECIMAL(38,0) makes the Parquet COPY fail half-way: the previous export
    stays, and no temporary directory is left behind."""
    out = tmp_path / "out"
    export_mart(db, "fct_prices", "parquet", out, partition_by="trade_date")
    before = _listing(out)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "insert into marts.fct_prices (symbol, bars) "
            f"values ('BIG', {2**127 - 1}::hugeint)"  # 39 digits
        )
    with pytest.raises(duckdb.Error):
        export_mart(db, "fct_prices", "parquet", out, partition_by="trade_date", overwrite=True)
    assert _listing(out) == before
    assert sorted(os.listdir(tmp_path)) == ["out", "w.duckdb"]


# --------------------------------------------------------------------------- a real mart


@pytest.fixture(scope="module")
def demo_warehouse(demo_db: Path) -> Path:
    """The demo warehouse (conftest's demo_db): `fct_financial_line_items` holds real
    DECIMAL(38,10) money. Export reads it read-only."""
    return demo_db


@pytest.mark.slow
def test_demo_mart_round_trips_through_partitioned_parquet(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    out = tmp_path / "items"
    result = export_mart(
        demo_warehouse, "fct_financial_line_items", "parquet", out, partition_by="period_end"
    )
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        columns = [
            name for (name,) in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = 'fct_financial_line_items' order by ordinal_position"
            ).fetchall()
        ]  # fmt: skip
        select = ", ".join(columns)
        want = con.execute(
            f"select {select} from marts.fct_financial_line_items order by all"
        ).fetchall()
        got = con.execute(
            f"select {select} from read_parquet('{out}/**/*.parquet', hive_partitioning = true) "
            "order by all"
        ).fetchall()
    assert result.rows == len(want) > 1000
    assert got == want
    assert len(result.files) > 12  # several years of monthly directories
    table = pa_ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(want)
    assert table.schema.field("value").type == pa.decimal128(38, 10)
    value_index = columns.index("value")
    assert sorted(table.column("value").to_pylist(), key=repr) == sorted(
        (row[value_index] for row in want), key=repr
    )
