"""Fiscal calendars of the demo companies and SEC-style calendar frames (CY2024Q3, CY2024Q4I)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class FiscalCalendar:
    """How a company's fiscal year is laid out.

    `kind="month_end"`: the year ends on the last day of `month` (quarters end on month ends).
    `kind="last_weekday"`: a 52/53-week year ending on the last `weekday` (Mon=0) of `month`;
    quarters are 13 weeks, and the 53rd week goes into quarter `extra_week_quarter`.
    A fiscal year is named by the calendar year in which it ends.
    """

    kind: str
    month: int
    weekday: int = 5
    extra_week_quarter: int = 4

    def year_end(self, fiscal_year: int) -> date:
        if self.kind == "month_end":
            return _month_end(fiscal_year, self.month)
        last = _month_end(fiscal_year, self.month)
        return last - timedelta(days=(last.weekday() - self.weekday) % 7)

    def year_start(self, fiscal_year: int) -> date:
        return self.year_end(fiscal_year - 1) + timedelta(days=1)

    def quarters(self, fiscal_year: int) -> list[tuple[date, date]]:
        """(start, end) of Q1..Q4 of a fiscal year."""
        start = self.year_start(fiscal_year)
        end = self.year_end(fiscal_year)
        if self.kind == "month_end":
            bounds = []
            for q in range(1, 5):
                months_back = 3 * (4 - q)
                y, m = end.year, end.month - months_back
                while m <= 0:
                    y, m = y - 1, m + 12
                q_end = _month_end(y, m)
                bounds.append((start, q_end))
                start = q_end + timedelta(days=1)
            return bounds
        weeks = ((end - start).days + 1) // 7
        if weeks not in (52, 53):
            raise ValueError(f"fiscal year {fiscal_year} has {weeks} weeks")
        bounds = []
        for q in range(1, 5):
            q_weeks = 14 if (weeks == 53 and q == self.extra_week_quarter) else 13
            q_end = start + timedelta(days=7 * q_weeks - 1)
            bounds.append((start, q_end))
            start = q_end + timedelta(days=1)
        if bounds[-1][1] != end:
            raise AssertionError("quarters do not tile the fiscal year")
        return bounds

    def fye_mmdd(self, fiscal_year: int) -> str:
        """The `fiscalYearEnd` field of EDGAR submissions (MMDD of the latest year end)."""
        return self.year_end(fiscal_year).strftime("%m%d")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def frame_for(start: date | None, end: date) -> str | None:
    """The calendar frame the SEC would give a period, or None (YTD durations get none).

    Durations of about a quarter map to the calendar quarter holding their midpoint, about a year to
    the calendar year holding it; instants map to the nearest calendar quarter end.
    """
    if start is None:
        candidates = [_month_end(end.year - 1, 12)] + [
            _month_end(end.year, m) for m in (3, 6, 9, 12)
        ]
        nearest = min(candidates, key=lambda d: (abs((end - d).days), d))
        return f"CY{nearest.year}Q{(nearest.month - 1) // 3 + 1}I"
    days = (end - start).days + 1
    mid = start + timedelta(days=(end - start).days // 2)
    if 84 <= days <= 98:
        return f"CY{mid.year}Q{(mid.month - 1) // 3 + 1}"
    if 358 <= days <= 372:
        return f"CY{mid.year}"
    return None


def next_business_day(d: date) -> date:
    """`d` itself on weekdays, else the following Monday (EDGAR accepts filings on weekdays)."""
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d
