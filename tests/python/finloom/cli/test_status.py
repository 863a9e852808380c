"""`finloom status` on a small warehouse: freshness per source (never-loaded ones say `never`),
the last run, rows per mart table, and `--all` / `--json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from finloom.loading import SOURCES
from finloom.ops.runs import finish_run, start_run

from .conftest import RunCli


def write_loads(path: Path, loads: dict[str, tuple[str, datetime]]) -> Path:
    """dlt's load records only: {source: (dataset, inserted_at)}, as `<dataset>._dlt_loads`."""
    with duckdb.connect(str(path)) as con:
        for source, (dataset, at) in loads.items():
            con.execute(f"create schema if not exists {dataset}")
            con.execute(
                f"create table if not exists {dataset}._dlt_loads (load_id varchar, "
                "schema_name varchar, status bigint, inserted_at timestamptz)"
            )
            con.execute(f"insert into {dataset}._dlt_loads values ('1', ?, 0, ?)", [source, at])
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Only raw_sec loaded (two hours ago), one raw table, one mart table and one mart view."""
    path = write_loads(
        tmp_path / "w.duckdb", {"sec": ("raw_sec", datetime.now(UTC) - timedelta(hours=2))}
    )
    with duckdb.connect(str(path)) as con:
        con.execute("create table raw_sec.company_facts as select range as i from range(42)")
        con.execute("create schema marts")
        con.execute("create table marts.fct_prices as select range as i from range(1234)")
        con.execute("create view marts.v_symbols as select 'AAPL' as symbol")
    return path


def test_only_sec_loaded_the_others_never(db: Path, run_cli: RunCli) -> None:
    code, out, err = run_cli("status", "--db", str(db))
    assert (code, err) == (0, "")
    assert out.startswith(f"warehouse {db}\n")
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert lines["sec"].split()[1] == "fresh" and "2h ago" in lines["sec"]
    for source in SOURCES[1:]:  # raw_policy (and the others' datasets) do not exist
        assert lines[source].split()[1] == "never", lines[source]
    assert "last run: none recorded" in out
    assert "marts.fct_prices" in lines and lines["marts.fct_prices"].split()[1] == "1,234"
    assert lines["marts.v_symbols"].split()[1] == "(view)"
    assert "raw_sec.company_facts" not in out and "_dlt_loads" not in out
    assert "(2 more hidden in raw_sec; --all shows them)" in out


def test_all_shows_every_schema_and_dlt_tables(db: Path, run_cli: RunCli) -> None:
    code, out, _ = run_cli("status", "--all", "--db", str(db))
    assert code == 0
    rows = dict(line.split()[:2] for line in out.splitlines() if line.startswith("  raw_sec."))
    assert rows == {"raw_sec._dlt_loads": "1", "raw_sec.company_facts": "42"}
    assert "more hidden" not in out


def test_json_has_the_same_content(db: Path, run_cli: RunCli) -> None:
    start_run(db, run_id="r1", command="finloom ingest sec", sources=["sec"], selection={})
    finish_run(db, "r1", status="ok", exit_code=0)
    code, out, _ = run_cli("status", "--json", "--db", str(db))
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {
        "warehouse",
        "sources",
        "last_run",
        "tables",
        "hidden_tables",
        "hidden_schemas",
    }
    assert payload["warehouse"] == str(db)
    by_source = {s["source"]: s for s in payload["sources"]}
    assert [s["source"] for s in payload["sources"]] == list(SOURCES)
    assert by_source["sec"]["status"] == "fresh" and by_source["sec"]["age"] == "2h"
    assert by_source["policy"] == {
        "source": "policy",
        "dataset": "raw_policy",
        "last_loaded_at": None,
        "age_seconds": None,
        "status": "never",
        "warn_after_seconds": 7 * 86400.0,
        "error_after_seconds": 45 * 86400.0,
        "age": "never",
    }
    assert payload["last_run"]["run_id"] == "r1" and payload["last_run"]["status"] == "ok"
    assert payload["last_run"]["ended_at"] is not None
    assert payload["tables"] == [
        {"schema": "marts", "table": "fct_prices", "type": "table", "rows": 1234},
        {"schema": "marts", "table": "v_symbols", "type": "view", "rows": None},
    ]
    # raw_sec's two tables and the ledger's three (runs, run_sources, run_findings)
    assert (payload["hidden_tables"], payload["hidden_schemas"]) == (5, ["ops", "raw_sec"])
    code, out, _ = run_cli("status", "--json", "--all", "--db", str(db))
    tables = {f"{t['schema']}.{t['table']}": t["rows"] for t in json.loads(out)["tables"]}
    assert tables["raw_sec._dlt_loads"] == 1 and tables["ops.runs"] == 1


def test_last_run_from_the_ledger(db: Path, run_cli: RunCli) -> None:
    start_run(db, run_id="r9", command="finloom run", sources=["market"], selection={})
    finish_run(db, "r9", status="failed", exit_code=1, error="market: HTTP 503\ntraceback")
    code, out, _ = run_cli("status", "--db", str(db))
    assert code == 0
    assert "last run: r9 failed, exit 1, ended " in out
    assert "  error: market: HTTP 503\n" in out and "traceback" not in out


def test_an_empty_warehouse(tmp_path: Path, run_cli: RunCli) -> None:
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    code, out, _ = run_cli("status", "--db", str(db))
    assert code == 0
    assert out.count(" never   never loaded ") == len(SOURCES)
    assert "no tables in marts (run `finloom build`)" in out
