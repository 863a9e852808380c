"""`finloom sql`: arguments, printing and the interactive shell; running and formatting the
query is `finloom.serve.sql`.

With a QUERY, or SQL piped on stdin (`finloom sql < report.sql`), the last statement's result is
printed as a table, CSV or JSON. With neither (stdin a terminal), the DuckDB shell opens on the
warehouse, read-only; finloom holds the warehouse's shared lock while it runs, so a writer waits
for it (or exits 75) as it would for any reader; finloom exits with the shell's code (DuckDB's
shell exits 1 when a statement of the session failed). Piped SQL is run by finloom rather than
handed to the shell so that `--format` and `--max-rows` mean the same with a pipe as with a QUERY.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

from finloom.cli.common import UsageError
from finloom.paths import warehouse_path
from finloom.serve.sql import (
    DEFAULT_TABLE_ROWS,
    QueryResult,
    format_table,
    run_query,
    shell_argv,
    write_csv,
    write_json,
)

HELP = "run SQL on the warehouse, read-only: print a query's result, or open a DuckDB shell"
FORMATS = ("table", "csv", "json")
EXAMPLE = 'finloom sql "select * from marts.dim_company"'


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom sql`."""
    p.add_argument(
        "query",
        nargs="?",
        metavar="QUERY",
        help='SQL to run, e.g. "select ticker, name from marts.dim_company"; of several '
        "statements the last one's result is printed (default: read the SQL from stdin when it "
        "is piped, else open an interactive DuckDB shell, read-only)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="table (default): aligned, thousands separators (not in year and id columns), "
        "DECIMALs without needless trailing zeros, NULL shown as NULL; csv: RFC 4180, exact "
        "values, NULL an empty field; json: an array of objects, DECIMAL and HUGEINT values as "
        "strings of every digit",
    )
    p.add_argument(
        "--max-rows",
        type=int,
        metavar="N",
        help=f"print at most N rows, 0 for all (default: {DEFAULT_TABLE_ROWS} for table, "
        "all for csv and json)",
    )


def cmd_sql(args: argparse.Namespace, run_id: str) -> int:
    """Print the query's result, or run the interactive shell; exit 1 when DuckDB rejects the
    query (its message and the query on one line)."""
    if args.max_rows is not None and args.max_rows < 0:
        raise UsageError(f"--max-rows: expected 0 (all rows) or more, got {args.max_rows}")
    db = warehouse_path(args.db)
    query = args.query
    if query is None:
        if sys.stdin.isatty():
            return _shell(db, args)
        query = sys.stdin.read()
    if not query.strip():
        raise UsageError(f"empty query: give the SQL to run, e.g. `{EXAMPLE}`")
    fmt = args.format or "table"
    limit = args.max_rows if args.max_rows is not None else _default_rows(fmt)
    result = run_query(db, query, max_rows=limit or None)
    try:
        _print(result, fmt)
    except BrokenPipeError:  # `finloom sql … | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def _default_rows(fmt: str) -> int | None:
    return DEFAULT_TABLE_ROWS if fmt == "table" else None


def _print(result: QueryResult, fmt: str) -> None:
    if fmt == "csv":
        write_csv(result, sys.stdout)
    elif fmt == "json":
        write_json(result, sys.stdout)
    else:
        for line in format_table(result):
            print(line)
        return
    sys.stdout.flush()
    if result.more:
        print(
            f"finloom: printed the first {len(result.rows):,} rows; {result.more:,} more "
            "not printed (--max-rows 0 prints all)",
            file=sys.stderr,
        )


def _shell(db: Path, args: argparse.Namespace) -> int:
    """The DuckDB shell on `db`, read-only, on this terminal; its exit code."""
    options = (("--format", args.format), ("--max-rows", args.max_rows))
    given = [name for name, value in options if value is not None]
    if given:
        raise UsageError(
            f"{' and '.join(given)}: only with a QUERY or piped SQL (in the shell: `.mode`, "
            "`.maxrows`)"
        )
    argv = shell_argv(db)
    print(
        f"finloom: DuckDB shell on {db}, read-only (.help for help, .quit or Ctrl-D to leave)",
        file=sys.stderr,
    )
    # Ctrl-C belongs to the shell (it cancels the query or the line being typed); this process
    # waits it out. A Python handler, not SIG_IGN, so the shell starts with the default action.
    previous = signal.signal(signal.SIGINT, _ignore)
    try:
        code = subprocess.run(argv, check=False).returncode
    finally:
        signal.signal(signal.SIGINT, previous)
    return code if code >= 0 else 128 - code


def _ignore(signum: int, frame: FrameType | None) -> None:
    """SIGINT while the shell runs: the shell handles it."""
