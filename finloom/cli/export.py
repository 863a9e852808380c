"""`finloom export`: arguments and the summary line; the writing is `finloom.serve.export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finloom.paths import warehouse_path
from finloom.serve.export import FORMATS, GRAINS, export_mart

HELP = "write a mart to Parquet (hive-partitioned by date if asked), CSV or JSON"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom export`."""
    p.add_argument("mart", help="a table of schema marts, e.g. fct_daily_prices")
    p.add_argument("--format", choices=FORMATS, default="parquet", help="default parquet")
    p.add_argument("--out", required=True, help="output directory (created; must be empty)")
    p.add_argument(
        "--partition-by",
        metavar="DATE_COLUMN",
        help="parquet only: hive directories COL_year=YYYY/COL_month=M from this date column",
    )
    p.add_argument(
        "--partition-grain",
        choices=GRAINS,
        default="month",
        help="with --partition-by: year/month directories (default) or year only",
    )
    p.add_argument("--overwrite", action="store_true", help="replace a non-empty --out")


def cmd_export(args: argparse.Namespace, run_id: str) -> int:
    """Export the mart and print one summary line (stdout) with where it went."""
    result = export_mart(
        warehouse_path(args.db),
        args.mart,
        args.format,
        Path(args.out),
        partition_by=args.partition_by,
        partition_grain=args.partition_grain,
        overwrite=args.overwrite,
    )
    layout = (
        f", partitioned by {result.partition_by} ({result.partition_grain})"
        if result.partition_by
        else ""
    )
    print(
        f"exported {result.mart}: {result.rows:,} rows as {result.format}{layout} "
        f"in {len(result.files)} file(s) to {result.out}"
    )
    if result.rows == 0:
        print(f"note: {result.mart} is empty; the export holds its columns only", file=sys.stderr)
    return 0
