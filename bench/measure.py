"""Bench measurement: RSS sampling, stage timers (via ingestion.timing), thread CPU, a profiler."""

from __future__ import annotations

import contextlib
import gc
import re
import resource
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any
from unittest import mock

import psutil
from dlt.destinations.impl.duckdb.sql_client import DuckDbSqlClient

from finloom.paths import PROJECT_ROOT
from ingestion import timing

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
        self.start_mb = 0.0  # RSS when the phase began: what earlier phases left resident
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
        self.peak_mb = self.start_mb = rss_mb()
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

    def missing(self, expected: Sequence[str]) -> list[str]:
        """The expected stage labels that no call recorded."""
        return [name for name in expected if name not in self.calls]


#: Stage names the ingestion code records (`ingestion.timing`) → the label the report prints, in
#: report order. Every one must be recorded by an ingest, or the bench stops: a stage renamed or
#: removed in the code fails here instead of vanishing from the figures.
STAGES = {
    "http.rate_limiter_acquire": "rate limiter acquire",
    "http.request": "HTTP request + body read (requests)",
    "http.json_decode": "JSON decode (orjson.loads, non-facts documents)",
    "sec.content_hash": "content_hash (sha256 of facts/submissions bodies)",
    "sec.parse_company_facts": "parse_company_facts (total)",
    "sec.parse_submissions": "parse_submissions",
    # decorated at its definition: counts the recent-filings call inside parse_submissions too
    "sec.filings_table": "filings_table (recent + overflow pages)",
    "sec.concat_tables": "concat_tables (filings)",
    "sec.submissions.wait": "main thread waiting for submissions workers",
    "sec.company_facts.wait": "main thread waiting for company_facts workers",
}


class _Labelled:
    """The collector registered with `ingestion.timing`: stage names become report labels."""

    def __init__(self, timer: StageTimer) -> None:
        self.timer = timer

    def add(self, name: str, seconds: float, cpu: float) -> None:
        self.timer.add(STAGES.get(name, name), seconds, cpu)


def _sql_label(sql: Any) -> str:
    """`INSERT INTO "raw_sec_staging"."company_facts" …` style label of a (multi-)statement."""
    statements = [x for x in str(sql).split(";\n") if x.strip()]
    head = " ".join(re.sub(r"'[^']*'", "'…'", statements[0] if statements else "").split())
    label = " ".join(head.split()[:5])[:72]
    return label + (f" [+{len(statements) - 1} statements]" if len(statements) > 1 else "")


@contextlib.contextmanager
def instrumented(
    timer: StageTimer, sql_timer: StageTimer, require_stages: bool = True
) -> Iterator[None]:
    """Collect the pipeline's stage timings (`ingestion.timing` hooks) into `timer`, and time
    dlt's DuckDB statements into `sql_timer`; with `require_stages`, raise if an expected stage
    was not recorded (a rerun that fetches only unchanged files parses nothing: no check)."""
    timer.order = list(STAGES.values())
    execute_sql = DuckDbSqlClient.execute_sql  # dlt's method: AttributeError if dlt renames it

    def timed_sql(self: Any, sql: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute_sql(self, sql, *args, **kwargs)
        finally:
            sql_timer.add(_sql_label(sql), time.perf_counter() - started)

    with (
        timing.collecting(_Labelled(timer)),
        mock.patch.object(DuckDbSqlClient, "execute_sql", timed_sql),
    ):
        yield
    missing = timer.missing(list(STAGES.values())) if require_stages else []
    if missing:
        raise RuntimeError(
            "bench: stage(s) not recorded by the ingest: "
            + ", ".join(k for k, v in STAGES.items() if v in missing)
            + " (renamed or removed in the code? see ingestion.timing and bench/measure.py STAGES)"
        )


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


def _current_frames() -> dict[int, FrameType]:
    """`sys._current_frames()` with the garbage collector held off.

    On CPython 3.11 it builds frame objects while holding the interpreter's thread-list lock;
    an allocation there can start a collection, and a `threading.local` freed by it takes the
    same lock again: the sampling thread deadlocks holding the GIL and every thread stops
    (seen twice at 500 companies, in `_PyThread_CurrentFrames` → `gc_collect_main` →
    `local_clear`). Without a collection inside the call it cannot happen.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return sys._current_frames()
    finally:
        if enabled:
            gc.enable()


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
            for ident, frame in _current_frames().items():
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
