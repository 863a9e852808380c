"""`finloom prune`: arguments and the per-table report; the deleting is `finloom.ops.retention`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from finloom.cli.common import UsageError
from finloom.ops.retention import DATASETS, PrunePlan, prune
from finloom.paths import warehouse_path


def summary_lines(plan: PrunePlan, dry_run: bool) -> list[str]:
    """The per-table report both a dry run and a real run print."""
    head = "would delete" if dry_run else "deleted"
    mode = "dry run, " if dry_run else ""
    lines = [f"prune ({mode}as of {plan.as_of} UTC): rows dated before the cutoff go"]
    for dataset, days in plan.windows.items():
        if days is not None:
            cutoff = plan.as_of - timedelta(days=days)
            lines.append(f"  {dataset}: keep {days} days, cutoff {cutoff}")
    for t in plan.tables:
        span = f"dated {t.oldest} … {t.newest}" if t.rows else "none older than the cutoff"
        via = f" (children of pruned {t.parent} rows)" if t.parent else ""
        lines.append(
            f"  {t.relation:<32} {head} {t.rows:>9,}  keep {t.kept:>9,}  {span}  "
            f"cutoff {t.cutoff}{via}"
        )
    lines.extend(f"  note: {note}" for note in plan.notes)
    total = f"{plan.rows:,} rows"
    if dry_run:
        lines.append(f"dry run: {total} would go; nothing was changed")
    else:
        lines.append(f"deleted {total} in one transaction")
        if plan.rows:
            lines.append(
                "marts still include them until the next `finloom build`; dlt incremental "
                "state is unchanged (cursors are ahead), so they are not loaded again"
            )
    return lines


HELP = "delete raw rows older than each dataset's retention ([retention] config)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom prune`."""
    p.add_argument("--dry-run", action="store_true", help="show what would go; change nothing")
    p.add_argument(
        "--dataset",
        help=f"comma-separated, default all configured: {','.join(DATASETS)}",
    )
    p.add_argument("--as-of", help="count the window back from this date (YYYY-MM-DD, UTC today)")


def cmd_prune(args: argparse.Namespace, run_id: str) -> int:
    datasets = [d.strip() for d in (args.dataset or "").split(",") if d.strip()] or None
    unknown = [d for d in datasets or [] if d not in DATASETS]
    if unknown:
        raise UsageError(
            f"unknown dataset(s): {', '.join(unknown)} (available: {', '.join(DATASETS)})"
        )
    as_of = None
    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError(f"--as-of: expected YYYY-MM-DD, got {args.as_of!r}") from None
    plan = prune(warehouse_path(args.db), datasets, dry_run=args.dry_run, as_of=as_of)
    for line in summary_lines(plan, args.dry_run):
        print(line, file=sys.stdout)
    return 0
