"""`finloom sql` as a user runs it on the demo warehouse: a query's result as a table, CSV or JSON
with the marts' exact values; SQL piped on stdin; the read-only DuckDB shell; one-line errors."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finloom.cli import sql as sql_cli
from finloom.ops.lock import warehouse_lock
from finloom.serve.sql import SqlError, duckdb_cli, shell_argv

from .conftest import RunCli

HLDG_FY2017 = (
    "select ticker, fiscal_year, fiscal_period, period_end, revenue, net_income, eps_diluted "
    "from marts.fct_income_statement "
    "where ticker = 'HLDG' and fiscal_year = 2017 and fiscal_period = 'FY'"
)


def test_a_demo_row_as_a_table_with_thousands_separators(demo_db: Path, run_cli: RunCli) -> None:
    code, out, err = run_cli("sql", HLDG_FY2017, "--db", str(demo_db))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "ticker  fiscal_year  fiscal_period  period_end        revenue   net_income  eps_diluted",
        "------  -----------  -------------  ----------  -------------  -----------  -----------",
        "HLDG           2017  FY             2017-12-31  1,307,880,000  206,573,000         1.42",
    ]


def test_csv_and_json_keep_every_digit_of_the_marts(demo_db: Path, run_cli: RunCli) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        exact = con.execute(HLDG_FY2017).fetchone()
    assert exact is not None
    code, out, _ = run_cli("sql", HLDG_FY2017, "--db", str(demo_db), "--format", "csv")
    assert code == 0
    assert out.splitlines()[1] == (
        "HLDG,2017,FY,2017-12-31,1307880000.0000000000,206573000.0000000000,1.4200000000"
    )
    header, row = list(csv.reader(io.StringIO(out, newline="")))
    assert header[4] == "revenue"
    assert [Decimal(v) for v in row[4:]] == list(exact[4:])

    code, out, _ = run_cli("sql", HLDG_FY2017, "--db", str(demo_db), "--format", "json")
    assert code == 0
    [record] = json.loads(out)
    assert record == {
        "ticker": "HLDG",
        "fiscal_year": 2017,
        "fiscal_period": "FY",
        "period_end": "2017-12-31",
        "revenue": "1307880000.0000000000",
        "net_income": "206573000.0000000000",
        "eps_diluted": "1.4200000000",
    }
    assert [Decimal(record[k]) for k in ("revenue", "net_income", "eps_diluted")] == list(exact[4:])


def test_fractions_nulls_and_the_row_cut(demo_db: Path, run_cli: RunCli) -> None:
    query = (
        "select 1234.5::decimal(38,10) as a, -0.0001::decimal(38,9) as b, "
        "null::decimal(38,10) as c, null::varchar as d"
    )
    code, out, _ = run_cli("sql", query, "--db", str(demo_db))
    assert (code, out.splitlines()[2]) == (0, "1,234.5  -0.0001  NULL  NULL")
    code, out, _ = run_cli("sql", query, "--db", str(demo_db), "--format", "csv")
    assert out == "a,b,c,d\r\n1234.5000000000,-0.000100000,,\r\n"

    code, out, err = run_cli(
        "sql",
        "select * from marts.dim_company order by ticker",
        "--db",
        str(demo_db),
        "--max-rows",
        "2",
    )
    lines = out.splitlines()
    assert (code, len(lines), lines[-1]) == (0, 5, "… 6 more rows (--max-rows 0 prints all)")
    code, out, err = run_cli(
        "sql",
        "select ticker from marts.dim_company",
        "--db",
        str(demo_db),
        "--format",
        "csv",
        "--max-rows",
        "2",
    )
    assert (code, len(out.splitlines())) == (0, 3)
    assert "6 more not printed" in err


def test_sql_piped_on_stdin_prints_the_last_statements_result(
    demo_db: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    piped = "select 1 as a;\nselect count(*) as companies\nfrom marts.dim_company;\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(piped))
    code, out, err = run_cli("sql", "--db", str(demo_db), "--format", "json")
    assert (code, json.loads(out), err) == (0, [{"companies": 8}], "")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("selct 1", 'Parser Error: syntax error at or near "selct" (query: selct 1)'),
        ("select * from no_such_table", "Table with name no_such_table does not exist!"),
        ("drop table marts.dim_company", "read-only mode!"),
    ],
)
def test_a_query_duckdb_rejects_is_one_line_naming_it_and_exit_1(
    query: str, message: str, demo_db: Path, run_cli: RunCli
) -> None:
    code, out, err = run_cli("sql", query, "--db", str(demo_db))
    assert (code, out, err.count("\n")) == (1, "", 1)
    assert err.startswith("finloom: error: ")
    assert message in err
    assert f"(query: {query})" in err


def test_a_missing_warehouse_and_bad_options(tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "none.duckdb"
    code, out, err = run_cli("sql", "select 1", "--db", str(missing))
    assert (code, out) == (1, "")
    assert err.startswith(f"finloom: error: no warehouse at {missing}: build one with")
    assert not missing.exists()
    code, _, err = run_cli("sql", "select 1", "--db", str(missing), "--max-rows", "-1")
    assert (code, err) == (2, "finloom: error: --max-rows: expected 0 (all rows) or more, got -1\n")
    code, _, err = run_cli("sql", "  ", "--db", str(missing))
    assert (code, err.split(":")[:3]) == (2, ["finloom", " error", " empty query"])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_query_on_a_terminal_opens_the_shell_which_owns_ctrl_c(
    demo_db: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []

    def fake_run(argv: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        seen.extend([argv, signal.getsignal(signal.SIGINT)])
        return subprocess.CompletedProcess(argv, 0)

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr(sql_cli.subprocess, "run", fake_run)
    monkeypatch.setattr(sql_cli, "shell_argv", lambda db: ["duckdb", "-readonly", str(db)])
    before = signal.getsignal(signal.SIGINT)
    code, out, err = run_cli("sql", "--db", str(demo_db))
    assert (code, out) == (0, "")
    assert "DuckDB shell on" in err
    assert seen == [["duckdb", "-readonly", str(demo_db)], sql_cli._ignore]
    assert signal.getsignal(signal.SIGINT) == before

    code, _, err = run_cli("sql", "--db", str(demo_db), "--format", "csv")
    assert code == 2
    assert err == (
        "finloom: error: --format: only with a QUERY or piped SQL (in the shell: `.mode`, "
        "`.maxrows`)\n"
    )


def test_the_duckdb_shell_reads_the_warehouse_while_finloom_holds_its_lock(
    demo_db: Path,
) -> None:
    try:
        argv = shell_argv(demo_db)
    except SqlError:
        pytest.skip("no duckdb CLI (pip install duckdb-cli)")
    assert Path(argv[0]) == duckdb_cli()
    assert argv[1:] == ["-readonly", str(demo_db)]
    with warehouse_lock(demo_db, run_id="test", command="finloom sql", write=False):
        done = subprocess.run(
            [argv[0], "-csv", *argv[1:]],
            input="select count(*) as companies from marts.dim_company;\n"
            "create table marts.x (a int);\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.stdout.splitlines() == ["companies", "8"]
    assert "read-only mode" in done.stderr
