"""`finloom quality`: the per-filing quality grades (`marts.fct_filing_quality`) as a table or JSON.

Reads the warehouse read-only; the scores themselves are computed by dbt (models/marts/quality),
so this command only selects, orders and formats them. Filings the score leaves out (amendments
that carry no financial statements) are listed too, with the reason, so nothing in scope is
silently missing.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finloom.paths import warehouse_path

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
    if not _table_exists(con, SCOPE):
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


# --------------------------------------------------------------------------- formatting


def format_table(grades: Sequence[FilingGrade]) -> str:
    """One line per filing: ticker, form, fiscal period, accession, filed, score, grade, and the
    failing components."""
    header = ("ticker", "form", "period", "accession", "filed", "score", "grade", "failing")
    lines = [
        (
            g.ticker or str(g.cik),
            g.form,
            _period_label(g),
            g.accession_number,
            g.filing_date.isoformat() if g.filing_date else "?",
            f"{g.quality_score:.1f}",
            g.grade,
            ", ".join(f.component for f in g.failing_components) or "-",
        )
        for g in grades
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header) - 1)]
    out = []
    for row in [header, *lines]:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        out.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(out)


def summary(grades: Sequence[FilingGrade]) -> str:
    """`N filings: A 10, B 2, ...; mean score 97.3`."""
    counts = {grade: 0 for grade in "ABCDF"}
    for g in grades:
        counts[g.grade] += 1
    mean = sum(g.quality_score for g in grades) / len(grades) if grades else 0.0
    spread = ", ".join(f"{grade} {n}" for grade, n in counts.items())
    return f"{len(grades)} filings graded: {spread}; mean score {mean:.1f}"


def to_json(grades: Sequence[FilingGrade], excluded: Sequence[ExcludedFiling]) -> str:
    """`{"filings": [...], "excluded": [...], "grade_counts": {...}}`, dates as ISO strings."""
    counts = {grade: 0 for grade in "ABCDF"}
    for g in grades:
        counts[g.grade] += 1
    payload = {
        "filings": [_jsonable(asdict(g)) for g in grades],
        "excluded": [_jsonable(asdict(e)) for e in excluded],
        "grade_counts": counts,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _period_label(grade: FilingGrade) -> str:
    if grade.fiscal_year is None:
        return grade.period_end.isoformat() if grade.period_end else "?"
    return f"{grade.fiscal_period or '?'} {grade.fiscal_year}"


# --------------------------------------------------------------------------- command


def add_quality_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Register `finloom quality` on the CLI's sub-command parsers."""
    p = subparsers.add_parser(
        "quality", parents=list(parents), help="per-filing quality scores and grades"
    )
    p.add_argument("--tickers", help="only these companies, e.g. AAPL,TSLA")
    p.add_argument("--json", action="store_true", help="print the grades as JSON")
    p.set_defaults(handler=cmd_quality)
    return p


def cmd_quality(args: argparse.Namespace, run_id: str) -> int:
    """Print every scored filing's grade and failing components (table or JSON); exit 0."""
    import duckdb

    tickers = _csv(args.tickers, "--tickers")
    db = warehouse_path(args.db)
    if not db.exists():
        raise QualityError(f"no warehouse at {db}: load and build it first (`{BUILD_HINT}`)")
    with duckdb.connect(str(db), read_only=True) as con:
        _require_marts(con, db)
        grades = load_grades(con, tickers)
        excluded = load_exclusions(con, tickers)
    if args.json:
        print(to_json(grades, excluded))
        return 0
    if not grades:
        scope = f" for {','.join(tickers)}" if tickers else ""
        print(f"no graded filings{scope} in {db}")
        return 0
    print(format_table(grades))
    print()
    print(summary(grades))
    for e in excluded:
        filed = e.filing_date.isoformat() if e.filing_date else "?"
        who = e.ticker or e.cik
        print(f"not graded: {who} {e.form} {e.accession_number} ({filed}): {e.reason}")
    return 0


def _csv(raw: str | None, flag: str) -> list[str] | None:
    if raw is None:
        return None
    values = [v.strip().upper() for v in raw.split(",") if v.strip()]
    if not values:
        raise QualityError(f"{flag} is empty")
    return values


def _ticker_filter(
    alias: str, tickers: Sequence[str] | None, extra: str | None = None
) -> tuple[str, list[str]]:
    conditions = [extra] if extra else []
    params: list[str] = []
    if tickers:
        conditions.append(f"upper({alias}.ticker) in ({', '.join('?' for _ in tickers)})")
        params.extend(tickers)
    return ("where " + " and ".join(conditions)) if conditions else "", params


def _table_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    schema, name = qualified.split(".")
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(found and found[0])


def _require_marts(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    missing = [t for t in (FILING_QUALITY, COMPONENTS) if not _table_exists(con, t)]
    if missing:
        raise QualityError(
            f"{', '.join(missing)} missing in {db}: build the marts first (`{BUILD_HINT}`)"
        )
