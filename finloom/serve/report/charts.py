"""Plotly figures of the report, one function per chart, from the columns of `data`.

Amounts are drawn as floats scaled to millions or billions (the axis says which); the hover text
of a money bar carries the exact amount the mart holds. Every figure uses SVG traces only (no
WebGL), so it renders the same in any browser, headless ones included.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from finloom.serve.report.data import (
    BALANCE_PARTS,
    MACRO_SERIES,
    Balance,
    GradeCounts,
    Income,
    Macro,
    PeriodResult,
    Prices,
    Reconciliation,
    SentimentSeries,
)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
#: Colours of the series, shared by the charts so a series looks the same everywhere.
COLOURS = {
    "close": "#1f2937",
    "sma_20": "#f59e0b",
    "sma_50": "#2563eb",
    "sma_200": "#dc2626",
    "volume": "#94a3b8",
    "rsi": "#7c3aed",
    "macd": "#2563eb",
    "signal": "#f59e0b",
    "up": "#16a34a",
    "down": "#dc2626",
    "revenue": "#2563eb",
    "net_income": "#16a34a",
}
PART_COLOURS = {
    "cash": "#0f766e",
    "other_current_assets": "#14b8a6",
    "noncurrent_assets": "#99f6e4",
    "assets_not_split": "#5eead4",
    "current_liabilities": "#b45309",
    "noncurrent_liabilities": "#fbbf24",
    "liabilities_not_split": "#f59e0b",
    "temporary_equity": "#a78bfa",
    "equity": "#4f46e5",
}
GRADE_COLOURS = {"A": "#16a34a", "B": "#84cc16", "C": "#eab308", "D": "#f97316", "F": "#dc2626"}
STATUS_COLOURS = {"pass": "#16a34a", "warn": "#f59e0b", "fail": "#dc2626", "error": "#7f1d1d"}
MACRO_COLOURS = {
    "treasury_10y_yield": "#2563eb",
    "treasury_2y_yield": "#0ea5e9",
    "spread_10y_2y": "#64748b",
    "fed_funds_rate": "#dc2626",
    "cpi_yoy_pct": "#f59e0b",
    "unemployment_rate": "#7c3aed",
}
TICKER_COLOURS = ("#2563eb", "#dc2626", "#16a34a", "#f59e0b", "#7c3aed", "#0891b2", "#db2777",
                  "#65a30d", "#ea580c", "#475569")  # fmt: skip
DERIVED_PATTERN = "/"


def price_figure(title: str, prices: Prices) -> go.Figure:
    """Adjusted close with SMA 20/50/200 above, volume below, on one time axis."""
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.74, 0.26], vertical_spacing=0.04
    )
    x = prices.dates
    fig.add_trace(_line(x, prices.adj_close, "Adjusted close", COLOURS["close"], 1.6), 1, 1)
    for key, label in (("sma_20", "SMA 20"), ("sma_50", "SMA 50"), ("sma_200", "SMA 200")):
        fig.add_trace(_line(x, getattr(prices, key), label, COLOURS[key], 1.1), 1, 1)
    # volume and the MACD histogram are filled areas, not bars: thousands of daily bars are
    # thinner than a pixel at this width, and one path per series draws far faster
    fig.add_trace(
        go.Scatter(
            x=x,
            y=prices.volume,
            name="Volume",
            mode="lines",
            fill="tozeroy",
            line={"color": COLOURS["volume"], "width": 0.6},
            hovertemplate="%{x|%Y-%m-%d}<br>Volume %{y:,}<extra></extra>",
        ),
        2,
        1,
    )
    fig.update_yaxes(title_text=f"price ({prices.currency or '?'})", row=1, col=1)
    fig.update_yaxes(title_text="volume", row=2, col=1)
    return _layout(fig, title, height=440)


def momentum_figure(title: str, prices: Prices) -> go.Figure:
    """RSI 14 with its 30/70 bands above, MACD line, signal and histogram below."""
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.45, 0.55], vertical_spacing=0.06
    )
    x = prices.dates
    fig.add_trace(_line(x, prices.rsi_14, "RSI 14", COLOURS["rsi"], 1.2), 1, 1)
    for level in (30, 70):
        fig.add_hline(y=level, line={"color": "#94a3b8", "dash": "dot", "width": 1}, row=1, col=1)
    for sign, colour in ((1, COLOURS["up"]), (-1, COLOURS["down"])):
        part = [None if h is None else (h if h * sign > 0 else 0.0) for h in prices.macd_histogram]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=part,
                name="MACD histogram",
                legendgroup="histogram",
                showlegend=sign > 0,
                mode="lines",
                fill="tozeroy",
                line={"color": colour, "width": 0.5},
                hovertemplate="%{x|%Y-%m-%d}<br>histogram %{y:.3f}<extra></extra>",
            ),
            2,
            1,
        )
    fig.add_trace(_line(x, prices.macd_line, "MACD (12, 26)", COLOURS["macd"], 1.2), 2, 1)
    fig.add_trace(_line(x, prices.macd_signal, "Signal (9)", COLOURS["signal"], 1.2), 2, 1)
    fig.update_yaxes(title_text="RSI", range=[0, 100], row=1, col=1)
    fig.update_yaxes(title_text="MACD", row=2, col=1)
    return _layout(fig, title, height=440)


def income_figure(title: str, income: Income) -> go.Figure:
    """Revenue and net income by fiscal quarter (derived quarters hatched) and fiscal year."""
    panels = [("quarters", income.quarters), ("fiscal years", income.years)]
    panels = [(name, periods) for name, periods in panels if periods]
    fig = make_subplots(rows=len(panels), cols=1, vertical_spacing=0.14)
    everything = [*income.quarters, *income.years]
    scale, scale_label = _scale(
        [a for p in everything for a in (p.revenue, p.net_income) if a is not None]
    )
    unit = income.unit or "?"
    for row, (name, periods) in enumerate(panels, start=1):
        # quarters on a time axis (by period end: compact year ticks), fiscal years by name
        by_date = periods is income.quarters
        for key, label in (("revenue", "Revenue"), ("net_income", "Net income")):
            _add_money_bars(fig, row, periods, key, label, scale, unit, by_date, first=row == 1)
        fig.update_yaxes(title_text=f"{name} · {unit} {scale_label}".strip(), row=row, col=1)
        if not by_date:
            labels = [p.label for p in periods]
            fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels, row=row)
    return _layout(fig, title, height=500, barmode="group", bargap=0.15, top=100)


def _add_money_bars(
    fig: go.Figure,
    row: int,
    periods: Sequence[PeriodResult],
    key: str,
    label: str,
    scale: float,
    unit: str,
    by_date: bool,
    first: bool,
) -> None:
    """One metric's bars: reported values, and derived ones hatched in the same slot."""
    how = "revenue_derivation" if key == "revenue" else "net_income_derivation"
    reported = [p for p in periods if getattr(p, how) is None]
    derived = [p for p in periods if getattr(p, how) is not None]
    for subset, suffix, pattern in (
        (reported, "", ""),
        (derived, " (derived quarter)", DERIVED_PATTERN),
    ):
        if not subset:
            continue
        amounts: list[Decimal | None] = [getattr(p, key) for p in subset]
        fig.add_trace(
            go.Bar(
                x=[p.period_end if by_date else p.label for p in subset],
                y=[None if a is None else float(a) / scale for a in amounts],
                name=label + suffix,
                legendgroup=key + suffix,
                showlegend=first,
                offsetgroup=key,
                marker={
                    "color": COLOURS[key],
                    "pattern": {"shape": pattern, "fgcolor": "#ffffff", "solidity": 0.35},
                },
                customdata=[
                    [_money(a), p.period_end.isoformat(), getattr(p, how) or "reported", p.label]
                    for a, p in zip(amounts, subset, strict=True)
                ],
                hovertemplate=(
                    "%{customdata[3]} (ended %{customdata[1]})"
                    f"<br>{label}: %{{customdata[0]}} {unit}<br>%{{customdata[2]}}<extra></extra>"
                ),
            ),
            row,
            1,
        )


def balance_figure(title: str, balance: Balance) -> go.Figure:
    """Assets (cash, other current, non-current) and what funds them (current and non-current
    liabilities, equity) stacked at each period end; the two stacks have the same height."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.06,
    )
    scale, scale_label = _scale([a for v in balance.parts.values() for a in v if a is not None])
    unit = balance.unit or "?"
    for name, label, side in BALANCE_PARTS:
        amounts = balance.parts.get(name)
        if amounts is None:
            continue
        fig.add_trace(
            go.Bar(
                x=balance.period_ends,
                y=[None if a is None else float(a) / scale for a in amounts],
                name=label,
                marker={"color": PART_COLOURS[name], "line": {"width": 0}},
                customdata=[
                    [_money(a), d.isoformat(), period]
                    for a, d, period in zip(
                        amounts, balance.period_ends, balance.labels, strict=True
                    )
                ],
                hovertemplate=(
                    f"%{{customdata[2]}} (%{{customdata[1]}})<br>{label}: %{{customdata[0]}} "
                    f"{unit}<extra></extra>"
                ),
            ),
            1 if side == "assets" else 2,
            1,
        )
    for row, side in ((1, "assets"), (2, "liabilities + equity")):
        fig.update_yaxes(title_text=f"{side} · {unit} {scale_label}".strip(), row=row, col=1)
    return _layout(
        fig, title, height=500, barmode="stack", bargap=0.15, top=100, legend_traceorder="normal"
    )


def grades_figure(title: str, grades: GradeCounts) -> go.Figure:
    """Graded filings per ticker, stacked by grade (A best, F worst)."""
    fig = go.Figure()
    for grade in grades.grades:
        fig.add_trace(
            go.Bar(
                x=grades.tickers,
                y=grades.counts[grade],
                name=f"grade {grade}",
                marker={"color": GRADE_COLOURS.get(grade, "#64748b")},
                customdata=[[f"{m:.1f}" if m is not None else "?"] for m in grades.mean_score],
                hovertemplate=(
                    f"%{{x}}: %{{y}} filing(s) graded {grade}"
                    "<br>mean score of the ticker %{customdata[0]}<extra></extra>"
                ),
            )
        )
    fig.update_yaxes(title_text="filings")
    return _layout(fig, title, height=380, barmode="stack", showlegend=True)


def reconciliation_figure(title: str, recon: Reconciliation) -> go.Figure:
    """Reconciliation checks per category, stacked by status."""
    fig = go.Figure()
    for status, counts in recon.by_status.items():
        fig.add_trace(
            go.Bar(
                x=recon.categories,
                y=counts,
                name=status,
                marker={"color": STATUS_COLOURS.get(status, "#64748b")},
                hovertemplate=f"%{{x}}: %{{y}} check(s) {status}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text="checks")
    return _layout(fig, title, height=380, barmode="stack")


def macro_figure(title: str, macro: Macro) -> go.Figure:
    """Rates (10y and 2y Treasury, their spread, Fed funds) above; CPI YoY and unemployment
    below; all in percent."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
    )
    labels = dict(MACRO_SERIES)
    for column, values in macro.series.items():
        row = 2 if column in {"cpi_yoy_pct", "unemployment_rate"} else 1
        dash = "dot" if column == "spread_10y_2y" else "solid"
        trace = _line(macro.months, values, labels[column], MACRO_COLOURS[column], 1.6)
        trace.update(
            line={"dash": dash},
            mode="lines+markers",
            marker={"size": 3},
            hovertemplate=f"%{{x|%Y-%m}}<br>{labels[column]}: %{{y:.2f}}%<extra></extra>",
        )
        fig.add_trace(trace, row, 1)
    fig.add_hline(y=0, line={"color": "#94a3b8", "width": 1}, row=1, col=1)
    for row, what in ((1, "rates"), (2, "inflation, unemployment")):
        fig.update_yaxes(title_text=what, ticksuffix="%", row=row, col=1)
    return _layout(fig, title, height=520)


def sentiment_figure(title: str, series: Sequence[SentimentSeries]) -> go.Figure:
    """Daily mean news sentiment per ticker, one panel per sentiment model."""
    models = list(dict.fromkeys(s.model for s in series))
    tickers = list(dict.fromkeys(s.ticker for s in series))
    fig = make_subplots(
        rows=len(models),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
    )
    for s in series:
        row = models.index(s.model) + 1
        colour = TICKER_COLOURS[tickers.index(s.ticker) % len(TICKER_COLOURS)]
        fig.add_trace(
            go.Scatter(
                x=s.dates,
                y=s.sentiment,
                name=s.ticker,
                legendgroup=s.ticker,
                showlegend=row == 1,
                mode="lines+markers",
                line={"color": colour, "width": 1.4},
                marker={"size": [5 + min(n, 10) for n in s.articles], "color": colour},
                customdata=[[n] for n in s.articles],
                hovertemplate=(
                    f"{s.ticker} %{{x|%Y-%m-%d}}<br>mean sentiment %{{y:.3f}}"
                    "<br>%{customdata[0]} article(s)<extra></extra>"
                ),
            ),
            row,
            1,
        )
    for row, model in enumerate(models, start=1):
        fig.add_hline(y=0, line={"color": "#94a3b8", "width": 1}, row=row, col=1)
        fig.update_yaxes(title_text=f"{model}", range=[-1.05, 1.05], row=row, col=1)
    return _layout(fig, title, height=max(320, 220 * len(models) + 100))


# --------------------------------------------------------------------------- helpers


def _line(x: Sequence[Any], y: Sequence[float | None], name: str, colour: str, width: float) -> Any:
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="lines",
        line={"color": colour, "width": width},
        connectgaps=False,
        hovertemplate=f"%{{x|%Y-%m-%d}}<br>{name}: %{{y:.2f}}<extra></extra>",
    )


def _layout(fig: go.Figure, title: str, height: int, top: int = 80, **layout: Any) -> go.Figure:
    """Title at the top left, the legend in one or more rows between it and the plot (`top`
    pixels leave room for them), the same fonts and template everywhere."""
    fig.update_layout(
        title={
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "y": 0.985,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 15},
        },
        template="plotly_white",
        height=height,
        margin={"l": 70, "r": 20, "t": top, "b": 40},
        font={"family": FONT, "size": 12},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": 11}},
        hovermode="closest",
        **layout,
    )
    return fig


def _scale(amounts: Sequence[Decimal]) -> tuple[float, str]:
    """Divide by a billion or a million so the axis reads in a few digits."""
    top = max((abs(a) for a in amounts), default=Decimal(0))
    if top >= Decimal(10) ** 9:
        return 1e9, "bn"
    if top >= Decimal(10) ** 6:
        return 1e6, "m"
    return 1.0, ""


def _money(amount: Decimal | None) -> str:
    """The exact amount with thousands separators (no trailing zeros of the DECIMAL scale)."""
    if amount is None:
        return "?"
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount.normalize():,f}"
