"""`finloom run`, `finloom ingest` and `finloom build`: load sources, then dbt."""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

from finloom.cli.common import CliError, UsageError, print_gaps, show_progress, split_list
from finloom.cli.session import current_session
from finloom.cli.summary import print_end
from finloom.loading import (
    COMPANY_SOURCES,
    KEYLESS_SOURCES,
    SOURCES,
    Loaded,
    Selection,
    load_sources,
)
from finloom.ops.builds import BuildPlan, plan_build, record_build
from finloom.ops.builds import describe as describe_plan
from finloom.ops.runs import now
from finloom.paths import missing_warehouse, warehouse_path
from finloom.transform import run_dbt
from ingestion.pipelines.filings import FilingsRunReport
from ingestion.pipelines.policy import describe as describe_policy
from ingestion.runner import mirror_base
from ingestion.sources.macro import MacroRunReport
from ingestion.sources.market import MarketRunReport
from ingestion.sources.news import NewsRunReport
from ingestion.sources.policy import PolicyRunReport
from ingestion.sources.sec import SecRunReport


def cmd_run(args: argparse.Namespace, run_id: str) -> int:
    """Ingest the selected sources, then `dbt build` what the new data reaches (or nothing)."""
    started = time.monotonic()
    cmd_ingest(args, run_id)
    db = warehouse_path(args.db)
    if args.no_build:
        print_end(db, None, time.monotonic() - started)
        return 0
    plan = plan_build(db)
    if args.build_all and not plan.everything:
        plan = BuildPlan(True, reason="--build-all", newest=plan.newest)
    print(describe_plan(plan), file=sys.stderr)
    if plan.nothing:
        print_end(db, None, time.monotonic() - started)
        return 0
    build(db, plan.dbt_args(), quiet=not args.verbose, run_id=run_id, plan=plan)
    print_end(db, current_session().dbt, time.monotonic() - started)
    return 0


def cmd_ingest(args: argparse.Namespace, run_id: str) -> int:
    sources = _sources(args)
    db = warehouse_path(args.db)
    selection = _selection(args, sources)
    plan = [(source, selection) for source in sources]
    session = current_session()
    session.begin(sources, _selection_record(selection))
    with mirror_base(args.mirror) as mirror:
        started = now()
        for loaded in load_sources(db, plan, mirror, run_id):
            _print_loaded(loaded, db)
            session.loaded(loaded, started)
            started = now()
    return 0


def cmd_build(args: argparse.Namespace, run_id: str) -> int:
    db = warehouse_path(args.db)
    # a build of the whole project covers every load in the warehouse; a selection covers
    # only what it selects, so it marks nothing as built
    plan = None
    dbt_args = list(args.dbt_args)
    if db.exists() and not DBT_SELECTION_FLAGS & {a.split("=")[0] for a in dbt_args}:
        planned = plan_build(db)
        if planned.full_refresh and "--full-refresh" not in dbt_args:
            print(describe_plan(planned), file=sys.stderr)
            dbt_args.append("--full-refresh")
        plan = BuildPlan(True, reason="finloom build", newest=planned.newest)
    started = time.monotonic()
    build(db, dbt_args, quiet=not args.verbose, run_id=run_id, plan=plan)
    print_end(db, current_session().dbt, time.monotonic() - started)
    return 0


#: dbt options that narrow a build to part of the project.
DBT_SELECTION_FLAGS = frozenset(
    {"--select", "-s", "--models", "-m", "--exclude", "--selector", "--resource-type"}
)


def build(
    db: Path,
    dbt_args: Sequence[str],
    quiet: bool,
    run_id: str | None = None,
    plan: BuildPlan | None = None,
) -> int:
    """`dbt build` on an existing warehouse; a failure is one line naming the first failures.

    With a `plan`, a successful build marks the plan's loads as built (`ops.builds`)."""
    if not db.exists():
        raise CliError(missing_warehouse(db))
    session = current_session()
    session.begin([], {"dbt_args": list(dbt_args)})
    if quiet:
        print("build: dbt build running (-v shows its output; log: logs/dbt.log)", file=sys.stderr)
    outcome = run_dbt(["build", *dbt_args], db, quiet=quiet, run_id=run_id)
    session.built(outcome)
    if not outcome.success:
        raise CliError(
            "dbt build failed: " + ("; ".join(outcome.failures[:3]) or "see dbt output above")
        )
    if plan is not None:
        record_build(db, plan, run_id)
    return 0


def _sources(args: argparse.Namespace) -> list[str]:
    raw = args.sources if isinstance(args.sources, str) else ",".join(KEYLESS_SOURCES)
    wanted = [s.strip() for s in raw.split(",") if s.strip()]
    if not wanted:
        raise UsageError(
            f"--sources {raw!r} names no source (give one or more of: {', '.join(SOURCES)})"
        )
    unknown = [s for s in wanted if s not in SOURCES]
    if unknown:
        raise UsageError(
            f"unknown source(s): {', '.join(unknown)} (available: {', '.join(SOURCES)})"
        )
    return wanted


#: What a ticker or market symbol can look like: AAPL, BRK.B / BRK-B, ^GSPC, EURUSD=X.
TICKER = re.compile(r"[A-Za-z0-9^][A-Za-z0-9.\-=^]{0,19}")


def _selection(args: argparse.Namespace, sources: Sequence[str]) -> Selection:
    """The selectors, checked before anything is fetched or written."""
    tickers = split_list(args.tickers, "--tickers", "")
    for ticker in tickers or ():
        if not TICKER.fullmatch(ticker):
            raise UsageError(
                f"--tickers: {ticker!r} is not a ticker (letters, digits and . - = ^, "
                "e.g. AAPL, BRK.B or ^GSPC)"
            )
    if COMPANY_SOURCES & set(sources) and tickers is None and args.universe is None:
        raise UsageError("choose companies with --tickers A,B or --universe mag7|sp500")
    series = None
    if "macro" in sources:
        series = split_list(
            args.series, "--series", " (give FRED ids like DGS10,UNRATE, or leave it out)"
        )
    if "filings" in sources:
        if args.since is not None:
            try:
                date.fromisoformat(args.since)
            except ValueError:
                raise UsageError(
                    f"--since: expected a date YYYY-MM-DD, got {args.since!r}"
                ) from None
        if args.limit is not None and args.limit < 1:
            raise UsageError(f"--limit: expected a positive number, got {args.limit}")
    forms = [f.strip() for f in (args.forms or "10-K,10-Q").split(",") if f.strip()]
    return Selection(
        tickers=tickers,
        universe=args.universe,
        workers=args.workers,
        progress=show_progress(args),
        forms=forms,
        since=args.since,
        limit=args.limit,
        series=series,
        retry_missing=True if args.retry_missing else None,
    )


def _selection_record(selection: Selection) -> dict[str, object]:
    """The selection as the run ledger keeps it (what was asked for, not how it was shown)."""
    record = {k: v for k, v in asdict(selection).items() if v is not None and k != "progress"}
    return {k: list(v) if isinstance(v, (list, tuple)) else v for k, v in record.items()}


def _print_loaded(loaded: Loaded, db: Path) -> None:
    """One summary line per source (plus its gaps) on stderr."""
    took = f"{loaded.seconds:.1f}s"
    DESCRIBE[loaded.source](loaded, db, took)


def _sec(loaded: Loaded, db: Path, took: str) -> None:
    r = loaded.report
    assert isinstance(r, SecRunReport)
    print(
        f"sec: {r.companies} companies, {r.filings:,} filings, "
        f"{r.facts:,} facts loaded into {db} in {took} (unchanged since their last load: "
        f"{r.unchanged_submissions} submissions, {r.unchanged_facts} company facts)",
        file=sys.stderr,
    )
    print_gaps("sec", loaded.gaps)


def _market(loaded: Loaded, db: Path, took: str) -> None:
    r = loaded.report
    assert isinstance(r, MarketRunReport)
    print(
        f"market: {r.symbols} symbols, {r.bars:,} bars, "
        f"{r.dividends} dividends, {r.splits} splits loaded into {db} "
        f"in {took} ({len(r.requests)} requests from the day after each "
        f"symbol's last bar; {sum(1 for q in r.requests if q.bars == 0)} brought nothing "
        f"new; {len(r.up_to_date)} symbols not asked: already current)",
        file=sys.stderr,
    )
    print_gaps("market", loaded.gaps)


def _filings(loaded: Loaded, db: Path, took: str) -> None:
    r = loaded.report
    assert isinstance(r, FilingsRunReport)
    print(
        f"filings: {r.selected} selected, {r.fetched} fetched "
        f"({r.from_cache} from cache), {r.loaded_filings} filings loaded into {db} "
        f"in {took}",
        file=sys.stderr,
    )
    for line in loaded.gaps:
        print(f"filings: {line}", file=sys.stderr)
    for line in r.notes():  # known 404s: mentioned, not gaps (no exit 3)
        print(f"filings: {line}", file=sys.stderr)


def _macro(loaded: Loaded, db: Path, took: str) -> None:
    r = loaded.report
    assert isinstance(r, MacroRunReport)
    print(
        f"macro: {r.series} series via FRED {r.mode}, "
        f"{r.observations:,} observations ({r.missing_values:,} missing) loaded "
        f"into {db} in {took} ({len(r.requests)} requests, "
        f"{len(r.up_to_date)} series already up to date)",
        file=sys.stderr,
    )
    print_gaps("macro", loaded.gaps)


def _news(loaded: Loaded, db: Path, took: str) -> None:
    r = loaded.report
    assert isinstance(r, NewsRunReport)
    print(
        f"news: {r.tickers} tickers via {', '.join(r.providers)}, {r.articles:,} new "
        f"articles ({r.ticker_links:,} ticker links, {r.sentiment_scores:,} sentiment "
        f"scores) loaded into {db} in {took} ({len(r.requests)} requests answered, "
        f"{len(r.up_to_date)} ticker queries with nothing new)",
        file=sys.stderr,
    )
    print_gaps("news", loaded.gaps)


def _policy(loaded: Loaded, db: Path, took: str) -> None:
    r = loaded.report
    assert isinstance(r, PolicyRunReport)
    print(f"{describe_policy(r)} in {took}", file=sys.stderr)
    print_gaps("policy", loaded.gaps)


DESCRIBE: dict[str, Callable[[Loaded, Path, str], None]] = {
    "sec": _sec,
    "market": _market,
    "filings": _filings,
    "macro": _macro,
    "news": _news,
    "policy": _policy,
}
