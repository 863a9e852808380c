"""Demo market and macro responses: parse with the real parsers and agree with the SEC side."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from dev.demo import macro as demo_macro
from dev.demo import market as demo_market
from dev.demo import news as demo_news
from dev.demo.model import build_truth
from dev.demo.profiles import COMPANIES, Company
from ingestion.sources.macro.helpers import parse_fredgraph_csv
from ingestion.sources.market.helpers import parse_chart
from ingestion.sources.news.helpers import parse_yahoo_search

PROJECT_ROOT = Path(__file__).resolve().parents[4]
MIRROR = PROJECT_ROOT / "dev" / "demo" / "mirror"
CHARTS = MIRROR / demo_market.CHART_HOST / demo_market.CHART_PATH


def _chart(symbol: str):
    return parse_chart((CHARTS / symbol).read_bytes(), symbol)


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_company_chart_parses_with_one_bar_per_trading_day(c: Company) -> None:
    chart = _chart(c.ticker)
    days = demo_market.trading_days()
    halted = 1 if c.ticker == demo_market.HALTED[0] else 0
    assert chart.bars.num_rows == len(days) - halted
    assert chart.null_close_bars == halted
    assert chart.instrument is not None and chart.instrument["instrument_type"] == "EQUITY"
    trade_dates = chart.bars.column("trade_date").to_pylist()
    assert trade_dates[0] == days[0] and trade_dates[-1] == days[-1]
    lows, highs = chart.bars.column("low").to_pylist(), chart.bars.column("high").to_pylist()
    closes = chart.bars.column("close").to_pylist()
    assert all(lo <= cl <= hi for lo, cl, hi in zip(lows, closes, highs, strict=True))


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_dividends_follow_the_filings(c: Company) -> None:
    """An ex-dividend day in every fiscal quarter (in the window) whose cash flow paid one."""
    truth = build_truth(c)
    chart = _chart(c.ticker)
    ex_days = chart.dividends.column("ex_date").to_pylist() if chart.dividends.num_rows else []
    window = demo_market.trading_days()
    paying = [
        k
        for k in truth.keys
        if truth.final[k]["dividends"]
        and window[0] < truth.bounds[k][0] + timedelta(days=40) <= window[-1]
    ]
    assert len(ex_days) == len(paying)
    for key, ex_day in zip(paying, sorted(ex_days), strict=True):
        start, end = truth.bounds[key]
        assert start <= ex_day <= end


def test_dividend_adjusted_close_is_below_close_before_each_ex_day() -> None:
    payer = next(c for c in COMPANIES if c.dividend_per_share)
    chart = _chart(payer.ticker)
    first_ex = min(chart.dividends.column("ex_date").to_pylist())
    bars = chart.bars.to_pylist()
    before = [b for b in bars if b["trade_date"] < first_ex]
    after = [b for b in bars if b["trade_date"] >= max(chart.dividends["ex_date"].to_pylist())]
    assert all(b["adj_close"] < b["close"] for b in before)
    assert all(abs(b["adj_close"] - b["close"]) < 1e-9 for b in after)


def test_etf_has_the_split_and_split_adjusted_history() -> None:
    etf = demo_market.DEMO_ETF
    chart = _chart(etf.symbol)
    assert chart.splits.num_rows == 1
    split = chart.splits.to_pylist()[0]
    assert split["split_date"] == etf.split_date
    bars = {b["trade_date"]: b for b in chart.bars.to_pylist()}
    days = sorted(bars)
    i = days.index(etf.split_date)
    # Yahoo restates history: no 3x jump across the split in the (split-adjusted) close.
    ratio = bars[days[i]]["close"] / bars[days[i - 1]]["close"]
    assert 0.85 < ratio < 1.15


def test_every_seed_series_has_a_demo_csv_after_the_known_answer_dates() -> None:
    with (PROJECT_ROOT / "seeds" / "macro_series.csv").open() as f:
        seed = {row["series_id"] for row in csv.DictReader(f)}
    files = demo_macro.series_files()
    for series_id in seed:
        body = files[f"{demo_macro.CSV_HOST}/{demo_macro.CSV_PATH}?id={series_id}"]
        assert (
            body
            == (MIRROR / f"{demo_macro.CSV_HOST}/{demo_macro.CSV_PATH}?id={series_id}").read_bytes()
        )
        table = parse_fredgraph_csv(body, series_id)
        dates = table.column("observation_date").to_pylist()
        assert min(dates) >= date(2023, 1, 1), series_id  # clear of the corpus known answers
        assert table.num_rows > 10


def test_daily_series_leave_holidays_blank_not_zero() -> None:
    body = demo_macro.series_files()[f"{demo_macro.CSV_HOST}/{demo_macro.CSV_PATH}?id=DGS10"]
    table = parse_fredgraph_csv(body, "DGS10").to_pylist()
    christmas = [r for r in table if r["observation_date"] == date(2023, 12, 25)]
    assert christmas and christmas[0]["value"] is None
    assert all(r["value"] is None or r["value"] > 0 for r in table)


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_news_search_parses_and_links_the_company(c: Company) -> None:
    body = (MIRROR / f"{demo_news.SEARCH_HOST}/{demo_news.SEARCH_PATH}?q={c.ticker}").read_bytes()
    parsed = parse_yahoo_search(body)
    assert len(parsed.articles) == demo_news.ARTICLES_PER_COMPANY
    assert all(c.ticker in a.tickers for a in parsed.articles)
    assert len({a.article_id for a in parsed.articles}) == len(parsed.articles)
