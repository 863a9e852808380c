"""Freshness from dlt's load records against the sources YAML, the health probes, and
`finloom serve` answering /healthz, /readyz and /metrics over real HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from finloom.ops.freshness import source_freshness, thresholds
from finloom.ops.health import health, parse_size
from finloom.ops.serve import ProbeServer
from ingestion.replay import ReplayServer

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _warehouse(path: Path, loads: dict[str, tuple[str, datetime]]) -> Path:
    """A warehouse with only dlt's load records: {source: (dataset, inserted_at)}."""
    with duckdb.connect(str(path)) as con:
        for source, (dataset, at) in loads.items():
            con.execute(f"create schema if not exists {dataset}")
            con.execute(
                f"create table if not exists {dataset}._dlt_loads (load_id varchar, "
                "schema_name varchar, status bigint, inserted_at timestamptz)"
            )
            con.execute(f"insert into {dataset}._dlt_loads values ('1', ?, 0, ?)", [source, at])
    return path


def test_thresholds_come_from_the_sources_yaml() -> None:
    by_source = {t.source: t for t in thresholds()}
    assert {"sec", "market", "filings", "macro", "news", "policy"} <= set(by_source)
    assert by_source["market"].dataset == "raw_market"
    assert by_source["news"].error_after == timedelta(days=7)


def test_freshness_per_source(tmp_path: Path) -> None:
    db = _warehouse(
        tmp_path / "w.duckdb",
        {
            "sec": ("raw_sec", NOW - timedelta(days=2)),
            "market": ("raw_market", NOW - timedelta(days=5)),
            "news": ("raw_news", NOW - timedelta(days=9)),
        },
    )
    with duckdb.connect(str(db), read_only=True) as con:
        status = {f.source: f.status for f in source_freshness(con, now=NOW)}
    assert status["sec"] == "fresh"
    assert status["market"] == "warn"  # past 3 days, within 14
    assert status["news"] == "stale"  # past 7 days
    assert status["policy"] == "never"  # never loaded: reported, not an error


def test_health_ready_and_not_ready(tmp_path: Path) -> None:
    fresh = _warehouse(tmp_path / "fresh.duckdb", {"sec": ("raw_sec", datetime.now(UTC))})
    with ReplayServer(tmp_path) as mirror:
        report = health(fresh, mirror=mirror.url)
    assert report.is_live and report.is_ready, report.as_json()
    stale = _warehouse(
        tmp_path / "stale.duckdb", {"sec": ("raw_sec", datetime.now(UTC) - timedelta(days=60))}
    )
    report = health(stale, check_upstream=False)
    assert report.is_live and not report.is_ready
    failing = [c.name for c in report.ready if not c.ok]
    assert failing == ["freshness sec"]
    missing = health(tmp_path / "none.duckdb", check_upstream=False)
    assert not missing.is_live and not missing.is_ready
    unreachable = health(fresh, mirror="http://127.0.0.1:9")  # nothing listens on port 9
    assert not unreachable.is_ready
    assert [c.ok for c in unreachable.upstream] == [False]


def test_parse_size() -> None:
    assert parse_size("1GB") == 10**9
    assert parse_size("512MiB") == 512 * 2**20
    assert parse_size("lots") is None


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ProbeServer]:
    db = _warehouse(tmp_path / "w.duckdb", {"sec": ("raw_sec", datetime.now(UTC))})
    run_file = tmp_path / "finloom.prom"
    run_file.write_text("# TYPE finloom_run_exit_code gauge\nfinloom_run_exit_code 0.0\n")
    server = ProbeServer(db, metrics_file=run_file)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_serve_answers_the_three_paths(served: ProbeServer) -> None:
    live = requests.get(served.url + "/healthz", timeout=10)
    assert live.status_code == 200 and json.loads(live.text)["live"] is True
    ready = requests.get(served.url + "/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    metrics = requests.get(served.url + "/metrics", timeout=10)
    assert metrics.status_code == 200
    names = {f.name for f in text_string_to_metric_families(metrics.text)}
    assert {"finloom_warehouse_size_bytes", "finloom_run_exit_code"} <= names
    assert requests.get(served.url + "/nope", timeout=10).status_code == 404


def test_serve_says_not_live_without_a_warehouse(tmp_path: Path) -> None:
    server = ProbeServer(tmp_path / "missing.duckdb")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        response = requests.get(server.url + "/healthz", timeout=10)
        assert response.status_code == 503
        assert "no warehouse at" in response.text
    finally:
        server.shutdown()
        server.server_close()
