"""Warehouses that several test modules start from, built once per pytest session.

A load or build that several modules begin with (the same `finloom` command on the same mirror)
runs once: the first worker to ask builds it under a file lock in a folder every xdist worker of
the session shares; the others wait for it. Nobody writes to the shared warehouse: a consumer
reads it in place (read-only connections) or takes its own copy with `copy_warehouse` before it
loads or builds anything.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pytest

#: the cold run of the demo's SEC data (conftest's demo_sec_cold_run), `--mirror` and `--db` aside
DEMO_SEC_RUN = ["run", "--sources", "sec", "--universe", "sp500", "--no-progress"]
#: the cold run of the corpus' SEC data (conftest's corpus_sec_cold_run), likewise
CORPUS_SEC_RUN = ["run", "--sources", "sec", "--tickers", "AAPL,TSLA,LPA", "--no-progress"]

#: what a build recorded beside its warehouse: free-form, e.g. the command's exit code and output
Record = dict[str, object]


def _session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder per pytest session, shared by its xdist workers: each worker's base temp is a
    `popen-gwN` folder inside the controller's."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / "shared_warehouses"


def pipelines_of(db: Path) -> Path:
    """dlt's working state of warehouse `db` (ingestion.runner.pipelines_dir)."""
    return db.parent / ".dlt_pipelines" / db.stem


def shared_warehouse(
    tmp_path_factory: pytest.TempPathFactory,
    key: str,
    name: str,
    build: Callable[[Path], Record],
) -> tuple[Path, Record]:
    """The warehouse `name` (a .duckdb file name) that `build(db)` makes, built once per session
    under `key`, and what `build` returned (JSON). Read it, or copy it with `copy_warehouse`.
    A failed build raises in the test that ran it and is tried again by the next that asks."""
    root = _session_dir(tmp_path_factory)
    root.mkdir(parents=True, exist_ok=True)
    home = root / key
    done = home / "record.json"
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.is_file():
            shutil.rmtree(home, ignore_errors=True)
            (home / "work").mkdir(parents=True)
            record = build(home / "work" / name)
            done.write_text(json.dumps(record))
    return home / "work" / name, json.loads(done.read_text())


def copy_warehouse(db: Path, into: Path, name: str | None = None) -> Path:
    """A private copy of warehouse `db` in folder `into`, with its dlt working state, so a later
    load continues from where it stood. dbt-duckdb's views name the file's catalog (its stem):
    a copy under another `name` is only allowed for a warehouse without views (raw data)."""
    target = into / (name or db.name)
    if target.stem != db.stem:
        with duckdb.connect(str(db), read_only=True) as con:
            views = con.sql("select count(*) from duckdb_views() where not internal").fetchone()
        assert views == (0,), f"{db} has views naming its catalog {db.stem!r}: keep its name"
    into.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db, target)
    if pipelines_of(db).is_dir():
        shutil.copytree(pipelines_of(db), pipelines_of(target))
    return target


def finloom_run(db: Path, argv: Sequence[str]) -> Record:
    """`finloom <argv> --db <db>` in a subprocess, with dlt's data, dbt's target and logs beside
    `db`: its exit code, stdout and stderr, the dbt nodes that failed and each dbt test's status
    by name (the run's run_results.json; none when it built nothing). A shared_warehouse build."""
    from finloom.paths import PROJECT_ROOT

    work = db.parent
    env = {**os.environ, "DLT_DATA_DIR": str(work / "dlt_data"), "NO_COLOR": "1"}
    env["DBT_TARGET_PATH"], env["DBT_LOG_PATH"] = str(work / "target"), str(work / "logs")
    env["FINLOOM_DB"], env["RUNTIME__LOG_LEVEL"] = str(db), "WARNING"
    done = subprocess.run(
        [sys.executable, "-m", "finloom", *argv, "--db", str(db)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    run_results = work / "target" / "run_results.json"
    results = json.loads(run_results.read_text())["results"] if run_results.is_file() else []
    name = {r["unique_id"]: r["unique_id"].split(".")[2] for r in results}
    return {
        "returncode": done.returncode,
        "stdout": done.stdout,
        "stderr": done.stderr,
        "failures": [name[r["unique_id"]] for r in results if r["status"] in {"error", "fail"}],
        "tests": {
            name[r["unique_id"]]: r["status"] for r in results if r["unique_id"].startswith("test.")
        },
    }


def shared_run(
    tmp_path_factory: pytest.TempPathFactory, key: str, name: str, argv: Sequence[str]
) -> tuple[Path, Record]:
    """The warehouse `name` that `finloom <argv>` makes, once per session under `key`
    (shared_warehouse), and what finloom_run recorded of the run."""
    return shared_warehouse(tmp_path_factory, key, name, lambda db: finloom_run(db, argv))
