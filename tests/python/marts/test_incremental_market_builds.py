"""Market models rebuilt symbol by symbol equal full rebuilds (decision 030).

The demo warehouse, then one symbol's nightly load as Yahoo serves it: a new trading day that
goes ex-dividend (so Yahoo restates the symbol's whole adjusted-close history, and the market
source re-reads it) and a corrected print of an earlier close. `finloom run --sources market`
then rebuilds the price, indicator and valuation models for that symbol only, and every table
equals a `--full-refresh` build of the same raw data (`except all`, both ways).

"Only that symbol" is checked on the data: before the run, one value of another symbol is
altered in every symbol-partitioned table (a canary no dbt test reads); a build that rebuilt
that symbol would put the true value back. New SEC data must rebuild every listing's
valuation instead (a listing's company and its figures come from SEC data): the last test
checks that with the same canaries.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dev.scenarios import NewDay, add_trading_day
from dev.warehouse_diff import table_differences
from finloom.cli import main
from finloom.ops.builds import record_built
from finloom.paths import DEMO_MIRROR
from ingestion.http import reset_host_state

from ..support.dbt import warehouse_env
from ..support.exits import EXIT_GAPS

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

#: a demo company's listing that pays dividends: its new day goes ex-dividend
SYMBOL = "PCDV"
#: a listing that does not change: the canaries are its rows
OTHER = "HLDG"
#: which symbols a build found changed: differs from a full build by design
CHANGE_SETS = (
    "intermediate.int_market_symbols_to_build",
    "intermediate.int_valuation_symbols_to_build",
)
#: every model partitioned by symbol, and a column of it no dbt test reads
PRICE_CANARIES = {
    "marts.fct_daily_prices": "volume",
    "intermediate.int_price_bars_segmented": "log_return",
    "intermediate.int_price_bars_smoothed": "ema_12",
    "marts.fct_price_indicators": "log_return",
}
VALUATION_CANARIES = {
    "intermediate.int_line_item_versions_known_by_listing": "value_on_latest_basis",
    "intermediate.int_trailing_twelve_months_known": "ttm_value_on_latest_basis",
    "intermediate.int_fundamentals_known_on_trade_date": "revenue_ttm",
    "marts.fct_valuation_daily": "price_to_sales_ttm",
}
NO_TESTS = ["--exclude", "resource_type:test", "resource_type:unit_test"]


@dataclass(frozen=True)
class Canary:
    """One value of `symbol` in `table` altered from `original` to `marked` (`rows` rows)."""

    table: str
    column: str
    symbol: str
    original: float
    marked: float
    rows: int

    def survived(self, db: Path) -> bool:
        """Whether the altered value is still there: nothing rebuilt the symbol's rows."""
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute(
                f"select count(*) from {self.table} where symbol = ? and {self.column} = ?",
                [self.symbol, self.marked],
            ).fetchone()
        return row == (self.rows,)

    def restore(self, db: Path) -> None:
        with duckdb.connect(str(db)) as con:
            con.execute(
                f"update {self.table} set {self.column} = ? where symbol = ? and {self.column} = ?",
                [self.original, self.symbol, self.marked],
            )


def _mark(db: Path, columns: dict[str, str], symbol: str) -> list[Canary]:
    canaries = []
    with duckdb.connect(str(db)) as con:
        for table, column in columns.items():
            row = con.execute(
                f"select min({column}) from {table} where symbol = ? and {column} > 0", [symbol]
            ).fetchone()
            assert row is not None and row[0] is not None, f"no {column} of {symbol} in {table}"
            original = row[0]
            marked = original + 1 if isinstance(original, int) else original * (1 + 1e-6)
            assert con.execute(
                f"select count(*) from {table} where symbol = ? and {column} = ?",
                [symbol, marked],
            ).fetchone() == (0,)
            rows = con.execute(
                f"update {table} set {column} = ? where symbol = ? and {column} = ?",
                [marked, symbol, original],
            ).fetchone()
            assert rows is not None and rows[0] > 0
            canaries.append(Canary(table, column, symbol, original, marked, int(rows[0])))
    return canaries


def _copy(db: Path, folder: Path) -> Path:
    """A copy under the same file name: dbt-duckdb's views name the file's catalog (its stem)."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / db.name
    shutil.copyfile(db, copy)
    return copy


def _finloom(work: Path, db: Path, *argv: str) -> None:
    with warehouse_env(work, db), pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        patch.setenv("DBT_LOG_PATH", str(work / "logs"))
        reset_host_state()
        try:
            assert main([*argv, "--db", str(db)]) in (0, EXIT_GAPS), argv
        finally:
            reset_host_state()


def _changed(db: Path, change_set: str) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            f"select symbol from {change_set} where is_changed order by 1"
        ).fetchall()
    return [symbol for (symbol,) in rows]


@dataclass(frozen=True)
class Built:
    """The warehouse after the incremental run (canaries restored) and its full rebuild."""

    incremental: Path
    full: Path
    new_day: NewDay
    symbols: list[str]
    changed: dict[str, list[str]]
    survived: dict[str, bool]


@pytest.fixture(scope="module")
def built(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    work = tmp_path_factory.mktemp("market_incremental")
    db = _copy(demo_db, work / "incremental")
    # the demo warehouse was built by this project; stamp it with the project as it is now, so
    # that an edit elsewhere in a working tree does not turn the run into a full rebuild
    record_built(db, {}, None)
    mirror = work / "mirror"
    shutil.copytree(DEMO_MIRROR / "query2.finance.yahoo.com", mirror / "query2.finance.yahoo.com")
    symbols = json.loads((DEMO_MIRROR / "finloom-demo.json").read_text())["market_symbols"]
    new_day = add_trading_day(mirror, SYMBOL)

    canaries = _mark(db, PRICE_CANARIES | VALUATION_CANARIES, OTHER)
    run = ["run", "--sources", "market", "--tickers", ",".join(symbols), "--no-progress"]
    _finloom(work, db, *run, "--mirror", str(mirror))
    changed = {change_set: _changed(db, change_set) for change_set in CHANGE_SETS}
    survived = {canary.table: canary.survived(db) for canary in canaries}
    for canary in canaries:
        canary.restore(db)

    full = _copy(db, work / "full")
    _finloom(work, full, "build", "--full-refresh", "--select", "source:market+", *NO_TESTS)
    yield Built(db, full, new_day, symbols, changed, survived)


def test_a_nightly_load_of_one_symbol_rebuilds_that_symbol_only(built: Built) -> None:
    assert built.changed == {change_set: [SYMBOL] for change_set in CHANGE_SETS}
    # every other symbol's rows stayed as they were: the altered values survived the build
    assert built.survived == {table: True for table in PRICE_CANARIES | VALUATION_CANARIES}


def test_the_new_day_and_the_restated_history_reach_the_marts(built: Built) -> None:
    day = built.new_day
    with duckdb.connect(str(built.incremental), read_only=True) as con:
        bar = con.execute(
            "select close_price, adj_close_price, dividend_amount from marts.fct_daily_prices "
            "where symbol = ? and trade_date = ?",
            [SYMBOL, day.trade_date],
        ).fetchone()
        assert bar == (day.close, day.close, day.dividend)
        revised = con.execute(
            "select close_price from marts.fct_daily_prices where symbol = ? and trade_date = ?",
            [SYMBOL, day.revised_date],
        ).fetchone()
        assert revised == (day.revised_close,)
        # the indicators ran on to the new day over the restated history
        last = con.execute(
            "select max(trade_date), count(*) filter (where rsi_14 is not null) "
            "from marts.fct_price_indicators where symbol = ?",
            [SYMBOL],
        ).fetchone()
        assert last is not None and last[0] == day.trade_date and last[1] > 0
        valued = con.execute(
            "select dividend_last_ex_date from marts.fct_valuation_daily "
            "where symbol = ? and trade_date = ?",
            [SYMBOL, day.trade_date],
        ).fetchone()
        assert valued == (day.trade_date,)


def test_the_incremental_build_equals_a_full_refresh(built: Built) -> None:
    assert table_differences(built.incremental, built.full, exclude=CHANGE_SETS) == {}


def test_new_sec_data_rebuilds_every_listings_valuation(built: Built, tmp_path: Path) -> None:
    db = _copy(built.incremental, tmp_path / "sec")
    canaries = _mark(db, VALUATION_CANARIES, OTHER)
    # SEC data newer than the last build: a listing may have a new company or new figures
    with duckdb.connect(str(db)) as con:
        con.execute("update ops.built_loads set load_id = '0' where source = 'sec'")
    _finloom(tmp_path, db, "build", "--select", "int_valuation_symbols_to_build+", *NO_TESTS)
    assert _changed(db, "intermediate.int_valuation_symbols_to_build") == sorted(built.symbols)
    assert [c.table for c in canaries if c.survived(db)] == []
    assert table_differences(db, built.full, exclude=CHANGE_SETS) == {}
