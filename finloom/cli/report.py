"""`finloom report`: arguments and the summary line; the page is `finloom.serve.report`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finloom.cli.common import UsageError, split_list
from finloom.serve.report import DEFAULT_OUT, UnknownTickersError, write_report

HELP = "one self-contained HTML page of charts: prices, financials, quality, macro, news"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom report`."""
    p.add_argument(
        "--tickers", help="companies to chart, e.g. AAPL,TSLA (default: up to 10 of dim_company)"
    )
    p.add_argument(
        "--out",
        default=str(DEFAULT_OUT),
        metavar="FILE",
        help=f"the HTML file to write (default {DEFAULT_OUT}); it opens offline",
    )


def cmd_report(args: argparse.Namespace, run_id: str) -> int:
    """Write the report and print where it went; sections without data are noted on stderr."""
    tickers = split_list(args.tickers, "--tickers", " (e.g. --tickers AAPL,TSLA)")
    try:
        result = write_report(Path(args.db), Path(args.out), tickers)
    except UnknownTickersError as exc:
        raise UsageError(str(exc)) from exc
    for note in result.notes:
        print(f"note: {note[:1].lower()}{note[1:]}", file=sys.stderr)
    shown = ", ".join(result.companies) or "no companies"
    more = (
        f" (first {len(result.companies)} of {result.available}; --tickers picks others)"
        if tickers is None and result.available > len(result.companies)
        else ""
    )
    print(
        f"wrote {result.path} ({result.bytes / 2**20:.1f} MB, {result.figures} charts): "
        f"{shown}{more}"
    )
    print(f"open {result.path.resolve().as_uri()}")
    return 0
