"""Build the report: read the marts (read-only), make the figures, write one HTML file.

Sections: per company, price with SMA 20/50/200 and volume, RSI and MACD, revenue and net income
by quarter and fiscal year (derived quarters hatched), balance-sheet composition; then filing
quality grades with the reconciliation findings, macro series, and daily news sentiment. A
section whose mart is missing or empty for the selection says "no data loaded for …".
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from finloom.paths import missing_warehouse
from finloom.serve.report import charts
from finloom.serve.report.data import (
    Company,
    ReportError,
    Selection,
    load_balance,
    load_grades,
    load_income,
    load_macro,
    load_prices,
    load_reconciliation,
    load_sentiment,
    select_companies,
)
from finloom.serve.report.page import Chart, Page, Section, Table, figure_count, render

#: Where `finloom report` writes without `--out` (cwd-relative, beside the default warehouse).
DEFAULT_OUT = Path("warehouse") / "report.html"


@dataclass(frozen=True)
class ReportResult:
    """What was written: the file, its size, the companies, the figures and the notes."""

    path: Path
    bytes: int
    companies: list[str]
    figures: int
    notes: list[str]
    available: int


def write_report(
    db: Path,
    out: Path,
    tickers: Sequence[str] | None = None,
    now: datetime | None = None,
    source: str | None = None,
) -> ReportResult:
    """Write the report on warehouse `db` for `tickers` (default: the first companies of
    dim_company) to `out`, atomically (a failure leaves `out` as it was). The page names the
    warehouse as `source` (default: its path)."""
    if not db.exists():
        raise ReportError(missing_warehouse(db))
    if out.is_dir():
        raise ReportError(f"--out {out} is a directory; name the HTML file to write")
    with duckdb.connect(str(db), read_only=True) as con:
        selection = select_companies(con, tickers)
        page = build_page(con, selection, source or str(db), now or datetime.now(UTC))
    text = render(page)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    notes = [n for s in page.sections for n in s.notes]
    notes += [c.note for s in page.sections for c in s.charts if c.note]
    return ReportResult(
        path=out,
        bytes=len(text.encode("utf-8")),
        companies=[c.ticker for c in selection.companies],
        figures=figure_count(page),
        notes=notes,
        available=selection.available,
    )


def build_page(
    con: duckdb.DuckDBPyConnection, selection: Selection, source: str, now: datetime
) -> Page:
    """Every section of the page, figures made, nothing written."""
    companies = selection.companies
    tickers = [c.ticker for c in companies]
    sections: list[Section] = []
    if companies:
        shown = f"{len(companies)} of {selection.available}"
        lead = (
            f"{shown} companies; pick others with --tickers."
            if not selection.explicit and selection.available > len(companies)
            else None
        )
        sections.append(Section("companies", "Companies", lead=lead))
        sections.extend(company_section(con, c) for c in companies)
    else:
        sections.append(
            Section(
                "companies",
                "Companies",
                notes=[
                    "No data loaded for companies: marts.dim_company and "
                    "marts.fct_daily_prices are missing or empty."
                ],
            )
        )
    sections.append(quality_section(con, companies))
    sections.append(macro_section(con))
    sections.append(news_section(con, tickers))
    subtitle = (
        f"Warehouse {source} · generated {now.astimezone(UTC):%Y-%m-%d %H:%M} UTC · "
        f"{', '.join(tickers) or 'no companies'}"
    )
    footer = (
        "Data: the marts of the warehouse (read-only). Charts: Plotly, embedded in this file; "
        "the page loads nothing from the network. Money amounts in the hover text are exact; "
        "the bars are scaled."
    )
    return Page("FinLoom report", subtitle, sections, footer)


def company_section(con: duckdb.DuckDBPyConnection, company: Company) -> Section:
    """Price and volume, momentum, income, balance sheet of one company."""
    t = company.ticker
    title = f"{t} · {company.name}" if company.name else f"{t} (price series only)"
    section = Section(f"company-{_id(t)}", title, level=3)
    prices = load_prices(con, t)
    if prices.dates:
        figure = charts.price_figure(f"{t}: price, SMA 20/50/200 and volume", prices)
        section.charts.append(Chart(f"price-{_id(t)}", figure))
        section.charts.append(
            Chart(f"momentum-{_id(t)}", charts.momentum_figure(f"{t}: RSI 14 and MACD", prices))
        )
    else:
        section.charts.append(_absent(f"price-{_id(t)}", f"prices of {t}", "fct_daily_prices"))
    income = load_income(con, t)
    if income.quarters or income.years:
        section.charts.append(
            Chart(f"income-{_id(t)}", charts.income_figure(f"{t}: revenue and net income", income))
        )
    else:
        section.charts.append(
            _absent(f"income-{_id(t)}", f"the income statement of {t}", "fct_income_statement")
        )
    balance = load_balance(con, t)
    if balance.labels:
        section.charts.append(
            Chart(
                f"balance-{_id(t)}",
                charts.balance_figure(f"{t}: balance-sheet composition", balance),
            )
        )
    else:
        section.charts.append(
            _absent(f"balance-{_id(t)}", f"the balance sheet of {t}", "fct_balance_sheet")
        )
    return section


def quality_section(con: duckdb.DuckDBPyConnection, companies: Sequence[Company]) -> Section:
    """Filing quality grades of the companies; reconciliation checks and their findings."""
    section = Section("quality", "Filing quality and reconciliation")
    tickers = [c.ticker for c in companies]
    grades = load_grades(con, tickers)
    if grades.tickers:
        section.charts.append(
            Chart("quality-grades", charts.grades_figure("Filing quality grades", grades))
        )
    else:
        section.charts.append(_absent("quality-grades", "filing quality", "fct_filing_quality"))
    recon = load_reconciliation(con, [c.cik for c in companies if c.cik is not None])
    if recon.categories:
        section.charts.append(
            Chart(
                "reconciliation",
                charts.reconciliation_figure("Reconciliation checks by status", recon),
            )
        )
        passing = sum(recon.by_status.get("pass", []))
        total = sum(sum(v) for v in recon.by_status.values())
        section.lead = f"{passing} of {total} reconciliation checks pass."
        if recon.not_passing:
            section.tables.append(
                Table(
                    "Checks that did not pass",
                    ("check", "category", "severity", "status", "affected rows", "description"),
                    [
                        (
                            c.check_name,
                            c.category or "",
                            c.severity or "",
                            c.status,
                            "" if c.affected_rows is None else f"{c.affected_rows:,}",
                            c.description or "",
                        )
                        for c in recon.not_passing
                    ],
                )
            )
        if recon.violations:
            more = recon.violations_total - len(recon.violations)
            caption = "Findings (marts.reconciliation_violations)" + (
                f", first {len(recon.violations)} of {recon.violations_total}" if more else ""
            )
            section.tables.append(
                Table(
                    caption,
                    ("check", "severity", "affected key", "rows", "detail"),
                    [
                        (
                            v.check_name,
                            v.severity or "",
                            v.affected_key or "",
                            "" if v.affected_rows is None else f"{v.affected_rows:,}",
                            v.detail or "",
                        )
                        for v in recon.violations
                    ],
                )
            )
        elif not recon.not_passing:
            section.notes.append("Every reconciliation check passes; no findings.")
    else:
        section.charts.append(_absent("reconciliation", "reconciliation", "reconciliation_report"))
    return section


def macro_section(con: duckdb.DuckDBPyConnection) -> Section:
    """10y/2y yields and their spread, Fed funds, CPI YoY, unemployment."""
    section = Section("macro", "Macro")
    macro = load_macro(con)
    if macro.series:
        figure = charts.macro_figure("Rates, inflation and unemployment (monthly)", macro)
        section.charts.append(Chart("macro", figure, wide=True))
        if macro.missing:
            section.notes.append(f"No data loaded for {', '.join(macro.missing)}.")
    else:
        section.charts.append(_absent("macro", "macro series", "fct_macro_monthly", wide=True))
    return section


def news_section(con: duckdb.DuckDBPyConnection, tickers: Sequence[str]) -> Section:
    """Daily mean news sentiment of the companies, per sentiment model."""
    section = Section("news", "News sentiment")
    series = load_sentiment(con, tickers)
    if series:
        figure = charts.sentiment_figure("Daily mean news sentiment", series)
        section.charts.append(Chart("news-sentiment", figure, wide=True))
        missing = sorted(set(tickers) - {s.ticker for s in series})
        if missing:
            section.notes.append(f"No data loaded for the news of {', '.join(missing)}.")
    else:
        section.charts.append(
            _absent("news-sentiment", "news sentiment", "fct_news_sentiment_daily", wide=True)
        )
    return section


def _absent(chart_id: str, what: str, mart: str, wide: bool = False) -> Chart:
    return Chart(
        chart_id,
        note=f"No data loaded for {what} (marts.{mart} is missing or has no rows for it).",
        wide=wide,
    )


def _id(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)
