"""What `finloom report` charts, read from the marts on a read-only connection.

Each loader returns plain columns (lists) ready for a chart, or an empty result when its mart is
missing or holds no rows for the selection: the page then says "no data loaded for …" instead
of drawing an empty chart. Money is subtracted and summed in SQL on the marts' exact DECIMALs;
a chart gets floats, and its hover text gets the exact amount as a string.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from finloom.warehouse import table_exists

if TYPE_CHECKING:
    import duckdb

#: Without `--tickers`, the report charts the first this many companies of marts.dim_company.
DEFAULT_MAX_COMPANIES = 10


class ReportError(Exception):
    """A user-facing failure of `finloom report` (no warehouse, output in the way): exit 1."""


class UnknownTickersError(ReportError):
    """`--tickers` named companies the warehouse does not have (a usage error: exit 2)."""


@dataclass(frozen=True)
class Company:
    """A ticker the report charts, with the company's name when dim_company knows it."""

    ticker: str
    name: str | None
    cik: int | None


@dataclass(frozen=True)
class Selection:
    """The companies of the report, and how many the warehouse has in all."""

    companies: list[Company]
    available: int
    explicit: bool


@dataclass
class Prices:
    """Daily bars and indicators of one ticker (fct_daily_prices ⋈ fct_price_indicators)."""

    dates: list[date] = field(default_factory=list)
    adj_close: list[float | None] = field(default_factory=list)
    volume: list[int | None] = field(default_factory=list)
    sma_20: list[float | None] = field(default_factory=list)
    sma_50: list[float | None] = field(default_factory=list)
    sma_200: list[float | None] = field(default_factory=list)
    rsi_14: list[float | None] = field(default_factory=list)
    macd_line: list[float | None] = field(default_factory=list)
    macd_signal: list[float | None] = field(default_factory=list)
    macd_histogram: list[float | None] = field(default_factory=list)
    currency: str | None = None


@dataclass(frozen=True)
class PeriodResult:
    """Revenue and net income of one fiscal period (a quarter, or a fiscal year)."""

    label: str
    period_end: date
    revenue: Decimal | None
    net_income: Decimal | None
    revenue_derivation: str | None
    net_income_derivation: str | None


@dataclass
class Income:
    """fct_income_statement of one ticker: quarters and fiscal years, by period end."""

    unit: str | None = None
    quarters: list[PeriodResult] = field(default_factory=list)
    years: list[PeriodResult] = field(default_factory=list)


#: Parts of a balance sheet, stacked in this order: (column, label, side).
BALANCE_PARTS: tuple[tuple[str, str, str], ...] = (
    ("cash", "Cash", "assets"),
    ("other_current_assets", "Other current assets", "assets"),
    ("noncurrent_assets", "Non-current assets", "assets"),
    ("assets_not_split", "Assets (current not reported)", "assets"),
    ("current_liabilities", "Current liabilities", "claims"),
    ("noncurrent_liabilities", "Non-current liabilities", "claims"),
    ("liabilities_not_split", "Liabilities (current not reported)", "claims"),
    ("temporary_equity", "Temporary equity", "claims"),
    ("equity", "Equity", "claims"),
)


@dataclass
class Balance:
    """fct_balance_sheet of one ticker: one column of amounts per part, by period end."""

    unit: str | None = None
    labels: list[str] = field(default_factory=list)
    period_ends: list[date] = field(default_factory=list)
    parts: dict[str, list[Decimal | None]] = field(default_factory=dict)


@dataclass
class GradeCounts:
    """Graded filings per ticker and grade (fct_filing_quality)."""

    grades: list[str] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)
    #: counts[grade][i]: filings of tickers[i] with that grade
    counts: dict[str, list[int]] = field(default_factory=dict)
    mean_score: list[float | None] = field(default_factory=list)


@dataclass(frozen=True)
class Check:
    """A reconciliation check that did not pass (reconciliation_report)."""

    check_name: str
    category: str | None
    severity: str | None
    status: str
    affected_rows: int | None
    description: str | None


@dataclass(frozen=True)
class Violation:
    """One finding of reconciliation_violations."""

    check_name: str
    severity: str | None
    affected_key: str | None
    affected_rows: int | None
    detail: str | None


@dataclass
class Reconciliation:
    """Checks by category and status, the checks that did not pass and their findings."""

    categories: list[str] = field(default_factory=list)
    #: by_status[status][i]: checks of categories[i] with that status
    by_status: dict[str, list[int]] = field(default_factory=dict)
    not_passing: list[Check] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    violations_total: int = 0


#: fct_macro_monthly columns the report charts: (column, label).
MACRO_SERIES: tuple[tuple[str, str], ...] = (
    ("treasury_10y_yield", "10-year Treasury"),
    ("treasury_2y_yield", "2-year Treasury"),
    ("spread_10y_2y", "10y − 2y spread"),
    ("fed_funds_rate", "Fed funds rate"),
    ("cpi_yoy_pct", "CPI, year over year"),
    ("unemployment_rate", "Unemployment rate"),
)


@dataclass
class Macro:
    """fct_macro_monthly: one column per series that has any value, by month."""

    months: list[date] = field(default_factory=list)
    series: dict[str, list[float | None]] = field(default_factory=dict)
    #: labels of the series the mart has no value for
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SentimentSeries:
    """Daily mean sentiment of one ticker under one model."""

    ticker: str
    model: str
    dates: list[date]
    sentiment: list[float | None]
    articles: list[int]


# --------------------------------------------------------------------------- companies


def select_companies(
    con: duckdb.DuckDBPyConnection,
    tickers: Sequence[str] | None,
    limit: int = DEFAULT_MAX_COMPANIES,
) -> Selection:
    """The companies to chart: `tickers` (any case; an unknown one is an error naming what was
    typed), else the first `limit` companies of dim_company by ticker."""
    known = _known_tickers(con)
    if tickers is None:
        companies = [c for c in known.values() if c.cik is not None] or list(known.values())
        return Selection(companies[:limit], len(companies), explicit=False)
    unknown = [t for t in tickers if t.strip().upper() not in known]
    if unknown:
        typed = ", ".join(repr(t) for t in unknown)
        listing = ", ".join(sorted(known)) or "none: load and build some first"
        raise UnknownTickersError(
            f"--tickers: no company or price series {typed} in the warehouse (it has: {listing})"
        )
    chosen = list(dict.fromkeys(t.strip().upper() for t in tickers))
    return Selection([known[t] for t in chosen], len(known), explicit=True)


def _known_tickers(con: duckdb.DuckDBPyConnection) -> dict[str, Company]:
    """Tickers of dim_company, then symbols that only have prices (an ETF), by ticker."""
    known: dict[str, Company] = {}
    if table_exists(con, "marts", "dim_company"):
        rows = con.execute(
            "select upper(ticker), name, cik from marts.dim_company "
            "where ticker is not null order by 1, 3"
        ).fetchall()
        for ticker, name, cik in rows:
            known.setdefault(ticker, Company(ticker, name, int(cik)))
    if table_exists(con, "marts", "fct_daily_prices"):
        rows = con.execute(
            "select distinct upper(symbol) from marts.fct_daily_prices order by 1"
        ).fetchall()
        for (symbol,) in rows:
            known.setdefault(symbol, Company(symbol, None, None))
    return dict(sorted(known.items()))


# --------------------------------------------------------------------------- market


def load_prices(con: duckdb.DuckDBPyConnection, ticker: str) -> Prices:
    """Adjusted close, volume, SMA 20/50/200, RSI 14 and MACD of `ticker`, by trade date."""
    prices = Prices()
    if not table_exists(con, "marts", "fct_daily_prices"):
        return prices
    has_indicators = table_exists(con, "marts", "fct_price_indicators")
    indicators = (
        "i.sma_20, i.sma_50, i.sma_200, i.rsi_14, i.macd_line, i.macd_signal, i.macd_histogram"
        if has_indicators
        else ", ".join(["null::double"] * 7)
    )
    join = (
        "left join marts.fct_price_indicators as i "
        "on i.symbol = p.symbol and i.trade_date = p.trade_date"
        if has_indicators
        else ""
    )
    rows = con.execute(
        f"""
        select p.trade_date, p.adj_close_price, p.volume, {indicators}, p.currency
        from marts.fct_daily_prices as p {join}
        where upper(p.symbol) = ?
        order by p.trade_date
        """,
        [ticker],
    ).fetchall()
    for row in rows:
        prices.dates.append(row[0])
        prices.adj_close.append(_float(row[1]))
        prices.volume.append(None if row[2] is None else int(row[2]))
        prices.sma_20.append(_float(row[3]))
        prices.sma_50.append(_float(row[4]))
        prices.sma_200.append(_float(row[5]))
        prices.rsi_14.append(_float(row[6]))
        prices.macd_line.append(_float(row[7]))
        prices.macd_signal.append(_float(row[8]))
        prices.macd_histogram.append(_float(row[9]))
        prices.currency = prices.currency or row[10]
    return prices


# --------------------------------------------------------------------------- financials


def load_income(con: duckdb.DuckDBPyConnection, ticker: str) -> Income:
    """Revenue and net income of `ticker` by fiscal quarter and fiscal year, with how each
    derived quarter was computed (e.g. `FY - Q1 - Q2 - Q3`; None for a reported value)."""
    income = Income()
    if not table_exists(con, "marts", "fct_income_statement"):
        return income
    rows = con.execute(
        """
        select fiscal_year, fiscal_period, period_end, unit, revenue, net_income,
            case when revenue_is_derived then coalesce(revenue_derivation, 'derived') end,
            case when net_income_is_derived then coalesce(net_income_derivation, 'derived') end
        from marts.fct_income_statement
        where upper(ticker) = ? and (revenue is not null or net_income is not null)
        order by period_end, fiscal_period = 'FY', fiscal_period
        """,
        [ticker],
    ).fetchall()
    for year, period, period_end, unit, revenue, net_income, rev_how, ni_how in rows:
        income.unit = income.unit or unit
        if period == "FY":
            label = f"FY{year}"
            target = income.years
        else:
            label = f"FY{year} {period}"
            target = income.quarters
        target.append(PeriodResult(label, period_end, revenue, net_income, rev_how, ni_how))
    return income


def load_balance(con: duckdb.DuckDBPyConnection, ticker: str) -> Balance:
    """The balance sheet of `ticker` at each period end, split into parts whose amounts add up
    (in SQL, exactly) to total assets on one side and to liabilities and equity on the other."""
    balance = Balance()
    if not table_exists(con, "marts", "fct_balance_sheet"):
        return balance
    rows = con.execute(
        """
        with sheet as (
            select *, coalesce(total_equity, stockholders_equity) as equity_total
            from marts.fct_balance_sheet
            where upper(ticker) = ? and total_assets is not null
            -- a fiscal year's balance sheet is its fourth quarter's: one row per date
            qualify row_number() over (
                partition by period_end order by fiscal_period = 'FY' desc, fiscal_period
            ) = 1
        ),
        parts as (
            select *,
                coalesce(
                    total_liabilities,
                    liabilities_and_equity - equity_total - coalesce(temporary_equity, 0)
                ) as liabilities_total
            from sheet
        )
        select
            fiscal_year, fiscal_period, period_end, unit,
            case when current_assets is not null then cash end,
            current_assets - coalesce(cash, 0),
            total_assets - current_assets,
            case when current_assets is null then total_assets end,
            current_liabilities,
            liabilities_total - current_liabilities,
            case when current_liabilities is null then liabilities_total end,
            nullif(coalesce(temporary_equity, 0), 0),
            equity_total
        from parts
        order by period_end
        """,
        [ticker],
    ).fetchall()
    names = [name for name, _, _ in BALANCE_PARTS]
    balance.parts = {name: [] for name in names}
    for year, period, period_end, unit, *amounts in rows:
        balance.unit = balance.unit or unit
        balance.labels.append(f"FY{year} {'Q4' if period == 'FY' else period}")
        balance.period_ends.append(period_end)
        for name, amount in zip(names, amounts, strict=True):
            balance.parts[name].append(amount)
    # parts no period has (e.g. temporary equity) are left out of the chart
    balance.parts = {k: v for k, v in balance.parts.items() if any(a is not None for a in v)}
    return balance


# --------------------------------------------------------------------------- quality


GRADE_ORDER = ("A", "B", "C", "D", "F")


def load_grades(con: duckdb.DuckDBPyConnection, tickers: Sequence[str]) -> GradeCounts:
    """How many filings of each ticker got each grade, and their mean quality score."""
    counts = GradeCounts()
    if not tickers or not table_exists(con, "marts", "fct_filing_quality"):
        return counts
    marks = ", ".join("?" for _ in tickers)
    rows = con.execute(
        f"""
        select upper(ticker), grade, count(*), avg(quality_score)
        from marts.fct_filing_quality
        where upper(ticker) in ({marks}) and grade is not null
        group by all
        order by 1, 2
        """,
        list(tickers),
    ).fetchall()
    if not rows:
        return counts
    found = {grade for _, grade, _, _ in rows}
    counts.grades = [g for g in GRADE_ORDER if g in found] + sorted(found - set(GRADE_ORDER))
    counts.tickers = sorted({t for t, _, _, _ in rows})
    counts.counts = {g: [0] * len(counts.tickers) for g in counts.grades}
    totals = [0.0] * len(counts.tickers)
    n = [0] * len(counts.tickers)
    for ticker, grade, count, mean in rows:
        i = counts.tickers.index(ticker)
        counts.counts[grade][i] = int(count)
        totals[i] += float(mean) * int(count)
        n[i] += int(count)
    counts.mean_score = [t / k if k else None for t, k in zip(totals, n, strict=True)]
    return counts


def load_reconciliation(
    con: duckdb.DuckDBPyConnection, ciks: Sequence[int], limit: int = 50
) -> Reconciliation:
    """reconciliation_report by category and status, its checks that did not pass, and the
    findings of reconciliation_violations about the charted companies (or no company)."""
    recon = Reconciliation()
    if not table_exists(con, "marts", "reconciliation_report"):
        return recon
    rows = con.execute(
        """
        select coalesce(category, '?'), status, count(*)
        from marts.reconciliation_report group by all order by 1, 2
        """
    ).fetchall()
    recon.categories = sorted({c for c, _, _ in rows})
    statuses = sorted({s for _, s, _ in rows}, key=_status_rank)
    recon.by_status = {s: [0] * len(recon.categories) for s in statuses}
    for category, status, n in rows:
        recon.by_status[status][recon.categories.index(category)] = int(n)
    checks = con.execute(
        """
        select check_name, category, severity, status, affected_rows, description
        from marts.reconciliation_report where status <> 'pass'
        order by status, severity, check_name
        """
    ).fetchall()
    recon.not_passing = [Check(*row) for row in checks]
    if table_exists(con, "marts", "reconciliation_violations"):
        marks = ", ".join("?" for _ in ciks) or "null"
        scope = f"cik is null or cik in ({marks})"
        total = con.execute(
            f"select count(*) from marts.reconciliation_violations where {scope}", list(ciks)
        ).fetchone()
        recon.violations_total = int(total[0]) if total else 0
        found = con.execute(
            f"""
            select check_name, severity, affected_key, affected_rows, detail
            from marts.reconciliation_violations where {scope}
            order by severity, check_name, affected_key
            limit {int(limit)}
            """,
            list(ciks),
        ).fetchall()
        recon.violations = [Violation(*row) for row in found]
    return recon


def _status_rank(status: str) -> tuple[int, str]:
    order = {"pass": 0, "warn": 1, "fail": 2, "error": 3}
    return order.get(status, 4), status


# --------------------------------------------------------------------------- macro, news


def load_macro(con: duckdb.DuckDBPyConnection) -> Macro:
    """Yields, spread, CPI YoY, unemployment and Fed funds by month (series with no value at all
    are listed as missing, not drawn)."""
    macro = Macro()
    if not table_exists(con, "marts", "fct_macro_monthly"):
        return macro
    present = {
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_macro_monthly'"
        ).fetchall()
    }
    wanted = [(c, label) for c, label in MACRO_SERIES if c in present]
    if not wanted:
        return macro
    columns = ", ".join(c for c, _ in wanted)
    rows = con.execute(
        f"select month_start_date, {columns} from marts.fct_macro_monthly order by month_start_date"
    ).fetchall()
    values: dict[str, list[float | None]] = {c: [] for c, _ in wanted}
    for month, *row in rows:
        macro.months.append(month)
        for (column, _), value in zip(wanted, row, strict=True):
            values[column].append(_float(value))
    for column, label in MACRO_SERIES:
        series = values.get(column, [])
        if any(v is not None for v in series):
            macro.series[column] = series
        else:
            macro.missing.append(label)
    if not macro.series:
        macro.months = []
    return macro


def load_sentiment(con: duckdb.DuckDBPyConnection, tickers: Sequence[str]) -> list[SentimentSeries]:
    """Daily mean news sentiment of each ticker under each sentiment model."""
    if not tickers or not table_exists(con, "marts", "fct_news_sentiment_daily"):
        return []
    marks = ", ".join("?" for _ in tickers)
    rows = con.execute(
        f"""
        select upper(ticker), sentiment_model,
            list(published_date order by published_date),
            list(sentiment_mean order by published_date),
            list(article_count order by published_date)
        from marts.fct_news_sentiment_daily
        where upper(ticker) in ({marks})
        group by all
        order by 2, 1
        """,
        list(tickers),
    ).fetchall()
    return [
        SentimentSeries(
            ticker,
            model,
            list(dates),
            [_float(v) for v in values],
            [int(n or 0) for n in counts],
        )
        for ticker, model, dates, values, counts in rows
    ]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
