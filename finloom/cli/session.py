"""One command's run around its handler: the warehouse lock, the run ledger, metrics, exit code.

`run_command` wraps every command. Writers (`run`, `ingest`, `build`, `demo`, `prune`) hold the
warehouse lock exclusively, readers share it; a busy warehouse exits 75 with the holder named.
Commands that load or build (`run`, `ingest`, `build`, `demo`) open a ledger row once their
input is checked (`RunSession.begin`, so a usage error writes nothing), report what each source
loaded and what dbt did, and the session closes the row with the status and exit code:

    0 ok · 1 failed · 2 usage · 3 completed with gaps or new source findings (`--strict`: 1)
    75 warehouse busy · 130 interrupted

Metrics of the run go to `--metrics-file` or `$FINLOOM_METRICS_DIR/finloom.prom` when set.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from finloom.cli.common import UsageError
from finloom.entry import EXIT_INTERRUPTED, INTERRUPTED
from finloom.loading import Loaded
from finloom.ops.lock import EXIT_BUSY, LockHolder, WarehouseBusyError, warehouse_lock
from finloom.ops.metrics import RunMetrics, metrics_file, warehouse_registry
from finloom.ops.runs import (
    Finding,
    SourceRun,
    finish_run,
    now,
    record_findings,
    record_source,
    redact,
    start_run,
)
from finloom.transform import DbtOutcome
from finloom.warehouse import table_exists
from ingestion.pipelines.filings import FilingsRunReport
from ingestion.runner import LoadResult, interrupted, on_load, root_cause
from ingestion.sources.sec import SecRunReport

log = logging.getLogger("finloom")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_FINDINGS = 3

#: Commands that write the warehouse (exclusive lock) and those that read it (shared lock).
WRITERS = frozenset({"run", "ingest", "build", "demo", "prune"})
READERS = frozenset({"status", "quality", "search", "export", "runs", "sql", "report"})
#: Commands that take the write lock themselves, only for the part that writes: `docs` (dbt opens
#: the warehouse read-write to read its catalog; `--serve` then serves the site holding nothing).
SELF_LOCKING = frozenset({"docs"})
#: Severity of the findings about source data that make a run exit 3 when they are new.
FINDING_SEVERITIES = ("warning",)

#: A command handler: (`args`, run id) → exit code.
Handler = Callable[[argparse.Namespace, str], int]


@dataclass
class RunSession:
    """What one command did, collected for the ledger, the metrics and the exit code."""

    run_id: str
    command: str
    db: Path | None
    strict: bool = False
    #: `demo` rebuilds a fresh warehouse whose gaps are part of the demo: they never exit 3
    findings_exit: bool = True
    metrics: RunMetrics | None = None
    metrics_path: Path | None = None
    begun: bool = False
    #: the warehouse did not exist before this run: a failure that loaded nothing removes it
    created_db: bool = False
    #: say so on stderr when the command creates the warehouse (not for `demo`: it always does)
    announce_new_db: bool = True
    gaps: list[str] = field(default_factory=list)
    new_findings: list[Finding] = field(default_factory=list)
    dbt: DbtOutcome | None = None
    loads: list[LoadResult] = field(default_factory=list)

    def begin(self, sources: Sequence[str], selection: Mapping[str, Any]) -> None:
        """Open the run's ledger row (input is checked; the command is about to write)."""
        if self.db is None or self.begun:
            return
        self.created_db = not self.db.exists()
        interrupted = start_run(
            self.db,
            run_id=self.run_id,
            command=self.command,
            sources=sources,
            selection=selection,
        )
        for run_id in interrupted:
            log.warning("run %s ended without finishing; marked interrupted", run_id)
        self.begun = True

    def loaded(self, item: Loaded, started_at: Any) -> None:
        """One source finished: its ledger row, metrics and gaps."""
        pipeline = f"finloom_{item.source}"
        mine = [r for r in self.loads if r.pipeline == pipeline]
        rows: dict[str, int] = {}
        for result in mine:
            for table, n in result.rows.items():
                rows[table] = rows.get(table, 0) + n
        load_ids = [lid for r in mine for lid in r.load_ids]
        self.gaps.extend(f"{item.source}: {gap}" for gap in item.gaps)
        if self.metrics is not None:
            self.metrics.loaded(item.source, rows, len(item.gaps))
            report = item.report
            if isinstance(report, SecRunReport):
                self.metrics.facts_parsed.inc(report.facts)
            elif isinstance(report, FilingsRunReport):
                self.metrics.filings_fetched.inc(report.fetched)
        if self.begun and self.db is not None:
            record_source(
                self.db,
                self.run_id,
                SourceRun(item.source, started_at, now(), "ok", rows, item.gaps, load_ids),
            )

    def built(self, outcome: DbtOutcome) -> None:
        """dbt finished: its results, and the findings that are new since the last good build."""
        self.dbt = outcome
        if self.metrics is not None:
            self.metrics.dbt(outcome.counts)
        if not outcome.success or self.db is None or not self.begun:
            return
        findings = current_findings(self.db)
        self.new_findings = record_findings(self.db, self.run_id, findings)

    def _on_load(self, result: LoadResult) -> None:
        self.loads.append(result)
        if result.resumed:
            total = sum(result.rows.values())
            detail = ", ".join(f"{t} {n:,}" for t, n in sorted(result.rows.items()))
            print(
                f"{result.pipeline.removeprefix('finloom_')}: finished the interrupted load: "
                f"{total:,} rows ({detail or 'nothing new landed'})",
                file=sys.stderr,
            )

    def status(self) -> tuple[str, int]:
        """Ledger status and exit code of a command that completed."""
        if not (self.gaps or self.new_findings):
            return "ok", EXIT_OK
        if not self.findings_exit:
            return "ok_with_findings", EXIT_OK
        if self.strict:
            return "ok_with_findings", EXIT_FAILED
        return "ok_with_findings", EXIT_FINDINGS


_current: RunSession | None = None


def current_session() -> RunSession:
    """The session of the command running now (an inert one outside `run_command`)."""
    return _current if _current is not None else RunSession(run_id="-", command="", db=None)


def current_findings(db: Path) -> list[Finding]:
    """The source-data findings of the warehouse's reconciliation, after a build."""
    with duckdb.connect(str(db), read_only=True) as con:
        if not table_exists(con, "marts", "reconciliation_violations"):
            return []
        rows = con.execute(
            "select distinct check_name, severity, affected_key "
            "from marts.reconciliation_violations where severity in "
            f"({', '.join('?' for _ in FINDING_SEVERITIES)}) order by 1, 3",
            list(FINDING_SEVERITIES),
        ).fetchall()
    return [Finding(check, severity, key) for check, severity, key in rows]


def run_command(
    args: argparse.Namespace, handler: Handler, run_id: str, argv: Sequence[str], db: Path | None
) -> int:
    """Run `handler` as one recorded, locked command; every outcome maps to an exit code."""
    global _current
    command = args.command
    session = RunSession(
        run_id=run_id,
        command=redact(shlex.join(["finloom", *argv])),
        db=db if command in WRITERS else None,
        strict=bool(getattr(args, "strict", False)),
        findings_exit=command != "demo",
        announce_new_db=command != "demo",
        metrics_path=metrics_file(getattr(args, "metrics_file", None)),
    )
    if command in {"run", "ingest", "build", "demo"}:
        session.metrics = RunMetrics(command)
        session.metrics.listen()
    started = time.monotonic()
    _current = session
    unsubscribe = on_load(session._on_load)
    code, status, error = EXIT_FAILED, "failed", None
    try:
        with _lock(args, db, run_id, session.command):
            try:
                code = int(handler(args, run_id) or 0)
                if code == EXIT_OK:
                    status, code = session.status()
                    if code != EXIT_OK:
                        _say_findings(session, code)
                else:
                    status = "failed"
            except KeyboardInterrupt:
                status, code, error = _interrupt(args.command)
            except UsageError as exc:
                status, code, error = "failed", EXIT_USAGE, _one_line(exc)
                print(f"finloom: error: {error}", file=sys.stderr)
            except Exception as exc:
                if interrupted(exc):  # Ctrl-C inside a DuckDB query: "Query interrupted"
                    status, code, error = _interrupt(args.command)
                else:
                    if getattr(args, "verbose", False):
                        log.exception("failed")
                    status, code, error = "failed", EXIT_FAILED, _one_line(exc)
                    print(f"finloom: error: {error}", file=sys.stderr)
            finally:
                _close(session, status, code, error, time.monotonic() - started)
    except WarehouseBusyError as exc:
        print(f"finloom: {exc}", file=sys.stderr)
        code = EXIT_BUSY
    except KeyboardInterrupt:  # while waiting for the lock
        print("finloom: interrupted while waiting for the warehouse", file=sys.stderr)
        code = EXIT_INTERRUPTED
    finally:
        unsubscribe()
        if session.metrics is not None:
            session.metrics.close()
        _current = None
    return code


def _interrupt(command: str) -> tuple[str, int, str]:
    """Say the command was interrupted; its ledger status, exit code and error. Only a command
    that writes has something for a re-run to finish."""
    print(INTERRUPTED if command in WRITERS else "finloom: interrupted", file=sys.stderr)
    return "interrupted", EXIT_INTERRUPTED, "interrupted (Ctrl-C or SIGINT)"


def _lock(
    args: argparse.Namespace, db: Path | None, run_id: str, command: str
) -> AbstractContextManager[LockHolder | None]:
    if db is None or args.command not in WRITERS | READERS:
        return nullcontext()
    wait = getattr(args, "wait", None)
    return warehouse_lock(
        db, run_id=run_id, command=command, write=args.command in WRITERS, wait=wait
    )


def _say_findings(session: RunSession, code: int) -> None:
    parts = []
    if session.gaps:
        parts.append(f"{len(session.gaps)} gap(s)")
    if session.new_findings:
        parts.append(f"{len(session.new_findings)} new source finding(s)")
        for finding in session.new_findings[:10]:
            print(f"  new finding: {finding}", file=sys.stderr)
        more = len(session.new_findings) - 10
        if more > 0:
            print(
                f"  … and {more} more (finloom quality, marts.reconciliation_violations)",
                file=sys.stderr,
            )
    what = " and ".join(parts)
    if code == EXIT_FAILED:
        print(f"finloom: error: --strict: completed with {what}", file=sys.stderr)
    else:
        print(f"finloom: completed with {what} (exit {code}; see above)", file=sys.stderr)


def _close(session: RunSession, status: str, code: int, error: str | None, seconds: float) -> None:
    """Finish the ledger row and write the metrics; neither may hide the command's outcome."""
    db = session.db
    first_run_failed = status == "failed" and session.created_db and not session.loads
    if session.begun and db is not None and first_run_failed:
        # e.g. an unknown ticker: nothing half-written, not even a ledger
        for path in (db, db.with_name(db.name + ".wal")):
            path.unlink(missing_ok=True)
        return
    announce = session.created_db and session.announce_new_db and status.startswith("ok")
    if session.begun and db is not None and announce:
        print(f"finloom: created a new warehouse at {db} (there was none)", file=sys.stderr)
    if session.begun and db is not None:
        try:
            dbt = session.dbt
            finish_run(
                db,
                session.run_id,
                status=status,
                exit_code=code,
                gaps=session.gaps,
                new_findings=[str(f) for f in session.new_findings],
                dbt_invocation_id=dbt.invocation_id if dbt else None,
                dbt_results=dict(dbt.counts) if dbt else None,
                error=error,
            )
        except Exception as exc:  # e.g. Ctrl-C left DuckDB mid-write; the exit code stands
            log.warning("could not finish the run's ledger row: %s", root_cause(exc))
    metrics, target = session.metrics, session.metrics_path
    if metrics is None or target is None:
        return
    metrics.run_finished(status, code, seconds, time.time())
    if db is not None and db.exists():
        try:
            warehouse_registry(db, metrics.registry)
        except Exception as exc:
            log.warning("warehouse metrics skipped: %s", root_cause(exc))
    metrics.write(target)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    if not text:
        text = root_cause(exc)
    return text.splitlines()[0]
