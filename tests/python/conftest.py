"""Shared fixtures: the real-data corpus (skipped when absent) and per-test dlt/DuckDB isolation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The corpus sits beside the project (../shared/corpus); FINLOOM_CORPUS points elsewhere.
CORPUS = Path(os.environ.get("FINLOOM_CORPUS") or PROJECT_ROOT.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """Root of ../shared/corpus; tests that need it skip cleanly when it is absent."""
    if not (CORPUS / "mirror").is_dir():
        pytest.skip(f"real-data corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_mirror(corpus: Path) -> Path:
    return corpus / "mirror"


@pytest.fixture(autouse=True)
def _isolated_dlt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own dlt data dir and DuckDB file: nothing leaks between tests."""
    monkeypatch.setenv("DLT_DATA_DIR", str(tmp_path / "dlt_data"))
    monkeypatch.setenv("FINLOOM_DB", str(tmp_path / "finloom.duckdb"))
    monkeypatch.setenv("RUNTIME__LOG_LEVEL", "WARNING")
    yield


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse `finloom demo` built: every source, every model and test. Read it; a test that
    writes copies it first. `make test` builds it once (its dbt-test step, before pytest) and
    passes it as FINLOOM_TEST_DEMO_DB; without that, the first test that asks builds one here."""
    import shutil
    import subprocess
    import sys

    prebuilt = os.environ.get("FINLOOM_TEST_DEMO_DB")
    # dbt-duckdb's views name the file's catalog (its stem): a copy keeps the name
    db = tmp_path_factory.mktemp("demo_db") / "demo.duckdb"
    if prebuilt and Path(prebuilt).is_file():
        assert Path(prebuilt).name == db.name, f"{prebuilt}: the demo warehouse is {db.name}"
        shutil.copyfile(prebuilt, db)
        return db
    env = {**os.environ, "DLT_DATA_DIR": str(db.parent / "dlt_data"), "NO_COLOR": "1"}
    env["DBT_TARGET_PATH"], env["DBT_LOG_PATH"] = str(db.parent / "target"), str(db.parent / "logs")
    argv = [sys.executable, "-m", "finloom", "demo", "--db", str(db), "--no-progress"]
    done = subprocess.run(argv, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode in (0, 3), done.stderr[-3000:]
    return db
