"""`finloom quality`: arguments and printing; the grades are read by `finloom.serve.quality`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

from finloom.cli.common import split_list
from finloom.paths import warehouse_path
from finloom.serve.quality import ExcludedFiling, FilingGrade, quality_report

HELP = "per-filing quality scores and grades"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom quality`."""
    p.add_argument("--tickers", help="only these companies, e.g. AAPL,TSLA")
    p.add_argument("--json", action="store_true", help="print the grades as JSON")


def cmd_quality(args: argparse.Namespace, run_id: str) -> int:
    """Print every scored filing's grade and failing components (table or JSON); exit 0."""
    listed = split_list(args.tickers, "--tickers", "")
    tickers = [t.upper() for t in listed] if listed is not None else None
    db = warehouse_path(args.db)
    report = quality_report(db, tickers)
    grades, excluded = report.grades, report.excluded
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


def _jsonable(value: object) -> object:
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
