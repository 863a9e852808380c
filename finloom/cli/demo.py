"""`finloom demo`: a fresh warehouse from the bundled demo mirror — every source, dbt, a summary."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import duckdb

from finloom.cli.common import CliError, show_progress
from finloom.cli.session import current_session
from finloom.cli.summary import dbt_lines, next_lines
from finloom.loading import Loaded, Selection, load_sources
from finloom.ops.builds import newest_loads, record_built
from finloom.ops.runs import now
from finloom.paths import DEMO_DB, DEMO_MIRROR, warehouse_path
from finloom.serve.sql import format_table, run_query
from finloom.transform import DbtOutcome, run_dbt
from finloom.warehouse import table_counts
from ingestion.pipelines.filings import FilingsRunReport
from ingestion.pipelines.policy import describe as describe_policy
from ingestion.runner import mirror_base, pipelines_dir
from ingestion.sources.macro import MacroRunReport
from ingestion.sources.market import MarketRunReport
from ingestion.sources.news import NewsRunReport
from ingestion.sources.policy import PolicyRunReport
from ingestion.sources.sec import SecRunReport

#: Written by the demo generator beside the mirror's hosts: what `finloom demo` asks for.
PLAN_FILE = "finloom-demo.json"


def cmd_demo(args: argparse.Namespace, run_id: str) -> int:
    """Fresh warehouse from the bundled demo mirror: every source, dbt build, summary."""
    db = warehouse_path(args.db or DEMO_DB)
    _remove_warehouse(db)
    started = time.monotonic()
    plan = demo_plan(DEMO_MIRROR, progress=show_progress(args))
    session = current_session()
    session.begin([source for source, _ in plan], {"mirror": str(DEMO_MIRROR)})
    loaded = []
    with mirror_base(str(DEMO_MIRROR)) as mirror:
        source_started = now()
        for item in load_sources(db, plan, mirror, run_id):
            print(f"{_line(item)} ({item.seconds:.1f}s)", file=sys.stderr)
            session.loaded(item, source_started)
            loaded.append(item)
            source_started = now()
    built = newest_loads(db)
    if not args.verbose:
        print("build: dbt build running (-v shows its output; log: logs/dbt.log)", file=sys.stderr)
    outcome = run_dbt(["build"], db, quiet=not args.verbose, run_id=run_id)
    session.built(outcome)
    if outcome.success:
        record_built(db, built, run_id)
    elapsed = time.monotonic() - started
    _print_summary(db, loaded, outcome, elapsed)
    if not outcome.success:
        raise CliError(
            "dbt build failed: " + ("; ".join(outcome.failures[:3]) or "see dbt output above")
        )
    return 0


def demo_plan(mirror: Path, progress: bool) -> list[tuple[str, Selection]]:
    """Every source the demo mirror carries, with the selection its plan file names."""
    spec = json.loads((mirror / PLAN_FILE).read_text())
    companies = list(spec["tickers"])
    return [
        ("sec", Selection(universe="sp500", progress=progress)),
        # the demo mirror has documents for filings from this date on
        ("filings", Selection(tickers=companies, since=spec["filings_since"], progress=progress)),
        ("market", Selection(tickers=list(spec["market_symbols"]), progress=progress)),
        ("macro", Selection()),
        ("news", Selection(tickers=companies)),
        ("policy", Selection()),
    ]


def _remove_warehouse(db: Path) -> None:
    for path in (db, db.with_suffix(db.suffix + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(pipelines_dir(db), ignore_errors=True)


def _line(loaded: Loaded) -> str:
    """What one source loaded, in a few words."""
    r = loaded.report
    if isinstance(r, SecRunReport):
        return f"sec: {r.companies} companies, {r.filings:,} filings, {r.facts:,} facts"
    if isinstance(r, FilingsRunReport):
        return (
            f"filings: {r.loaded_filings} 10-K/10-Q documents parsed into sections, tables, "
            "footnotes and chunks"
        )
    if isinstance(r, MarketRunReport):
        return (
            f"market: {r.symbols} symbols, {r.bars:,} bars, {r.dividends} dividends, "
            f"{r.splits} splits"
        )
    if isinstance(r, MacroRunReport):
        return f"macro: {r.series} FRED series, {r.observations:,} observations"
    if isinstance(r, NewsRunReport):
        return f"news: {r.articles} articles, {r.sentiment_scores} sentiment scores"
    assert isinstance(r, PolicyRunReport)
    return describe_policy(r)


def _print_summary(db: Path, loaded: list[Loaded], outcome: DbtOutcome, elapsed: float) -> None:
    print("\nFinLoom demo — summary", file=sys.stdout)
    print(f"  warehouse: {db}  ({elapsed:.1f}s)")
    for item in loaded:
        print(f"  loaded {_line(item)}")
    for item in loaded:
        for gap in item.gaps:
            print(f"  gap (reported, not fatal): {gap}")
    for line in dbt_lines(outcome):
        print("  " + line)
    if not db.exists():
        return
    with duckdb.connect(str(db), read_only=True) as con:
        marts = [(s, t, n) for s, t, n in table_counts(con) if s == "marts"]
        print("  marts:")
        for _, table, n in marts:
            print(f"    marts.{table:<32} {n:>8,} rows")
    if any(t == "fct_income_statement" for _, t, _ in marts):
        sql = (
            "select ticker, fiscal_year, fiscal_period, period_end, revenue, net_income\n"
            "from marts.fct_income_statement\n"
            "where fiscal_period <> 'FY'\n"
            "order by period_end desc, ticker limit 5"
        )
        print("  sample query (finloom sql prints the same):\n    " + sql.replace("\n", "\n    "))
        for line in format_table(run_query(db, sql)):
            print("    " + line)
    print(next_lines(db))
