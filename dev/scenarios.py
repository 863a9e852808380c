"""Edits to a mirror that model what happens upstream between two runs (tests and the bench).

`add_quarterly_filing`: one company files a new 10-Q. Its company-facts file gains the facts of
the new filing and its submissions document a new entry, exactly as EDGAR would show them:
the company's latest 10-Q moved one year on (same fiscal period, next fiscal year; 52 weeks
for a 52/53-week filer), whose
comparative facts repeat what that 10-Q reported for its own period, except one value that the
new filing restates.

`add_trading_day`: Yahoo's chart of one symbol one trading day later: a new bar that goes
ex-dividend (every earlier adjusted close restated) and one past close corrected.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

COMPANY_FACTS = "data.sec.gov/api/xbrl/companyfacts/CIK{cik:010d}.json"
SUBMISSIONS = "data.sec.gov/submissions/CIK{cik:010d}.json"
CHARTS = "query2.finance.yahoo.com/v8/finance/chart"


#: Concepts a restatement picks first: statement lines every filer reports.
RESTATE_FIRST = (
    "RevenueFromContractWithCustomerExcludingAssessedTax",
    "Revenues",
    "CostOfRevenue",
    "CostOfGoodsAndServicesSold",
    "OperatingIncomeLoss",
    "NetIncomeLoss",
)


@dataclass(frozen=True)
class NewFiling:
    """What `add_quarterly_filing` added."""

    cik: int
    accession_number: str
    filed: date
    fiscal_year: int
    fiscal_period: str
    facts: int
    #: the restated value: (concept, period end, value before, value in the new filing)
    restated: tuple[str, date, float, float]


def add_quarterly_filing(
    mirror: Path, cik: int, restate_factor: float = 1.05, restate: Sequence[str] = RESTATE_FIRST
) -> NewFiling:
    """Add a new 10-Q for `cik` to `mirror` (in place) and return what was added. The restated
    comparative is the first of the `restate` concepts the filing has (else any quarterly one)."""
    facts_path = mirror / COMPANY_FACTS.format(cik=cik)
    doc = orjson.loads(facts_path.read_bytes())
    series = [
        (taxonomy, concept, unit, fact)
        for taxonomy, concepts in doc["facts"].items()
        for concept, body in concepts.items()
        for unit, facts in body["units"].items()
        for fact in facts
    ]
    quarterly = [f for _, _, _, f in series if f.get("form") == "10-Q"]
    if not quarterly:
        raise ValueError(f"CIK {cik} has no 10-Q facts in {facts_path}")
    latest = max(quarterly, key=lambda f: (f["filed"], f["accn"]))
    source_accn = latest["accn"]
    # the filing's own period and its comparative: the ends of its duration facts
    ends = sorted({_end(f) for _, _, _, f in series if f["accn"] == source_accn and "start" in f})
    prior = [end for end in ends if (ends[-1] - end).days >= 300]
    # 52/53-week filers (Apple) end their quarters on a weekday: a year on is 52 weeks on
    weeks = (ends[-1] - prior[-1]).days if prior and (ends[-1] - prior[-1]).days % 7 == 0 else 0

    def _shift(day: date) -> date:
        return day + timedelta(days=weeks) if weeks else _next_year(day)

    filed = _shift(date.fromisoformat(latest["filed"]))
    accession = _next_accession(source_accn, filed, {f["accn"] for _, _, _, f in series})
    current = {
        (taxonomy, concept, unit, f.get("start"), f["end"]): f["val"]
        for taxonomy, concept, unit, f in series
        if f["accn"] == source_accn
    }
    added = 0
    comparatives: list[tuple[str, dict[str, Any]]] = []
    for taxonomy, concepts in doc["facts"].items():
        for concept, body in concepts.items():
            for unit, facts in body["units"].items():
                for fact in [f for f in facts if f["accn"] == source_accn]:
                    new = dict(fact)
                    new["end"] = _shift(date.fromisoformat(fact["end"])).isoformat()
                    if "start" in fact:
                        new["start"] = _shift(date.fromisoformat(fact["start"])).isoformat()
                    key = (taxonomy, concept, unit, new.get("start"), new["end"])
                    if key in current:  # a comparative: what the last 10-Q said for it
                        new["val"] = current[key]
                        if _is_quarter(new) and isinstance(new["val"], int) and new["val"]:
                            comparatives.append((concept, new))
                    new.update(
                        accn=accession, fy=fact["fy"] + 1, filed=filed.isoformat(), form="10-Q"
                    )
                    new.pop("frame", None)
                    facts.append(new)
                    added += 1
    # one comparative value is restated by the new filing: a statement line if there is one
    ranked = sorted(comparatives, key=lambda c: _preference(c[0], restate))
    restated: tuple[str, date, float, float] | None = None
    if ranked:
        concept, fact = ranked[0]
        before = fact["val"]
        fact["val"] = round(before * restate_factor)
        restated = (concept, _end(fact), before, fact["val"])
    if restated is None:
        raise ValueError(f"CIK {cik}: the latest 10-Q has no comparative quarterly fact")
    facts_path.write_bytes(orjson.dumps(doc))
    _add_submission(mirror, cik, source_accn, accession, filed, _shift(_end(latest)))
    return NewFiling(cik, accession, filed, latest["fy"] + 1, latest["fp"], added, restated)


def _preference(concept: str, order: Sequence[str]) -> int:
    return list(order).index(concept) if concept in order else len(order)


def _is_quarter(fact: dict[str, Any]) -> bool:
    """A three-month duration fact (the kind a quarterly line item reads)."""
    if "start" not in fact:
        return False
    days = (date.fromisoformat(fact["end"]) - date.fromisoformat(fact["start"])).days + 1
    return 80 <= days <= 100


def _end(fact: dict[str, Any]) -> date:
    return date.fromisoformat(fact["end"])


def _next_year(day: date) -> date:
    """One year later; month ends stay month ends (Feb 28 → Feb 29 in a leap year)."""
    last = calendar.monthrange(day.year, day.month)[1]
    target_last = calendar.monthrange(day.year + 1, day.month)[1]
    if day.day == last:
        return date(day.year + 1, day.month, target_last)
    return date(day.year + 1, day.month, min(day.day, target_last))


def _next_accession(source: str, filed: date, taken: set[str]) -> str:
    """An accession number of the filer's form `##########-YY-######`, unused so far."""
    filer = source.split("-")[0]
    for sequence in range(900_001, 999_999):
        accession = f"{filer}-{filed.year % 100:02d}-{sequence:06d}"
        if accession not in taken:
            return accession
    raise ValueError("no free accession number")


def _add_submission(
    mirror: Path, cik: int, source_accn: str, accession: str, filed: date, report: date
) -> None:
    """The new filing as the first entry of the submissions document's `recent` arrays."""
    path = mirror / SUBMISSIONS.format(cik=cik)
    doc = orjson.loads(path.read_bytes())
    recent: dict[str, list[Any]] = doc["filings"]["recent"]
    numbers = recent["accessionNumber"]
    at = numbers.index(source_accn) if source_accn in numbers else None
    for field, values in recent.items():
        template = values[at] if at is not None else ""
        value = {
            "accessionNumber": accession,
            "filingDate": filed.isoformat(),
            "reportDate": report.isoformat(),
            "acceptanceDateTime": f"{filed.isoformat()}T16:05:00.000Z",
            "form": "10-Q",
        }.get(field, template)
        values.insert(0, value)
    path.write_bytes(orjson.dumps(doc))


@dataclass(frozen=True)
class NewDay:
    """What `add_trading_day` changed in a symbol's chart."""

    symbol: str
    trade_date: date
    close: float
    dividend: float
    revised_date: date
    revised_close: float


def add_trading_day(
    mirror: Path, symbol: str, dividend: float = 0.5, revised_bars_ago: int = 20
) -> NewDay:
    """Yahoo's chart for `symbol` one trading day later, in place: a new bar that goes
    ex-dividend (every earlier adjusted close restated by 1 - dividend / previous close, as
    Yahoo does) and the close of the bar `revised_bars_ago` before the last corrected by +3 %."""
    path = mirror / CHARTS / symbol
    doc = orjson.loads(path.read_bytes())
    result = doc["chart"]["result"][0]
    zone = ZoneInfo(result["meta"]["exchangeTimezoneName"])
    opened = datetime.fromtimestamp(result["timestamp"][-1], zone)
    day = opened.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    stamp = int(datetime.combine(day, opened.time(), zone).timestamp())
    quote = result["indicators"]["quote"][0]
    adjclose = result["indicators"]["adjclose"][0]["adjclose"]

    revised = len(adjclose) - revised_bars_ago
    quote["close"][revised] = round(quote["close"][revised] * 1.03, 4)
    quote["high"][revised] = max(quote["high"][revised], quote["close"][revised])
    adjclose[revised] = round(adjclose[revised] * 1.03, 6)

    previous = quote["close"][-1]
    close = round(previous * 1.012, 4)
    bar = {"open": previous, "high": close * 1.004, "low": previous * 0.996, "close": close}
    for key, value in bar.items():
        quote[key].append(round(value, 4))
    quote["volume"].append(1_234_567)
    factor = 1 - dividend / previous
    restated = [None if v is None else round(v * factor, 6) for v in adjclose]
    result["indicators"]["adjclose"][0]["adjclose"] = [*restated, close]
    result["timestamp"].append(stamp)
    events = result.setdefault("events", {}).setdefault("dividends", {})
    events[str(stamp)] = {"amount": dividend, "date": stamp}
    result["meta"]["regularMarketTime"] = stamp + 23400
    result["meta"]["regularMarketPrice"] = close
    path.write_bytes(orjson.dumps(doc))
    revised_date = datetime.fromtimestamp(result["timestamp"][revised], zone).date()
    return NewDay(symbol, day, close, dividend, revised_date, quote["close"][revised])


def add_split(mirror: Path, symbol: str, numerator: int = 2, denominator: int = 1) -> NewDay:
    """Yahoo's chart for `symbol` one trading day later (`add_trading_day`), that day also a
    split event of `numerator`:`denominator` (the market source then re-reads the history)."""
    day = add_trading_day(mirror, symbol)
    path = mirror / CHARTS / symbol
    doc = orjson.loads(path.read_bytes())
    result = doc["chart"]["result"][0]
    stamp = result["timestamp"][-1]
    splits = result.setdefault("events", {}).setdefault("splits", {})
    splits[str(stamp)] = {
        "date": stamp,
        "numerator": numerator,
        "denominator": denominator,
        "splitRatio": f"{numerator}:{denominator}",
    }
    path.write_bytes(orjson.dumps(doc))
    return day
