"""Run metrics: HTTP events become counters and a histogram, the file parses with
prometheus_client's own text parser, and the warehouse gauges read the marts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from prometheus_client.parser import text_string_to_metric_families

from finloom.ops.metrics import RunMetrics, metrics_file, warehouse_registry
from ingestion.http.events import HttpEvent, publish


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_run_metrics_file_parses_and_counts(tmp_path: Path) -> None:
    m = RunMetrics("run")
    m.listen()
    try:
        publish(HttpEvent("response", "data.sec.gov", status=200, seconds=0.02, bytes=1000))
        publish(HttpEvent("response", "data.sec.gov", status=404, seconds=0.01, bytes=10))
        publish(HttpEvent("retry", "data.sec.gov"))
        publish(HttpEvent("rate_limit_wait", "data.sec.gov", seconds=0.5))
        publish(HttpEvent("breaker", "data.sec.gov", state="open"))
    finally:
        m.close()
    publish(HttpEvent("response", "data.sec.gov", status=200))  # after close: not counted
    m.loaded("sec", {"company_facts": 42, "filings": 7}, gaps=1)
    m.dbt({"model:success": 67, "test:warn": 1})
    m.run_finished("ok_with_findings", 3, 12.5, 1_700_000_000.0)
    path = tmp_path / "out" / "finloom.prom"
    m.write(path)
    s = _samples(path.read_text())
    sec = (("host", "data.sec.gov"),)
    assert s[("finloom_http_requests_total", (("host", "data.sec.gov"), ("status", "200")))] == 1
    assert s[("finloom_http_requests_total", (("host", "data.sec.gov"), ("status", "404")))] == 1
    assert s[("finloom_http_retries_total", sec)] == 1
    assert s[("finloom_http_rate_limit_wait_seconds_total", sec)] == 0.5
    assert s[("finloom_http_response_bytes_total", sec)] == 1010
    assert s[("finloom_http_request_duration_seconds_count", sec)] == 2
    assert s[("finloom_http_circuit_breaker_state", (*sec, ("state", "open")))] == 1
    assert s[("finloom_http_circuit_breaker_state", (*sec, ("state", "closed")))] == 0
    assert s[("finloom_rows_loaded_total", (("source", "sec"), ("table", "filings")))] == 7
    assert s[("finloom_gaps_total", (("source", "sec"),))] == 1
    assert s[("finloom_dbt_nodes", (("resource_type", "model"), ("status", "success")))] == 67
    assert s[("finloom_run_duration_seconds", (("command", "run"),))] == 12.5
    assert s[("finloom_run_exit_code", (("command", "run"),))] == 3
    assert s[("finloom_run_status", (("command", "run"), ("status", "ok_with_findings")))] == 1


def test_warehouse_gauges(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.reconciliation_report as select * from (values "
            "('filing_index_gaps', 'warning', 2), ('duplicate_keys__x', 'error', 0)) "
            "t(check_name, severity, affected_rows)"
        )
        con.execute(
            "create table marts.fct_filing_quality as select * from (values ('A'), ('A'), ('C')) "
            "t(grade)"
        )
    from prometheus_client import generate_latest

    s = _samples(generate_latest(warehouse_registry(db)).decode())
    check = (("check", "filing_index_gaps"), ("severity", "warning"))
    assert s[("finloom_reconciliation_findings", check)] == 2
    assert s[("finloom_filing_grades", (("grade", "A"),))] == 2
    assert s[("finloom_warehouse_size_bytes", ())] == db.stat().st_size


def test_metrics_file_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FINLOOM_METRICS_DIR", raising=False)
    assert metrics_file(None) is None
    assert metrics_file("x.prom") == Path("x.prom")
    monkeypatch.setenv("FINLOOM_METRICS_DIR", str(tmp_path))
    assert metrics_file(None) == tmp_path / "finloom.prom"
