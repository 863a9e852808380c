"""Incremental builds equal full rebuilds (decision 028).

A cold run, then one company files a new 10-Q that restates a prior quarter (dev/scenarios.py),
then a run that rebuilds only what changed: every intermediate table and mart equals a
`--full-refresh` build of the same raw data (`except all`, both ways), the restatement reaches
the latest view and adds a version to the history, and the as-of answer for an earlier date is
the one it was.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import duckdb

from dev.scenarios import RESTATE_FIRST, NewFiling, add_quarterly_filing
from dev.warehouse_diff import table_differences
from finloom.paths import DEMO_MIRROR, PROJECT_ROOT

from ..support.exits import EXIT_GAPS

DEMO_CIK = 9990001  # HLDG
CORPUS_CIK = 320193  # Apple
#: which companies the build found changed: differs between the two builds by design
CHANGE_SET = "intermediate.int_sec_companies_to_build"


def _finloom(*argv: str, target: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if target is not None:  # dbt's run_results.json of this run, read by the test
        env["DBT_TARGET_PATH"] = str(target)
    return subprocess.run(
        [sys.executable, "-m", "finloom", *argv],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def _assert_partitioned_tests_read_rebuilt_keys(target: Path) -> None:
    """Decision 042: in an incremental build, a row-level test of a partitioned model reads the
    rebuilt keys only; a test of a plain table still reads all of it."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    compiled = {r["unique_id"].split(".")[2]: r.get("compiled_code") or "" for r in results}
    scoped = "where is_changed"
    assert scoped in compiled["not_null_int_line_item_candidates_line_item"]
    assert scoped not in compiled["not_null_fct_financial_line_items_cik"]


def _changed_companies(db: Path) -> list[int]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select cik from intermediate.int_sec_companies_to_build where is_changed order by 1"
        ).fetchall()
    return [cik for (cik,) in rows]


def _incremental_then_full(
    mirror: Path, tmp_path: Path, run: list[str], cik: int, restate: tuple[str, ...] = ()
) -> tuple[Path, Path, NewFiling]:
    db = tmp_path / "incremental.duckdb"
    cold = _finloom(*run, "--mirror", str(mirror), "--db", str(db))
    assert cold.returncode in (0, EXIT_GAPS), cold.stderr[-3000:]
    assert "build: everything (first build of this warehouse)" in cold.stderr

    filing = add_quarterly_filing(mirror, cik, restate=restate or RESTATE_FIRST)
    target = tmp_path / "target"
    again = _finloom(*run, "--mirror", str(mirror), "--db", str(db), target=target)
    assert again.returncode in (0, EXIT_GAPS), again.stderr[-3000:]
    assert "build: models downstream of sec (new data from sec)" in again.stderr
    _assert_partitioned_tests_read_rebuilt_keys(target)
    # only the company that filed is rebuilt: the others' files answered 304 Not Modified
    assert _changed_companies(db) == [cik]

    full = tmp_path / "full.duckdb"
    shutil.copy(db, full)
    # the models only: the incremental run's build already ran every test on the same data
    rebuilt = _finloom(
        "build",
        "--db",
        str(full),
        "--full-refresh",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
    )
    assert rebuilt.returncode in (0, EXIT_GAPS), rebuilt.stdout[-3000:]
    return db, full, filing


def _assert_restatement_is_history(db: Path, filing: NewFiling) -> None:
    concept, period_end, before, after = filing.restated
    with duckdb.connect(str(db), read_only=True) as con:
        versions = con.execute(
            "select line_item, fiscal_year, fiscal_period, version_number, value, "
            "previous_version_value, valid_from, is_current "
            "from marts.fct_financial_line_items_history "
            "where cik = ? and source_concept = ? and period_end = ? "
            "order by version_number",
            [filing.cik, concept, period_end],
        ).fetchall()
        assert versions, f"no history for {concept} ending {period_end}"
        line_item, year, period = versions[-1][:3]
        newest = versions[-1]
        # the restatement is the current version, dated by the new filing, after the old one
        assert (float(newest[4]), float(newest[5]), newest[6], newest[7]) == (
            after,
            before,
            filing.filed,
            True,
        )
        latest = con.execute(
            "select value, source_accession_number from marts.fct_financial_line_items "
            "where cik = ? and line_item = ? and fiscal_year = ? and fiscal_period = ?",
            [filing.cik, line_item, year, period],
        ).fetchone()
        assert latest is not None and float(latest[0]) == after
        assert latest[1] == filing.accession_number
        # as of the day before the new filing, the answer is the one users had then
        day_before = filing.filed - timedelta(days=1)
        as_of = con.execute(
            "select value from marts.fct_financial_line_items_history "
            "where cik = ? and line_item = ? and fiscal_year = ? and fiscal_period = ? "
            "and valid_from <= ? and (valid_to is null or valid_to > ?)",
            [filing.cik, line_item, year, period, day_before, day_before],
        ).fetchall()
        assert [float(v) for (v,) in as_of] == [before]


def test_demo_one_filing_incremental_equals_full_refresh(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(DEMO_MIRROR, mirror)
    run = ["run", "--sources", "sec", "--universe", "sp500", "--no-progress"]
    # not revenue or net income: the demo's known answers pin those (seeds/demo_known_answers.csv)
    db, full, filing = _incremental_then_full(
        mirror, tmp_path, run, DEMO_CIK, restate=("CostOfRevenue",)
    )
    assert table_differences(db, full, exclude=[CHANGE_SET]) == {}
    _assert_restatement_is_history(db, filing)


def test_corpus_one_filing_incremental_equals_full_refresh(
    corpus_mirror: Path, tmp_path: Path
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(corpus_mirror, mirror, ignore=shutil.ignore_patterns("Archives"))
    run = ["run", "--sources", "sec", "--tickers", "AAPL,TSLA,LPA", "--no-progress"]
    db, full, filing = _incremental_then_full(mirror, tmp_path, run, CORPUS_CIK)
    assert table_differences(db, full, exclude=[CHANGE_SET]) == {}
    _assert_restatement_is_history(db, filing)
