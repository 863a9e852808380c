"""Incremental builds equal full rebuilds on the demo (decisions 029, 043; support/incremental.py
says how). A new SEC ticker file (dim_company's ticker falls back on it) must rebuild the
statement marts of every company, and nothing else.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from dev.warehouse_diff import table_differences
from finloom.paths import DEMO_MIRROR

from ..support.exits import EXIT_GAPS
from ..support.incremental import (
    CHANGE_SETS,
    COMPANY_CANARIES,
    COPIED_INTO_MARTS,
    MART_CANARIES,
    MART_CHANGE_SET,
    assert_restatement_is_history,
    changed_companies,
    finloom,
    full_refresh,
    incremental_then_full,
    mark,
)
from ..support.shared import DEMO_SEC_RUN

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

DEMO_CIK = 9990001  # HLDG
#: every model that reads the SEC ticker files, directly or not
TICKERS_AND_DOWN = "source:sec.company_tickers+"


def test_demo_one_filing_incremental_equals_full_refresh(
    tmp_path: Path, demo_sec_cold_run: tuple[Path, dict]
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(DEMO_MIRROR, mirror)
    run = DEMO_SEC_RUN  # the command of the cold run, made on DEMO_MIRROR (conftest)
    # not revenue or net income: the demo's known answers pin those (seeds/demo_known_answers.csv)
    db, full, filing = incremental_then_full(
        mirror, tmp_path, run, DEMO_CIK, restate=("CostOfRevenue",), cold_run=demo_sec_cold_run
    )
    assert table_differences(db, full, exclude=CHANGE_SETS) == {}
    assert_restatement_is_history(db, filing)

    # a new ticker file (an exchange moved): no company's own SEC data changed, but the
    # statement marts read dim_company, whose ticker falls back on that file (decision 043)
    exchanges = mirror / "www.sec.gov" / "files" / "company_tickers_exchange.json"
    listed = json.loads(exchanges.read_text())
    listed["data"][0][3] = "NYSE" if listed["data"][0][3] != "NYSE" else "Nasdaq"
    exchanges.write_text(json.dumps(listed))
    upstream = {t: c for t, c in COMPANY_CANARIES.items() if t not in COPIED_INTO_MARTS}
    canaries = mark(db, upstream | MART_CANARIES, DEMO_CIK)
    tickers = finloom(*run, "--mirror", str(mirror), "--db", str(db))
    assert tickers.returncode in (0, EXIT_GAPS), tickers.stderr[-3000:]
    assert "build: models downstream of sec (new data from sec)" in tickers.stderr
    assert changed_companies(db) == []
    with duckdb.connect(str(db), read_only=True) as con:
        companies = [cik for (cik,) in con.execute("select cik from marts.dim_company").fetchall()]
    assert changed_companies(db, MART_CHANGE_SET) == sorted(companies)
    survived = {c.table for c in canaries if c.survived(db)}
    assert survived == {c.table for c in canaries if c.table in upstream}
    assert {c.table for c in canaries} >= set(MART_CANARIES)
    for canary in canaries:
        canary.restore(db)
    # from scratch: what the ticker file reaches. The rest was compared with a full refresh
    # above, and this run rebuilt none of it (no company changed; the canaries upstream of
    # the ticker file survived), so its copy in `full` is what a full refresh makes
    # (the file's stem kept: the views not rebuilt name their catalog)
    (tmp_path / "after_tickers").mkdir()
    full = full_refresh(db, tmp_path / "after_tickers" / db.name, select=(TICKERS_AND_DOWN,))
    assert table_differences(db, full, exclude=CHANGE_SETS) == {}
