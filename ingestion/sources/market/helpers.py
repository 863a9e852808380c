"""Pure parsing of Yahoo Finance v8 chart responses into Arrow tables, and the request window.

No I/O here: every function takes bytes or values and returns data, so each is tested directly on
real corpus files. Rules (docs/raw_market.md):
- a bar's `trade_date` is the date of its timestamp (session open) in `meta.exchangeTimezoneName`;
- a timestamp whose `close` is null (a halt or a padded holiday) is skipped and counted, never
  loaded as a null row; other nulls (e.g. a missing volume) stay null;
- prices stay in the listing's currency as Yahoo reports it (`GBp` = pence), never converted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.sources.market import settings

BAR_SCHEMA = pa.schema(
    [
        pa.field("symbol", pa.string(), nullable=False),
        pa.field("trade_date", pa.date32(), nullable=False),
        ("open", pa.float64()),
        ("high", pa.float64()),
        ("low", pa.float64()),
        ("close", pa.float64()),
        ("adj_close", pa.float64()),
        ("volume", pa.int64()),
    ]
)

DIVIDEND_SCHEMA = pa.schema(
    [
        pa.field("symbol", pa.string(), nullable=False),
        pa.field("ex_date", pa.date32(), nullable=False),
        ("amount", pa.float64()),
    ]
)

SPLIT_SCHEMA = pa.schema(
    [
        pa.field("symbol", pa.string(), nullable=False),
        pa.field("split_date", pa.date32(), nullable=False),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
        ("ratio", pa.string()),
    ]
)

_QUOTE_FIELDS = ("open", "high", "low", "close", "volume")


class ChartParseError(ValueError):
    """A body that is not a v8 chart document (truncated, HTML, wrong shape); names the problem."""


@dataclass(frozen=True)
class Chart:
    """One parsed chart response. `error` is Yahoo's own message when it returned no result."""

    symbol: str
    instrument: dict[str, Any] | None
    timezone: str | None
    bars: pa.Table
    dividends: pa.Table
    splits: pa.Table
    null_close_bars: int = 0
    duplicate_dates: int = 0
    open_session_bars: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def normalize_symbol(symbol: str) -> str:
    """Yahoo symbols are case-insensitive; store them upper-case (`brk-b` -> `BRK-B`)."""
    cleaned = symbol.strip().upper()
    if not cleaned:
        raise ValueError("empty symbol")
    return cleaned


def chart_url(base_url: str, symbol: str) -> str:
    """`<base>/v8/finance/chart/<symbol>` with the symbol percent-encoded (`^GSPC`, `GC=F`)."""
    return base_url.rstrip("/") + settings.CHART_PATH.format(symbol=quote(symbol, safe=""))


def exchange_zone(name: str | None, gmtoffset: Any = None) -> tzinfo:
    """The exchange's IANA zone; its fixed `gmtoffset` if the name is unknown; else UTC."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    if isinstance(gmtoffset, int | float):
        return timezone(timedelta(seconds=int(gmtoffset)))
    return UTC


def local_date(epoch_seconds: int | float, zone: tzinfo) -> date:
    """Calendar date of an epoch-second timestamp in `zone`."""
    return datetime.fromtimestamp(epoch_seconds, zone).date()


def request_window(start: date, zone_name: str | None, now: float) -> tuple[int, int]:
    """`(period1, period2)` epoch seconds asking for bars dated `start` or later up to `now`.

    period1 is midnight of `start` in the exchange's zone when it is known (from an earlier
    load), else midnight at UTC+14 (the earliest midnight anywhere), so no bar of `start` is
    missed; bars before `start` that such a window still returns are filtered out afterwards.
    """
    if zone_name:
        period1 = datetime.combine(start, time(0), exchange_zone(zone_name)).timestamp()
    else:
        midnight_utc = datetime.combine(start, time(0), UTC)
        period1 = (midnight_utc - timedelta(hours=settings.MAX_UTC_OFFSET_HOURS)).timestamp()
    return int(period1), int(now)


def parse_chart(body: bytes | Mapping[str, Any], symbol: str, now: float | None = None) -> Chart:
    """A v8 chart response -> instrument row and bar/dividend/split tables for `symbol`.

    `now` (epoch seconds) drops the bar of a session still open at `now`: its prices are not final
    and the incremental cursor would otherwise move past the day. Raises `ChartParseError` for a
    body that is not a chart document (retried by the HTTP client); Yahoo's own "no result"
    answer is returned as `Chart.error` with empty tables.
    """
    doc = _load(body)
    chart = doc.get("chart")
    if not isinstance(chart, Mapping):
        raise ChartParseError(f"chart {symbol}: no 'chart' object in the response")
    results = chart.get("result")
    if not results:
        error = chart.get("error") or {}
        text = error.get("description") or error.get("code") if isinstance(error, Mapping) else None
        return _empty(symbol, error=str(text or "no result"))
    result = results[0]
    if not isinstance(result, Mapping):
        raise ChartParseError(f"chart {symbol}: result[0] is not an object")
    meta = result.get("meta") or {}
    zone_name = meta.get("exchangeTimezoneName")
    zone = exchange_zone(zone_name, meta.get("gmtoffset"))
    instrument = instrument_row(symbol, meta, zone)
    notes = []
    if meta.get("symbol") and normalize_symbol(str(meta["symbol"])) != symbol:
        notes.append(f"response is for {meta['symbol']!r}, requested {symbol!r}")
    bars, null_close, duplicates, open_bars = _bars(symbol, result, zone, meta, now)
    events = result.get("events") or {}
    return Chart(
        symbol=symbol,
        instrument=instrument,
        timezone=zone_name,
        bars=bars,
        dividends=_dividends(symbol, events.get("dividends"), zone),
        splits=_splits(symbol, events.get("splits"), zone),
        null_close_bars=null_close,
        duplicate_dates=duplicates,
        open_session_bars=open_bars,
        notes=notes,
    )


def instrument_row(symbol: str, meta: Mapping[str, Any], zone: tzinfo) -> dict[str, Any]:
    """Stable descriptive fields of `meta` (no live quote fields: they change every request)."""
    first_trade = meta.get("firstTradeDate")
    return {
        "symbol": symbol,
        "currency": meta.get("currency"),
        "exchange": meta.get("exchangeName"),
        "exchange_name": meta.get("fullExchangeName"),
        "instrument_type": meta.get("instrumentType"),
        "timezone": meta.get("exchangeTimezoneName"),
        "timezone_abbreviation": meta.get("timezone"),
        "first_trade_date": (
            local_date(first_trade, zone) if isinstance(first_trade, int | float) else None
        ),
        "long_name": meta.get("longName"),
        "short_name": meta.get("shortName"),
        "price_hint": meta.get("priceHint"),
    }


def since(table: pa.Table, column: str, start: date) -> pa.Table:
    """Rows of `table` whose `column` is on or after `start`."""
    if table.num_rows == 0:
        return table
    return table.filter(pc.greater_equal(table[column], pa.scalar(start, pa.date32())))


def latest_date(table: pa.Table, column: str) -> date | None:
    """Largest date of `column`, or None for an empty table."""
    if table.num_rows == 0:
        return None
    value: date | None = pc.max(table[column]).as_py()
    return value


# --------------------------------------------------------------------------- internals


def _load(body: bytes | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(body, Mapping):
        return body
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ChartParseError(f"chart response is not valid JSON: {exc}") from None
    if not isinstance(doc, Mapping):
        raise ChartParseError("chart response is not a JSON object")
    return doc


def _empty(symbol: str, error: str | None = None) -> Chart:
    return Chart(
        symbol=symbol,
        instrument=None,
        timezone=None,
        bars=BAR_SCHEMA.empty_table(),
        dividends=DIVIDEND_SCHEMA.empty_table(),
        splits=SPLIT_SCHEMA.empty_table(),
        error=error,
    )


def _series(container: Any, name: str, length: int, symbol: str) -> Sequence[Any]:
    values = container.get(name) if isinstance(container, Mapping) else None
    if values is None:
        return [None] * length
    if not isinstance(values, list) or len(values) != length:
        raise ChartParseError(f"chart {symbol}: '{name}' does not have one value per timestamp")
    return values


def _open_session_start(meta: Mapping[str, Any], now: float | None) -> float | None:
    """Start of the regular session if it is still open at `now`, else None."""
    if now is None:
        return None
    regular = (meta.get("currentTradingPeriod") or {}).get("regular") or {}
    start, end = regular.get("start"), regular.get("end")
    if isinstance(start, int | float) and isinstance(end, int | float) and start <= now < end:
        return float(start)
    return None


def _bars(
    symbol: str,
    result: Mapping[str, Any],
    zone: tzinfo,
    meta: Mapping[str, Any],
    now: float | None,
) -> tuple[pa.Table, int, int, int]:
    timestamps = result.get("timestamp") or []
    if not isinstance(timestamps, list):
        raise ChartParseError(f"chart {symbol}: 'timestamp' is not an array")
    indicators = result.get("indicators") or {}
    quote_block = (indicators.get("quote") or [{}])[0]
    adj_block = (indicators.get("adjclose") or [{}])[0]
    n = len(timestamps)
    columns = {name: _series(quote_block, name, n, symbol) for name in _QUOTE_FIELDS}
    adj = _series(adj_block, "adjclose", n, symbol)
    open_from = _open_session_start(meta, now)
    by_date: dict[date, tuple[Any, ...]] = {}
    null_close = duplicates = open_bars = 0
    for i, ts in enumerate(timestamps):
        if columns["close"][i] is None:
            null_close += 1
            continue
        if open_from is not None and ts >= open_from:
            open_bars += 1
            continue
        day = local_date(ts, zone)
        if day in by_date:
            duplicates += 1  # Yahoo repeats the latest bar at times: the later row wins
        volume = columns["volume"][i]
        by_date[day] = (
            _float(columns["open"][i]),
            _float(columns["high"][i]),
            _float(columns["low"][i]),
            _float(columns["close"][i]),
            _float(adj[i]),
            int(volume) if volume is not None else None,
        )
    days = sorted(by_date)
    rows = [by_date[d] for d in days]
    table = pa.Table.from_arrays(
        [
            pa.array([symbol] * len(days), pa.string()),
            pa.array(days, pa.date32()),
            *(pa.array([r[j] for r in rows], BAR_SCHEMA.field(j + 2).type) for j in range(6)),
        ],
        schema=BAR_SCHEMA,
    )
    return table, null_close, duplicates, open_bars


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _event_entries(events: Any) -> list[Mapping[str, Any]]:
    """Yahoo keys events by epoch-second strings; an entry's own `date` is authoritative."""
    if not isinstance(events, Mapping):
        return []
    return [e for e in events.values() if isinstance(e, Mapping) and e.get("date") is not None]


def _dividends(symbol: str, events: Any, zone: tzinfo) -> pa.Table:
    by_date = {local_date(e["date"], zone): _float(e.get("amount")) for e in _event_entries(events)}
    days = sorted(by_date)
    return pa.Table.from_arrays(
        [
            pa.array([symbol] * len(days), pa.string()),
            pa.array(days, pa.date32()),
            pa.array([by_date[d] for d in days], pa.float64()),
        ],
        schema=DIVIDEND_SCHEMA,
    )


def _splits(symbol: str, events: Any, zone: tzinfo) -> pa.Table:
    by_date = {local_date(e["date"], zone): e for e in _event_entries(events)}
    days = sorted(by_date)
    entries = [by_date[d] for d in days]
    return pa.Table.from_arrays(
        [
            pa.array([symbol] * len(days), pa.string()),
            pa.array(days, pa.date32()),
            pa.array([_float(e.get("numerator")) for e in entries], pa.float64()),
            pa.array([_float(e.get("denominator")) for e in entries], pa.float64()),
            pa.array([e.get("splitRatio") for e in entries], pa.string()),
        ],
        schema=SPLIT_SCHEMA,
    )
