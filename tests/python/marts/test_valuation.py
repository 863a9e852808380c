"""Look-ahead-free valuation (fct_valuation_daily) on Tesla's real filings and prices.

The warehouse holds TSLA from the corpus: prices 2010-06-29 .. 2023-08-11, company facts to the
10-Q filed 2022-10-24. The recorded chart response was requested without events (ORIGINS.md:
"events=none"), so a proxy serves it with the two splits Yahoo reports for TSLA when asked for
`events=div,splits` (5:1 on 2020-08-31, 3:1 on 2022-08-25); everything else comes from the mirror.
Yahoo's closes in the recording are already restated to the latest split (2019-12-31: 27.89 =
418.33 / 15), which is what makes the split handling necessary.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pytest

from finloom.cli import main
from ingestion.http import reset_host_state
from ingestion.replay import ReplayServer

from ..support.dbt import dbt_select, warehouse_env

pytestmark = pytest.mark.slow

CHART = "/query2.finance.yahoo.com/v8/finance/chart/"
# (ex-date, new shares per old share): Tesla's splits, as Yahoo lists them in `events.splits`
TSLA_SPLITS = [(date(2020, 8, 31), 5), (date(2022, 8, 25), 3)]
LOOK_AHEAD_TEST = "assert_valuation_cites_no_filing_after_trade_date"


def _with_split_events(chart: dict[str, Any]) -> dict[str, Any]:
    """The chart as Yahoo serves it with events=div,splits: events keyed by session-open epoch."""
    events = {}
    for ex_date, factor in TSLA_SPLITS:
        opens_at = int(
            datetime(ex_date.year, ex_date.month, ex_date.day, 13, 30, tzinfo=UTC).timestamp()
        )
        events[str(opens_at)] = {
            "date": opens_at,
            "numerator": factor,
            "denominator": 1,
            "splitRatio": f"{factor}:1",
        }
    chart["chart"]["result"][0]["events"] = {"splits": events}
    return chart


@pytest.fixture(scope="module")
def warehouse(corpus_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("valuation")
    db = work / "w.duckdb"
    # a private copy of the mirror (22 MB; the replay server serves nothing outside its root, so
    # no symlinks) whose TSLA chart carries the split events
    mirror = work / "mirror"
    shutil.copytree(corpus_mirror, mirror)
    tsla = mirror / CHART.strip("/") / "TSLA"
    tsla.chmod(0o644)
    tsla.write_bytes(orjson.dumps(_with_split_events(orjson.loads(tsla.read_bytes()))))
    with warehouse_env(work, db):
        reset_host_state()
        with ReplayServer(mirror) as replay:
            sec = ["ingest", "sec", "--tickers", "TSLA", "--no-progress"]
            assert main([*sec, "--mirror", replay.url, "--db", str(db)]) == 0
            market = ["ingest", "market", "--tickers", "TSLA"]
            assert main([*market, "--mirror", replay.url, "--db", str(db)]) == 0
        reset_host_state()
        outcome = dbt_select(db, work, ["+fct_valuation_daily"], cautious=True)
        assert outcome.success, outcome.failures
        yield db


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _day(db: Path, trade_date: str) -> dict[str, Any]:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(
            "select * from marts.fct_valuation_daily where symbol = 'TSLA' and trade_date = ?",
            [trade_date],
        )
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
    assert row is not None, trade_date
    return dict(zip(names, row, strict=True))


def test_no_figure_cites_a_filing_after_its_trade_date(warehouse: Path) -> None:
    (n_rows, n_cap, n_eps, n_revenue) = _rows(
        warehouse,
        "select count(*), count(market_cap), count(eps_diluted_ttm), count(revenue_ttm) "
        "from marts.fct_valuation_daily",
    )[0]
    assert n_rows == 3303  # one row per TSLA bar
    # from the first XBRL 10-Q on (EPS: from FY2014, the first year whose terms are all tagged)
    assert n_cap > 2900 and n_eps > 2000 and n_revenue > 2500
    # the cited filing dates, and independently the SEC's filing index for the cited accessions
    violations = _rows(
        warehouse,
        """
        select v.trade_date, c.figure, c.accession_number, f.filing_date
        from marts.fct_valuation_daily as v,
            (values ('shares'), ('eps'), ('revenue')) as c0 (figure),
            lateral (
                select
                    c0.figure,
                    case c0.figure
                        when 'shares' then v.shares_accession_number
                        when 'eps' then v.eps_diluted_ttm_accession_number
                        else v.revenue_ttm_accession_number
                    end as accession_number,
                    case c0.figure
                        when 'shares' then v.shares_filed_date
                        when 'eps' then v.eps_diluted_ttm_filed_date
                        else v.revenue_ttm_filed_date
                    end as filed_date
            ) as c
        left join raw_sec.filings as f on c.accession_number = f.accession_number
        where c.filed_date > v.trade_date or f.filing_date > v.trade_date
            or (c.accession_number is not null and f.filing_date is null)
        """,
    )
    assert violations == []


def test_market_cap_is_close_times_shares_of_the_latest_filing_split_adjusted(
    warehouse: Path,
) -> None:
    # 2019-12-31: before both splits; Yahoo's 27.8887 is 418.33 / 15; 10-Q filed 2019-10-29
    day = _day(warehouse, "2019-12-31")
    assert day["close_price"] == pytest.approx(418.33, abs=0.005)
    assert day["shares_accession_number"] == "0001564590-19-038256"
    assert day["shares_outstanding"] == 180_244_858
    assert day["market_cap"] == pytest.approx(418.33 * 180_244_858, rel=1e-6)
    # 2020-09-30: after the 5:1 split, before the next 10-Q; the count (cover date 2020-07-20,
    # 10-Q filed 2020-07-28) is pre-split, so x5. A naive join would show a fifth of the cap.
    day = _day(warehouse, "2020-09-30")
    assert day["close_price"] == pytest.approx(429.01, abs=0.005)
    assert day["shares_accession_number"] == "0001564590-20-033670"
    assert day["shares_filed_date"] == date(2020, 7, 28)
    assert int(day["shares_outstanding_reported"]) == 186_361_726
    assert day["shares_split_factor"] == 5
    assert day["market_cap"] == pytest.approx(429.01 * 186_361_726 * 5, rel=1e-5)  # ~ $399.8bn
    # the day the 10-Q for Q3 2020 is filed, its post-split cover count takes over, factor 1
    day = _day(warehouse, "2020-10-26")
    assert (day["shares_accession_number"], day["shares_split_factor"]) == (
        "0001564590-20-047486",
        1,
    )
    assert day["shares_outstanding"] == 947_900_733
    # 2022-09-30: after the 3:1 split; 10-Q filed 2022-07-25 (1,044,490,015 at 2022-07-19) x 3
    day = _day(warehouse, "2022-09-30")
    assert day["close_price"] == 265.25
    assert day["shares_outstanding"] == 1_044_490_015 * 3
    assert day["market_cap"] == pytest.approx(831_152_929_436.25, rel=1e-12)
    assert _day(warehouse, "2022-10-21")["shares_split_factor"] == 3
    assert _day(warehouse, "2022-10-24")["shares_outstanding"] == 3_157_752_449


def test_ttm_figures_match_the_published_ones(warehouse: Path) -> None:
    # right after a 10-K the TTM is the published FY figure, on the trade date's split basis
    day = _day(warehouse, "2022-03-01")
    assert (day["eps_diluted_ttm_method"], day["eps_diluted_ttm_accession_number"]) == (
        "fiscal_year",
        "0000950170-22-000796",
    )
    assert day["eps_diluted_ttm"] == pytest.approx(4.90)  # FY2021 diluted EPS as filed
    assert day["revenue_ttm"] == 53_823_000_000
    assert _day(warehouse, "2021-03-01")["eps_diluted_ttm"] == pytest.approx(0.64)  # FY2020
    # after the Q3 2022 10-Q: the last four quarters with Q4 2021 derived. Cross-check against
    # the published year-to-date figures of the company facts: FY2021 + 9M 2022 - 9M 2021.
    facts = dict(
        _rows(
            warehouse,
            """
            select concat_ws(' ', concept, period_start, period_end),
                cast(max_by(value, filed) as double)
            from raw_sec.company_facts
            where concept in ('Revenues', 'EarningsPerShareDiluted') and filed <= date '2022-10-24'
                and (period_start, period_end) in (
                    (date '2021-01-01', date '2021-12-31'), (date '2022-01-01', date '2022-09-30'),
                    (date '2021-01-01', date '2021-09-30'))
            group by all
            """,
        )
    )
    day = _day(warehouse, "2022-10-24")
    revenue = (
        "Revenues 2021-01-01 2021-12-31",
        "Revenues 2022-01-01 2022-09-30",
        "Revenues 2021-01-01 2021-09-30",
    )
    assert day["revenue_ttm"] == facts[revenue[0]] + facts[revenue[1]] - facts[revenue[2]]
    assert day["revenue_ttm"] == 74_863_000_000
    eps = [r.replace("Revenues", "EarningsPerShareDiluted") for r in revenue]
    # FY2021 EPS (4.90) was filed before the 3:1 split; the 9-month figures after it
    from_ytd = facts[eps[0]] / 3 + facts[eps[1]] - facts[eps[2]]
    assert from_ytd == pytest.approx(3.2333, abs=1e-4)
    # EPS is not additive (each quarter has its own share count): within a cent
    assert day["eps_diluted_ttm"] == pytest.approx(from_ytd, abs=0.01)
    assert day["eps_diluted_ttm_method"] == "q4_derived"
    assert day["eps_diluted_ttm_filed_date"] == date(2022, 10, 24)
    assert day["pe_ratio_ttm"] == pytest.approx(day["close_price"] / day["eps_diluted_ttm"])
    assert day["price_to_sales_ttm"] == pytest.approx(day["market_cap"] / 74_863_000_000)
    # a loss year has no P/E
    assert _day(warehouse, "2019-12-31")["pe_ratio_ttm"] is None


def test_dividend_yield_needs_a_covered_window(warehouse: Path) -> None:
    # Tesla pays no dividend: 0 once a whole year of history is loaded, unknown before
    assert _day(warehouse, "2011-06-27")["dividend_yield_ttm"] is None
    assert _day(warehouse, "2011-06-29")["dividend_yield_ttm"] == 0


def test_a_look_ahead_join_fails_the_look_ahead_test(warehouse: Path, tmp_path: Path) -> None:
    """The dbt test can fail: a mart joined to the latest share count (whenever filed) trips it."""
    broken = tmp_path / "copy" / warehouse.name  # same file name: the views name the catalog
    broken.parent.mkdir()
    shutil.copy(warehouse, broken)
    compiled = warehouse.parent / "target/compiled/finloom/models"
    # the share count is joined in the mart's intermediate model; the mart is then rebuilt on it
    fundamentals = (
        compiled / "intermediate/valuation/int_fundamentals_known_on_trade_date.sql"
    ).read_text()
    mart = (compiled / "marts/valuation/fct_valuation_daily.sql").read_text()
    as_of_join = (
        "            and listing_prices.trade_date >= shares_known.known_from\n"
        "            and (shares_known.known_to is null"
        " or listing_prices.trade_date < shares_known.known_to)"
    )
    assert as_of_join in fundamentals
    latest_join = fundamentals.replace(as_of_join, "            and shares_known.known_to is null")
    with duckdb.connect(str(broken)) as con:
        table = "intermediate.int_fundamentals_known_on_trade_date"
        con.execute(f"create or replace table {table} as {latest_join}")
        con.execute(f"create or replace table marts.fct_valuation_daily as {mart}")
    outcome = dbt_select(broken, tmp_path, [LOOK_AHEAD_TEST], command="test")
    assert not outcome.success
    assert any(f.startswith(LOOK_AHEAD_TEST) for f in outcome.failures), outcome.failures
