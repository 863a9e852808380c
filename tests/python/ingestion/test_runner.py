"""run_pipeline after a run killed mid-load: pending packages finish once, then the new data loads.

The kill is placed deterministically in dlt's commit gap: a load job's rows are committed in
DuckDB but dlt has not yet recorded the job as done, so resuming the package runs it again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import dlt
import duckdb
import pyarrow as pa

from ingestion.runner import LoadResult, interrupted, on_load, run_pipeline
from ingestion.sources.sec import DEDUPLICATED_MERGE

PROJECT_ROOT = Path(__file__).resolve().parents[3]

#: Prepended to a child's script: SIGKILL the process when a load job for table argv[1] has
#: committed its file (the staging copy of a merge table) and dlt is about to record that.
KILL_IN_COMMIT_GAP = """
import os, signal, sys
from dlt.common.destination.client import RunnableLoadJob

_release = RunnableLoadJob._release

def _release_or_die(self, next_state):
    if (
        next_state == "completed"
        and self._file_path.endswith(".parquet")
        and self.load_table_name == sys.argv[1]
    ):
        os.kill(os.getpid(), signal.SIGKILL)
    _release(self, next_state)

RunnableLoadJob._release = _release_or_die
"""


def run_killed_in_commit_gap(table: str, body: str, args: list[str], tmp_path: Path) -> None:
    """Run `body` (after KILL_IN_COMMIT_GAP) in a child that must die by SIGKILL at `table`."""
    script = tmp_path / "killed_child.py"
    script.write_text(KILL_IN_COMMIT_GAP + body)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), *sys.path])}
    proc = subprocess.run(
        [sys.executable, str(script), table, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=PROJECT_ROOT,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr


CHILD_LOAD = """
from pathlib import Path
from tests.python.ingestion.test_runner import rows_source
from ingestion.runner import LoadResult, interrupted, on_load, run_pipeline
run_pipeline("t", "raw_t", Path(sys.argv[2]), rows_source(int(sys.argv[3]), int(sys.argv[4])))
"""


@dlt.source(name="t", max_table_nesting=0)
def rows_source(start: int, stop: int) -> object:
    """Keys start..stop-1 in one Arrow table, merged like raw_sec.filings (deduplicated stage)."""

    def rows() -> object:
        keys = list(range(start, stop))
        yield pa.table({"k": keys, "v": [f"v{k}" for k in keys]})

    return dlt.resource(rows, name="rows", write_disposition=DEDUPLICATED_MERGE, primary_key="k")


def _keys(db: Path) -> list[int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [k for (k,) in con.execute("select k from raw_t.rows order by k").fetchall()]


def _kill_first_load(db: Path, start: int, stop: int, tmp_path: Path) -> None:
    run_killed_in_commit_gap("rows", CHILD_LOAD, [str(db), str(start), str(stop)], tmp_path)


def test_rerun_after_kill_in_commit_gap_loads_each_row_once(tmp_path: Path):
    """The staging copy ran twice (kill after its commit); the merge still inserts each key once."""
    db = tmp_path / "w.duckdb"
    _kill_first_load(db, 0, 100, tmp_path)
    run_pipeline("t", "raw_t", db, rows_source(0, 100))
    assert _keys(db) == list(range(100))


def test_rerun_after_kill_loads_the_pending_package_and_the_new_data(tmp_path: Path):
    """dlt's `run(data)` with a pending package loads only the package and drops `data`."""
    db = tmp_path / "w.duckdb"
    _kill_first_load(db, 0, 100, tmp_path)
    run_pipeline("t", "raw_t", db, rows_source(50, 150))
    assert _keys(db) == list(range(150))


def test_loads_are_reported_with_ids_and_rows_and_a_finished_interrupted_load_says_so(
    tmp_path: Path,
):
    """The rerun reports the interrupted package's rows that landed (100), then its own load."""
    db = tmp_path / "w.duckdb"
    _kill_first_load(db, 0, 100, tmp_path)
    results: list[LoadResult] = []
    unsubscribe = on_load(results.append)
    try:
        run_pipeline("t", "raw_t", db, rows_source(100, 130))
    finally:
        unsubscribe()
    resumed, fresh = results
    assert resumed.resumed and resumed.rows == {"rows": 100} and len(resumed.load_ids) == 1
    assert not fresh.resumed and fresh.rows == {"rows": 30}
    assert fresh.load_ids and fresh.load_ids != resumed.load_ids
    with duckdb.connect(str(db), read_only=True) as con:
        landed = con.execute(
            "select count(*) from raw_t.rows where _dlt_load_id = ?", [fresh.load_ids[0]]
        ).fetchone()
    assert landed == (30,)


def test_ctrl_c_inside_a_duckdb_query_is_an_interrupt_not_a_failure() -> None:
    """DuckDB turns Ctrl-C during a query into InterruptException("Query interrupted")."""
    con = duckdb.connect()
    ctrl_c = threading.Timer(0.3, con.interrupt)  # as if Ctrl-C arrived while the query ran
    ctrl_c.start()
    try:
        try:
            con.execute("select count(*) from range(100000000000) as t(i) where i % 7 = 3")
        except duckdb.InterruptException as exc:
            raise RuntimeError("wrapped by the caller") from exc
    except RuntimeError as wrapped:
        assert interrupted(wrapped)
    else:
        raise AssertionError("the query was not interrupted")
    finally:
        ctrl_c.cancel()
        con.close()
    assert interrupted(KeyboardInterrupt())
    assert not interrupted(RuntimeError("a real failure"))
