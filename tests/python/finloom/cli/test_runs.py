"""`finloom runs`: the ledger as a table or JSON, newest first; no ledger is not an error."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from finloom.cli.runs import duration
from finloom.ops.runs import SourceRun, finish_run, now, record_source, start_run

from .conftest import RunCli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Two finished runs (r1 with rows, a gap and a finding; r2 failed) and r3 still running."""
    path = tmp_path / "w.duckdb"
    start_run(path, run_id="r1", command="finloom ingest sec", sources=["sec"], selection={})
    rows = {"company_facts": 40, "filings": 2}
    record_source(path, "r1", SourceRun("sec", now(), now(), "ok", rows, ["a gap"], ["1.1"]))
    finish_run(
        path, "r1", status="ok_with_findings", exit_code=3, gaps=["a gap"], new_findings=["f"]
    )
    start_run(
        path,
        run_id="r2",
        command="finloom run --sources macro --api-key=hunter2",
        sources=["macro"],
        selection={},
    )
    finish_run(path, "r2", status="failed", exit_code=1, error="macro: HTTP 503\nmore")
    start_run(path, run_id="r3", command="finloom build", sources=[], selection={})
    return path


def test_table_newest_first(db: Path, run_cli: RunCli) -> None:
    code, out, err = run_cli("runs", "--db", str(db))
    assert (code, err) == (0, "")
    header, *lines = out.splitlines()
    assert header.split()[:4] == ["run", "id", "started", "(UTC)"]
    assert header.endswith("error")
    assert [line.split()[0] for line in lines] == ["r3", "r2", "r1"]
    r3, r2, r1 = (line.split() for line in lines)
    assert r3[3:6] == ["-", "running", "-"]  # no duration, status, no exit code
    assert r2[4:6] == ["failed", "1"] and "--api-key=***" in lines[1]
    assert lines[1].endswith("macro: HTTP 503")  # the error's first line
    assert r1[4:6] == ["ok_with_findings", "3"]
    assert r1[-5:] == ["sec", "42", "1", "1", "-"]  # sources, rows, gaps, findings, no error
    assert r3[-5:] == ["-", "-", "0", "0", "-"]  # a running run has no rows total yet


def test_last_n_and_json(db: Path, run_cli: RunCli) -> None:
    code, out, _ = run_cli("runs", "--last", "2", "--json", "--db", str(db))
    assert code == 0
    runs = json.loads(out)
    assert [r["run_id"] for r in runs] == ["r3", "r2"]
    assert runs[1]["status"] == "failed" and runs[1]["exit_code"] == 1
    assert runs[1]["error"] == "macro: HTTP 503\nmore"
    assert runs[0]["ended_at"] is None
    code, out, _ = run_cli("runs", "--json", "--last", "5", "--db", str(db))
    r1 = json.loads(out)[2]
    assert r1["rows_loaded"] == {"sec": {"company_facts": 40, "filings": 2}}
    assert (r1["gaps"], r1["new_findings"], r1["dlt_load_ids"]) == (["a gap"], ["f"], ["1.1"])


@pytest.mark.parametrize("last", ["0", "-3"])
def test_last_must_be_positive(last: str, db: Path, run_cli: RunCli) -> None:
    code, out, err = run_cli("runs", "--last", last, "--db", str(db))
    assert (code, out) == (1, "")
    assert err == f"finloom: error: --last must be 1 or more, got {last}\n"


def test_no_ledger_yet(tmp_path: Path, run_cli: RunCli) -> None:
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    code, out, err = run_cli("runs", "--db", str(db))
    assert (code, out, err) == (0, f"no runs recorded yet in {db}\n", "")
    code, out, _ = run_cli("runs", "--json", "--db", str(db))
    assert (code, json.loads(out)) == (0, [])


def test_no_warehouse(tmp_path: Path, run_cli: RunCli) -> None:
    code, _, err = run_cli("runs", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and err.startswith("finloom: error: no warehouse at ")
    assert not (tmp_path / "none.duckdb").exists()


def test_duration() -> None:
    t0 = now()
    assert duration(t0, None) == "-"
    assert duration(t0, t0 + timedelta(seconds=4.25)) == "4.2s"
    assert duration(t0, t0 + timedelta(seconds=185)) == "3m 05s"
    assert duration(t0, t0 + timedelta(seconds=3720)) == "1h 02m"
