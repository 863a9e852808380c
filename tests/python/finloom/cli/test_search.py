"""`finloom search` as a user runs it: each failure is one `finloom: error:` line and exit 1."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from finloom.paths import missing_warehouse

from .conftest import RunCli

HINT = "`finloom run --sources sec,filings --tickers AAPL,TSLA`"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--limit", "0"], "--limit: expected a positive number, got 0"),
        (["--tickers", " , "], "--tickers is empty"),
        (["--section", ","], "--section is empty"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    argv: list[str], message: str, tmp_path: Path, run_cli: RunCli
) -> None:
    code, out, err = run_cli("search", "supply", *argv, "--db", str(tmp_path / "none.duckdb"))
    assert (code, out, err) == (2, "", f"finloom: error: {message}\n")


def test_a_missing_warehouse_or_one_without_chunks(tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "none.duckdb"
    code, _, err = run_cli("search", "supply", "--db", str(missing))
    assert (code, err) == (
        1,
        f"finloom: error: {missing_warehouse(missing)}\n",
    )
    assert not missing.exists()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    code, _, err = run_cli("search", "supply", "--db", str(empty))
    assert (code, err) == (
        1,
        f"finloom: error: no filing chunks in {empty}: load and build them first ({HINT})\n",
    )
