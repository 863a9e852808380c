"""Yahoo chart parsing on real corpus responses, plus the edge cases the corpus lacks (as edits of
real responses): nulls inside arrays, meta-only ranges, error bodies, duplicated and open bars."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from ingestion.sources.market.helpers import (
    ChartParseError,
    chart_url,
    normalize_symbol,
    parse_chart,
    request_window,
    since,
)

CHART_DIR = Path("query2.finance.yahoo.com/v8/finance/chart")


def _doc(corpus_mirror: Path, symbol: str) -> dict[str, Any]:
    doc: dict[str, Any] = orjson.loads((corpus_mirror / CHART_DIR / symbol).read_bytes())
    return doc


def _result(doc: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = doc["chart"]["result"][0]
    return result


def test_every_corpus_chart_parses(corpus_mirror: Path):
    for path in sorted((corpus_mirror / CHART_DIR).iterdir()):
        chart = parse_chart(path.read_bytes(), path.name)
        assert chart.error is None
        assert chart.instrument is not None and chart.instrument["symbol"] == path.name
        assert chart.bars.num_rows == len(_result(orjson.loads(path.read_bytes()))["timestamp"])
        assert chart.bars["trade_date"].null_count == 0


def test_tsla_has_3303_bars_in_new_york_dates(corpus_mirror: Path):
    chart = parse_chart((corpus_mirror / CHART_DIR / "TSLA").read_bytes(), "TSLA")
    dates = chart.bars["trade_date"].to_pylist()
    assert len(dates) == 3303 and dates == sorted(set(dates))
    assert (dates[0], dates[-1]) == (date(2010, 6, 29), date(2023, 8, 11))
    first = chart.bars.slice(0, 1).to_pylist()[0]
    # Yahoo's split-adjusted values (5:1 in 2020 and 3:1 in 2022): 18,766,300 shares x 15
    assert first["volume"] == 281_494_500 and first["close"] == pytest.approx(1.592667, rel=1e-6)
    assert chart.instrument is not None
    assert chart.instrument["timezone"] == "America/New_York"
    assert chart.instrument["first_trade_date"] == date(2010, 6, 29)


def test_nvda_split_and_msft_dividends(corpus_mirror: Path):
    nvda = parse_chart((corpus_mirror / CHART_DIR / "NVDA").read_bytes(), "NVDA")
    assert nvda.splits.to_pylist() == [
        {
            "symbol": "NVDA",
            "split_date": date(2021, 7, 20),
            "numerator": 4.0,
            "denominator": 1.0,
            "ratio": "4:1",
        }
    ]
    msft = parse_chart((corpus_mirror / CHART_DIR / "MSFT").read_bytes(), "MSFT")
    assert [(r["ex_date"], r["amount"]) for r in msft.dividends.to_pylist()] == [
        (date(2021, 2, 17), 0.56),
        (date(2021, 5, 19), 0.56),
        (date(2021, 8, 18), 0.56),
        (date(2021, 11, 17), 0.62),
    ]


@pytest.mark.parametrize(
    ("symbol", "currency", "kind", "bars"),
    [
        ("OCDO.L", "GBp", "EQUITY", 1),
        ("EURUSD=X", "USD", "CURRENCY", 3),
        ("GC=F", "USD", "FUTURE", 1),
        ("BTC-USD", "USD", "CRYPTOCURRENCY", 3),
        ("WSKT.JK", "IDR", "MUTUALFUND", 1),
        ("QQQ", "USD", "ETF", 1),
    ],
)
def test_non_equity_and_foreign_listings(
    corpus_mirror: Path, symbol: str, currency: str, kind: str, bars: int
):
    chart = parse_chart((corpus_mirror / CHART_DIR / symbol).read_bytes(), symbol)
    assert chart.instrument is not None
    assert (chart.instrument["currency"], chart.instrument["instrument_type"]) == (currency, kind)
    assert chart.bars.num_rows == bars


def test_pence_are_kept_as_quoted(corpus_mirror: Path):
    chart = parse_chart((corpus_mirror / CHART_DIR / "OCDO.L").read_bytes(), "OCDO.L")
    row = chart.bars.to_pylist()[0]
    assert (row["trade_date"], row["close"]) == (date(2020, 1, 2), 1259.5)  # pence, not 12.595


def test_trade_date_is_the_exchange_local_date(corpus_mirror: Path):
    doc = _doc(corpus_mirror, "ABBV")
    result = _result(doc)
    # 2020-01-02 23:30 UTC is 2020-01-03 10:30 in Sydney and 2020-01-02 18:30 in New York
    result["timestamp"] = [int(datetime(2020, 1, 2, 23, 30, tzinfo=UTC).timestamp())]
    assert parse_chart(doc, "ABBV").bars["trade_date"].to_pylist() == [date(2020, 1, 2)]
    result["meta"]["exchangeTimezoneName"] = "Australia/Sydney"
    assert parse_chart(doc, "ABBV").bars["trade_date"].to_pylist() == [date(2020, 1, 3)]


def test_null_close_is_skipped_other_nulls_kept(corpus_mirror: Path):
    doc = _doc(corpus_mirror, "MSFT")
    quote = _result(doc)["indicators"]["quote"][0]
    quote["close"][5] = None  # a halt: Yahoo pads the timestamp with nulls
    quote["open"][5] = quote["high"][5] = quote["low"][5] = quote["volume"][5] = None
    quote["volume"][6] = None  # a bar with a price but no volume
    chart = parse_chart(doc, "MSFT")
    assert chart.bars.num_rows == 251 and chart.null_close_bars == 1
    assert chart.bars["volume"].null_count == 1
    assert chart.bars["close"].null_count == 0


def test_meta_only_range_is_empty_not_an_error(corpus_mirror: Path):
    doc = _doc(corpus_mirror, "AAPL")
    result = _result(doc)
    for key in ("timestamp", "indicators", "events"):
        result.pop(key)
    chart = parse_chart(doc, "AAPL")
    assert chart.error is None and chart.instrument is not None
    assert (chart.bars.num_rows, chart.dividends.num_rows, chart.splits.num_rows) == (0, 0, 0)


def test_yahoo_error_body_is_reported_not_raised():
    body = b'{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found"}}}'
    chart = parse_chart(body, "NOPE")
    assert chart.error == "No data found" and chart.bars.num_rows == 0


@pytest.mark.parametrize(
    "body",
    [b'{"chart":{"result":[{"meta":{', b"<html>busy</html>", b"[]", b'{"finance":{}}'],
    ids=["truncated", "html", "array", "wrong-shape"],
)
def test_malformed_bodies_raise_parse_error(body: bytes):
    with pytest.raises(ChartParseError):
        parse_chart(body, "AAPL")


def test_arrays_of_the_wrong_length_raise(corpus_mirror: Path):
    doc = _doc(corpus_mirror, "BTC-USD")
    _result(doc)["indicators"]["quote"][0]["close"].pop()
    with pytest.raises(ChartParseError, match="one value per timestamp"):
        parse_chart(doc, "BTC-USD")


def test_repeated_last_bar_keeps_the_later_row(corpus_mirror: Path):
    doc = _doc(corpus_mirror, "BTC-USD")
    result = _result(doc)
    result["timestamp"].append(result["timestamp"][-1] + 60)
    for values in result["indicators"]["quote"][0].values():
        values.append(values[-1])
    result["indicators"]["quote"][0]["close"][-1] = 7400.0
    result["indicators"]["adjclose"][0]["adjclose"].append(7400.0)
    chart = parse_chart(doc, "BTC-USD")
    assert chart.bars.num_rows == 3 and chart.duplicate_dates == 1
    assert chart.bars["close"].to_pylist()[-1] == 7400.0


def test_bar_of_a_session_still_open_is_dropped(corpus_mirror: Path):
    doc = copy.deepcopy(_doc(corpus_mirror, "MSFT"))
    result = _result(doc)
    last = result["timestamp"][-1]
    result["meta"]["currentTradingPeriod"]["regular"] = {"start": last, "end": last + 23_400}
    assert parse_chart(doc, "MSFT", now=last + 600).bars.num_rows == 251
    assert parse_chart(doc, "MSFT", now=last + 23_400).bars.num_rows == 252
    assert parse_chart(doc, "MSFT").bars.num_rows == 252


def test_request_window_starts_at_local_midnight():
    now = datetime(2024, 1, 10, tzinfo=UTC).timestamp()
    period1, period2 = request_window(date(2023, 8, 12), "America/New_York", now)
    assert period1 == int(datetime(2023, 8, 12, 4, tzinfo=UTC).timestamp())  # EDT midnight
    assert period2 == int(now)
    unknown, _ = request_window(date(2023, 8, 12), None, now)
    assert unknown == int(datetime(2023, 8, 11, 10, tzinfo=UTC).timestamp())  # UTC+14 midnight


def test_symbols_and_urls():
    assert normalize_symbol(" brk-b ") == "BRK-B"
    assert chart_url("https://q/", "GC=F") == "https://q/v8/finance/chart/GC%3DF"
    assert chart_url("https://q", "^GSPC") == "https://q/v8/finance/chart/%5EGSPC"


def test_since_filters_on_or_after(corpus_mirror: Path):
    chart = parse_chart((corpus_mirror / CHART_DIR / "MSFT").read_bytes(), "MSFT")
    assert since(chart.dividends, "ex_date", date(2021, 8, 18)).num_rows == 2
