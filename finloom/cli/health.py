"""`finloom health`: the liveness, readiness and upstream checks of `finloom.ops.health`, once."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from finloom.ops.health import Check, HealthReport, health
from finloom.paths import warehouse_path
from ingestion.runner import mirror_base

HELP = (
    "liveness, readiness and upstream checks; exit 0 when live and ready (upstream hosts "
    "reachable unless --no-upstream), else 1"
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom health`."""
    p.add_argument("--json", action="store_true", help="print the checks as one JSON object")
    p.add_argument(
        "--mirror",
        metavar="URL_OR_DIR",
        help="check this replay server (a URL, or a mirror directory served on a loopback "
        "port) instead of the real upstream hosts",
    )
    p.add_argument("--no-upstream", action="store_true", help="skip the upstream host checks")


def cmd_health(args: argparse.Namespace, run_id: str) -> int:
    """Print every check; exit 0 when the warehouse is live and ready, 1 otherwise."""
    db = warehouse_path(args.db)
    report = check(db, mirror=args.mirror, check_upstream=not args.no_upstream)
    if args.json:
        print(json.dumps({"warehouse": str(db), **report.as_json()}, indent=2))
    else:
        print("\n".join(format_report(db, report)))
    return 0 if report.is_live and report.is_ready else 1


def check(db: Path, *, mirror: str | None, check_upstream: bool) -> HealthReport:
    """The report; a mirror directory is served for the duration of the upstream check."""
    if not check_upstream:
        return health(db, check_upstream=False)
    with mirror_base(mirror) as base:
        return health(db, mirror=base, check_upstream=True)


def format_report(db: Path, report: HealthReport) -> list[str]:
    """One line per check (probe, ok/fail, name, the detail's first line), then the verdict."""
    rows: list[tuple[str, Check]] = [
        *(("live", c) for c in report.live),
        *(("ready", c) for c in report.ready),
        *(("upstream", c) for c in report.upstream),
    ]
    lines = [f"warehouse {db}"]
    lines += _rows(rows)
    if not report.is_live:
        lines.append("readiness not checked: the warehouse is not live")
    verdict = "ready" if report.is_ready else "live, not ready" if report.is_live else "not live"
    lines.append(f"health: {verdict}")
    return lines


def _rows(rows: Sequence[tuple[str, Check]]) -> list[str]:
    probe_w = max((len(p) for p, _ in rows), default=0)
    name_w = max((len(c.name) for _, c in rows), default=0)
    return [
        f"  {probe:<{probe_w}}  {'ok' if c.ok else 'fail':<4}  {c.name:<{name_w}}  "
        + (c.detail.strip().splitlines() or [""])[0]
        for probe, c in rows
    ]
