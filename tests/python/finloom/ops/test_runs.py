"""The run ledger: a run's row from start to finish, per-source rows, a dead run marked
interrupted by the next one, and secrets redacted from the command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from finloom.ops.runs import (
    SourceRun,
    finish_run,
    last_successful,
    now,
    recent_runs,
    record_source,
    redact,
    start_run,
)


def test_a_run_from_start_to_finish(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    start_run(
        db,
        run_id="r1",
        command="finloom run --tickers AAPL",
        sources=["sec"],
        selection={"tickers": ["AAPL"]},
    )
    (running,) = recent_runs(db)
    assert running.status == "running" and running.ended_at is None
    t0 = now()
    record_source(
        db,
        "r1",
        SourceRun("sec", t0, now(), "ok", {"company_facts": 42}, ["a gap"], ["1700000000.1"]),
    )
    finish_run(
        db,
        "r1",
        status="ok_with_findings",
        exit_code=3,
        gaps=["a gap"],
        new_findings=["fact_accessions_are_known_filings"],
        dbt_invocation_id="inv",
        dbt_results={"model:success": 67},
    )
    (run,) = recent_runs(db)
    assert run.status == "ok_with_findings" and run.exit_code == 3
    assert run.rows_loaded == {"sec": {"company_facts": 42}}
    assert run.dlt_load_ids == ["1700000000.1"]
    assert run.dbt_results == {"model:success": 67}
    assert run.new_findings == ["fact_accessions_are_known_filings"]
    assert run.ended_at is not None and run.ended_at >= run.started_at
    assert set(last_successful(db)) == {"sec"}


def test_a_run_that_died_is_marked_interrupted_by_the_next(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    start_run(db, run_id="dead", command="finloom run", sources=["sec"], selection={})
    with duckdb.connect(str(db)) as con:
        con.execute("update ops.runs set pid = ? where run_id = 'dead'", [int(gone.stdout)])
    marked = start_run(db, run_id="next", command="finloom run", sources=["sec"], selection={})
    assert marked == ["dead"]
    by_id = {r.run_id: r for r in recent_runs(db)}
    assert by_id["dead"].status == "interrupted"
    assert by_id["next"].status == "running"  # this process is alive: never marked


def test_secrets_are_redacted() -> None:
    assert redact("finloom run --api-key abc123 x") == "finloom run --api-key *** x"
    assert redact("http://h/x?api_key=abc&b=1") == "http://h/x?api_key=***&b=1"
    assert redact("SOURCES__NEWS__FINNHUB_API_KEY=zzz finloom run") == (
        "SOURCES__NEWS__FINNHUB_API_KEY=*** finloom run"
    )


def test_no_ledger_yet_is_no_runs(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    assert recent_runs(db) == []
    assert last_successful(db) == {}


def test_findings_are_new_only_against_the_previous_successful_build(tmp_path: Path) -> None:
    from finloom.ops.runs import Finding, record_findings

    db = tmp_path / "w.duckdb"
    a = Finding("fact_accessions_are_known_filings", "warning", "1 0001-24-1")
    b = Finding("filing_index_has_no_gaps", "warning", "2 page 1")
    c = Finding("fact_accessions_are_known_filings", "warning", "3 0003-24-9")

    def build_run(run_id: str, findings: list[Finding], status: str) -> list[Finding]:
        start_run(db, run_id=run_id, command="finloom build", sources=[], selection={})
        new = record_findings(db, run_id, findings)
        finish_run(db, run_id, status=status, exit_code=0, dbt_invocation_id=f"inv-{run_id}")
        return new

    assert build_run("r1", [a, b], "ok_with_findings") == [a, b]  # first build: all new
    assert build_run("r2", [a, b], "ok_with_findings") == []  # standing findings
    assert build_run("r3", [a, c], "failed") == [c]  # a failed run is not a baseline
    assert build_run("r4", [a, c], "ok_with_findings") == [c]  # still new against r2
    assert build_run("r5", [a, b], "ok_with_findings") == [b]  # b went away in r4, is back
