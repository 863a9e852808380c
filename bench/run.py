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
import contextlib
import csv
import faulthandler
import functools
import hashlib
import io
import json
import logging
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any
from unittest import mock

# The local replay server answers as fast as it can: SEC's politeness budget (8 req/s by default)
# would turn a 500-company run (1,000+ requests) into a 2-minute sleep. Set before dlt resolves it.
RATE_ENV = "SOURCES__SEC__REQUESTS_PER_SECOND"
os.environ.setdefault(RATE_ENV, "1000")
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")  # offline machine: no telemetry
# As ingestion.runner sets it for its own runs; set here too so the comparison matches.
os.environ.setdefault("NORMALIZE__PARQUET_NORMALIZER__ADD_DLT_LOAD_ID", "true")

import dlt  # noqa: E402
import duckdb  # noqa: E402
import orjson  # noqa: E402
import psutil  # noqa: E402
import requests  # noqa: E402
from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials  # noqa: E402
from dlt.destinations.impl.duckdb.sql_client import DuckDbSqlClient  # noqa: E402

import ingestion.http.client as http_client  # noqa: E402
import ingestion.runner as finloom_config  # noqa: E402
import ingestion.sources.sec as sec_source_module  # noqa: E402
import ingestion.sources.sec.helpers as sec_helpers  # noqa: E402
from finloom.paths import PROJECT_ROOT  # noqa: E402
from finloom.transform import run_dbt  # noqa: E402
from ingestion.concurrency import map_unordered  # noqa: E402
from ingestion.http import HttpClient, HttpSettings  # noqa: E402
from ingestion.http.hosts import HostRateLimiter  # noqa: E402
from ingestion.pipelines.sec import ingest_sec, sec_endpoints  # noqa: E402
from ingestion.replay import ReplayServer  # noqa: E402
from ingestion.runner import pipelines_dir  # noqa: E402
from ingestion.selection import Company  # noqa: E402
from ingestion.sources.sec import SecEndpoints, SecRunReport  # noqa: E402
from ingestion.sources.sec.helpers import parse_cik, parse_company_facts  # noqa: E402
from ingestion.sources.sec.settings import sec_config  # noqa: E402

CORPUS_MIRROR = PROJECT_ROOT.parent / "shared" / "corpus" / "mirror"
DEMO_MIRROR = PROJECT_ROOT / "dev" / "demo" / "mirror"
FACTS_DIR = "data.sec.gov/api/xbrl/companyfacts"
SUBMISSIONS_DIR = "data.sec.gov/submissions"
TICKERS_DIR = "www.sec.gov/files"
CONSTITUENTS = "raw.githubusercontent.com/datasets/s-and-p-500-companies/main/data/constituents.csv"
FIRST_CIK = 8_000_000

TARGET_SECONDS = 30.0
TARGET_RSS_MB = 1024.0
TARGET_RATIO = 20.0


# --------------------------------------------------------------------------- workload


_CIK_FIELD = re.compile(rb'"cik"\s*:\s*("?)\d+\1')


@dataclass(frozen=True)
class FactsTemplate:
    """One company-facts file whose top-level `cik` can be rewritten at the byte level."""

    label: str
    body: bytes
    cik_start: int
    cik_end: int
    quoted: bool
    source_cik: int

    @classmethod
    def load(cls, path: Path) -> FactsTemplate:
        body = path.read_bytes()
        match = _CIK_FIELD.search(body, 0, 4096)
        facts_at = body.find(b'"facts"')
        if match is None or not 0 <= match.start() < facts_at:
            raise SystemExit(f"bench: no top-level cik before `facts` in {path}")
        head = orjson.loads(body)
        return cls(
            label=f"{head.get('entityName')} (CIK {parse_cik(head['cik'])})",
            body=body,
            cik_start=match.start(),
            cik_end=match.end(),
            quoted=bool(match.group(1)),
            source_cik=parse_cik(head["cik"]),
        )

    def render(self, cik: int) -> bytes:
        value = f'"{cik:010d}"' if self.quoted else str(cik)
        return b"".join(
            (self.body[: self.cik_start], f'"cik":{value}'.encode(), self.body[self.cik_end :])
        )


@dataclass(frozen=True)
class SubmissionsTemplate:
    """A submissions header (+ the overflow pages it lists that exist) rewritten per company."""

    label: str
    doc: dict[str, Any]
    pages: list[tuple[dict[str, Any], bytes | None]]  # None: listed, but not recorded (404)

    @classmethod
    def load(cls, path: Path) -> SubmissionsTemplate:
        doc = orjson.loads(path.read_bytes())
        pages = []
        for listing in doc.get("filings", {}).get("files") or []:
            # a listed page the corpus did not record stays listed: it answers 404 and the
            # loader reports a gap, as on the corpus itself (the reconciliation checks rely on it)
            page = path.parent / listing["name"]
            pages.append((listing, page.read_bytes() if page.is_file() else None))
        return cls(label=f"{doc.get('name')} (CIK {parse_cik(doc['cik'])})", doc=doc, pages=pages)

    def render(self, cik: int, ticker: str) -> dict[str, bytes]:
        """File name -> body: the header with this cik/ticker, and its pages renamed to match."""
        files = {}
        listings = []
        for number, (listing, body) in enumerate(self.pages, 1):
            name = f"CIK{cik:010d}-submissions-{number:03d}.json"
            listings.append({**listing, "name": name})
            if body is not None:
                files[name] = body
        doc = {
            **self.doc,
            "cik": f"{cik:010d}",
            "tickers": [ticker],
            "filings": {**self.doc["filings"], "files": listings},
        }
        files[f"CIK{cik:010d}.json"] = orjson.dumps(doc)
        return files


@dataclass
class Workload:
    root: Path
    templates_from: str
    companies: list[Company]
    facts_templates: list[FactsTemplate]
    submissions_for: dict[int, SubmissionsTemplate]
    expected_rows: int  # fact rows the Arrow parser yields for the whole workload
    rows_per_template: list[int]
    bytes_written: int
    seconds: float

    def expected_rows_for(self, companies: Sequence[Company]) -> int:
        index = {c.cik: i for i, c in enumerate(self.companies)}
        n = len(self.facts_templates)
        return sum(self.rows_per_template[index[c.cik] % n] for c in companies)


def template_mirror(kind: str, scratch: Path) -> tuple[str, Path]:
    """Template files: the shared corpus, else the demo mirror (generated if it is missing)."""
    if kind in ("auto", "corpus") and any((CORPUS_MIRROR / FACTS_DIR).glob("CIK*.json")):
        return "corpus", CORPUS_MIRROR
    if kind == "corpus":
        raise SystemExit(f"bench: no corpus company facts under {CORPUS_MIRROR / FACTS_DIR}")
    if any((DEMO_MIRROR / FACTS_DIR).glob("CIK*.json")):
        return "demo mirror (generated data)", DEMO_MIRROR
    out = scratch / "generated-mirror"
    cmd = [sys.executable, "-m", "dev.demo.generator", "--out", str(out), "--no-seed"]
    subprocess.run(cmd, check=True, cwd=PROJECT_ROOT)
    return "freshly generated demo data", out


def build_workload(root: Path, n: int, kind: str, scratch: Path) -> Workload:
    started = time.perf_counter()
    source, mirror = template_mirror(kind, scratch)
    subs_dir = mirror / SUBMISSIONS_DIR
    facts_templates = []
    for path in sorted((mirror / FACTS_DIR).glob("CIK*.json")):
        template = FactsTemplate.load(path)
        if (subs_dir / f"CIK{template.source_cik:010d}.json").is_file():
            facts_templates.append(template)
        else:  # its facts would cite filings no filing index lists: dbt's checks would fail
            print(f"bench: template {template.label} skipped: no submissions file", file=sys.stderr)
    if not facts_templates:
        raise SystemExit(f"bench: no template has both company facts and submissions ({mirror})")
    submissions_for = {
        t.source_cik: SubmissionsTemplate.load(subs_dir / f"CIK{t.source_cik:010d}.json")
        for t in facts_templates
    }

    # Verify the byte-level rewrite by parsing one copy of each template; count its rows.
    rows_per_template = []
    for t in facts_templates:
        probe_cik = FIRST_CIK - 1
        parsed = parse_company_facts(t.render(probe_cik), what=t.label)
        if parsed.cik != probe_cik:
            raise SystemExit(f"bench: cik rewrite failed for {t.label}: got {parsed.cik}")
        rows_per_template.append(parsed.facts.num_rows)

    width = max(4, len(str(n)))
    companies = [Company(cik=FIRST_CIK + i, ticker=f"B{i:0{width}d}") for i in range(1, n + 1)]
    for sub in (FACTS_DIR, SUBMISSIONS_DIR, TICKERS_DIR, str(Path(CONSTITUENTS).parent)):
        (root / sub).mkdir(parents=True, exist_ok=True)
    written = 0
    for i, company in enumerate(companies):
        template = facts_templates[i % len(facts_templates)]
        body = template.render(company.cik)
        (root / FACTS_DIR / f"CIK{company.cik:010d}.json").write_bytes(body)
        written += len(body)
        subs = submissions_for[template.source_cik]
        for name, body in subs.render(company.cik, company.ticker).items():
            (root / SUBMISSIONS_DIR / name).write_bytes(body)
            written += len(body)

    def title(c: Company) -> str:
        return f"Bench Company {c.ticker}"

    tickers = {
        str(i): {"cik_str": c.cik, "ticker": c.ticker, "title": title(c)}
        for i, c in enumerate(companies)
    }
    exchange = {
        "fields": ["cik", "name", "ticker", "exchange"],
        "data": [[c.cik, title(c), c.ticker, "Nasdaq"] for c in companies],
    }
    (root / TICKERS_DIR / "company_tickers.json").write_bytes(orjson.dumps(tickers))
    (root / TICKERS_DIR / "company_tickers_exchange.json").write_bytes(orjson.dumps(exchange))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "Symbol",
            "Security",
            "GICS Sector",
            "GICS Sub-Industry",
            "Headquarters Location",
            "Date added",
            "CIK",
            "Founded",
        ]
    )
    for c in companies:
        writer.writerow(
            [c.ticker, title(c), "Benchmarks", "Synthetic", "Nowhere", "2020-01-01", c.cik, "1999"]
        )
    (root / CONSTITUENTS).write_text(out.getvalue())

    n_t = len(facts_templates)
    return Workload(
        root=root,
        templates_from=source,
        companies=companies,
        facts_templates=facts_templates,
        submissions_for=submissions_for,
        expected_rows=sum(rows_per_template[i % n_t] for i in range(n)),
        rows_per_template=rows_per_template,
        bytes_written=written,
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------- measurement


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def maxrss_mb() -> float:
    """Peak RSS of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RssSampler:
    """Peak RSS within a block, sampled by a background thread (psutil), for one phase."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self.samples: list[tuple[float, float, float]] = []  # (epoch s, RSS MB, process CPU s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-rss", daemon=True)

    def _run(self) -> None:
        proc = psutil.Process()
        while not self._stop.wait(self.interval):
            mb = proc.memory_info().rss / 2**20
            cpu = proc.cpu_times()
            self.samples.append((time.time(), mb, cpu.user + cpu.system))
            self.peak_mb = max(self.peak_mb, mb)

    def peak_between(self, start: float, end: float) -> float:
        return max((mb for t, mb, _ in self.samples if start <= t <= end), default=0.0)

    def cpu_between(self, start: float, end: float) -> float:
        """Process CPU seconds (all threads) spent between two instants (sample resolution)."""
        inside = [cpu for t, _, cpu in self.samples if start <= t <= end]
        return inside[-1] - inside[0] if len(inside) > 1 else 0.0

    def __enter__(self) -> RssSampler:
        self.peak_mb = rss_mb()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, rss_mb())


class StageTimer:
    """Per named stage, summed over every thread that ran it: elapsed seconds (which include
    waiting for the GIL or a core) and the calling thread's CPU seconds."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.cpu: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.order: list[str] = []
        self._lock = threading.Lock()

    def add(self, name: str, seconds: float, cpu: float = 0.0) -> None:
        with self._lock:
            self.seconds[name] += seconds
            self.cpu[name] += cpu
            self.calls[name] += 1

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - started, time.thread_time() - cpu)

        return timed

    def wrap_map(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`map_unordered`, timing how long the consumer (dlt, main thread) waits per item."""

        @functools.wraps(fn)
        def timed(work: Callable[..., Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
            what = work.__qualname__.split(".")[0].strip("_").removesuffix("_resource")
            name = f"main thread waiting for {what} workers"
            items = fn(work, *args, **kwargs)
            while True:
                started = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    self.add(name, time.perf_counter() - started)
                    return
                self.add(name, time.perf_counter() - started)
                yield item

        return timed


class _TimedOrjson:
    """Stands in for the `orjson` module inside the HTTP client to time JSON decoding."""

    JSONDecodeError = orjson.JSONDecodeError

    def __init__(self, timer: StageTimer) -> None:
        self.loads = timer.wrap("JSON decode (orjson.loads, non-facts documents)", orjson.loads)

    def __getattr__(self, name: str) -> Any:
        return getattr(orjson, name)


def _sql_label(sql: Any) -> str:
    """`INSERT INTO "raw_sec_staging"."company_facts" …` style label of a (multi-)statement."""
    statements = [x for x in str(sql).split(";\n") if x.strip()]
    head = " ".join(re.sub(r"'[^']*'", "'…'", statements[0] if statements else "").split())
    label = " ".join(head.split()[:5])[:72]
    return label + (f" [+{len(statements) - 1} statements]" if len(statements) > 1 else "")


@contextlib.contextmanager
def instrumented(timer: StageTimer, sql_timer: StageTimer) -> Iterator[None]:
    """Wrap the pipeline's stages with timers (restored afterwards); the code is not changed."""
    sec = sec_source_module
    # Stages that exist in the code being measured (the parser changes; missing ones are skipped).
    patches = [
        (HostRateLimiter, "acquire", "rate limiter acquire"),
        (requests.Session, "get", "HTTP request + body read (requests)"),
        (http_client, "orjson", "JSON decode (orjson.loads, non-facts documents)"),
        (sec, "parse_company_facts", "parse_company_facts (total)"),
        (sec_helpers, "exact_values", "  of which exact_values (DECIMAL(38,10))"),
        (sec_helpers, "_with_fact_ids", "  of which fact_id md5 + cast (DuckDB)"),
        (sec, "parse_submissions", "parse_submissions"),
        (sec, "filings_table", "filings_table (overflow pages)"),
        (sec, "concat_tables", "concat_tables (filings)"),
    ]
    timer.order = [name for owner, attr, name in patches if hasattr(owner, attr)]
    with contextlib.ExitStack() as stack:
        for owner, attr, name in patches:
            if not hasattr(owner, attr) or attr == "orjson":
                continue
            wrapped = timer.wrap(name, getattr(owner, attr))
            stack.enter_context(mock.patch.object(owner, attr, wrapped))
        if hasattr(http_client, "orjson"):
            stack.enter_context(mock.patch.object(http_client, "orjson", _TimedOrjson(timer)))
        stack.enter_context(mock.patch.object(sec, "map_unordered", timer.wrap_map(map_unordered)))
        execute_sql = DuckDbSqlClient.execute_sql

        def timed_sql(self: Any, sql: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute_sql(self, sql, *args, **kwargs)
            finally:
                sql_timer.add(_sql_label(sql), time.perf_counter() - started)

        stack.enter_context(mock.patch.object(DuckDbSqlClient, "execute_sql", timed_sql))
        yield


_IDLE_TOPS = {
    ("threading.py", "wait"),
    ("threading.py", "_wait_for_tstate_lock"),
    ("threading.py", "join"),
    ("selectors.py", "select"),
    ("queue.py", "get"),
    ("socket.py", "accept"),
    ("thread.py", "_worker"),  # concurrent.futures worker blocked on its work queue
    ("_base.py", "wait"),
}
_SKIP_CUMULATIVE = {"threading.py", "runpy.py", "thread.py"}
_SERVER = "replay server handlers"


class ThreadCpu:
    """CPU seconds per thread group within a block, from the kernel's per-thread counters.

    Unlike elapsed thread-seconds this is exact on an oversubscribed machine. Threads that no
    Python `Thread` object names (DuckDB's and Arrow's own workers) are grouped as native.
    """

    NATIVE = "native threads (DuckDB, Arrow)"

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self._proc = psutil.Process()
        self._start: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._names: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-threadcpu", daemon=True)

    def _poll(self) -> None:
        for t in threading.enumerate():
            if t.native_id is not None:
                self._names[t.native_id] = t.name
        for t in self._proc.threads():
            self._last[t.id] = t.user_time + t.system_time

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._poll()

    def __enter__(self) -> ThreadCpu:
        self._poll()
        self._start = dict(self._last)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._poll()

    def by_group(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for tid, cpu in self._last.items():
            name = self._names.get(tid)
            group = _thread_group(name) if name else self.NATIVE
            out[group] += cpu - self._start.get(tid, 0.0)
        return out


class SamplingProfiler:
    """Samples every thread's Python stack at a fixed interval (cProfile sees one thread only).

    Samples whose innermost frame is a blocking wait (lock, queue, select) count as idle; the rest
    give thread-seconds per function (inclusive and self) and per thread group.
    """

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.cumulative: Counter[tuple[str, str]] = Counter()
        self.own: Counter[tuple[str, str]] = Counter()
        self.by_group: Counter[str] = Counter()
        self.idle = 0
        self.ticks = 0
        self._exclude: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-profiler", daemon=True)

    def exclude(self, thread: threading.Thread) -> None:
        if thread.ident is not None:
            self._exclude.add(thread.ident)

    def _run(self) -> None:
        me = threading.get_ident()
        while not self._stop.wait(self.interval):
            self.ticks += 1
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == me or ident in self._exclude:
                    continue
                self._sample(frame, names.get(ident, "?"))

    def _sample(self, frame: FrameType, thread_name: str) -> None:
        top = (Path(frame.f_code.co_filename).name, frame.f_code.co_name)
        group = _thread_group(thread_name)
        if top in _IDLE_TOPS or (top == ("socket.py", "readinto") and group == _SERVER):
            self.idle += 1  # a server handler in readinto waits for the next keep-alive request
            return
        self.by_group[group] += 1
        self.own[_label(frame)] += 1
        seen = set()
        f: FrameType | None = frame
        while f is not None:
            key = _label(f)
            if key not in seen and Path(f.f_code.co_filename).name not in _SKIP_CUMULATIVE:
                seen.add(key)
                self.cumulative[key] += 1
            f = f.f_back

    def __enter__(self) -> SamplingProfiler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _label(frame: FrameType) -> tuple[str, str]:
    path = frame.f_code.co_filename
    for prefix in ("site-packages/", "/lib/python3.11/"):
        if prefix in path:
            path = path.split(prefix, 1)[1]
            break
    else:
        with contextlib.suppress(ValueError):
            path = str(Path(path).relative_to(PROJECT_ROOT))
    return path, f"{frame.f_code.co_name}:{frame.f_code.co_firstlineno}"


def _thread_group(name: str) -> str:
    if "process_request_thread" in name:
        return _SERVER
    if name.startswith("finloom-replay"):
        return "replay server accept loop"
    if name.startswith("extract"):
        return "extract workers (fetch + parse)"
    return re.sub(r"\d+", "#", name)


# --------------------------------------------------------------------------- phases


@dataclass
class Phase:
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    ok: bool = True
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def dlt_steps(pipeline: dlt.Pipeline, rss: RssSampler) -> list[tuple[str, float, float, float]]:
    """(step, wall s, peak RSS MB, process CPU s) per step of the pipeline's last trace."""
    trace = pipeline.last_trace
    if trace is None:
        return []
    out = []
    for step in trace.steps:
        if step.finished_at is None:
            continue
        start, end = step.started_at.timestamp(), step.finished_at.timestamp()
        out.append(
            (step.step, end - start, rss.peak_between(start, end), rss.cpu_between(start, end))
        )
    return out


@contextlib.contextmanager
def replay(root: Path, mode: str) -> Iterator[str]:
    """The replay server's base URL: in this process (a thread), or in a child process."""
    if mode == "thread":
        with ReplayServer(root) as server:
            yield server.url
        return
    code = (
        "import sys; from ingestion.replay import ReplayServer; "
        "s = ReplayServer(sys.argv[1]); print(s.url, flush=True); s.serve_forever()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        yield child.stdout.readline().strip()
    finally:
        child.terminate()
        child.wait(timeout=10)


def run_ingest(
    db: Path, work: Workload, workers: int | None, profile_interval: float, server_mode: str
) -> Phase:
    timer = StageTimer()
    sql_timer = StageTimer()
    profiler = SamplingProfiler(profile_interval) if profile_interval > 0 else None
    phase = Phase()
    with (
        replay(work.root, server_mode) as url,
        RssSampler() as rss,
        ThreadCpu() as thread_cpu,
        instrumented(timer, sql_timer),
        profiler or contextlib.nullcontext(),
    ):
        if profiler is not None:
            profiler.exclude(rss._thread)
        started = time.perf_counter()
        report = ingest_sec(
            db,
            tickers=[c.ticker for c in work.companies],
            mirror=url,
            workers=workers,
            progress=True,
        )
        phase.seconds = time.perf_counter() - started
    phase.peak_rss_mb = rss.peak_mb
    pipeline = dlt.attach(pipeline_name="finloom_sec", pipelines_dir=str(pipelines_dir(db)))
    phase.details.update(
        report=report,
        timer=timer,
        sql_timer=sql_timer,
        thread_cpu=thread_cpu,
        profiler=profiler,
        steps=dlt_steps(pipeline, rss),
        rows=_row_counts(pipeline),
    )
    return phase


def _row_counts(pipeline: dlt.Pipeline) -> dict[str, int]:
    trace = pipeline.last_trace
    info = trace.last_normalize_info if trace is not None else None
    return dict(info.row_counts) if info is not None else {}


def count_facts(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("select count(*) from raw_sec.company_facts").fetchone()
    return int(row[0]) if row else 0


def run_build(db: Path, scratch: Path) -> Phase:
    phase = Phase()
    target = scratch / "dbt-target"  # not the repo's target/: other work may be using it
    args = ["build", "--target-path", str(target), "--log-path", str(scratch / "dbt-logs")]
    with RssSampler() as rss:
        started = time.perf_counter()
        try:
            outcome = run_dbt(args, db, quiet=True)
            phase.ok = outcome.success
            phase.details["counts"] = dict(outcome.counts)
            if not outcome.success:
                first = outcome.failures[:3] or ["dbt reported failure"]
                phase.note = "; ".join(first) + (
                    f" (+{len(outcome.failures) - 3} more)" if len(outcome.failures) > 3 else ""
                )
        except Exception as exc:  # report it and keep the ingest figures
            phase.ok = False
            phase.note = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        phase.seconds = time.perf_counter() - started
    phase.peak_rss_mb = rss.peak_mb
    results = target / "run_results.json"
    if results.is_file():
        data = json.loads(results.read_text())
        phase.details["elapsed"] = float(data.get("elapsed_time") or 0.0)
        nodes = sorted(
            ((r.get("execution_time") or 0.0, r["unique_id"]) for r in data.get("results", [])),
            reverse=True,
        )
        phase.details["slowest"] = nodes[:8]
    return phase


# --------------------------------------------------------------------------- dict path


FACT_COLUMNS: dict[str, Any] = {
    "fact_id": {"data_type": "text", "nullable": False},
    "cik": {"data_type": "bigint", "nullable": False},
    "taxonomy": {"data_type": "text", "nullable": False},
    "concept": {"data_type": "text", "nullable": False},
    "unit": {"data_type": "text", "nullable": False},
    "period_start": {"data_type": "date"},
    "period_end": {"data_type": "date", "nullable": False},
    "accession_number": {"data_type": "text", "nullable": False},
    "value": {"data_type": "decimal", "precision": 38, "scale": 10},
    "fy": {"data_type": "bigint"},
    "fp": {"data_type": "text"},
    "form": {"data_type": "text"},
    "filed": {"data_type": "date"},
    "frame": {"data_type": "text"},
}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def fact_dicts(doc: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Straight from the decoded JSON to one dict per fact (same columns and fact_id as Arrow)."""
    cik = parse_cik(doc["cik"])
    facts: list[dict[str, Any]] = []
    concepts: list[dict[str, Any]] = []
    for taxonomy, by_concept in (doc.get("facts") or {}).items():
        for concept, body in by_concept.items():
            concepts.append(
                {
                    "cik": cik,
                    "taxonomy": taxonomy,
                    "concept": concept,
                    "label": body.get("label"),
                    "description": body.get("description"),
                }
            )
            for unit, items in (body.get("units") or {}).items():
                for f in items:
                    start = f.get("start")
                    key = f"{cik}|{taxonomy}|{concept}|{unit}|{start or ''}|{f['end']}|{f['accn']}"
                    val = f["val"]
                    facts.append(
                        {
                            "fact_id": hashlib.md5(key.encode()).hexdigest(),
                            "cik": cik,
                            "taxonomy": taxonomy,
                            "concept": concept,
                            "unit": unit,
                            "period_start": _date(start),
                            "period_end": date.fromisoformat(f["end"]),
                            "accession_number": f["accn"],
                            "value": Decimal(repr(val) if isinstance(val, float) else val),
                            "fy": f.get("fy"),
                            "fp": f.get("fp"),
                            "form": f.get("form"),
                            "filed": _date(f.get("filed")),
                            "frame": f.get("frame"),
                        }
                    )
    seen: set[str] = set()
    unique = [f for f in facts if not (f["fact_id"] in seen or seen.add(f["fact_id"]))]
    return unique, concepts, len(facts) - len(unique)


def dict_facts_resource(
    companies: Sequence[Company], client: HttpClient, endpoints: SecEndpoints, workers: int
) -> Any:
    """The company-facts resource rebuilt on dicts: one list of fact dicts per company."""

    def fetch(company: Company) -> tuple[Any, ...]:
        doc = client.get_json(endpoints.company_facts_url(company.cik))
        facts, concepts, duplicates = fact_dicts(doc)
        return doc.get("entityName"), facts, concepts, duplicates

    def rows() -> Iterator[Any]:
        for company, (name, facts, concepts, duplicates) in map_unordered(
            fetch, companies, workers
        ):
            yield facts
            yield dlt.mark.with_table_name(concepts, "company_concepts")
            yield dlt.mark.with_table_name(
                {
                    "cik": company.cik,
                    "status": "loaded",
                    "entity_name": name,
                    "facts_in_file": len(facts),
                    "rows_loaded": len(facts),
                    "duplicate_keys": duplicates,
                },
                "company_facts_files",
            )

    res = dlt.resource(
        rows,
        name="company_facts",
        write_disposition=FACTS_DISPOSITION,
        primary_key="fact_id",
        max_table_nesting=0,
    )
    res.apply_hints(
        table_name="company_concepts",
        primary_key=["cik", "taxonomy", "concept"],
        write_disposition="merge",
        create_table_variant=True,
    )
    res.apply_hints(
        table_name="company_facts_files",
        primary_key="cik",
        write_disposition="merge",
        columns={"entity_name": {"data_type": "text"}},
        create_table_variant=True,
    )
    res.apply_hints(columns=FACT_COLUMNS)  # after the variants, which would copy these columns
    return res


#: The company-facts write disposition of the real resource (a deduplicated-stage merge since
#: 4b0e616), so both paths load the same way.
FACTS_DISPOSITION: Any = getattr(sec_source_module, "DEDUPLICATED_MERGE", "merge")


def duckdb_destination(db: Path) -> Any:
    """A DuckDB destination configured as `ingestion.runner` configures its own."""
    memory_limit = getattr(finloom_config, "duckdb_memory_limit", None)
    if memory_limit is None:
        return dlt.destinations.duckdb(str(db))
    credentials = DuckDbCredentials(str(db), global_config={"memory_limit": memory_limit()})
    return dlt.destinations.duckdb(credentials)


def run_facts_only(
    label: str,
    make_resource: Callable[[HttpClient, SecEndpoints], Any],
    server_url: str,
    db: Path,
    scratch: Path,
    file_format: str | None,
) -> Phase:
    """One dlt run of a company-facts resource into its own DuckDB; wall time from fetch to load."""
    config = sec_config()
    settings = HttpSettings(requests_per_second=config.requests_per_second)
    phase = Phase()
    pipeline = dlt.pipeline(
        pipeline_name=f"bench_{label}",
        destination=duckdb_destination(db),
        dataset_name="raw_sec",
        pipelines_dir=str(scratch / "dlt-pipelines"),
    )
    with HttpClient(settings) as client, RssSampler() as rss:
        res = make_resource(client, sec_endpoints(config, server_url))
        started = time.perf_counter()
        if file_format:
            pipeline.run(res, loader_file_format=file_format)
        else:
            pipeline.run(res)
        phase.seconds = time.perf_counter() - started
    phase.peak_rss_mb = rss.peak_mb
    phase.details["steps"] = dlt_steps(pipeline, rss)
    phase.details["facts"] = count_facts(db)
    return phase


#: What dlt writes for DuckDB when no loader_file_format is given.
DEFAULT_FORMAT = dlt.destinations.duckdb().capabilities().preferred_loader_file_format


def compare_rows(arrow_db: Path, dict_db: Path) -> tuple[int, int]:
    """(rows in the Arrow DB, rows whose every column matches a dict-path row by fact_id)."""
    cols = ", ".join(c for c in FACT_COLUMNS if c != "fact_id")
    with duckdb.connect(str(arrow_db), read_only=True) as con:
        con.execute(f"attach '{dict_db}' as d (read_only)")
        total = con.execute("select count(*) from raw_sec.company_facts").fetchone()
        same = con.execute(
            f"""
            select count(*) from (
                select fact_id, {cols} from raw_sec.company_facts
                intersect
                select fact_id, {cols} from d.raw_sec.company_facts
            )
            """
        ).fetchone()
    return int(total[0]) if total else 0, int(same[0]) if same else 0


def run_comparison(
    work: Workload, m: int, workers: int, scratch: Path, formats: Sequence[str]
) -> dict[str, Any]:
    """The real Arrow resource, then the dict resource once per loader file format."""
    companies = work.companies[:m]
    arrow_db = scratch / "compare_arrow.duckdb"
    runs: dict[str, Phase] = {}
    with ReplayServer(work.root) as server:
        runs["arrow (real resource, parquet)"] = run_facts_only(
            "arrow",
            lambda client, ep: sec_source_module._company_facts_resource(
                companies, client, ep, SecRunReport(), workers, False
            ),
            server.url,
            arrow_db,
            scratch,
            "parquet",
        )
        for fmt in formats:
            dict_db = scratch / f"compare_dict_{fmt}.duckdb"
            phase = run_facts_only(
                f"dict_{fmt}",
                lambda client, ep: dict_facts_resource(companies, client, ep, workers),
                server.url,
                dict_db,
                scratch,
                None if fmt == "default" else fmt,
            )
            phase.details["rows"] = compare_rows(arrow_db, dict_db)
            shown = f"{DEFAULT_FORMAT} = dlt default" if fmt == "default" else fmt
            runs[f"dict ({shown})"] = phase
    return {"m": m, "runs": runs}


# --------------------------------------------------------------------------- report


def code_version() -> str:
    """`git describe --always --dirty` of the repository, so figures can be tied to code."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def _fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def _status(ok: bool | None) -> str:
    return "" if ok is None else ("met" if ok else "NOT MET")


def print_report(
    args: argparse.Namespace,
    work: Workload,
    workers: int,
    ingest: Phase,
    facts: int,
    build: Phase | None,
    peak_after_build: float,
    cmp: dict[str, Any] | None,
) -> None:
    p = functools.partial(print, flush=True)
    total = ingest.seconds + (build.seconds if build else 0.0)
    n = len(work.companies)
    p()
    p(
        f"FinLoom ingestion benchmark  N={n} companies  workers={workers}  CPUs={os.cpu_count()}"
        f"  code {code_version()}"
    )
    p(
        f"  templates: {work.templates_from}, rotated: "
        + "; ".join(
            f"{t.label} {rows:,} rows"
            for t, rows in zip(work.facts_templates, work.rows_per_template, strict=True)
        )
    )
    p(
        f"  workload: {work.bytes_written / 2**20:,.0f} MB written in {work.seconds:.1f} s "
        f"under {work.root}"
    )
    p(
        f"  {RATE_ENV}={os.environ[RATE_ENV]}: SEC's default 8 req/s is politeness toward the real "
        f"host and would dominate ({2 * n + 3}+ requests = {(2 * n + 3) / 8:.0f}+ s)."
    )
    where = {
        "thread": "in this process (shares its CPU and GIL)",
        "process": "in a child process (shares the CPUs only)",
    }
    p(
        f"  replay server: {where[args.server]}; GIL switch interval "
        f"{sys.getswitchinterval() * 1000:g} ms"
    )
    if facts != work.expected_rows:
        p(f"  WARNING: raw_sec.company_facts has {facts:,} rows, expected {work.expected_rows:,}")
    p()
    rows: list[tuple[str, str, str, str]] = [
        ("companies", f"{n:,}", "", ""),
        ("facts (raw_sec.company_facts)", f"{facts:,}", "", ""),
        ("ingest s (fetch+parse+dlt)", _fmt(ingest.seconds), "", ""),
    ]
    if build is None:
        rows.append(("dbt build s", "skipped", "", ""))
    else:
        rows.append(
            ("dbt build s", _fmt(build.seconds) + ("" if build.ok else " (FAILED)"), "", "")
        )
    within = total <= TARGET_SECONDS if build is not None and build.ok else None
    rows += [
        ("ingest + build s", _fmt(total), f"<= {TARGET_SECONDS:.0f} s", _status(within)),
        ("companies/min (ingest)", _fmt(n / ingest.seconds * 60, 0), "", ""),
        ("companies/min (ingest + build)", _fmt(n / total * 60, 0), "", ""),
        ("facts/s (ingest)", _fmt(facts / ingest.seconds, 0), "", ""),
        ("facts/s (ingest + build)", _fmt(facts / total, 0), "", ""),
        ("peak RSS MB, ingest (psutil)", _fmt(ingest.peak_rss_mb, 0), "", ""),
    ]
    if build is not None:
        rows.append(("peak RSS MB, dbt build (psutil)", _fmt(build.peak_rss_mb, 0), "", ""))
    rows.append(
        (
            "peak RSS MB, overall (ru_maxrss)",
            _fmt(peak_after_build, 0),
            f"<= {TARGET_RSS_MB:.0f} MB",
            _status(peak_after_build <= TARGET_RSS_MB),
        )
    )
    if cmp is not None:
        m = cmp["m"]
        rates = {k: v.details["facts"] / v.seconds for k, v in cmp["runs"].items()}
        arrow_label, *dict_labels = rates
        rows.append((f"facts/s M={m}: {arrow_label}", _fmt(rates[arrow_label], 0), "", ""))
        for label in dict_labels:
            ratio = rates[arrow_label] / rates[label]
            rows += [
                (f"facts/s M={m}: {label}", _fmt(rates[label], 0), "", ""),
                (
                    f"  arrow / {label.split(' ', 1)[1]}",
                    f"{ratio:.1f}x",
                    f">= {TARGET_RATIO:.0f}x",
                    _status(ratio >= TARGET_RATIO),
                ),
            ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    p(f"  {'metric':<{widths[0]}}  {'value':>{widths[1]}}  {'target':<{widths[2]}}  status")
    for r in rows:
        p(f"  {r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip())
    if build is not None and not build.ok:
        p(f"  dbt build failed: {build.note}")
    if build is not None and build.details.get("counts"):
        counts = ", ".join(f"{k}={v}" for k, v in sorted(build.details["counts"].items()))
        p(f"  dbt nodes: {counts}")

    print_breakdown(ingest, build, args.top)
    if cmp is not None:
        print_comparison(cmp)


def print_breakdown(ingest: Phase, build: Phase | None, top: int) -> None:
    p = functools.partial(print, flush=True)
    p()
    p(f"Ingest time breakdown (wall {ingest.seconds:.1f} s)")
    p("  dlt steps: wall, peak RSS, process CPU (all threads) and cores busy on average:")
    for step, seconds, peak, cpu in ingest.details["steps"]:
        busy = cpu / seconds if seconds else 0.0
        p(f"    {step:<10} {seconds:7.2f} s  {peak:7,.0f} MB  {cpu:7.2f} CPU-s  {busy:4.2f} cores")
    rows = ingest.details.get("rows") or {}
    if rows:
        p("  rows normalized: " + ", ".join(f"{k}={v:,}" for k, v in sorted(rows.items())))
    timer: StageTimer = ingest.details["timer"]
    p(
        "  instrumented stages, summed over threads (elapsed includes waits for the GIL/a core; "
        "CPU is the calling thread's):"
    )
    p(f"    {'stage':<52} {'elapsed':>9} {'CPU':>9} {'calls':>7}")
    names = [n for n in timer.order if n in timer.seconds]
    names += sorted(n for n in timer.seconds if n not in names)
    for name in names:
        p(
            f"    {name:<52} {timer.seconds[name]:8.2f}s {timer.cpu[name]:8.2f}s "
            f"{timer.calls[name]:>7,}"
        )
    thread_cpu: ThreadCpu = ingest.details["thread_cpu"]
    groups = thread_cpu.by_group()
    p(f"  CPU seconds by thread group (kernel counters; {sum(groups.values()):.1f} CPU-s in all):")
    for group, cpu in groups.most_common():
        if cpu >= 0.05:
            p(f"    {group:<52} {cpu:8.2f} s")
    sql_timer: StageTimer = ingest.details["sql_timer"]
    if sql_timer.seconds:
        total = sum(sql_timer.seconds.values())
        p(f"  DuckDB statements run by dlt (load step, {total:.2f} s summed over loader threads):")
        ranked = sorted(sql_timer.seconds.items(), key=lambda kv: -kv[1])
        for name, seconds in ranked[:8]:
            p(f"    {seconds:7.2f} s  {sql_timer.calls[name]:>4} x  {name}")
    report: SecRunReport = ingest.details["report"]
    if report.gaps:
        p(f"  gaps: {len(report.gaps)} (first: {report.gaps[0]})")
    profiler: SamplingProfiler | None = ingest.details.get("profiler")
    if profiler is not None and profiler.ticks:
        scale = ingest.seconds / profiler.ticks  # seconds per tick (actual sampling rate)
        p(
            f"  sampling profile: {profiler.ticks:,} ticks of ~{scale * 1000:.1f} ms over all "
            "threads (blocking waits excluded; a sample counts while its thread waits for the GIL "
            "or a core, so read it as elapsed thread-seconds, not CPU)"
        )
        p(f"    top {top} functions by inclusive thread-seconds:")
        for (path, func), count in profiler.cumulative.most_common(top):
            p(f"      {count * scale:7.2f} s  {func:<38} {path}")
        p(f"    top {top} functions by self thread-seconds (C calls count in their caller):")
        for (path, func), count in profiler.own.most_common(top):
            p(f"      {count * scale:7.2f} s  {func:<38} {path}")
    if build is not None and build.details.get("slowest"):
        p()
        elapsed = build.details.get("elapsed", 0.0)
        p(
            f"dbt build: wall {build.seconds:.1f} s, nodes {elapsed:.1f} s "
            f"(the rest is dbt start-up + full parse); slowest nodes:"
        )
        for seconds, uid in build.details["slowest"]:
            p(f"    {seconds:7.2f} s  {uid}")


def print_comparison(cmp: dict[str, Any]) -> None:
    p = functools.partial(print, flush=True)
    p()
    p(
        f"Arrow vs dict path on the same {cmp['m']} companies (company_facts resource only; fetch "
        "from the replay server + parse + dlt extract/normalize/load into its own DuckDB)"
    )
    p(
        "  dict path: dicts built straight from the orjson-decoded JSON (same columns, types and "
        "md5 fact_id), one list per company, dlt's default relational normalizer"
    )
    p(f"  both: primary key fact_id, write disposition {FACTS_DISPOSITION}, same DuckDB settings")
    for label, phase in cmp["runs"].items():
        steps = "  ".join(f"{s} {t:.2f}s" for s, t, *_ in phase.details["steps"] if s != "run")
        p(
            f"  {label:<34} {phase.details['facts']:>9,} facts {phase.seconds:7.2f} s "
            f"{phase.details['facts'] / phase.seconds:>9,.0f} facts/s  "
            f"peak RSS {phase.peak_rss_mb:,.0f} MB  [{steps}]"
        )
        if "rows" in phase.details:
            total, same = phase.details["rows"]
            verdict = "identical to arrow" if same == total else "DIFFERENT from arrow"
            p(f"  {'':<34} rows {verdict} ({same:,} of {total:,} match on every column)")


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
