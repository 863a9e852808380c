"""Prometheus metrics for one run, and for the warehouse as `finloom serve` shows it.

A run collects into its own registry: HTTP requests by host and status, retries, rate-limit waits,
breaker state, response bytes and latency (from the HTTP client's events), rows loaded per source
and table, facts parsed, filings fetched, run duration and status, dbt node results. The
warehouse adds what it holds: reconciliation findings by check and severity, filing grades, its
size on disk, the last successful load per source. At the end of a run the registry is written in
the Prometheus text format (`--metrics-file PATH`, or `$FINLOOM_METRICS_DIR/finloom.prom` —
node_exporter's textfile-collector convention), atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import duckdb
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, write_to_textfile

from ingestion.http.events import HttpEvent, subscribe

METRICS_DIR_ENV = "FINLOOM_METRICS_DIR"
TEXTFILE_NAME = "finloom.prom"
#: Latency buckets (seconds): loopback replays to slow SEC documents.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
BREAKER_STATES = ("closed", "half-open", "open")


def metrics_file(explicit: str | None) -> Path | None:
    """`--metrics-file PATH`, else `$FINLOOM_METRICS_DIR/finloom.prom`, else no file."""
    if explicit:
        return Path(explicit)
    directory = os.environ.get(METRICS_DIR_ENV)
    return Path(directory) / TEXTFILE_NAME if directory else None


class RunMetrics:
    """The metrics of one `finloom` run, in a registry of its own."""

    def __init__(self, command: str) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.command = command
        self.requests = Counter(
            "finloom_http_requests",
            "HTTP responses by host and status (0 = no response)",
            ["host", "status"],
            registry=r,
        )
        self.retries = Counter(
            "finloom_http_retries", "Retried HTTP attempts by host", ["host"], registry=r
        )
        self.rate_limit_wait = Counter(
            "finloom_http_rate_limit_wait_seconds",
            "Seconds spent waiting for a rate-limit slot, by host",
            ["host"],
            registry=r,
        )
        self.breaker = Gauge(
            "finloom_http_circuit_breaker_state",
            "1 for the circuit breaker's current state per host",
            ["host", "state"],
            registry=r,
        )
        self.response_bytes = Counter(
            "finloom_http_response_bytes", "Response body bytes by host", ["host"], registry=r
        )
        self.latency = Histogram(
            "finloom_http_request_duration_seconds",
            "HTTP request latency by host",
            ["host"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.rows_loaded = Counter(
            "finloom_rows_loaded",
            "Rows loaded by source and table",
            ["source", "table"],
            registry=r,
        )
        self.facts_parsed = Counter(
            "finloom_facts_parsed", "XBRL facts parsed from company-facts files", registry=r
        )
        self.filings_fetched = Counter(
            "finloom_filings_fetched", "10-K/10-Q documents fetched", registry=r
        )
        self.gaps = Counter(
            "finloom_gaps",
            "Things asked for that could not be fetched, by source",
            ["source"],
            registry=r,
        )
        self.duration = Gauge(
            "finloom_run_duration_seconds",
            "Wall-clock duration of the run",
            ["command"],
            registry=r,
        )
        self.status = Gauge(
            "finloom_run_status", "1 for the run's final status", ["command", "status"], registry=r
        )
        self.exit_code = Gauge(
            "finloom_run_exit_code", "Exit code of the run", ["command"], registry=r
        )
        self.finished = Gauge(
            "finloom_run_end_timestamp_seconds",
            "When the run ended (Unix time)",
            ["command"],
            registry=r,
        )
        self.dbt_nodes = Gauge(
            "finloom_dbt_nodes",
            "dbt node results of the run by resource type and status",
            ["resource_type", "status"],
            registry=r,
        )
        self._unsubscribe: Callable[[], None] | None = None

    # ------------------------------------------------------------------ collection

    def listen(self) -> None:
        """Start counting the HTTP client's events (until `close`)."""
        if self._unsubscribe is None:
            self._unsubscribe = subscribe(self.on_http_event)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def on_http_event(self, event: HttpEvent) -> None:
        host = event.host
        if event.kind == "response":
            self.requests.labels(host, str(event.status or 0)).inc()
            self.latency.labels(host).observe(event.seconds)
            self.response_bytes.labels(host).inc(event.bytes)
        elif event.kind == "retry":
            self.retries.labels(host).inc()
        elif event.kind == "rate_limit_wait":
            self.rate_limit_wait.labels(host).inc(event.seconds)
        elif event.kind == "breaker" and event.state:
            for state in BREAKER_STATES:
                self.breaker.labels(host, state).set(1.0 if state == event.state else 0.0)

    def loaded(self, source: str, rows: Mapping[str, int], gaps: int) -> None:
        for table, n in rows.items():
            self.rows_loaded.labels(source, table).inc(n)
        self.gaps.labels(source).inc(gaps)

    def dbt(self, counts: Mapping[str, int]) -> None:
        """dbt node counts keyed `resource_type:status` (as `finloom.transform` counts them)."""
        for key, n in counts.items():
            kind, _, status = key.partition(":")
            self.dbt_nodes.labels(kind, status).set(n)

    def run_finished(self, status: str, exit_code: int, seconds: float, ended: float) -> None:
        self.duration.labels(self.command).set(seconds)
        self.status.labels(self.command, status).set(1)
        self.exit_code.labels(self.command).set(exit_code)
        self.finished.labels(self.command).set(ended)

    def write(self, path: Path) -> None:
        """The registry in the Prometheus text format, written atomically (tmp file + rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        write_to_textfile(str(path), self.registry)


def warehouse_registry(db: Path, registry: CollectorRegistry | None = None) -> CollectorRegistry:
    """Gauges of what the warehouse holds now; absent tables simply add nothing."""
    r = registry or CollectorRegistry()
    size = Gauge("finloom_warehouse_size_bytes", "Size of the DuckDB file", registry=r)
    findings = Gauge(
        "finloom_reconciliation_findings",
        "Rows affected per reconciliation check, by severity",
        ["check", "severity"],
        registry=r,
    )
    grades = Gauge(
        "finloom_filing_grades", "Scored filings per quality grade", ["grade"], registry=r
    )
    last_success = Gauge(
        "finloom_source_last_success_timestamp_seconds",
        "When each source last loaded successfully (Unix time)",
        ["source"],
        registry=r,
    )
    if not db.exists():
        return r
    size.set(db.stat().st_size)
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {
            f"{s}.{t}"
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        if "marts.reconciliation_report" in tables:
            for check, severity, affected in con.execute(
                "select check_name, severity, coalesce(affected_rows, 0) "
                "from marts.reconciliation_report"
            ).fetchall():
                findings.labels(check, severity).set(affected)
        if "marts.fct_filing_quality" in tables:
            for grade, n in con.execute(
                "select grade, count(*) from marts.fct_filing_quality group by 1"
            ).fetchall():
                grades.labels(grade).set(n)
        if "ops.run_sources" in tables:
            for source, at in con.execute(
                "select source, max(ended_at) from ops.run_sources where status = 'ok' group by 1"
            ).fetchall():
                if isinstance(at, datetime):
                    last_success.labels(source).set(at.timestamp())
    return r
