"""Incremental builds equal full rebuilds on the corpus: Apple files a new 10-Q that restates a
prior quarter (decisions 029, 043; support/incremental.py says how). Its own module, so that
pytest-xdist can run it beside the demo's (both take minutes).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dev.warehouse_diff import table_differences

from ..support.incremental import (
    CHANGE_SETS,
    assert_restatement_is_history,
    incremental_then_full,
)

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

CORPUS_CIK = 320193  # Apple


def test_corpus_one_filing_incremental_equals_full_refresh(
    corpus_mirror: Path, tmp_path: Path
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(corpus_mirror, mirror, ignore=shutil.ignore_patterns("Archives"))
    run = ["run", "--sources", "sec", "--tickers", "AAPL,TSLA,LPA", "--no-progress"]
    db, full, filing = incremental_then_full(mirror, tmp_path, run, CORPUS_CIK)
    assert table_differences(db, full, exclude=CHANGE_SETS) == {}
    assert_restatement_is_history(db, filing)
