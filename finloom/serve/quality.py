"""`finloom quality`: the per-filing quality grades (`marts.fct_filing_quality`) as a table or JSON.

Reads the warehouse read-only; the scores themselves are computed by dbt (models/marts/quality),
so this command only selects, orders and formats them. Filings the score leaves out (amendments
that carry no financial statements) are listed too, with the reason, so nothing in scope is
silently missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from finloom.paths import missing_warehouse
from finloom.warehouse import table_exists

if TYPE_CHECKING:
    import duckdb

FILING_QUALITY = "marts.fct_filing_quality"
COMPONENTS = "marts.fct_filing_quality_components"
SCOPE = "intermediate.int_quality_filings"
BUILD_HINT = "finloom run --tickers AAPL,TSLA"


class QualityError(Exception):
    """A user-facing failure (missing warehouse or marts, bad arguments): one line, exit 1."""


@dataclass(frozen=True)
class FailingComponent:
    """A component of a filing's score that did not pass, with the reason."""

    component: str
    status: str
    detail: str


@dataclass(frozen=True)
class FilingGrade:
    """One scored filing: its score, grade and the components that did not pass."""

    ticker: str | None
    cik: int
    form: str
    fiscal_year: int | None
    fiscal_period: str | None
    period_end: date | None
    accession_number: str
    filing_date: date | None
    quality_score: float
    grade: str
    failing_components: list[FailingComponent]


@dataclass(frozen=True)
class ExcludedFiling:
    """A filing of a scored form that the score leaves out, and why."""

    ticker: str | None
    cik: int
    form: str
    accession_number: str
    filing_date: date | None
    reason: str


def load_grades(
    con: duckdb.DuckDBPyConnection, tickers: Sequence[str] | None = None
) -> list[FilingGrade]:
    """Every scored filing (optionally of some tickers), by ticker and period."""
    where, params = _ticker_filter("quality", tickers)
    rows = con.execute(
        f"""
        select
            quality.ticker, quality.cik, quality.form, quality.fiscal_year,
            quality.fiscal_period, quality.period_end, quality.accession_number,
            quality.filing_date, quality.quality_score, quality.grade,
            list(
                struct_pack(
                    component := components.component,
                    status := components.status,
                    detail := components.detail
                )
                order by components.weight desc, components.component
            ) filter (where components.status in ('fail', 'partial', 'unverifiable'))
        from {FILING_QUALITY} as quality
        left join {COMPONENTS} as components
            on quality.cik = components.cik
            and quality.accession_number = components.accession_number
        {where}
        group by all
        order by quality.ticker, quality.cik, quality.period_end, quality.filing_date,
            quality.accession_number
        """,
        params,
    ).fetchall()
    return [
        FilingGrade(
            ticker=ticker,
            cik=int(cik),
            form=form,
            fiscal_year=fiscal_year,
            fiscal_period=fiscal_period,
            period_end=period_end,
            accession_number=accession,
            filing_date=filed,
            quality_score=float(score),
            grade=grade,
            failing_components=[FailingComponent(**c) for c in (failing or [])],
        )
        for (
            ticker,
            cik,
            form,
            fiscal_year,
            fiscal_period,
            period_end,
            accession,
            filed,
            score,
            grade,
            failing,
        ) in rows
    ]


def load_exclusions(
    con: duckdb.DuckDBPyConnection, tickers: Sequence[str] | None = None
) -> list[ExcludedFiling]:
    """Filings of scored forms that are not graded, with the reason (empty when none)."""
    if not table_exists(con, *SCOPE.split(".")):
        return []
    where, params = _ticker_filter("companies", tickers, extra="not scope.is_in_scope")
    rows = con.execute(
        f"""
        select companies.ticker, scope.cik, scope.form, scope.accession_number,
            scope.filing_date, scope.exclusion_reason
        from {SCOPE} as scope
        left join marts.dim_company as companies on scope.cik = companies.cik
        {where}
        order by companies.ticker, scope.filing_date, scope.accession_number
        """,
        params,
    ).fetchall()
    return [
        ExcludedFiling(
            ticker=ticker,
            cik=int(cik),
            form=form,
            accession_number=accession,
            filing_date=filed,
            reason=reason,
        )
        for ticker, cik, form, accession, filed, reason in rows
    ]


# --------------------------------------------------------------------------- warehouse


@dataclass(frozen=True)
class QualityReport:
    """The grades and the exclusions of one warehouse, optionally of some tickers."""

    grades: list[FilingGrade]
    excluded: list[ExcludedFiling]


def quality_report(db: Path, tickers: Sequence[str] | None = None) -> QualityReport:
    """Grades and exclusions from warehouse `db` (read-only), after checking its marts exist."""
    import duckdb

    if not db.exists():
        raise QualityError(missing_warehouse(db))
    with duckdb.connect(str(db), read_only=True) as con:
        require_marts(con, db)
        return QualityReport(load_grades(con, tickers), load_exclusions(con, tickers))


def _ticker_filter(
    alias: str, tickers: Sequence[str] | None, extra: str | None = None
) -> tuple[str, list[str]]:
    conditions = [extra] if extra else []
    params: list[str] = []
    if tickers:
        conditions.append(f"upper({alias}.ticker) in ({', '.join('?' for _ in tickers)})")
        params.extend(tickers)
    return ("where " + " and ".join(conditions)) if conditions else "", params


def require_marts(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Fail with a hint unless both quality marts exist."""
    missing = [t for t in (FILING_QUALITY, COMPONENTS) if not table_exists(con, *t.split("."))]
    if missing:
        raise QualityError(
            f"{', '.join(missing)} missing in {db}: build the marts first (`{BUILD_HINT}`)"
        )
