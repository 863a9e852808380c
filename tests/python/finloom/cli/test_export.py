"""`finloom export` as a user runs it: one summary line, or one `finloom: error:` line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..serve.test_export import write_marts
from .conftest import RunCli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    write_marts(path)
    return path


def test_summary_line(db: Path, tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "cli"
    code, printed, err = run_cli(
        "export", "fct_prices", "--out", str(out), "--partition-by", "trade_date", "--db", str(db)
    )
    assert (code, err) == (0, "")
    assert printed.startswith("exported marts.fct_prices: 40 rows as parquet, partitioned by ")
    assert printed.endswith(f"file(s) to {out}\n")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["bogus"],
            1,
            "finloom: error: unknown mart 'bogus'; available marts: fct_prices, v_symbols\n",
        ),
        (
            ["fct_prices", "--format", "csv", "--partition-by", "trade_date"],
            1,
            "finloom: error: --partition-by needs --format parquet "
            "(csv and json are single files)\n",
        ),
        (
            ["fct_prices", "--partition-by", "symbol"],
            1,
            "finloom: error: --partition-by symbol: column symbol of fct_prices is VARCHAR; "
            "partitioning needs a DATE or TIMESTAMP column\n",
        ),
        (["fct_prices", "--format", "xlsx"], 2, "invalid choice: 'xlsx'"),
    ],
)
def test_bad_input(
    argv: list[str], code: int, message: str, db: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    out = tmp_path / "out"
    got, printed, err = run_cli("export", *argv, "--out", str(out), "--db", str(db))
    assert (got, printed) == (code, "")
    assert err == message if code == 1 else message in err
    assert not out.exists()
