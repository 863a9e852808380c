"""Incremental builds equal full rebuilds (decisions 029, 043): the steps the demo and corpus
tests share (tests/python/marts/test_incremental_builds*.py).

A cold run, then one company files a new 10-Q that restates a prior quarter (dev/scenarios.py),
then a run that rebuilds only what changed: every intermediate table and mart equals a
`--full-refresh` build of the same raw data (`except all`, both ways), the restatement reaches
the latest view and adds a version to the history, and the as-of answer for an earlier date is
the one it was.

"Only what changed" is checked on the data, as the market test does: before the incremental
run, one value of another company is altered in every model partitioned by company (a canary
no test and no plain table downstream reads); a build that rebuilt that company would put the
true value back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

from dev.scenarios import RESTATE_FIRST, NewFiling, add_quarterly_filing
from finloom.paths import PROJECT_ROOT

from .exits import EXIT_GAPS
from .shared import copy_warehouse

#: which companies the build found changed: differs between the two builds by design
CHANGE_SET = "intermediate.int_sec_companies_to_build"
#: which companies' statement marts it rebuilt (their SEC data, or a new ticker file: 043)
MART_CHANGE_SET = "intermediate.int_sec_company_marts_to_build"
CHANGE_SETS = [CHANGE_SET, MART_CHANGE_SET]
#: models partitioned by company_batch('cik') and a column of each that no test and no plain
#: table downstream reads (decision 043's models; the line-item models of 029 are checked by
#: the full-refresh comparison); True: the demo or the corpus may have no row of it
COMPANY_CANARIES = {
    "intermediate.int_fiscal_year_ends_reported": ("reported_start", False),
    "intermediate.int_fiscal_years": ("fiscal_year_source", False),
    "intermediate.int_fiscal_periods": ("duration_days", False),
    "intermediate.int_line_items_derived_from_year_to_date": ("value", False),
    "intermediate.int_flows_derived_by_identity": ("value", False),
    "intermediate.int_equity_and_liabilities_derived_by_identity": ("value", False),
    "intermediate.int_operating_cash_flow_derived_from_ifrs_parts": ("value", True),
    "intermediate.int_temporary_equity_derived_from_parts": ("value", True),
    "intermediate.int_temporary_equity_derived_from_conditional_elements": ("value", True),
    "intermediate.int_line_items_by_fiscal_period": ("source_form", False),
    "intermediate.int_shares_outstanding_known": ("n_share_classes", False),
    # decision 046: every column of a pivoted statement reaches its thin mart, a plain table,
    # so the build copies the canary there (CANARY_COPIES) and it is restored there too; a
    # company the pivot left stale still differs from the full refresh, in pivot and mart
    "intermediate.int_income_statement_pivoted": ("n_line_items", False),
    "intermediate.int_balance_sheet_pivoted": ("n_line_items", False),
    # the quality chain (decision 047)
    "intermediate.int_company_fact_filings": ("n_statement_facts", False),
    "intermediate.int_quality_filings": ("n_facts", False),
    "intermediate.int_filings_checked_for_balance_sheet_identity": ("detail", False),
    "intermediate.int_filings_checked_for_subtotal_identities": ("detail", False),
}
#: the statement marts partitioned by company_mart_batch('cik'), likewise
MART_CANARIES = {
    "marts.fct_financial_line_items": ("source_form", False),
    "marts.fct_financial_line_items_history": ("source_form", False),
    "marts.fct_cash_flow": ("n_line_items", False),
    # the quality marts (decision 047)
    "marts.fct_filing_line_item_coverage": ("source_concept", False),
    "marts.fct_filing_quality_components": ("detail", False),
    "marts.fct_filing_quality": ("form", False),
    "marts.fct_company_quality": ("last_filing_date", False),
}
#: company canaries whose column a mart partitioned by company_mart_batch copies verbatim: a
#: new ticker file rebuilds that mart for every company, copying the altered value
COPIED_INTO_MARTS = {
    # fct_financial_line_items copies its source_form
    "intermediate.int_line_items_by_fiscal_period",
    # fct_filing_quality_components copies each check's detail
    "intermediate.int_filings_checked_for_balance_sheet_identity",
    "intermediate.int_filings_checked_for_subtotal_identities",
}
#: plain tables that copy a canary's column verbatim from its table (decision 046): a build puts
#: the altered value there too, so the canary is restored in them as well
CANARY_COPIES = {
    "intermediate.int_income_statement_pivoted": ("marts.fct_income_statement",),
    "intermediate.int_balance_sheet_pivoted": ("marts.fct_balance_sheet",),
}


@dataclass(frozen=True)
class Canary:
    """One value of company `cik` in `table` altered from `original` to `marked` (`rows` rows)."""

    table: str
    column: str
    cik: int
    original: object
    marked: object
    rows: int

    def survived(self, db: Path) -> bool:
        """Whether the altered value is still there: nothing rebuilt the company's rows."""
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute(
                f"select count(*) from {self.table} where cik = ? and {self.column} = ?",
                [self.cik, self.marked],
            ).fetchone()
        return row == (self.rows,)

    def restore(self, db: Path) -> None:
        """The true value back, in the table and in the plain tables that copy it."""
        with duckdb.connect(str(db)) as con:
            for table in (self.table, *CANARY_COPIES.get(self.table, ())):
                con.execute(
                    f"update {table} set {self.column} = ? where cik = ? and {self.column} = ?",
                    [self.original, self.cik, self.marked],
                )


def _marked(original: object) -> object:
    """A value the column does not hold for the company (far from any real one)."""
    if isinstance(original, float):
        return original * (1 + 1e-6)
    if isinstance(original, int | Decimal):
        return original + 1_000_003
    if isinstance(original, date):
        return original - timedelta(days=100_003)
    assert isinstance(original, str), original
    return original + " (canary)"


def mark(db: Path, columns: dict[str, tuple[str, bool]], changed: int) -> list[Canary]:
    """Alter one value in each table, of the first company with one that is not `changed`."""
    canaries = []
    with duckdb.connect(str(db)) as con:
        for table, (column, may_be_empty) in columns.items():
            row = con.execute(
                f"select cik, min({column}) from {table} "
                f"where cik <> ? and {column} is not null group by cik order by cik limit 1",
                [changed],
            ).fetchone()
            if row is None and may_be_empty:
                continue
            assert row is not None, f"no {column} of a company other than {changed} in {table}"
            cik, original = row
            marked = _marked(original)
            assert con.execute(
                f"select count(*) from {table} where cik = ? and {column} = ?", [cik, marked]
            ).fetchone() == (0,)
            rows = con.execute(
                f"update {table} set {column} = ? where cik = ? and {column} = ?",
                [marked, cik, original],
            ).fetchone()
            assert rows is not None and rows[0] > 0
            canaries.append(Canary(table, column, cik, original, marked, int(rows[0])))
    return canaries


def finloom(*argv: str, target: Path | None = None) -> subprocess.CompletedProcess[str]:
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


def assert_partitioned_tests_read_rebuilt_keys(target: Path) -> None:
    """Decision 042: in an incremental build, a row-level test of a partitioned model reads the
    rebuilt keys only; a test of a plain table still reads all of it."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]

    def compiled(model: str) -> str:
        """The compiled SQL of `model`'s not-null test (one per model: decision 048)."""
        (sql,) = [
            r.get("compiled_code") or ""
            for r in results
            if (node := nodes.get(r["unique_id"], {})).get("attached_node")
            == f"model.finloom.{model}"
            and (node.get("test_metadata") or {}).get("name") == "not_null_columns"
        ]
        return sql

    scoped = "where is_changed"
    assert scoped in compiled("int_line_item_candidates")
    assert scoped in compiled("int_fiscal_periods")
    mart_test = compiled("fct_financial_line_items")
    assert scoped in mart_test and MART_CHANGE_SET.split(".")[1] in mart_test
    assert scoped not in compiled("fct_income_statement")


def changed_companies(db: Path, change_set: str = CHANGE_SET) -> list[int]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(f"select cik from {change_set} where is_changed order by 1").fetchall()
    return [cik for (cik,) in rows]


def incremental_then_full(
    mirror: Path,
    tmp_path: Path,
    run: list[str],
    cik: int,
    restate: tuple[str, ...] = (),
    cold_run: tuple[Path, dict] | None = None,
) -> tuple[Path, Path, NewFiling]:
    """A cold `run` on `mirror`, a new filing, the incremental `run`, and a `--full-refresh`
    build of a copy. `cold_run`: the cold run already made (a warehouse and the run's exit
    code and stderr, conftest's demo_sec_cold_run) by the same command on a mirror `mirror`
    is a copy of (the same bytes); the warehouse and its dlt state are copied here."""
    if cold_run is None:
        db = tmp_path / "incremental.duckdb"
        done = finloom(*run, "--mirror", str(mirror), "--db", str(db))
        cold = {"returncode": done.returncode, "stderr": done.stderr}
    else:
        db = copy_warehouse(cold_run[0], tmp_path)
        cold = cold_run[1]
    assert cold["returncode"] in (0, EXIT_GAPS), str(cold["stderr"])[-3000:]
    assert "build: everything (first build of this warehouse)" in str(cold["stderr"])

    filing = add_quarterly_filing(mirror, cik, restate=restate or RESTATE_FIRST)
    canaries = mark(db, COMPANY_CANARIES | MART_CANARIES, cik)
    target = tmp_path / "target"
    again = finloom(*run, "--mirror", str(mirror), "--db", str(db), target=target)
    assert again.returncode in (0, EXIT_GAPS), again.stderr[-3000:]
    assert "build: models downstream of sec (new data from sec)" in again.stderr
    assert_partitioned_tests_read_rebuilt_keys(target)
    # only the company that filed is rebuilt: the others' files answered 304 Not Modified
    assert changed_companies(db) == [cik]
    assert changed_companies(db, MART_CHANGE_SET) == [cik]
    # and their rows stayed as they were: the altered values survived the build
    assert [c.table for c in canaries if not c.survived(db)] == []
    for canary in canaries:
        canary.restore(db)
    return db, full_refresh(db, tmp_path / "full.duckdb"), filing


def full_refresh(db: Path, full: Path, select: tuple[str, ...] = ()) -> Path:
    """A copy of `db` with every model rebuilt from scratch, or the `select`ed ones."""
    shutil.copy(db, full)
    # the models only: the incremental run's build already ran every test on the same data
    argv = ["build", "--db", str(full), "--full-refresh"]
    argv += ["--select", *select] if select else []
    rebuilt = finloom(*argv, "--exclude", "resource_type:test", "resource_type:unit_test")
    assert rebuilt.returncode in (0, EXIT_GAPS), rebuilt.stdout[-3000:]
    return full


def assert_restatement_is_history(db: Path, filing: NewFiling) -> None:
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
