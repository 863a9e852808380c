"""`finloom quality` as a user runs it: each failure is one `finloom: error:` line, exit 1
(2 for input it can't use)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from finloom.paths import missing_warehouse

from .conftest import RunCli

HINT = "`finloom run --tickers AAPL,TSLA`"


def test_bad_input_is_one_line_and_exit_1(tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "none.duckdb"
    assert run_cli("quality", "--tickers", ",", "--db", str(missing)) == (
        2,
        "",
        "finloom: error: --tickers is empty\n",
    )
    assert run_cli("quality", "--db", str(missing)) == (
        1,
        "",
        f"finloom: error: {missing_warehouse(missing)}\n",
    )
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    code, _, err = run_cli("quality", "--json", "--db", str(empty))
    assert (code, err) == (
        1,
        "finloom: error: marts.fct_filing_quality, marts.fct_filing_quality_components missing "
        f"in {empty}: build the marts first ({HINT})\n",
    )
