"""`finloom` command line: demo, run, ingest, build, status, runs, health, serve, quality, search,
sql, export, report, docs, prune, replay.

Every failure ends with one readable line on stderr (`finloom: error: …`) and a non-zero exit:
0 ok, 1 failed, 2 usage, 3 completed with gaps or new source findings, 75 warehouse busy,
130 interrupted (finloom.cli.session). Each command lives in its own module; this one assembles
the parser.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from finloom import __version__
from finloom.cli import (
    docs,
    export,
    health,
    prune,
    quality,
    replay,
    report,
    runs,
    search,
    serve,
    sql,
    status,
)
from finloom.cli.common import CliError
from finloom.cli.demo import cmd_demo
from finloom.cli.load import build, cmd_build, cmd_ingest, cmd_run
from finloom.cli.session import WRITERS, Handler, run_command
from finloom.loading import KEYLESS_SOURCES, SOURCES
from finloom.paths import DEMO_DB, read_warehouse_path, warehouse_path
from ingestion.logs import configure_logging, new_run_id

__all__ = ["CliError", "build", "main"]

log = logging.getLogger("finloom")

#: A command module's `add_arguments`; its handler is a `session.Handler`.
Arguments = Callable[[argparse.ArgumentParser], None]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    # `finloom build` passes every option it does not know to dbt (`--select x`, `--vars …`)
    args, extra = parser.parse_known_args(argv)
    if extra:
        if args.command != "build":
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.dbt_args = extra
    run_id = new_run_id()
    configure_logging(run_id, level=_log_level(args.verbose, args.log_format), fmt=args.log_format)
    db = None
    if hasattr(args, "db"):  # every command but replay works on a warehouse
        db = _warehouse(args)
        args.db = str(db)  # every handler opens the warehouse named here
    argv = list(sys.argv[1:] if argv is None else argv)
    return run_command(args, args.handler, run_id, argv, db)


def _warehouse(args: argparse.Namespace) -> Path:
    """The warehouse the command works on; a read command says when it reads the demo's."""
    if args.command == "demo":
        return warehouse_path(args.db or DEMO_DB)
    if args.command in WRITERS:
        return warehouse_path(args.db)
    db = read_warehouse_path(args.db)  # readers, docs, health, serve
    if args.db is None and db != warehouse_path():
        print(
            f"finloom: reading the demo warehouse {db} (no {warehouse_path()} yet)", file=sys.stderr
        )
    return db


def _log_level(verbosity: int, fmt: str) -> str:
    """Log lines on stderr: warnings only by default (a line per stage and the summary say
    what happened), INFO with `-v` or for JSON logs (machines read those), DEBUG with `-vv`."""
    if verbosity >= 2:
        return "DEBUG"
    return "INFO" if verbosity == 1 or fmt == "json" else "WARNING"


def _wait_seconds(text: str) -> float:
    """`--wait` alone waits as long as it takes; `--wait 30` up to 30 seconds."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"expected seconds ≥ 0, got {text!r}")
    return seconds


def _add_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait",
        nargs="?",
        type=_wait_seconds,
        const=math.inf,
        metavar="SECONDS",
        help="when another command holds the warehouse, wait for it (default: exit 75 at once)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="finloom",
        description="FinLoom: public financial data loaded by dlt into DuckDB, modelled by dbt.",
        epilog="Start with `finloom demo`, then `finloom sql`, `finloom report`. Exit codes: 0 ok, "
        "1 failed, 2 usage, 3 completed with gaps or new source findings, 75 warehouse busy, "
        "130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"finloom {__version__}")
    logs = argparse.ArgumentParser(add_help=False)  # every command
    logs.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="more detail: -v streams dbt's output and info logs, -vv debug logs "
        "(default: a line per stage)",
    )
    logs.add_argument(
        "--log-format",
        choices=["kv", "json"],
        default="kv",
        help="log lines as key=value (default) or one JSON object per line",
    )
    common = argparse.ArgumentParser(add_help=False, parents=[logs])  # commands on a warehouse
    common.add_argument(
        "--db",
        help="DuckDB file (default: $FINLOOM_DB or warehouse/finloom.duckdb; commands that "
        "only read use warehouse/demo.duckdb while that is the only one)",
    )
    # commands that take the warehouse's lock (writers, readers, docs)
    locking = argparse.ArgumentParser(add_help=False, parents=[common])
    _add_wait(locking)
    demo = argparse.ArgumentParser(add_help=False, parents=[logs])  # its own warehouse
    demo.add_argument("--db", help="DuckDB file, made afresh (default: warehouse/demo.duckdb)")
    _add_wait(demo)
    writing = argparse.ArgumentParser(add_help=False)
    writing.add_argument(
        "--strict", action="store_true", help="exit 1 instead of 3 on gaps or new findings"
    )
    writing.add_argument(
        "--metrics-file",
        metavar="PATH",
        help="write the run's Prometheus metrics here (default: $FINLOOM_METRICS_DIR/finloom.prom)",
    )
    select = argparse.ArgumentParser(add_help=False)
    group = select.add_mutually_exclusive_group()
    group.add_argument("--tickers", help="comma-separated tickers, e.g. AAPL,TSLA")
    group.add_argument("--universe", choices=["mag7", "sp500"], help="a named set of companies")
    select.add_argument("--mirror", help="replay a mirror directory, or use a replay server URL")
    select.add_argument(
        "--workers", type=int, help="parallel company extractions (default: CPUs, 2 to 4)"
    )
    select.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bars (default: shown when stderr is a terminal)",
    )
    select.add_argument("--forms", help="filings source: forms to fetch (default 10-K,10-Q)")
    select.add_argument("--since", help="filings source: filed on or after YYYY-MM-DD")
    select.add_argument("--limit", type=int, help="filings source: latest N filings per company")
    select.add_argument(
        "--retry-missing",
        action="store_true",
        help="filings source: request documents known to be missing (404 before) again",
    )
    select.add_argument(
        "--series", help="macro source: FRED series ids A,B (default: seeds/macro_series.csv)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "run", parents=[locking, select, writing], help="ingest sources, then dbt build"
    )
    p.add_argument(
        "--sources",
        default=",".join(KEYLESS_SOURCES),
        help=f"comma-separated, run in this order (default: {','.join(KEYLESS_SOURCES)}: "
        "every source that needs no API key)",
    )
    p.add_argument("--no-build", action="store_true", help="skip dbt build")
    p.add_argument(
        "--build-all",
        action="store_true",
        help="build every model, not only those downstream of newly loaded data",
    )
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("ingest", parents=[locking, select, writing], help="load one source, no dbt")
    p.add_argument("sources", metavar="SOURCE", help="one or more of: " + ",".join(SOURCES))
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser(
        "build",
        parents=[locking, writing],
        help="dbt build on the warehouse; other options go to dbt (e.g. --select x+)",
    )
    p.set_defaults(dbt_args=[])
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser(
        "demo", parents=[demo, writing], help="whole pipeline on the bundled demo data"
    )
    p.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bars (default: shown when stderr is a terminal)",
    )
    p.set_defaults(handler=cmd_demo)

    commands: list[tuple[str, str, Arguments | None, Handler]] = [
        ("replay", replay.HELP, replay.add_arguments, replay.cmd_replay),
        ("status", status.HELP, status.add_arguments, status.cmd_status),
        ("runs", runs.HELP, runs.add_arguments, runs.cmd_runs),
        ("health", health.HELP, health.add_arguments, health.cmd_health),
        ("serve", serve.HELP, serve.add_arguments, serve.cmd_serve),
        ("quality", quality.HELP, quality.add_arguments, quality.cmd_quality),
        ("search", search.HELP, search.add_arguments, search.cmd_search),
        ("sql", sql.HELP, sql.add_arguments, sql.cmd_sql),
        ("export", export.HELP, export.add_arguments, export.cmd_export),
        ("report", report.HELP, report.add_arguments, report.cmd_report),
        ("docs", docs.HELP, docs.add_arguments, docs.cmd_docs),
        ("prune", prune.HELP, prune.add_arguments, prune.cmd_prune),
    ]
    for name, help_text, arguments, handler in commands:
        parents = {"replay": logs, "health": common, "serve": common}.get(name, locking)
        p = sub.add_parser(name, parents=[parents], help=help_text)
        if arguments is not None:
            arguments(p)
        p.set_defaults(handler=handler)
    return parser
