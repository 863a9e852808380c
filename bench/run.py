"""FinLoom ingestion benchmark: N companies through SEC ingest + `dbt build`, plus the dict path.

Builds a temporary mirror of N companies (corpus company-facts files replicated under distinct CIKs,
or the demo mirror's generated files when the corpus is absent), serves it with the in-process
replay server and runs scenarios on one warehouse (bench/scenarios.py): `cold` (the real
`ingest_sec`, then the planned build, as `finloom run` does), `nochange` (the same again) and
`one-filing` (one company files a new 10-Q first). It prints throughput, peak RSS, where the cold
ingest time went and each scenario's time against cold; optionally it checks the incremental
build against a full refresh. Then it loads the company facts of the first M companies twice --
through the real Arrow resource and through a plain-dict resource -- and prints the ratio.

    .venv/bin/python bench/run.py [--companies N] [--dict-companies M] [--workers W]
                                  [--keep] [--skip-dbt] [--scenarios cold,nochange,one-filing]
                                  [--check-full-refresh | --no-check-full-refresh]

Figures only: nothing here passes or fails a build.
"""

from __future__ import annotations

import argparse
import faulthandler
import functools
import logging
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import env  # noqa: F401  (sets the environment before dlt is imported)
from measure import maxrss_mb
from phases import count_facts, replay, run_comparison, run_full_refresh_check, run_scenario
from report import print_report
from scenarios import (
    AUTO_CHECK_MAX_COMPANIES,
    SCENARIOS,
    ScenarioResult,
    parse_scenarios,
    wants_full_refresh_check,
)
from workload import build_workload

from ingestion.sources.sec.settings import sec_config

# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--companies", type=int, default=500, help="N companies (default 500)")
    ap.add_argument(
        "--dict-companies",
        type=int,
        default=20,
        help="M companies for the Arrow-vs-dict comparison (default 20; 0 skips it)",
    )
    ap.add_argument("--workers", type=int, default=None, help="fetch/parse threads")
    ap.add_argument("--keep", action="store_true", help="keep the workload and databases")
    ap.add_argument("--skip-dbt", action="store_true", help="ingest only")
    ap.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help="comma-separated, run in this order on one warehouse: cold (always runs: the others "
        "start from its warehouse), nochange, one-filing (default: all three)",
    )
    ap.add_argument(
        "--check-full-refresh",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="after the scenarios, `dbt build --full-refresh` a copy of the warehouse and compare "
        f"intermediate + marts (default: on with one-filing at N <= {AUTO_CHECK_MAX_COMPANIES})",
    )
    ap.add_argument(
        "--templates",
        choices=("auto", "corpus", "demo"),
        default="auto",
        help="template files: the shared corpus (auto: when present) or the demo mirror",
    )
    ap.add_argument(
        "--dict-formats",
        default="default,parquet",
        help="comma-separated loader file formats for the dict path: `default` (dlt's own "
        "choice for DuckDB), parquet (what the real pipeline uses), jsonl, insert_values",
    )
    ap.add_argument(
        "--profile-interval",
        type=float,
        default=0.005,
        help="sampling profiler interval in seconds (0 disables it)",
    )
    ap.add_argument(
        "--server",
        choices=("thread", "process"),
        default="thread",
        help="replay server in this process (default, shares the GIL) or in a child process",
    )
    ap.add_argument(
        "--switch-interval",
        type=float,
        default=None,
        help="sys.setswitchinterval for the run (CPython's default is 0.005 s), to test GIL "
        "hand-off latency",
    )
    ap.add_argument("--top", type=int, default=15, help="profile rows to print")
    ap.add_argument(
        "--watchdog",
        type=float,
        default=900,
        help="after this many seconds in one phase (workload, a scenario, the full-refresh check, "
        "the comparison) dump every thread's stack and exit (0: never)",
    )
    ap.add_argument("--tmp", type=Path, default=None, help="parent of the scratch directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="INFO logs of the pipeline")
    args = ap.parse_args(argv)
    if args.companies < 1 or args.dict_companies < 0:
        ap.error("--companies must be >= 1 and --dict-companies >= 0")
    if args.tmp is not None and not args.tmp.is_dir():
        ap.error(f"--tmp {args.tmp}: no such directory")
    try:
        args.scenario_names, args.scenario_note = parse_scenarios(args.scenarios)
    except ValueError as exc:
        ap.error(f"--scenarios: {exc}")
    args.full_refresh_check = wants_full_refresh_check(
        args.check_full_refresh, args.scenario_names, args.companies, args.skip_dbt
    )
    return args


class _Scratch:
    """A temporary directory removed at exit unless --keep."""

    def __init__(self, parent: Path | None, keep: bool) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="finloom-bench-", dir=parent))
        self.keep = keep

    def __enter__(self) -> Path:
        return self.path

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType
    ) -> None:
        if self.keep:
            print(f"kept: {self.path}", file=sys.stderr)
        else:
            shutil.rmtree(self.path, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 PID`: dump stacks
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)

    def watchdog() -> None:
        """(Re-)arm: a hung phase (e.g. a deadlock) leaves its stacks on stderr."""
        if args.watchdog > 0:
            faulthandler.dump_traceback_later(args.watchdog, exit=True)

    watchdog()
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s %(message)s",
    )
    workers = args.workers or sec_config().workers
    with _Scratch(args.tmp, args.keep) as scratch:
        say = functools.partial(print, file=sys.stderr, flush=True)
        say(f"bench: building a {args.companies}-company workload under {scratch} ...")
        work = build_workload(scratch / "mirror", args.companies, args.templates, scratch)
        db = scratch / "warehouse" / "bench.duckdb"
        if args.scenario_note:
            say(f"bench: {args.scenario_note}")
        results: list[ScenarioResult] = []
        with replay(work.root, args.server) as server:
            for name in args.scenario_names:
                say(f"bench: scenario {name}: ingest (workers={workers}) + planned build ...")
                watchdog()
                result, ingest_phase, build_phase = run_scenario(
                    name,
                    db,
                    work,
                    workers,
                    args.profile_interval,
                    server,
                    scratch,
                    build=not args.skip_dbt,
                )
                say(f"bench:   {result.plan}")
                if name == "cold":
                    ingest, build = ingest_phase, build_phase
                    facts = count_facts(db)
                results.append(result)
        peak_after_build = maxrss_mb()
        full_refresh = None
        if args.full_refresh_check:
            say("bench: dbt build --full-refresh on a copy of the warehouse, then compare ...")
            watchdog()
            full_refresh = run_full_refresh_check(db, scratch)
        cmp = None
        if args.dict_companies:
            m = min(args.dict_companies, args.companies)
            say(f"bench: Arrow vs dict path on {m} companies ...")
            watchdog()
            formats = [f.strip() for f in args.dict_formats.split(",") if f.strip()]
            cmp = run_comparison(work, m, workers, scratch, formats)
        print_report(
            args,
            work,
            workers,
            ingest,
            facts,
            build,
            peak_after_build,
            cmp,
            results,
            full_refresh,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
