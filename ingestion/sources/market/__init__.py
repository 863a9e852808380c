"""Yahoo Finance market source: daily bars, dividends, splits and instrument metadata.

Loads into dataset `raw_market` (tables and keys in docs/raw_market.md); every table merges on its
natural key. Incremental per symbol: the resource state keeps each symbol's last loaded trade date
and exchange time zone, and the next run asks Yahoo only for dates after it (period1 = the next
local midnight). The first run of a symbol starts at the configured start date.

When an increment brings a new dividend or split, Yahoo has restated the symbol's history
(`adjclose` for dividends; `close` and volume too for splits), so that symbol is re-read from
the start date and every bar merged again: the raw table never mixes two adjustment bases.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import dlt
from dlt.extract.resource import DltResource

from ingestion.http import HttpClient, NotFoundError
from ingestion.selection import named_universe
from ingestion.sources.cursors import KeyedCursors, content_hash
from ingestion.sources.hints import merge_variant
from ingestion.sources.market import settings
from ingestion.sources.market.helpers import (
    Chart,
    chart_url,
    latest_date,
    normalize_symbol,
    parse_chart,
    request_window,
    since,
)

log = logging.getLogger(__name__)

STATE_KEY = "symbols"


@dataclass(frozen=True)
class ChartRequest:
    """One chart request the source made (for the run report and tests)."""

    symbol: str
    start: date
    period1: int
    period2: int
    bars: int = 0
    reason: str = "increment"


@dataclass
class MarketRunReport:
    """What a run extracted, every request window, and every gap met (unknown symbols)."""

    symbols: int = 0
    bars: int = 0
    dividends: int = 0
    splits: int = 0
    skipped_null_close: int = 0
    requests: list[ChartRequest] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


def select_symbols(tickers: Sequence[str] | None, universe: str | None = None) -> list[str]:
    """`--tickers` as Yahoo symbols (deduplicated, upper-case), or a fixed named universe."""
    if tickers:
        return list(dict.fromkeys(normalize_symbol(t) for t in tickers if t.strip()))
    return named_universe("market", universe)


@dlt.source(name="market", section="market", max_table_nesting=0)
def market_source(
    symbols: Sequence[str],
    client: HttpClient,
    base_url: str = settings.BASE_URL,
    start_date: str = settings.DEFAULT_START_DATE,
    report: MarketRunReport | None = None,
    now: float | None = None,
) -> DltResource:
    """Chart data for `symbols` (client and report are passed in, like the SEC source).

    `start_date` (ISO date; first date asked for a symbol with no bars yet) is injected by dlt
    from `[sources.market] start_date` / SOURCES__MARKET__START_DATE.
    """
    start = date.fromisoformat(start_date)
    return _chart_resource(symbols, client, base_url, start, report or MarketRunReport(), now)


def _chart_resource(
    symbols: Sequence[str],
    client: HttpClient,
    base_url: str,
    start_date: date,
    report: MarketRunReport,
    now: float | None,
) -> DltResource:
    def fetch(symbol: str, start: date, zone: str | None, reason: str) -> Chart | None:
        clock = now if now is not None else time.time()
        period1, period2 = request_window(start, zone, clock)
        if period1 >= period2:
            report.up_to_date.append(symbol)
            return None
        params = {"period1": period1, "period2": period2, **settings.CHART_PARAMS}
        try:
            chart = client.get_parsed(
                chart_url(base_url, symbol),
                lambda body: parse_chart(body, symbol, now=clock),
                params=params,
            )
        except NotFoundError as exc:
            report.gaps.append(f"chart for {symbol}: {exc}")
            return None
        bars = since(chart.bars, "trade_date", start).num_rows
        report.requests.append(ChartRequest(symbol, start, period1, period2, bars, reason))
        if chart.error:
            report.gaps.append(f"chart for {symbol}: Yahoo returned no data ({chart.error})")
        for note in chart.notes:
            log.info("chart %s: %s", symbol, note)
        return chart

    def rows() -> Iterator[Any]:
        cursors = KeyedCursors(STATE_KEY)
        for symbol in symbols:
            cursor = cursors.get(symbol)
            last = cursor.get("last_trade_date")
            start = date.fromisoformat(last) + timedelta(days=1) if last else start_date
            chart = fetch(
                symbol, start, cursor.get("timezone"), "first load" if not last else "increment"
            )
            if chart is None:
                continue
            if last and (
                since(chart.dividends, "ex_date", start).num_rows
                or since(chart.splits, "split_date", start).num_rows
            ):
                log.info(
                    "chart %s: new dividend or split since %s, reloading history", symbol, last
                )
                reloaded = fetch(symbol, start_date, chart.timezone, "restated by new event")
                if reloaded is not None:
                    chart, start = reloaded, start_date
            report.symbols += 1
            report.skipped_null_close += chart.null_close_bars
            if chart.null_close_bars:
                log.info(
                    "chart %s: skipped %d bars with a null close", symbol, chart.null_close_bars
                )
            instrument_sha256 = cursor.get("instrument_sha256")
            if chart.instrument is not None:
                instrument_sha256 = content_hash(chart.instrument)
                if instrument_sha256 != cursor.get("instrument_sha256"):  # else: seen already
                    yield dlt.mark.with_table_name(chart.instrument, "instruments")
            bars = since(chart.bars, "trade_date", start)
            dividends = since(chart.dividends, "ex_date", start)
            splits = since(chart.splits, "split_date", start)
            report.bars += bars.num_rows
            report.dividends += dividends.num_rows
            report.splits += splits.num_rows
            if bars.num_rows:
                yield bars
            if dividends.num_rows:
                yield dlt.mark.with_table_name(dividends, "dividends")
            if splits.num_rows:
                yield dlt.mark.with_table_name(splits, "splits")
            advanced = dict(cursor)
            if instrument_sha256 is not None:
                advanced["instrument_sha256"] = instrument_sha256
            newest = latest_date(bars, "trade_date")
            if newest is not None:
                advanced["last_trade_date"] = newest.isoformat()
                advanced["timezone"] = chart.timezone or cursor.get("timezone")
            if advanced != cursor:
                cursors.set(symbol, advanced)

    resource = dlt.resource(rows, name="daily_bars", write_disposition="merge")
    resource.apply_hints(primary_key=["symbol", "trade_date"])
    merge_variant(resource, "dividends", ["symbol", "ex_date"])
    merge_variant(resource, "splits", ["symbol", "split_date"])
    merge_variant(
        resource,
        "instruments",
        "symbol",
        {
            "first_trade_date": {"data_type": "date"},
            "price_hint": {"data_type": "bigint"},
        },
    )
    return resource
