"""Shared fixtures: the real-data corpus (skipped when absent) and per-test dlt/DuckDB isolation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The corpus sits beside the project (../shared/corpus); FINLOOM_CORPUS points elsewhere.
CORPUS = Path(os.environ.get("FINLOOM_CORPUS") or PROJECT_ROOT.parent / "shared" / "corpus")

# dbt's unit tests check the models' SQL on fixed inputs, never the data, so one run of each is
# the whole check: `make test` runs them all in its dbt-test step (the demo build, before pytest),
# and demo_db below when pytest runs alone. Every other build pytest makes leaves them out with
# dbt's own switch (inherited by the `finloom` subprocesses): they were over a third of the CPU
# time of a build like test_point_in_time's.
UNIT_TESTS_OFF = {"DBT_EXCLUDE_RESOURCE_TYPES": "unit_test"}
os.environ.update(UNIT_TESTS_OFF)


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
    for name in UNIT_TESTS_OFF:  # the one build that runs every unit test when pytest runs alone
        env.pop(name)
    argv = [sys.executable, "-m", "finloom", "demo", "--db", str(db), "--no-progress"]
    done = subprocess.run(argv, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode in (0, 3), done.stderr[-3000:]
    return db


@pytest.fixture(scope="session")
def demo_sec_cold_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """`finloom run --sources sec --universe sp500` on the demo mirror, into a new warehouse
    demo.duckdb: once per session (test_source_findings' clean warehouse, and the cold run
    test_incremental_builds continues from). Its exit code, stdout and stderr come with it.
    Copy it (support.shared.copy_warehouse) before writing."""
    from finloom.paths import DEMO_MIRROR

    from .support.shared import DEMO_SEC_RUN, shared_run

    argv = [*DEMO_SEC_RUN, "--mirror", str(DEMO_MIRROR)]
    return shared_run(tmp_path_factory, "demo_sec_cold_run", "demo.duckdb", argv)


@pytest.fixture(scope="session")
def corpus_sec_cold_run(
    corpus_mirror: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict]:
    """`finloom run --sources sec --tickers AAPL,TSLA,LPA` from the corpus into a new warehouse
    corpus.duckdb: every model and dbt test on the filings of Apple, Tesla and the IFRS 20-F
    filer LPA. Once per session (test_financials_corpus and test_quality read it; the corpus
    incremental test continues from a copy); with what support.shared.finloom_run records.
    Read it; copy it (support.shared.copy_warehouse) before writing."""
    from .support.shared import CORPUS_SEC_RUN, shared_run

    argv = [*CORPUS_SEC_RUN, "--mirror", str(corpus_mirror)]
    return shared_run(tmp_path_factory, "corpus_sec_cold_run", "corpus.duckdb", argv)


@pytest.fixture(scope="session")
def corpus_aapl_tsla_run(
    corpus_mirror: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict]:
    """`finloom run --sources sec,market --tickers AAPL,TSLA` from the corpus into
    aapl_tsla.duckdb: every model and dbt test on Apple's and Tesla's filings and charts. Once
    per session (test_sec_pipeline's `run`, and the split-basis modules read it); with the run's
    exit code, the nodes that failed and each dbt test's status by name (its run_results.json).
    Read it; copy it before writing."""
    from .support.shared import shared_run

    argv = ["run", "--sources", "sec,market", "--tickers", "AAPL,TSLA", "--no-progress"]
    argv += ["--mirror", str(corpus_mirror)]
    return shared_run(tmp_path_factory, "corpus_aapl_tsla_run", "aapl_tsla.duckdb", argv)


#: the longest modules (`pytest --durations`, measured on the 2-core CI machine), started first,
#: longest first: started in collection order, the incremental modules (under marts/, minutes
#: each) came late and ran alone at the end while the other worker idled
LONGEST_FIRST = (
    "marts/test_incremental_builds.py",
    "finloom/cli/test_unattended.py",
    "ingestion/sources/test_sec_pipeline.py",
    "docs/test_snippets.py",
    "marts/test_incremental_builds_corpus.py",
    "marts/test_incremental_market_builds.py",
    "marts/test_point_in_time.py",
    # after the corpus incremental module, which makes the corpus run they share (conftest)
    "finloom/serve/test_quality.py",
)


def _start_rank(item: pytest.Item) -> tuple[int, int]:
    """(0, its place) for the longest modules, (1, 0) for the other end-to-end modules (marked
    `slow`), (2, 0) for the rest."""
    path = item.path.as_posix()
    for place, module in enumerate(LONGEST_FIRST):
        if path.endswith(f"tests/python/{module}"):
            return 0, place
    return (1, 0) if item.get_closest_marker("slow") is not None else (2, 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest modules first (LONGEST_FIRST), then the other end-to-end modules (marked
    `slow`), in collection order, then the rest. `make test` hands whole modules to its
    pytest-xdist workers in this order (`--dist loadscope --no-loadscope-reorder`: xdist's own
    order puts modules with many tests first, which left a one-test module of several minutes
    to start last, on one worker, while the other idled); the many short modules then fill the
    workers' ends."""
    items.sort(key=_start_rank)
