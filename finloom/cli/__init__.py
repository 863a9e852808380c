"""`finloom` command line: demo, run, ingest, build, replay, status, quality, search, export, prune.

Every failure ends with one readable line on stderr (`finloom: error: …`) and a non-zero exit.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ingestion import __version__
from ingestion.config import DEMO_MIRROR, pipelines_dir, warehouse_path
from ingestion.export import add_export_parser
from ingestion.logs import configure_logging, new_run_id
from ingestion.quality import add_quality_parser
from ingestion.retention import add_prune_parser
from ingestion.search import add_search_parser

if TYPE_CHECKING:
    import duckdb

    from ingestion.pipeline import DbtOutcome

log = logging.getLogger("finloom")

#: Every source, in the order a run loads them.
SOURCES = ("sec", "market", "filings", "macro", "news", "policy")
#: Sources that need a company selection (--tickers or --universe).
COMPANY_SOURCES = {"sec", "market", "filings", "news"}
DEMO_DB = Path("warehouse") / "demo.duckdb"


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 1."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    # `finloom build` passes every option it does not know to dbt (`--select x`, `--vars …`)
    args, extra = parser.parse_known_args(argv)
    if extra:
        if args.command != "build":
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.dbt_args = extra
    run_id = new_run_id()
    configure_logging(run_id, level="DEBUG" if args.verbose else "INFO")
    try:
        return int(args.handler(args, run_id) or 0)
    except KeyboardInterrupt:
        print(
            "finloom: interrupted; re-run the same command to finish (loads are idempotent)",
            file=sys.stderr,
        )
        return 130
    except Exception as exc:
        if args.verbose:
            log.exception("failed")
        print(f"finloom: error: {_one_line(exc)}", file=sys.stderr)
        return 1


def _one_line(exc: BaseException) -> str:
    from ingestion.pipeline import root_cause

    text = str(exc).strip()
    if not text:
        text = root_cause(exc)
    return text.splitlines()[0]


# --------------------------------------------------------------------------- commands


def cmd_run(args: argparse.Namespace, run_id: str) -> int:
    """Ingest the selected sources, then `dbt build`."""
    cmd_ingest(args, run_id)
    if args.no_build:
        return 0
    return _build(warehouse_path(args.db), [], quiet=False)


def cmd_ingest(args: argparse.Namespace, run_id: str) -> int:
    from ingestion.pipeline import mirror_base

    sources = _sources(args)
    db = warehouse_path(args.db)
    tickers = _tickers(args.tickers)
    if COMPANY_SOURCES & set(sources) and tickers is None and args.universe is None:
        raise CliError("choose companies with --tickers A,B or --universe mag7|sp500")
    with mirror_base(args.mirror) as mirror:
        for source in SOURCES:  # a fixed order: filings reads the filing index sec loads
            if source in sources:
                INGESTERS[source](args, db, tickers, mirror, run_id)
    return 0


def _ingest_sec(
    args: argparse.Namespace, db: Path, tickers: list[str] | None, mirror: str | None, run_id: str
) -> None:
    from ingestion.pipeline import ingest_sec

    started = time.monotonic()
    report = ingest_sec(
        db,
        tickers=tickers,
        universe=args.universe,
        mirror=mirror,
        workers=args.workers,
        progress=not args.no_progress,
        run_id=run_id,
    )
    print(
        f"sec: {report.companies} companies, {report.filings:,} filings, "
        f"{report.facts:,} facts loaded into {db} in {_since(started)}",
        file=sys.stderr,
    )
    _print_gaps("sec", report.gaps)


def _ingest_market(
    args: argparse.Namespace, db: Path, tickers: list[str] | None, mirror: str | None, run_id: str
) -> None:
    from ingestion.pipeline import ingest_market

    started = time.monotonic()
    market = ingest_market(
        db, tickers=tickers, universe=args.universe, mirror=mirror, run_id=run_id
    )
    print(
        f"market: {market.symbols} symbols, {market.bars:,} bars, "
        f"{market.dividends} dividends, {market.splits} splits loaded into {db} "
        f"in {_since(started)} ({len(market.requests)} requests from the day after each "
        f"symbol's last bar; {sum(1 for r in market.requests if r.bars == 0)} brought nothing "
        f"new; {len(market.up_to_date)} symbols not asked: already current)",
        file=sys.stderr,
    )
    _print_gaps("market", market.gaps)


def _ingest_macro(
    args: argparse.Namespace, db: Path, tickers: list[str] | None, mirror: str | None, run_id: str
) -> None:
    from ingestion.macro_ingest import ingest_macro

    started = time.monotonic()
    series = None
    if args.series is not None:
        series = [s.strip() for s in args.series.split(",") if s.strip()]
        if not series:
            raise CliError("--series is empty (give FRED ids like DGS10,UNRATE, or leave it out)")
    macro = ingest_macro(db, series=series, mirror=mirror, run_id=run_id)
    print(
        f"macro: {macro.series} series via FRED {macro.mode}, "
        f"{macro.observations:,} observations ({macro.missing_values:,} missing) loaded "
        f"into {db} in {_since(started)} ({len(macro.requests)} requests, "
        f"{len(macro.up_to_date)} series already up to date)",
        file=sys.stderr,
    )
    _print_gaps("macro", macro.gaps)


def _ingest_news(
    args: argparse.Namespace, db: Path, tickers: list[str] | None, mirror: str | None, run_id: str
) -> None:
    from ingestion.news_ingest import ingest_news

    started = time.monotonic()
    news = ingest_news(db, tickers=tickers, universe=args.universe, mirror=mirror, run_id=run_id)
    print(
        f"news: {news.tickers} tickers via {', '.join(news.providers)}, {news.articles:,} new "
        f"articles ({news.ticker_links:,} ticker links, {news.sentiment_scores:,} sentiment "
        f"scores) loaded into {db} in {_since(started)} ({len(news.requests)} requests answered, "
        f"{len(news.up_to_date)} ticker queries with nothing new)",
        file=sys.stderr,
    )
    _print_gaps("news", news.gaps)


def _ingest_policy(
    args: argparse.Namespace, db: Path, tickers: list[str] | None, mirror: str | None, run_id: str
) -> None:
    from ingestion.policy_ingest import describe, ingest_policy

    started = time.monotonic()
    report = ingest_policy(db, mirror=mirror, run_id=run_id)
    print(f"{describe(report)} in {_since(started)}", file=sys.stderr)
    _print_gaps("policy", report.gaps)


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f}s"


def _print_gaps(source: str, gaps: Sequence[object]) -> None:
    if gaps:
        print(f"{source}: {len(gaps)} gap(s) (reported, run continued):", file=sys.stderr)
        for gap in gaps:
            print(f"  - {gap}", file=sys.stderr)


def _ingest_filings(
    args: argparse.Namespace, db: Path, tickers: list[str] | None, mirror: str | None, run_id: str
) -> None:
    """10-K/10-Q documents of the selected companies, chosen from the loaded filing index."""
    from ingestion.sources.filings.load import ingest_filings  # imports pipeline: keep it lazy

    forms = [f.strip() for f in (args.forms or "10-K,10-Q").split(",") if f.strip()]
    if args.since is not None:
        try:
            date.fromisoformat(args.since)
        except ValueError:
            raise CliError(f"--since: expected a date YYYY-MM-DD, got {args.since!r}") from None
    if args.limit is not None and args.limit < 1:
        raise CliError(f"--limit: expected a positive number, got {args.limit}")
    started = time.monotonic()
    report = ingest_filings(
        db,
        tickers=tickers,
        universe=args.universe,
        forms=forms,
        since=args.since,
        limit=args.limit,
        mirror=mirror,
        workers=args.workers,
        progress=not args.no_progress,
        run_id=run_id,
    )
    elapsed = time.monotonic() - started
    print(
        f"filings: {report.selected} selected, {report.fetched} fetched "
        f"({report.from_cache} from cache), {report.loaded_filings} filings loaded into {db} "
        f"in {elapsed:.1f}s",
        file=sys.stderr,
    )
    for line in report.summary_lines():
        print(f"filings: {line}", file=sys.stderr)


IngestFn = Callable[[argparse.Namespace, Path, "list[str] | None", "str | None", str], None]
INGESTERS: dict[str, IngestFn] = {
    "sec": _ingest_sec,
    "market": _ingest_market,
    "filings": _ingest_filings,
    "macro": _ingest_macro,
    "news": _ingest_news,
    "policy": _ingest_policy,
}


def cmd_build(args: argparse.Namespace, run_id: str) -> int:
    return _build(warehouse_path(args.db), args.dbt_args, quiet=False)


def cmd_replay(args: argparse.Namespace, run_id: str) -> int:
    from ingestion.replay import ReplayServer

    server = ReplayServer(
        Path(args.directory), host=args.host, port=args.port, verbose=args.verbose
    )
    print(f"finloom replay: serving {server.root} at {server.url} (Ctrl-C stops)", file=sys.stderr)
    server.serve_forever()
    return 0


def cmd_demo(args: argparse.Namespace, run_id: str) -> int:
    """Fresh warehouse from the bundled demo mirror: every source, dbt build, summary."""
    from ingestion.pipeline import mirror_base, run_dbt

    db = warehouse_path(args.db or DEMO_DB)
    _remove_warehouse(db)
    started = time.monotonic()
    with mirror_base(str(DEMO_MIRROR)) as mirror:
        loaded = _load_demo_sources(db, mirror, progress=not args.no_progress, run_id=run_id)
    outcome = run_dbt(["build"], db, quiet=args.quiet)
    elapsed = time.monotonic() - started
    _print_demo_summary(db, loaded, outcome, elapsed)
    if not outcome.success:
        raise CliError(
            "dbt build failed: " + ("; ".join(outcome.failures[:3]) or "see dbt output above")
        )
    return 0


def _load_demo_sources(db: Path, mirror: str | None, progress: bool, run_id: str) -> DemoLoad:
    """Every source the demo mirror carries, in run order; returns what each loaded."""
    from ingestion.demo.documents import FIRST_FILED
    from ingestion.demo.market import market_symbols
    from ingestion.demo.profiles import COMPANIES
    from ingestion.macro_ingest import ingest_macro
    from ingestion.news_ingest import ingest_news
    from ingestion.pipeline import ingest_market, ingest_sec
    from ingestion.policy_ingest import describe as describe_policy
    from ingestion.policy_ingest import ingest_policy
    from ingestion.sources.filings.load import ingest_filings

    load = DemoLoad()
    sec = ingest_sec(db, universe="sp500", mirror=mirror, progress=progress, run_id=run_id)
    load.add(
        f"sec: {sec.companies} companies, {sec.filings:,} filings, {sec.facts:,} facts", sec.gaps
    )
    filings = ingest_filings(
        db,
        tickers=[c.ticker for c in COMPANIES],
        forms=("10-K", "10-Q"),
        since=FIRST_FILED,  # the demo mirror has documents for filings from this date on
        mirror=mirror,
        progress=progress,
        run_id=run_id,
    )
    load.add(
        f"filings: {filings.loaded_filings} 10-K/10-Q documents parsed into sections, tables, "
        "footnotes and chunks",
        filings.summary_lines(),
    )
    market = ingest_market(db, tickers=market_symbols(), mirror=mirror, run_id=run_id)
    load.add(
        f"market: {market.symbols} symbols, {market.bars:,} bars, {market.dividends} dividends, "
        f"{market.splits} splits",
        market.gaps,
    )
    macro = ingest_macro(db, mirror=mirror, run_id=run_id)
    load.add(f"macro: {macro.series} FRED series, {macro.observations:,} observations", macro.gaps)
    news = ingest_news(db, tickers=[c.ticker for c in COMPANIES], mirror=mirror, run_id=run_id)
    load.add(f"news: {news.articles} articles, {news.sentiment_scores} sentiment scores", news.gaps)
    policy = ingest_policy(db, mirror=mirror, run_id=run_id)
    load.add(describe_policy(policy), policy.gaps)
    return load


@dataclass
class DemoLoad:
    """One line per source the demo loaded, and every gap the sources reported."""

    lines: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    def add(self, line: str, gaps: Sequence[object]) -> None:
        self.lines.append(line)
        self.gaps += [str(g) for g in gaps]


def cmd_status(args: argparse.Namespace, run_id: str) -> int:
    import duckdb

    db = warehouse_path(args.db)
    if not db.exists():
        raise CliError(f"no warehouse at {db} (run `finloom demo` or `finloom run` first)")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = _table_counts(con)
    print(f"warehouse {db}")
    for schema, table, n in rows:
        print(f"  {schema}.{table:<40} {n:>12,}")
    return 0


# --------------------------------------------------------------------------- helpers


def _build(db: Path, dbt_args: Sequence[str], quiet: bool) -> int:
    from ingestion.pipeline import run_dbt

    if not db.exists():
        raise CliError(f"no warehouse at {db}: ingest first (`finloom ingest sec …`)")
    outcome = run_dbt(["build", *dbt_args], db, quiet=quiet)
    if not outcome.success:
        raise CliError(
            "dbt build failed: " + ("; ".join(outcome.failures[:3]) or "see dbt output above")
        )
    return 0


def _remove_warehouse(db: Path) -> None:
    for path in (db, db.with_suffix(db.suffix + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(pipelines_dir(db), ignore_errors=True)


def _table_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    tables = con.execute(
        """
        select table_schema, table_name from information_schema.tables
        where (table_schema like 'raw\\_%' escape '\\'
               or table_schema in ('staging', 'intermediate', 'marts'))
          and table_type = 'BASE TABLE' and table_name not like '\\_dlt%' escape '\\'
        order by 1, 2
        """
    ).fetchall()
    return [(s, t, _scalar(con, f'select count(*) from "{s}"."{t}"')) for s, t in tables]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _print_demo_summary(db: Path, loaded: DemoLoad, outcome: DbtOutcome, elapsed: float) -> None:
    import duckdb

    print("\nFinLoom demo — summary", file=sys.stdout)
    print(f"  warehouse: {db}  ({elapsed:.1f}s)")
    for line in loaded.lines:
        print(f"  loaded {line}")
    for gap in loaded.gaps:
        print(f"  gap (reported, not fatal): {gap}")
    counts = outcome.counts
    for kind in ("seed", "model", "unit_test", "test"):
        by_status = {k.split(":", 1)[1]: v for k, v in counts.items() if k.startswith(kind + ":")}
        label = {"test": "data tests", "unit_test": "unit tests"}.get(kind, kind + "s")
        print(f"  dbt {label + ':':<12} {_fmt(by_status)}")
    if not db.exists():
        return
    with duckdb.connect(str(db), read_only=True) as con:
        marts = [(s, t, n) for s, t, n in _table_counts(con) if s == "marts"]
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
            print("  sample query:\n    " + sql.replace("\n", "\n    "))
            for row in con.execute(sql).fetchall():
                print("    " + " | ".join(_cell(v) for v in row))


def _fmt(counts: dict[str, int]) -> str:
    return ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "none"


def _cell(value: object) -> str:
    if isinstance(value, float) or type(value).__name__ == "Decimal":
        return f"{value:,.0f}"
    return str(value)


def _sources(args: argparse.Namespace) -> list[str]:
    wanted = [s.strip() for s in (args.sources or "sec").split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SOURCES]
    if unknown:
        raise CliError(f"unknown source(s): {', '.join(unknown)} (available: {', '.join(SOURCES)})")
    return wanted


def _tickers(raw: str | None) -> list[str] | None:
    if raw is None:
        return None
    tickers = [t.strip() for t in raw.split(",") if t.strip()]
    if not tickers:
        raise CliError("--tickers is empty")
    return tickers


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="finloom", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"finloom {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    common.add_argument(
        "--db", help="DuckDB file (default: $FINLOOM_DB or warehouse/finloom.duckdb)"
    )
    select = argparse.ArgumentParser(add_help=False)
    group = select.add_mutually_exclusive_group()
    group.add_argument("--tickers", help="comma-separated tickers, e.g. AAPL,TSLA")
    group.add_argument("--universe", choices=["mag7", "sp500"], help="a named set of companies")
    select.add_argument("--mirror", help="replay a mirror directory, or use a replay server URL")
    select.add_argument(
        "--workers", type=int, help="parallel company extractions (default: CPUs, 2 to 4)"
    )
    select.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    select.add_argument("--forms", help="filings source: forms to fetch (default 10-K,10-Q)")
    select.add_argument("--since", help="filings source: filed on or after YYYY-MM-DD")
    select.add_argument("--limit", type=int, help="filings source: latest N filings per company")
    select.add_argument(
        "--series", help="macro source: FRED series ids A,B (default: seeds/macro_series.csv)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", parents=[common, select], help="ingest sources, then dbt build")
    p.add_argument("--sources", default="sec", help="comma-separated: " + ",".join(SOURCES))
    p.add_argument("--no-build", action="store_true", help="skip dbt build")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("ingest", parents=[common, select], help="load one source, no dbt")
    p.add_argument("sources", metavar="SOURCE", help="one or more of: " + ",".join(SOURCES))
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser(
        "build",
        parents=[common],
        help="dbt build on the warehouse; other options go to dbt (e.g. --select x+)",
    )
    p.set_defaults(dbt_args=[])
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("demo", parents=[common], help="whole pipeline on the bundled demo data")
    p.add_argument("--quiet", action="store_true", help="only dbt errors and the summary")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("replay", parents=[common], help="serve a mirror directory over HTTP")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.set_defaults(handler=cmd_replay)

    p = sub.add_parser("status", parents=[common], help="row counts per table")
    p.set_defaults(handler=cmd_status)

    add_quality_parser(sub, [common])
    add_search_parser(sub, [common])
    add_export_parser(sub, [common])
    add_prune_parser(sub, [common])
    return parser


if __name__ == "__main__":
    sys.exit(main())
