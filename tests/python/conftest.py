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
