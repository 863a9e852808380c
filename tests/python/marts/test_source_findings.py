"""Source findings warn, never block (decision 025; issue 11 part 1).

A copy of the demo mirror gets one company (HLDG) whose company facts cite an accession its
submissions no longer list; the demo already lists an overflow submissions page it does not
serve for CIK 9990005. `finloom run` on that mirror must exit 0, build every mart, report both
findings as warnings naming the two companies, and leave every other company's rows exactly as
a run on the unmodified demo mirror builds them.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from finloom.cli import main
from finloom.ops.runs import recent_runs
from finloom.paths import PROJECT_ROOT

from ..support.dbt import warehouse_env
from ..support.exits import EXIT_GAPS
from ..support.shared import DEMO_SEC_RUN

pytestmark = pytest.mark.slow

DEMO_MIRROR = PROJECT_ROOT / "dev" / "demo" / "mirror"
SUBMISSIONS = Path("data.sec.gov") / "submissions"
HLDG_CIK = 9990001
DROPPED_ACCESSION = "0009990001-24-000008"  # HLDG's 10-Q filed 2024-11-04
GAP_CIK = 9990005  # its listed overflow page CIK0009990005-submissions-002.json is not served


def _drop_filing(mirror: Path, cik: int, accession: str) -> None:
    """Remove one filing from a company's `filings.recent` arrays (all kept parallel)."""
    path = mirror / SUBMISSIONS / f"CIK{cik:010d}.json"
    doc = json.loads(path.read_text())
    recent = doc["filings"]["recent"]
    index = recent["accessionNumber"].index(accession)
    for values in recent.values():
        del values[index]
    path.write_text(json.dumps(doc))


def _run(mirror: Path, work: Path) -> Path:
    """A first run and build: exit 3, for the demo's missing overflow page (a gap) and because
    every finding of a first build is new."""
    db = work / "demo.duckdb"
    with warehouse_env(work, db):
        # the command of the clean run (conftest's demo_sec_cold_run), on `mirror`
        assert main([*DEMO_SEC_RUN, "--mirror", str(mirror), "--db", str(db)]) == EXIT_GAPS
    return db


@pytest.fixture(scope="module")
def warehouses(
    demo_sec_cold_run: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Path]]:
    """(clean, with findings): runs on the demo mirror and on the modified copy. The clean run
    is the same command as _run's, made once per session (conftest); read only, never written."""
    clean, cold = demo_sec_cold_run
    # exit 3, as _run's: the demo's missing overflow page, and every finding of a first build
    assert cold["returncode"] == EXIT_GAPS, str(cold["stderr"])[-3000:]
    mirror = tmp_path_factory.mktemp("mirror") / "mirror"
    shutil.copytree(DEMO_MIRROR, mirror)
    assert not (mirror / SUBMISSIONS / f"CIK{GAP_CIK:010d}-submissions-002.json").exists()
    _drop_filing(mirror, HLDG_CIK, DROPPED_ACCESSION)
    findings = _run(mirror, tmp_path_factory.mktemp("findings"))
    yield clean, findings


def test_the_run_ledger_lists_the_dropped_filing_as_a_new_finding(
    warehouses: tuple[Path, Path],
) -> None:
    clean, findings = warehouses
    (clean_run,), (findings_run,) = recent_runs(clean), recent_runs(findings)
    assert clean_run.status == findings_run.status == "ok_with_findings"
    assert any(f"{GAP_CIK}" in gap or "submissions-002" in gap for gap in findings_run.gaps)
    dropped = [f for f in findings_run.new_findings if DROPPED_ACCESSION in f]
    assert dropped and not [f for f in clean_run.new_findings if DROPPED_ACCESSION in f]


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1",
        [schema],
    ).fetchall()
    return [name for (name,) in rows]


def test_every_mart_is_built(warehouses: tuple[Path, Path]) -> None:
    clean, findings = warehouses
    with duckdb.connect(str(clean), read_only=True) as con:
        expected = {
            table: con.sql(f"select count(*) from marts.{table}").fetchone()
            for table in _tables(con, "marts")
        }
    with duckdb.connect(str(findings), read_only=True) as con:
        assert _tables(con, "marts") == sorted(expected)
        for table, count in expected.items():
            built = con.sql(f"select count(*) from marts.{table}").fetchone()
            assert count is not None and built is not None
            assert built[0] > 0 or count[0] == 0, table  # non-empty where the clean run's is


def test_both_findings_are_warnings_naming_the_companies(warehouses: tuple[Path, Path]) -> None:
    _, findings = warehouses
    with duckdb.connect(str(findings), read_only=True) as con:
        violations = con.sql(
            "select check_name, severity, cik, affected_key from marts.reconciliation_violations"
        ).fetchall()
        report = dict(
            con.sql(
                "select check_name, severity || ' ' || status from marts.reconciliation_report "
                "where status <> 'pass'"
            ).fetchall()
        )
    unknown = [v for v in violations if v[0] == "fact_accessions_are_known_filings"]
    assert unknown == [
        (
            "fact_accessions_are_known_filings",
            "warning",
            HLDG_CIK,
            f"{HLDG_CIK} {DROPPED_ACCESSION}",
        )
    ]
    gaps = [v for v in violations if v[0] == "filing_index_gaps"]
    assert [(check, severity, cik) for check, severity, cik, _ in gaps] == [
        ("filing_index_gaps", "warning", GAP_CIK)
    ]
    assert {v[1] for v in violations} == {"warning"}
    assert report["fact_accessions_are_known_filings"] == "warning warn"
    assert report["filing_index_gaps"] == "warning warn"
    assert "fail" not in " ".join(report.values())


def _rows_of_others(db: Path) -> dict[str, Counter[tuple[object, ...]]]:
    """Per mart with a cik column (reconciliation reports aside): its rows of every company but
    HLDG, without run timestamps and URLs (they differ between any two runs, as in
    compare_marts). Each warehouse is read on its own: both files are named demo.duckdb, and
    views in them name that catalog."""
    rows: dict[str, Counter[tuple[object, ...]]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in _tables(con, "marts"):
            columns = [
                name
                for (name,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? "
                    "and data_type not like 'TIMESTAMP%' and column_name not like '%url' "
                    "order by ordinal_position",
                    [table],
                ).fetchall()
            ]
            if "cik" not in columns or table.startswith(("reconciliation_", "recon_")):
                continue
            cols = ", ".join(f'"{column}"' for column in columns)
            rows[table] = Counter(
                con.execute(
                    f"select {cols} from marts.{table} where cik is distinct from ?", [HLDG_CIK]
                ).fetchall()
            )
    return rows


def test_other_companies_are_untouched(warehouses: tuple[Path, Path]) -> None:
    clean, findings = warehouses
    expected, built = _rows_of_others(clean), _rows_of_others(findings)
    assert sorted(built) == sorted(expected)
    assert sum(1 for rows in expected.values() if rows) >= 8  # the statement and quality marts
    for table, rows in expected.items():
        assert built[table] == rows, table
