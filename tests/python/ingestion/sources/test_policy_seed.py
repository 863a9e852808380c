"""seeds/fomc_meetings.csv, hand-entered: file order, and an independent check of its target
ranges against FRED's monthly effective federal funds rate (FEDFUNDS) recorded in the corpus."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from ingestion.sources.macro.helpers import parse_fredgraph_csv

SEED = Path(__file__).resolve().parents[4] / "seeds" / "fomc_meetings.csv"


def _meetings() -> list[dict[str, str]]:
    with SEED.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_seed_rows_are_in_ascending_date_order() -> None:
    dates = [row["meeting_date"] for row in _meetings()]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert dates[0] <= "2015-01-01" and dates[-1] >= "2026-12-01"


def test_seed_has_the_2020_unscheduled_cuts_and_eight_scheduled_meetings_a_year() -> None:
    rows = _meetings()
    unscheduled = [r for r in rows if r["meeting_type"] == "unscheduled"]
    assert [(r["meeting_date"], r["target_range_upper_pct"]) for r in unscheduled] == [
        ("2020-03-03", "1.25"),
        ("2020-03-15", "0.25"),
    ]
    for year in range(2014, 2027):
        scheduled = [
            r
            for r in rows
            if r["meeting_type"] == "scheduled" and r["meeting_date"][:4] == str(year)
        ]
        # 2020: the March 17-18 meeting was replaced by the unscheduled one on March 15
        assert len(scheduled) == (7 if year == 2020 else 8), year


def _ranges_in_force(rows: list[dict[str, str]], month: date) -> list[tuple[float, float]]:
    """Ranges in force on some day of `month`: the last one set before it, and any set in it."""
    next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    known = [
        (
            date.fromisoformat(r["meeting_date"]),
            float(r["target_range_lower_pct"]),
            float(r["target_range_upper_pct"]),
        )
        for r in rows
        if r["target_range_upper_pct"]
    ]
    before = [k for k in known if k[0] < month]
    within = [k for k in known if month <= k[0] < next_month]
    return [(lo, hi) for _, lo, hi in ([before[-1]] if before else []) + within]


def test_effective_fed_funds_rate_lies_inside_the_seed_ranges(corpus_mirror: Path) -> None:
    body = (
        corpus_mirror / "fred.stlouisfed.org" / "graph" / "fredgraph.csv?id=FEDFUNDS"
    ).read_bytes()
    observations = parse_fredgraph_csv(body, "FEDFUNDS").to_pylist()
    rows = _meetings()
    last_known = max(r["meeting_date"] for r in rows if r["target_range_upper_pct"])
    checked, outside = 0, []
    for obs in observations:
        month, value = obs["observation_date"], obs["value"]
        if value is None or month < date(2014, 2, 1) or month.isoformat() > last_known:
            continue
        ranges = _ranges_in_force(rows, month)
        low, high = min(lo for lo, _ in ranges), max(hi for _, hi in ranges)
        checked += 1
        if not low <= value <= high:
            outside.append((month, value, ranges))
    assert outside == []
    assert checked == 142  # 2014-02 .. 2025-11: every month FRED has published since
