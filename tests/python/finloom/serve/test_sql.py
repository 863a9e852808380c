"""`finloom sql`'s presentations: exact values in every format, only the look changes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finloom.serve.sql import (
    Column,
    QueryResult,
    SqlError,
    format_table,
    query_error,
    run_query,
    trimmed_decimal,
    write_csv,
    write_json,
)

MONEY = "DECIMAL(38,10)"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("143756000000.0000000000", "143,756,000,000"),
        ("1234.5000000000", "1,234.5"),
        ("1.4200000000", "1.42"),
        ("-1234567.8910000000", "-1,234,567.891"),
        ("0.0000000001", "0.0000000001"),
        ("0E-10", "0"),
        ("-0.0000000000", "0"),
        ("1000", "1,000"),
        ("12345678901234567890123456.7890123456", "12,345,678,901,234,567,890,123,456.7890123456"),
    ],
)
def test_a_decimal_loses_trailing_zeros_and_nothing_else(value: str, shown: str) -> None:
    assert trimmed_decimal(Decimal(value)) == shown
    assert trimmed_decimal(Decimal(value), places=0) == shown
    assert Decimal(shown.replace(",", "")) == Decimal(value)


def test_the_table_aligns_numbers_right_text_left_and_cuts_long_text() -> None:
    columns = (
        Column("ticker", "VARCHAR"),
        Column("fiscal_year", "INTEGER"),
        Column("period_end", "DATE"),
        Column("revenue", MONEY),
        Column("shares", "BIGINT"),
        Column("note", "VARCHAR"),
    )
    rows: list[tuple[object, ...]] = [
        ("HLDG", 2017, date(2017, 12, 31), Decimal("1307880000.0000000000"), 1234567, "x" * 50),
        ("AB", None, None, Decimal("-1234.5000000000"), None, "two\nlines"),
    ]
    assert format_table(QueryResult(columns, rows), max_cell=12) == [
        "ticker  fiscal_year  period_end          revenue     shares  note",
        "------  -----------  ----------  ---------------  ---------  ------------",
        "HLDG           2017  2017-12-31  1,307,880,000.0  1,234,567  xxxxxxxxxxx…",
        "AB             NULL  NULL               -1,234.5       NULL  two lines",
    ]


def test_a_decimal_column_shows_the_fraction_its_most_precise_value_needs() -> None:
    columns = (Column("eps", MONEY), Column("revenue", MONEY))
    rows: list[tuple[object, ...]] = [
        (Decimal("1.4200000000"), Decimal("143756000000.0000000000")),
        (Decimal("2.2000000000"), None),
        (Decimal("-0E-10"), Decimal("0E-10")),
    ]
    assert format_table(QueryResult(columns, rows)) == [
        " eps          revenue",
        "----  ---------------",
        "1.42  143,756,000,000",
        "2.20             NULL",
        "0.00                0",
    ]


def test_a_cut_table_says_how_many_rows_it_left_out_and_an_empty_one_says_so() -> None:
    columns = (Column("n", "BIGINT"),)
    assert format_table(QueryResult(columns, [(1,)], more=1234)) == [
        "n",
        "-",
        "1",
        "… 1,234 more rows (--max-rows 0 prints all)",
    ]
    assert format_table(QueryResult(columns, [])) == ["n", "-", "(0 rows)"]
    assert format_table(QueryResult((), [])) == []


def test_csv_is_rfc_4180_with_exact_values_and_null_apart_from_empty() -> None:
    columns = (
        Column("revenue", MONEY),
        Column("name", "VARCHAR"),
        Column("missing", "VARCHAR"),
        Column("at", "TIMESTAMP"),
        Column("ok", "BOOLEAN"),
    )
    rows: list[tuple[object, ...]] = [
        (Decimal("143756000000.0000000000"), 'a, "b"\nc', None, datetime(2024, 1, 31, 12), True),
        (Decimal("0E-10"), "", "", None, False),
    ]
    out = io.StringIO()
    write_csv(QueryResult(columns, rows), out)
    text = out.getvalue()
    assert text == (
        "revenue,name,missing,at,ok\r\n"
        '143756000000.0000000000,"a, ""b""\nc",,2024-01-31T12:00:00,true\r\n'
        '0.0000000000,"","",,false\r\n'
    )
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[1][:2] == ["143756000000.0000000000", 'a, "b"\nc']
    assert Decimal(parsed[1][0]) == rows[0][0]


def test_json_keeps_every_digit_of_decimals_and_hugeints_as_strings() -> None:
    huge = 170141183460469231731687303715884105727
    columns = (
        Column("revenue", MONEY),
        Column("h", "HUGEINT"),
        Column("n", "BIGINT"),
        Column("x", "DOUBLE"),
        Column("d", "DATE"),
        Column("n", "VARCHAR"),
        Column("s", "STRUCT(a DECIMAL(5,2))"),
    )
    row: tuple[object, ...] = (
        Decimal("12345678901234567890123456.7890123456"),
        huge,
        42,
        float("nan"),
        date(2024, 1, 31),
        None,
        {"a": Decimal("1.50")},
    )
    out = io.StringIO()
    write_json(QueryResult(columns, [row]), out)
    assert json.loads(out.getvalue()) == [
        {
            "revenue": "12345678901234567890123456.7890123456",
            "h": str(huge),
            "n": 42,
            "x": "NaN",
            "d": "2024-01-31",
            "n_2": None,
            "s": {"a": "1.50"},
        }
    ]
    empty = io.StringIO()
    write_json(QueryResult(columns, []), empty)
    assert empty.getvalue() == "[]\n"


def test_an_error_is_one_line_with_duckdbs_hint_and_the_query() -> None:
    exc = duckdb.CatalogException(
        'Catalog Error: Table with name nope does not exist!\nDid you mean "pg_enum"?\n\n'
        "LINE 1: select * from nope\n                      ^"
    )
    assert query_error(exc, "select *\n  from nope") == (
        'Catalog Error: Table with name nope does not exist! Did you mean "pg_enum"? '
        "(query: select * from nope)"
    )


def test_several_statements_give_the_last_result_and_set_gives_none(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    result = run_query(db, "select 1 as a; select 2 as b union all select 3", max_rows=1)
    assert (result.columns, result.rows, result.more) == ((Column("b", "INTEGER"),), [(2,)], 1)
    assert run_query(db, "set threads = 1") == QueryResult((), [])
    with pytest.raises(SqlError, match=r"^Invalid Input Error: Cannot execute .* read-only"):
        run_query(db, "create table t (a int)")
