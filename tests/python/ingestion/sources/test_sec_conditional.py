"""SEC loads fetch only what changed (decision 028), on the demo mirror through a replay server:
a second run loads nothing, a changed company reloads alone, a fresh warehouse loads in full."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from finloom.cli import main
from finloom.paths import DEMO_MIRROR
from ingestion.http import reset_host_state
from ingestion.pipelines.sec import ingest_sec
from ingestion.replay import ReplayServer
from ingestion.sources.sec import SecRunReport

from ...support.exits import EXIT_GAPS

pytestmark = pytest.mark.slow

COMPANIES = 8  # the demo's S&P 500: CIKs 9990001-9990008
CHANGED_CIK = 9990003
FACTS_DIR = Path("data.sec.gov/api/xbrl/companyfacts")
SUBMISSIONS_DIR = Path("data.sec.gov/submissions")
GAP_CIK = 9990005  # its overflow page CIK0009990005-submissions-002.json is not served
GAP_PAGE = "CIK0009990005-submissions-002.json"
#: every raw_sec table the per-company resources write
COMPANY_TABLES = (
    "company_facts",
    "company_concepts",
    "company_facts_files",
    "filings",
    "companies",
    "submission_pages",
)
FINGERPRINTS = {
    "company_facts": "fact_id, cik, value, fy, fp, form, filed, frame",
    "company_concepts": "cik, taxonomy, concept, label",
    "company_facts_files": "cik, status, entity_name, facts_in_file, rows_loaded",
    "filings": "cik, accession_number, form, filing_date, source_page",
    "companies": "cik, name, fiscal_year_end",
    "submission_pages": "cik, page_name, status, loaded_filings",
}


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCES__SEC__REQUESTS_PER_SECOND", "1000")
    reset_host_state()
    yield
    reset_host_state()


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    """A copy of the demo mirror the test may change (file times kept, as `cp -p` does)."""
    copy = tmp_path / "mirror"
    shutil.copytree(DEMO_MIRROR, copy)
    return copy


def _ingest(server: ReplayServer, db: Path) -> SecRunReport:
    return ingest_sec(db, universe="sp500", mirror=server.url, progress=False)


def _rows_by_load(db: Path, table: str) -> list[int]:
    """Rows of `table` per dlt load, in load order (0 for a load that wrote none of them)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            f"""
            select count(t._dlt_load_id)
            from raw_sec._dlt_loads as l
            left join raw_sec.{table} as t on t._dlt_load_id = l.load_id
            group by l.load_id
            order by l.load_id
            """
        ).fetchall()
    return [n for (n,) in rows]


def _last_load_rows(db: Path, table: str, by: str = "cik") -> dict[int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            f"""
            select {by}, count(*) from raw_sec.{table}
            where _dlt_load_id = (select max(load_id) from raw_sec._dlt_loads)
            group by 1 order by 1
            """
        ).fetchall()
    return dict(rows)


def _fingerprint(db: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        cols = FINGERPRINTS[table]
        return con.execute(f"select {cols} from raw_sec.{table} order by all").fetchall()


def _change_facts(mirror: Path, cik: int) -> None:
    """Alter one fact's value and add a fact to one company's file, with a later mtime."""
    path = mirror / FACTS_DIR / f"CIK{cik:010d}.json"
    doc = json.loads(path.read_text())
    units = next(iter(doc["facts"]["us-gaap"].values()))["units"]
    facts = next(iter(units.values()))
    facts[0]["val"] += 1
    facts.append({**facts[-1], "end": "2099-12-31", "val": 42, "frame": "CY2099Q4I"})
    later = path.stat().st_mtime + 10
    path.write_text(json.dumps(doc))
    os.utime(path, (later, later))


def test_a_second_run_on_the_same_mirror_loads_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with ReplayServer(DEMO_MIRROR) as server:
        first = _ingest(server, db)
        assert (first.unchanged_facts, first.unchanged_submissions) == (0, 0)
        assert first.facts > 0 and first.filings > 0
        before = {table: _fingerprint(db, table) for table in COMPANY_TABLES}
        assert server.status_counts().get(304, 0) == 0

        second = _ingest(server, db)
        # every company facts and submissions file answered 304
        assert server.status_counts()[304] == 2 * COMPANIES
    assert (second.companies, second.facts, second.filings) == (COMPANIES, 0, 0)
    assert (second.unchanged_facts, second.unchanged_submissions) == (COMPANIES, COMPANIES)
    assert second.facts_by_cik == {}
    # the overflow page missing at the first load is asked again: still a gap, still reported
    assert [gap for gap in second.gaps if GAP_PAGE in gap] != []
    # nothing changed, not even the ticker maps: the run made no load at all (nothing to build)
    for table in (*COMPANY_TABLES, "company_tickers", "sp500_constituents"):
        assert len(_rows_by_load(db, table)) == 1, table
    for table in COMPANY_TABLES:
        assert _fingerprint(db, table) == before[table], table


def test_a_changed_company_reloads_alone_and_equals_a_clean_run(
    mirror: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    with ReplayServer(mirror) as server:
        _ingest(server, db)
        _change_facts(mirror, CHANGED_CIK)
        touched = mirror / FACTS_DIR / f"CIK{CHANGED_CIK + 1:010d}.json"
        later = touched.stat().st_mtime + 10
        os.utime(touched, (later, later))  # new ETag, same bytes: 200, but the same sha256

        report = _ingest(server, db)
        assert report.unchanged_facts == COMPANIES - 1
        assert report.unchanged_submissions == COMPANIES
        assert list(report.facts_by_cik) == [CHANGED_CIK]
        assert _last_load_rows(db, "company_facts") == {CHANGED_CIK: report.facts}
        assert _last_load_rows(db, "company_facts_files") == {CHANGED_CIK: 1}
        assert _last_load_rows(db, "filings") == {}

        # the touched file's new validators were kept: it answers 304 now
        counts = server.status_counts()
        _ingest(server, db)
        assert server.status_counts()[304] - counts[304] == 2 * COMPANIES

        clean = tmp_path / "clean.duckdb"
        _ingest(server, clean)
    for table in COMPANY_TABLES:
        assert _fingerprint(db, table) == _fingerprint(clean, table), table


def test_a_page_missing_at_the_last_load_is_loaded_when_it_turns_up(
    mirror: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    with ReplayServer(mirror) as server:
        _ingest(server, db)
        page = {
            "accessionNumber": ["0009990005-11-000001", "0009990005-11-000002"],
            "filingDate": ["2011-03-01", "2011-05-02"],
            "form": ["10-K", "10-Q"],
        }
        (mirror / SUBMISSIONS_DIR / GAP_PAGE).write_text(json.dumps(page))
        report = _ingest(server, db)
        assert report.gaps == []
        assert report.unchanged_submissions == COMPANIES
        assert _last_load_rows(db, "filings") == {GAP_CIK: 2}
        assert report.filings == 2
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute(
                "select status, loaded_filings from raw_sec.submission_pages where page_name = ?",
                [GAP_PAGE],
            ).fetchone()
        assert row == ("loaded", 2)
        # and it is not asked again
        assert _ingest(server, db).filings == 0


def test_a_fresh_warehouse_loads_everything(tmp_path: Path) -> None:
    """State lives in the warehouse: a new --db, or the same path after its file was deleted
    (the pipeline's working folder beside it left behind), loads every company in full."""
    db = tmp_path / "w.duckdb"
    with ReplayServer(DEMO_MIRROR) as server:
        full = _ingest(server, db)
        other = tmp_path / "other.duckdb"
        assert _ingest(server, other).facts == full.facts
        db.unlink()
        assert (tmp_path / ".dlt_pipelines" / "w").is_dir()
        again = _ingest(server, db)
    assert (again.facts, again.filings) == (full.facts, full.filings)
    assert (again.unchanged_facts, again.unchanged_submissions) == (0, 0)


def test_conditional_requests_can_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    with ReplayServer(DEMO_MIRROR) as server:
        full = _ingest(server, db)
        monkeypatch.setenv("SOURCES__SEC__CONDITIONAL_REQUESTS", "false")
        again = _ingest(server, db)
        assert server.status_counts().get(304, 0) == 0
    assert (again.facts, again.filings) == (full.facts, full.filings)
    assert (again.unchanged_facts, again.unchanged_submissions) == (0, 0)
    assert _rows_by_load(db, "company_facts") == [0, full.facts]  # merged again: all rows new


def test_the_summary_line_counts_unchanged_companies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.duckdb"
    args = ["ingest", "sec", "--universe", "sp500", "--mirror", str(DEMO_MIRROR), "--no-progress"]
    assert main([*args, "--db", str(db)]) == EXIT_GAPS
    capsys.readouterr()
    assert main([*args, "--db", str(db)]) == EXIT_GAPS
    err = capsys.readouterr().err
    assert "sec: 8 companies, 0 filings, 0 facts loaded into" in err
    assert "(unchanged since their last load: 8 submissions, 8 company facts)" in err
