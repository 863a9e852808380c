"""FinLoom ingestion benchmark: N companies through SEC ingest + `dbt build`, plus the dict path.

Builds a temporary mirror of N companies (corpus company-facts files replicated under distinct CIKs,
or the demo mirror's generated files when the corpus is absent), serves it with the in-process
replay server, runs the real `ingest_sec` and `run_dbt(["build"])`, and prints throughput, peak RSS
and where the ingest time went. Then it loads the company facts of the first M companies twice --
through the real Arrow resource and through a plain-dict resource -- and prints the ratio.

    .venv/bin/python bench/run.py [--companies N] [--dict-companies M] [--workers W]
                                  [--keep] [--skip-dbt]

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
from phases import count_facts, run_build, run_comparison, run_ingest
from report import print_report
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
        help="after this many seconds dump every thread's stack and exit (0: never)",
    )
    ap.add_argument("--tmp", type=Path, default=None, help="parent of the scratch directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="INFO logs of the pipeline")
    args = ap.parse_args(argv)
    if args.companies < 1 or args.dict_companies < 0:
        ap.error("--companies must be >= 1 and --dict-companies >= 0")
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
    if args.watchdog > 0:  # a hung run (e.g. a deadlock) leaves its stacks on stderr
        faulthandler.dump_traceback_later(args.watchdog, exit=True)
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
        say(f"bench: ingest (workers={workers}) ...")
        ingest = run_ingest(db, work, workers, args.profile_interval, args.server)
        facts = count_facts(db)
        build = None
        if not args.skip_dbt:
            say("bench: dbt build ...")
            build = run_build(db, scratch)
        peak_after_build = maxrss_mb()
        cmp = None
        if args.dict_companies:
            m = min(args.dict_companies, args.companies)
            say(f"bench: Arrow vs dict path on {m} companies ...")
            formats = [f.strip() for f in args.dict_formats.split(",") if f.strip()]
            cmp = run_comparison(work, m, workers, scratch, formats)
        print_report(args, work, workers, ingest, facts, build, peak_after_build, cmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
