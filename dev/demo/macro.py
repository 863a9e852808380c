"""Demo macro data: FRED `fredgraph.csv` downloads for every series in seeds/macro_series.csv.

The values are synthetic (seeded random walks around plausible levels), not FRED's: the demo
ships only data the project writes. They start in 2023 so that no demo value sits on a date the
corpus known-answer tests check (UNRATE 2020-04, CPI 2022-06, DGS10 2020-03-09). The layout is
FRED's: `observation_date,<ID>`, daily series on business days with an empty cell on holidays,
monthly and quarterly series dated the first day of the period.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

CSV_HOST = "fred.stlouisfed.org"
CSV_PATH = "graph/fredgraph.csv"

FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2026, 6, 30)
HOLIDAYS = {(1, 1), (7, 4), (12, 25)}


def _business_days() -> list[date]:
    out, day = [], FIRST_DAY
    while day <= LAST_DAY:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def _months(step: int = 1) -> list[date]:
    out, year, month = [], FIRST_DAY.year, 1
    while date(year, month, 1) <= LAST_DAY:
        out.append(date(year, month, 1))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return out


def _walk(seed: int, n: int, start: float, step: float, low: float, high: float) -> list[float]:
    rng, value, out = random.Random(seed), start, []
    for _ in range(n):
        value = min(high, max(low, value + rng.gauss(0, step)))
        out.append(value)
    return out


def _growth(seed: int, n: int, start: float, rate: float, noise: float) -> list[float]:
    rng, value, out = random.Random(seed), start, []
    for _ in range(n):
        value *= 1 + rate + rng.gauss(0, noise)
        out.append(value)
    return out


def _csv(series_id: str, rows: list[tuple[date, str]]) -> bytes:
    lines = [f"observation_date,{series_id}"] + [f"{d.isoformat()},{v}" for d, v in rows]
    return ("\n".join(lines) + "\n").encode("ascii")


def _daily(series_id: str, values: list[float], days: list[date], fmt: str) -> bytes:
    rows = [
        (d, "" if (d.month, d.day) in HOLIDAYS else format(v, fmt))
        for d, v in zip(days, values, strict=True)
    ]
    return _csv(series_id, rows)


def _periodic(series_id: str, values: list[float], dates: list[date], fmt: str) -> bytes:
    return _csv(series_id, [(d, format(v, fmt)) for d, v in zip(dates, values, strict=True)])


def series_files() -> dict[str, bytes]:
    """Mirror path (with the `id` query FRED's download uses) -> CSV body."""
    days, months, quarters = _business_days(), _months(), _months(3)
    dgs10 = _walk(10, len(days), 3.9, 0.05, 3.2, 5.0)
    dgs2 = _walk(2, len(days), 4.4, 0.05, 3.3, 5.2)
    # Payrolls are levels (thousands); their monthly change is what fct_macro_monthly shows.
    builders: dict[str, Callable[[], bytes]] = {
        "DGS10": lambda: _daily("DGS10", dgs10, days, ".2f"),
        "DGS2": lambda: _daily("DGS2", dgs2, days, ".2f"),
        "T10Y2Y": lambda: _daily(
            "T10Y2Y",
            [round(a, 2) - round(b, 2) for a, b in zip(dgs10, dgs2, strict=True)],
            days,
            ".2f",
        ),
        "VIXCLS": lambda: _daily(
            "VIXCLS", _walk(20, len(days), 17.0, 0.8, 11.0, 38.0), days, ".2f"
        ),
        "FEDFUNDS": lambda: _periodic(
            "FEDFUNDS", _walk(30, len(months), 4.6, 0.1, 3.5, 5.4), months, ".2f"
        ),
        "UNRATE": lambda: _periodic(
            "UNRATE", _walk(40, len(months), 3.6, 0.1, 3.3, 4.8), months, ".1f"
        ),
        "CPIAUCSL": lambda: _periodic(
            "CPIAUCSL", _growth(50, len(months), 300.0, 0.0025, 0.0012), months, ".3f"
        ),
        "CPILFESL": lambda: _periodic(
            "CPILFESL", _growth(60, len(months), 305.0, 0.0027, 0.0008), months, ".3f"
        ),
        "PAYEMS": lambda: _periodic(
            "PAYEMS", _growth(70, len(months), 154_000, 0.0012, 0.0008), months, ".0f"
        ),
        "GDP": lambda: _periodic(
            "GDP", _growth(80, len(quarters), 26_400, 0.012, 0.004), quarters, ".3f"
        ),
        "GDPC1": lambda: _periodic(
            "GDPC1", _growth(90, len(quarters), 22_100, 0.006, 0.004), quarters, ".3f"
        ),
    }
    return {f"{CSV_HOST}/{CSV_PATH}?id={sid}": build() for sid, build in builders.items()}
