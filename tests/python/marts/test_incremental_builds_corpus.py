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
from ..support.shared import CORPUS_SEC_RUN

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

CORPUS_CIK = 320193  # Apple


def test_corpus_one_filing_incremental_equals_full_refresh(
    corpus_mirror: Path, tmp_path: Path, corpus_sec_cold_run: tuple[Path, dict]
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(corpus_mirror, mirror, ignore=shutil.ignore_patterns("Archives"))
    # the cold run is conftest's, the same command on the corpus mirror (the same bytes)
    db, full, filing = incremental_then_full(
        mirror, tmp_path, CORPUS_SEC_RUN, CORPUS_CIK, cold_run=corpus_sec_cold_run
    )
    assert table_differences(db, full, exclude=CHANGE_SETS) == {}
    assert_restatement_is_history(db, filing)
