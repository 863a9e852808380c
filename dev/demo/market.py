"""Demo market data: Yahoo v8 chart responses for the demo companies and one demo ETF.

Prices follow each company's profile (`price0`, `price_growth`: the quarterly drift the SEC side
uses for buybacks) as a seeded geometric random walk; dividends are the profile's quarterly
dividend per share (growing 5 % a year, skipped in quarters whose filings report none), so
`fct_valuation_daily`'s dividend yield agrees with the cash-flow statement. Responses keep Yahoo's
conventions, as the corpus shows them: one timestamp per session open (09:30 New York), `close`
adjusted for splits, `adjclose` for splits and dividends, events keyed by epoch seconds, `null`
in every array on a halted day. The ETF (no SEC filings) carries a 3:1 split; a company with a
`split` in its profile (PCDV, 4:1) carries it too, so its filings' split ratio has an event to
match, and its whole history (prices, dividends) is on the post-split basis, as Yahoo serves it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dev.demo.model import Truth
from dev.demo.profiles import COMPANIES, Company

CHART_HOST = "query2.finance.yahoo.com"
CHART_PATH = "v8/finance/chart"
NEW_YORK = ZoneInfo("America/New_York")

#: The demo's market window: long enough for 52-week and 200-day indicators.
FIRST_DAY = date(2019, 1, 2)
LAST_DAY = date(2026, 6, 30)
#: Fixed-date US market holidays (enough for a plausible calendar; the demo is not NYSE's).
HOLIDAYS = {(1, 1), (7, 4), (12, 25)}


@dataclass(frozen=True)
class Etf:
    symbol: str
    name: str
    price0: float
    split_date: date
    split_ratio: int
    dividend: float  # per share, quarterly, before the split


DEMO_ETF = Etf("FLMX", "FinLoom Demo Market ETF", 210.0, date(2023, 6, 12), 3, 0.9)
#: One halted session (all values null), as Yahoo reports suspended trading.
HALTED = ("QSMC", date(2022, 3, 15))


def trading_days(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def _open_epoch(day: date) -> int:
    return int(datetime.combine(day, time(9, 30), NEW_YORK).timestamp())


def _walk(rng: random.Random, start: float, days: int, drift_per_day: float) -> list[float]:
    prices = [start]
    for _ in range(days - 1):
        prices.append(prices[-1] * math.exp(drift_per_day + rng.gauss(0, 0.017)))
    return prices


def _quarter_of(truth: Truth, day: date) -> int | None:
    for i, key in enumerate(truth.keys):
        start, end = truth.bounds[key]
        if start <= day <= end:
            return i
    return None


def company_dividends(c: Company, truth: Truth, days: list[date]) -> dict[date, float]:
    """Ex-dividend day (the 40th day of each fiscal quarter) -> amount per share."""
    if not c.dividend_per_share:
        return {}
    out: dict[date, float] = {}
    for i, key in enumerate(truth.keys):
        if truth.final[key]["dividends"] == 0:
            continue
        start, _ = truth.bounds[key]
        target = start + timedelta(days=40)
        ex_day = next((d for d in days if d >= target), None)
        if ex_day is not None and days[0] < ex_day:
            out[ex_day] = round(c.dividend_per_share * 1.05 ** (i // 4) / _split_ratio(c), 4)
    return out


def _split_ratio(c: Company) -> int:
    """New shares per old of the company's split, 1 without one (the profile's prices and
    dividends are per share before the split; Yahoo restates all history to the latest basis)."""
    return c.split.ratio if c.split else 1


def _adjusted(
    days: list[date], close: list[float | None], dividends: dict[date, float]
) -> list[float | None]:
    """Yahoo's dividend adjustment: before each ex-day, multiply by 1 - amount / prior close."""
    factor = 1.0
    out: list[float | None] = [None] * len(days)
    for i in range(len(days) - 1, -1, -1):
        value = close[i]
        out[i] = None if value is None else round(value * factor, 6)
        amount = dividends.get(days[i])
        if amount and i > 0:
            prior = next((close[j] for j in range(i - 1, -1, -1) if close[j] is not None), None)
            if prior:
                factor *= 1 - amount / prior
    return out


def _bars(
    rng: random.Random, prices: list[float], volume0: float
) -> dict[str, list[float | int | None]]:
    quote: dict[str, list[float | int | None]] = {
        k: [] for k in ("open", "high", "low", "close", "volume")
    }
    previous = prices[0]
    for close in prices:
        opened = previous * math.exp(rng.gauss(0, 0.006))
        high = max(opened, close) * (1 + abs(rng.gauss(0, 0.008)))
        low = min(opened, close) * (1 - abs(rng.gauss(0, 0.008)))
        quote["open"].append(round(opened, 4))
        quote["high"].append(round(high, 4))
        quote["low"].append(round(low, 4))
        quote["close"].append(round(close, 4))
        quote["volume"].append(int(volume0 * math.exp(rng.gauss(0, 0.35))))
        previous = close
    return quote


def _chart(
    symbol: str,
    meta: dict[str, Any],
    days: list[date],
    quote: dict[str, list[float | int | None]],
    adjclose: list[float | None],
    events: dict[str, Any],
) -> dict[str, Any]:
    meta = {
        "currency": "USD",
        "symbol": symbol,
        "exchangeTimezoneName": "America/New_York",
        "timezone": "EDT",
        "gmtoffset": -14400,
        "firstTradeDate": _open_epoch(days[0]),
        "regularMarketTime": _open_epoch(days[-1]) + 23400,
        "regularMarketPrice": quote["close"][-1],
        "dataGranularity": "1d",
        "priceHint": 2,
        **meta,
    }
    result: dict[str, Any] = {"meta": meta, "timestamp": [_open_epoch(d) for d in days]}
    if events:
        result["events"] = events
    result["indicators"] = {"quote": [quote], "adjclose": [{"adjclose": adjclose}]}
    return {"chart": {"result": [result], "error": None}}


def company_chart(c: Company, truth: Truth) -> dict[str, Any]:
    days = trading_days()
    rng = random.Random(c.seed * 7 + 1)
    first_quarter = _quarter_of(truth, days[0]) or 0
    start = c.price0 * (1 + c.price_growth) ** first_quarter
    prices = _walk(rng, start, len(days), math.log(1 + c.price_growth) / 63)
    ratio = _split_ratio(c)
    quote = _bars(rng, [p / ratio for p in prices], c.shares0 * 0.004 * ratio)
    if c.split:
        # Yahoo restates history to the latest split: before it, as many shares traded as
        # `ratio` times the old count (prices were divided above, for every day).
        for i, day in enumerate(days):
            if day < c.split.ex_date:
                quote["volume"][i] = int(quote["volume"][i]) // ratio * ratio  # type: ignore[arg-type]
    if c.ticker == HALTED[0]:
        i = days.index(HALTED[1])
        for values in quote.values():
            values[i] = None
    dividends = company_dividends(c, truth, days)
    adjclose = _adjusted(days, quote["close"], dividends)
    events: dict[str, Any] = {}
    if dividends:
        events["dividends"] = {
            str(_open_epoch(d)): {"amount": a, "date": _open_epoch(d)}
            for d, a in sorted(dividends.items())
        }
    if c.split:
        epoch = _open_epoch(c.split.ex_date)
        events["splits"] = {
            str(epoch): {
                "date": epoch,
                "numerator": c.split.ratio,
                "denominator": 1,
                "splitRatio": f"{c.split.ratio}:1",
            }
        }
    meta = {
        "exchangeName": "NMS" if c.exchange == "Nasdaq" else "NYQ",
        "fullExchangeName": "NasdaqGS" if c.exchange == "Nasdaq" else "NYSE",
        "instrumentType": "EQUITY",
        "longName": c.name,
        "shortName": c.name,
    }
    return _chart(c.ticker, meta, days, quote, adjclose, events)


def etf_chart(etf: Etf = DEMO_ETF) -> dict[str, Any]:
    """The demo ETF: quarterly dividends and one split; `close` adjusted for the split."""
    days = trading_days()
    rng = random.Random(4242)
    raw = _walk(rng, etf.price0, len(days), math.log(1.02) / 63)
    after = [d >= etf.split_date for d in days]
    raw = [p / etf.split_ratio if a else p for p, a in zip(raw, after, strict=True)]
    quote = _bars(rng, raw, 2.5e6)
    # Yahoo restates history after a split: prices before it divided, volume multiplied.
    for i, is_after in enumerate(after):
        if not is_after:
            for k in ("open", "high", "low", "close"):
                quote[k][i] = round(float(quote[k][i]) / etf.split_ratio, 4)  # type: ignore[arg-type]
            quote["volume"][i] = int(quote["volume"][i]) * etf.split_ratio  # type: ignore[arg-type]
    dividends: dict[date, float] = {}
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
        for month in (3, 6, 9, 12):
            ex_day = next((d for d in days if d >= date(year, month, 20)), None)
            if ex_day is not None and days[0] < ex_day:
                per_share = etf.dividend / (etf.split_ratio if ex_day < etf.split_date else 1)
                dividends[ex_day] = round(per_share, 4)  # split-adjusted, as Yahoo shows it
    adjclose = _adjusted(days, quote["close"], dividends)
    split_epoch = _open_epoch(etf.split_date)
    events = {
        "dividends": {
            str(_open_epoch(d)): {"amount": a, "date": _open_epoch(d)}
            for d, a in sorted(dividends.items())
        },
        "splits": {
            str(split_epoch): {
                "date": split_epoch,
                "numerator": etf.split_ratio,
                "denominator": 1,
                "splitRatio": f"{etf.split_ratio}:1",
            }
        },
    }
    meta = {
        "exchangeName": "PCX",
        "fullExchangeName": "NYSEArca",
        "instrumentType": "ETF",
        "longName": etf.name,
        "shortName": etf.name,
    }
    return _chart(etf.symbol, meta, days, quote, adjclose, events)


def market_symbols() -> list[str]:
    """What `finloom demo` loads from the market source."""
    return [c.ticker for c in COMPANIES] + [DEMO_ETF.symbol]


def chart_files(truths: dict[int, Truth]) -> dict[str, dict[str, Any]]:
    """Mirror path (no query: it answers any period1/period2) -> chart document."""
    files = {
        f"{CHART_HOST}/{CHART_PATH}/{c.ticker}": company_chart(c, truths[c.cik]) for c in COMPANIES
    }
    files[f"{CHART_HOST}/{CHART_PATH}/{DEMO_ETF.symbol}"] = etf_chart()
    return files
