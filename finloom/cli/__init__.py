"""`finloom` command line: demo, run, ingest, build, replay, status, quality, search, export, prune.

Every failure ends with one readable line on stderr (`finloom: error: …`) and a non-zero exit.
Each command lives in its own module; this one assembles the parser and maps failures to exits.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from finloom import __version__
from finloom.cli import export, health, prune, quality, replay, runs, search, serve, status
from finloom.cli.common import CliError
from finloom.cli.demo import cmd_demo
from finloom.cli.load import build, cmd_build, cmd_ingest, cmd_run
from finloom.loading import SOURCES
from ingestion.logs import configure_logging, new_run_id
from ingestion.runner import root_cause

__all__ = ["CliError", "build", "main"]

log = logging.getLogger("finloom")

#: A command module's `add_arguments` and its handler (`args`, run id → exit code).
Arguments = Callable[[argparse.ArgumentParser], None]
Handler = Callable[[argparse.Namespace, str], int]


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
    text = str(exc).strip()
    if not text:
        text = root_cause(exc)
    return text.splitlines()[0]


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

    commands: list[tuple[str, str, Arguments | None, Handler]] = [
        ("replay", replay.HELP, replay.add_arguments, replay.cmd_replay),
        ("status", status.HELP, status.add_arguments, status.cmd_status),
        ("runs", runs.HELP, runs.add_arguments, runs.cmd_runs),
        ("health", health.HELP, health.add_arguments, health.cmd_health),
        ("serve", serve.HELP, serve.add_arguments, serve.cmd_serve),
        ("quality", quality.HELP, quality.add_arguments, quality.cmd_quality),
        ("search", search.HELP, search.add_arguments, search.cmd_search),
        ("export", export.HELP, export.add_arguments, export.cmd_export),
        ("prune", prune.HELP, prune.add_arguments, prune.cmd_prune),
    ]
    for name, help_text, arguments, handler in commands:
        p = sub.add_parser(name, parents=[common], help=help_text)
        if arguments is not None:
            arguments(p)
        p.set_defaults(handler=handler)
    return parser
