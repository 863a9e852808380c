"""`finloom report` (issue 12, item 5): one self-contained HTML page of charts from the marts.

Checked on the demo warehouse (read-only): the page loads nothing from the network and embeds
plotly.js once, every figure has a unique element, the revenue and net income bars are the
mart's values with the derived quarters apart, the balance-sheet parts add up exactly; a
warehouse without macro, news or balance-sheet marts gets "no data loaded for …" notes instead of
empty charts; unknown tickers are a usage error that names what was typed. Rendering in a real
browser is tests/python/finloom/test_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from finloom.cli import main
from finloom.serve.report import ReportResult, UnknownTickersError, charts, write_report
from finloom.serve.report.data import load_balance, load_income, select_companies

TICKER = "QSMC"  # the demo's semiconductor company: derived Q4s, a fiscal year ending in January


@pytest.fixture(scope="module")
def report(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportResult:
    return write_report(demo_db, tmp_path_factory.mktemp("report") / "report.html")


class _Tags(HTMLParser):
    """Every start tag with its attributes (script bodies are not parsed as tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(text)
    return parser.tags


def test_the_page_loads_nothing_from_the_network(report: ReportResult) -> None:
    text = report.path.read_text(encoding="utf-8")
    tags = _tags(text)
    linked = [
        (tag, attrs.get(name))
        for tag, attrs in tags
        for name in ("src", "href")
        if attrs.get(name) and not str(attrs.get(name)).startswith("#")
    ]
    assert linked == [], "the page must not load scripts, styles or images from anywhere"
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert all("src" not in attrs for attrs in scripts)
    assert not any(tag == "link" for tag, _ in tags)
    # plotly.js is inlined exactly once, whatever the number of figures
    assert len(re.findall(r"\* plotly\.js v\d+\.\d+\.\d+", text)) == 1
    assert "cdn.plot.ly" not in text.split("<body>", 1)[1]


def test_every_figure_has_its_own_element(report: ReportResult) -> None:
    text = report.path.read_text(encoding="utf-8")
    tags = _tags(text)
    ids = [attrs["id"] for _, attrs in tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "an element id used twice breaks Plotly.newPlot"
    plots = [a for _, a in tags if "plotly-graph-div" in (a.get("class") or "")]
    # 8 demo companies x (price, momentum, income, balance) + grades, reconciliation, macro, news
    assert report.companies == ["CBKG", "HLDG", "IVIH", "MRWT", "PCDV", "QSMC", "TLWD", "VDHN"]
    assert len(plots) == report.figures == 8 * 4 + 4
    assert text.count("Plotly.newPlot(") == report.figures
    assert report.notes == []
    assert "No data loaded" not in text


def test_revenue_and_net_income_bars_are_the_marts_values(demo_db: Path) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        income = load_income(con, TICKER)
        rows = con.execute(
            """
            select fiscal_period, period_end, revenue, net_income, revenue_is_derived
            from marts.fct_income_statement where ticker = ? order by period_end
            """,
            [TICKER],
        ).fetchall()
    figure = charts.income_figure("t", income).to_plotly_json()
    # one panel of quarters (x = period end, axis x), one of fiscal years (by name, axis x2)
    traces = {(t["name"], t.get("xaxis", "x")): t for t in figure["data"]}
    assert set(traces) == {
        ("Revenue", "x"),
        ("Revenue (derived quarter)", "x"),
        ("Net income", "x"),
        ("Net income (derived quarter)", "x"),
        ("Revenue", "x2"),
        ("Net income", "x2"),
    }
    quarters = [r for r in rows if r[0] != "FY"]
    reported = [r for r in quarters if not r[4]]
    derived = [r for r in quarters if r[4]]
    assert derived and all(r[0] == "Q4" for r in derived)
    revenue = traces[("Revenue", "x")]
    # bars in billions; the hover text has the exact amount
    assert list(zip(revenue["x"], revenue["y"], strict=True)) == [
        (r[1], float(r[2]) / 1e9) for r in reported
    ]
    hatched = traces[("Revenue (derived quarter)", "x")]
    assert list(hatched["x"]) == [r[1] for r in derived]
    assert hatched["marker"]["pattern"]["shape"] == charts.DERIVED_PATTERN
    assert [c[2] for c in hatched["customdata"]] == ["FY - Q1 - Q2 - Q3"] * len(derived)
    years = [r for r in rows if r[0] == "FY"]
    annual = traces[("Revenue", "x2")]
    assert list(annual["y"]) == [float(r[2]) / 1e9 for r in years]
    assert all(x.startswith("FY") for x in annual["x"])
    exact = [c[0] for c in traces[("Net income", "x")]["customdata"]]
    assert exact == [f"{r[3]:,.0f}" for r in reported]  # every digit, not the float


def test_balance_sheet_parts_add_up_exactly(demo_db: Path) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        balance = load_balance(con, TICKER)
        totals = {
            end: (assets, funded)
            for end, assets, funded in con.execute(
                "select distinct period_end, total_assets, liabilities_and_equity "
                "from marts.fct_balance_sheet where ticker = ?",
                [TICKER],
            ).fetchall()
        }
    assert balance.labels and sorted(balance.period_ends) == sorted(totals)
    asset_parts = ("cash", "other_current_assets", "noncurrent_assets", "assets_not_split")
    assert set(balance.parts) >= {"cash", "equity", "current_liabilities"}
    for i, end in enumerate(balance.period_ends):
        assets = sum(
            (amounts[i] or Decimal(0)) for n, amounts in balance.parts.items() if n in asset_parts
        )
        funded = sum(
            (amounts[i] or Decimal(0))
            for n, amounts in balance.parts.items()
            if n not in asset_parts
        )
        assert (assets, funded) == totals[end], end
    figure = charts.balance_figure("t", balance).to_plotly_json()
    assert {t["name"] for t in figure["data"]} >= {"Cash", "Equity", "Current liabilities"}


def _small_warehouse(demo_db: Path, db: Path, macro: str | None) -> None:
    """QSMC's prices and income statement only: no balance sheet, quality, news; `macro` is the
    select that makes fct_macro_monthly (None: no such table)."""
    with duckdb.connect(str(db)) as con:
        con.execute(f"attach '{demo_db}' as demo (read_only)")
        con.execute("create schema marts")
        for table, key in (
            ("dim_company", "ticker"),
            ("fct_daily_prices", "symbol"),
            ("fct_price_indicators", "symbol"),
            ("fct_income_statement", "ticker"),
        ):
            con.execute(
                f"create table marts.{table} as "
                f"select * from demo.marts.{table} where {key} = '{TICKER}'"
            )
        if macro is not None:
            con.execute(f"create table marts.fct_macro_monthly as {macro}")
        con.execute("detach demo")


def test_absent_sections_say_so_instead_of_an_empty_chart(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "small.duckdb"
    no_cpi = "select * replace (null::double as cpi_yoy_pct) from demo.marts.fct_macro_monthly"
    _small_warehouse(demo_db, db, macro=no_cpi)
    result = write_report(db, tmp_path / "report.html")
    text = result.path.read_text(encoding="utf-8")
    assert result.companies == [TICKER]
    assert result.figures == 3 + 1  # price, momentum, income; macro without CPI
    for what in (
        f"the balance sheet of {TICKER} (marts.fct_balance_sheet",
        "filing quality (marts.fct_filing_quality",
        "reconciliation (marts.reconciliation_report",
        "news sentiment (marts.fct_news_sentiment_daily",
        "CPI, year over year.",
    ):
        assert f"No data loaded for {what}" in text
        assert any(what in note for note in result.notes)
    assert "chart-macro" in text and text.count("Plotly.newPlot(") == 4


def test_no_macro_rows_is_a_note_too(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "small.duckdb"
    _small_warehouse(demo_db, db, macro="select * from demo.marts.fct_macro_monthly limit 0")
    result = write_report(db, tmp_path / "report.html")
    assert "No data loaded for macro series" in result.path.read_text(encoding="utf-8")


def test_tickers_any_case_in_the_order_given(demo_db: Path) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        chosen = select_companies(con, ["tlwd", "FLMX", "qsmc", "TLWD"])
        assert [c.ticker for c in chosen.companies] == ["TLWD", "FLMX", "QSMC"]
        assert chosen.companies[1].name is None  # the ETF has prices, no company
        with pytest.raises(UnknownTickersError, match=r"'nope', 'Zz'"):
            select_companies(con, ["QSMC", "nope", "Zz"])
        assert len(select_companies(con, None, limit=3).companies) == 3


def test_cli_writes_the_report(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "report.html"
    code = main(["report", "--db", str(demo_db), "--tickers", "flmx", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"wrote {out}" in captured.out and "FLMX" in captured.out
    # the ETF: prices, no financial statements or news
    assert "note: no data loaded for the income statement of FLMX" in captured.err
    assert out.is_file() and [p.name for p in out.parent.iterdir()] == ["report.html"]


@pytest.mark.parametrize(
    ("tickers", "message"),
    [
        ("QSMC,nope", "--tickers: no company or price series 'nope' in the warehouse"),
        (" , ", "--tickers is empty"),
    ],
)
def test_cli_bad_tickers_are_a_usage_error(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    tickers: str,
    message: str,
) -> None:
    out = tmp_path / "report.html"
    code = main(["report", "--db", str(demo_db), "--tickers", tickers, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert not out.exists()


def test_cli_without_a_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r")])
    assert code == 1
    assert "no warehouse at" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_figures_are_json_serialisable(report: ReportResult) -> None:
    """Each figure's data is inline JSON a browser parses: no NaN, no Python reprs."""
    text = report.path.read_text(encoding="utf-8")
    body = text.split("<body>", 1)[1]
    assert "NaN" not in body and "Decimal(" not in body and "datetime.date(" not in body
    calls = re.findall(r'Plotly\.newPlot\(\s*"([^"]+)",\s*(\[.*?\]),\s*\{', body, re.S)
    assert len(calls) == report.figures
    for div, data in calls:
        assert json.loads(data), div


def test_cli_defaults_read_the_demo_warehouse_and_write_beside_it(
    demo_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """After `make demo`, `finloom report` needs no option: the demo's warehouse, the report in
    warehouse/report.html."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FINLOOM_DB")
    (tmp_path / "warehouse").mkdir()
    shutil.copyfile(demo_db, tmp_path / "warehouse" / "demo.duckdb")
    assert main(["report", "--tickers", TICKER]) == 0
    captured = capsys.readouterr()
    assert "reading the demo warehouse" in captured.err
    assert (tmp_path / "warehouse" / "report.html").is_file()
    assert "wrote warehouse/report.html" in captured.out
