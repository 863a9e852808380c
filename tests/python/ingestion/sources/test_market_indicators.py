"""Price indicators in `fct_price_indicators` against an independent plain-Python reference.

Loads TSLA's real 3,303 bars from the corpus mirror, builds the marts with dbt, and recomputes every
indicator here with textbook recursions (no SQL, no shared code): after warm-up each value must
match to a relative difference below 1e-9, and be NULL during warm-up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from finloom.cli import main
from finloom.transform import run_dbt

pytestmark = pytest.mark.slow

INDICATORS = (
    "daily_return",
    "log_return",
    "high_52_week",
    "low_52_week",
    "pct_from_52_week_high",
    "pct_from_52_week_low",
    "sma_20",
    "sma_50",
    "sma_200",
    "ema_12",
    "ema_26",
    "rsi_14",
    "macd_line",
    "macd_signal",
    "macd_histogram",
)
REL_TOL = 1e-9


def _ema(values: Sequence[float | None], span: int) -> list[float | None]:
    """EMA seeded with the simple mean of the first `span` values (None before them)."""
    alpha = 2 / (span + 1)
    out: list[float | None] = [None] * len(values)
    start = next((i for i, v in enumerate(values) if v is not None), None)
    if start is None or len(values) - start < span:
        return out
    seed_end = start + span - 1
    current = sum(v for v in values[start : seed_end + 1] if v is not None) / span
    out[seed_end] = current
    for i in range(seed_end + 1, len(values)):
        value = values[i]
        assert value is not None
        current = alpha * value + (1 - alpha) * current
        out[i] = current
    return out


def _rsi(closes: Sequence[float], period: int = 14) -> list[float | None]:
    """Wilder's RSI: mean gain/loss of the first `period` changes, then Wilder smoothing."""
    out: list[float | None] = [None] * len(closes)
    if len(closes) <= period:
        return out
    changes = [closes[i] - closes[i - 1] for i in range(1, len(closes))]
    gain = sum(max(c, 0.0) for c in changes[:period]) / period
    loss = sum(max(-c, 0.0) for c in changes[:period]) / period

    def rsi(g: float, lo: float) -> float | None:
        if lo == 0:
            return None if g == 0 else 100.0
        return 100 - 100 / (1 + g / lo)

    out[period] = rsi(gain, loss)
    for i in range(period + 1, len(closes)):
        change = changes[i - 1]
        gain = (gain * (period - 1) + max(change, 0.0)) / period
        loss = (loss * (period - 1) + max(-change, 0.0)) / period
        out[i] = rsi(gain, loss)
    return out


def _segment(dates: Sequence[date], closes: Sequence[float]) -> dict[str, list[float | None]]:
    """Every indicator for one gap-free run of bars."""
    n = len(closes)
    res: dict[str, list[float | None]] = {k: [None] * n for k in INDICATORS}
    for i in range(1, n):
        res["daily_return"][i] = closes[i] / closes[i - 1] - 1
        res["log_return"][i] = math.log(closes[i] / closes[i - 1])
    for span in (20, 50, 200):
        for i in range(span - 1, n):
            res[f"sma_{span}"][i] = sum(closes[i - span + 1 : i + 1]) / span
    for i in range(n):
        if dates[i] - timedelta(days=364) < dates[0]:
            continue
        window = [c for d, c in zip(dates, closes, strict=True) if 0 <= (dates[i] - d).days <= 364]
        hi, lo = max(window), min(window)
        res["high_52_week"][i], res["low_52_week"][i] = hi, lo
        res["pct_from_52_week_high"][i] = closes[i] / hi - 1
        res["pct_from_52_week_low"][i] = closes[i] / lo - 1
    ema12, ema26 = _ema(closes, 12), _ema(closes, 26)
    res["ema_12"], res["ema_26"] = ema12, ema26
    line = [
        a - b if a is not None and b is not None else None
        for a, b in zip(ema12, ema26, strict=True)
    ]
    signal = _ema(line, 9)
    res["macd_line"], res["macd_signal"] = line, signal
    res["macd_histogram"] = [
        a - b if a is not None and b is not None else None
        for a, b in zip(line, signal, strict=True)
    ]
    res["rsi_14"] = _rsi(closes)
    return res


def reference_indicators(
    dates: Sequence[date], closes: Sequence[float], max_gap_days: int = 10
) -> dict[str, list[float | None]]:
    """Indicators for one symbol; a gap longer than `max_gap_days` restarts every warm-up."""
    out: dict[str, list[float | None]] = {k: [] for k in INDICATORS}
    begin = 0
    for i in range(1, len(dates) + 1):
        if i == len(dates) or (dates[i] - dates[i - 1]).days > max_gap_days:
            part = _segment(dates[begin:i], closes[begin:i])
            for key in INDICATORS:
                out[key].extend(part[key])
            begin = i
    return out


def compare(
    actual: dict[str, list[float | None]], expected: dict[str, list[float | None]]
) -> dict[str, tuple[int, float]]:
    """Per indicator: (values compared, max relative difference); raises on a NULL mismatch."""
    summary: dict[str, tuple[int, float]] = {}
    for key in INDICATORS:
        compared, worst = 0, 0.0
        for i, (a, e) in enumerate(zip(actual[key], expected[key], strict=True)):
            assert (a is None) == (e is None), f"{key} bar {i + 1}: sql={a} reference={e}"
            if e is None:
                continue
            compared += 1
            diff = abs(a - e)
            worst = max(worst, diff / abs(e) if e != 0 else diff)
        summary[key] = (compared, worst)
    return summary


def test_tsla_indicators_match_reference(corpus_mirror: Path, tmp_path: Path):
    db = tmp_path / "w.duckdb"
    args = ["ingest", "market", "--tickers", "TSLA", "--mirror", str(corpus_mirror)]
    assert main([*args, "--db", str(db), "--no-progress"]) == 0
    # cautious: only tests whose parents are all built (valuation tests also read SEC marts)
    select = ["--select", "+fct_price_indicators", "--indirect-selection", "cautious"]
    outcome = run_dbt(["build", *select], db, quiet=True)
    assert outcome.success, outcome.failures
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            f"select trade_date, adj_close_price, {', '.join(INDICATORS)} "
            "from marts.fct_price_indicators where symbol = 'TSLA' order by trade_date"
        ).fetchall()
    assert len(rows) == 3303
    assert (rows[0][0], rows[-1][0]) == (date(2010, 6, 29), date(2023, 8, 11))
    dates = [r[0] for r in rows]
    expected = reference_indicators(dates, [r[1] for r in rows])
    actual = {key: [r[2 + j] for r in rows] for j, key in enumerate(INDICATORS)}
    summary = compare(actual, expected)
    print("indicator: values compared, max relative difference")
    for key, (count, worst) in summary.items():
        print(f"  {key:<22} {count:>5} {worst:.3e}")
    assert summary["sma_200"][0] == 3303 - 199
    assert summary["macd_histogram"][0] == 3303 - 33
    assert summary["rsi_14"][0] == 3303 - 14
    for key, (count, worst) in summary.items():
        assert count > 0 and worst < REL_TOL, (key, worst)

    # A hole of six weeks (a failed load, a suspension) starts a new segment: every indicator
    # warms up again after it instead of silently spanning the gap.
    with duckdb.connect(str(db)) as con:
        con.execute(
            "delete from raw_market.daily_bars "
            "where symbol = 'TSLA' and trade_date between '2015-03-01' and '2015-04-15'"
        )
    # the prices, the mart and the intermediate models between them
    select = ["--select", "fct_daily_prices+,+fct_price_indicators"]
    outcome = run_dbt(["build", *select, "--indirect-selection", "cautious"], db, quiet=True)
    assert outcome.success, outcome.failures
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            f"select trade_date, adj_close_price, segment_number, {', '.join(INDICATORS)} "
            "from marts.fct_price_indicators where symbol = 'TSLA' order by trade_date"
        ).fetchall()
    assert {r[2] for r in rows} == {0, 1}
    after_gap = next(i for i, r in enumerate(rows) if r[2] == 1)
    assert rows[after_gap][0] == date(2015, 4, 16)
    assert rows[after_gap][3] is None and rows[after_gap + 199][3 + INDICATORS.index("sma_200")]
    expected = reference_indicators([r[0] for r in rows], [r[1] for r in rows])
    actual = {key: [r[3 + j] for r in rows] for j, key in enumerate(INDICATORS)}
    for key, (count, worst) in compare(actual, expected).items():
        assert count > 0 and worst < REL_TOL, (key, worst)
