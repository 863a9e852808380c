"""Filing documents end to end through the replay server: fetch, 404s, idempotent reloads, dbt."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from finloom.transform import run_dbt
from ingestion.pipelines.filings import apply_staged, ingest_filings
from ingestion.pipelines.sec import ingest_sec
from ingestion.replay import ReplayServer
from ingestion.sources.filings import TEXT_TABLES
from ingestion.sources.filings.documents import (
    MissingFilingIndexError,
    WarehouseIndex,
    select_filings,
)
from ingestion.sources.sec import Company

pytestmark = pytest.mark.slow

ARCHIVES = "www.sec.gov/Archives/edgar/data"
MIRRORED = {
    "0000320193-24-000123",  # Apple 10-K FY2024
    "0000320193-25-000073",  # Apple 10-Q Q3 FY2025
    "0000320193-25-000079",  # Apple 10-K FY2025
    "0001628280-25-003063",  # Tesla 10-K FY2024
    "0001628280-25-035806",  # Tesla 10-Q Q2 2025
}
APPLE_10K_2024 = "0000320193-24-000123"
APPLE_10Q_2025 = "0000320193-25-000073"


def _state(db: Path) -> dict[str, Any]:
    """Row counts of the text tables, chunk ids, and each filing's load id per table."""
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {
            t: con.execute(f"select count(*) from raw_sec.{t}").fetchone()[0] for t in TEXT_TABLES
        }
        chunk_ids = [
            r[0]
            for r in con.execute("select chunk_id from raw_sec.filing_chunks order by 1").fetchall()
        ]
        load_ids = {
            t: dict(
                con.execute(
                    f"select accession_number, min(_dlt_load_id) from raw_sec.{t} group by 1"
                ).fetchall()
            )
            for t in TEXT_TABLES
        }
        per_filing = {
            t: dict(
                con.execute(
                    f"select accession_number, count(*) from raw_sec.{t} group by 1"
                ).fetchall()
            )
            for t in TEXT_TABLES
        }
    return {
        "counts": counts,
        "chunk_ids": chunk_ids,
        "load_ids": load_ids,
        "per_filing": per_filing,
    }


def test_aapl_tsla_documents_rerun_and_dbt(corpus_mirror: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with ReplayServer(corpus_mirror) as server:
        ingest_sec(db, tickers=["AAPL", "TSLA"], mirror=server.url, progress=False)
        first = ingest_filings(
            db, tickers=["AAPL", "TSLA"], forms=["10-K", "10-Q"], mirror=server.url, progress=False
        )
        after_first = _state(db)

        # the five mirrored documents are extracted; every other selected filing is one 404 line
        assert first.fetched == first.parsed == first.loaded_filings == 5
        assert first.selected > 5 and len(first.missing) == first.selected - 5
        lines = first.summary_lines()
        assert len(lines) == 1
        assert lines[0].startswith(
            f"{first.selected - 5} of {first.selected} selected documents missing (404): "
        )
        for table in ("filing_sections", "filing_tables", "filing_table_cells", "filing_chunks"):
            assert set(after_first["per_filing"][table]) == MIRRORED, table
        assert after_first["counts"] == first.rows

        # a second run: every table's row count and every chunk id unchanged
        second = ingest_filings(
            db, tickers=["AAPL", "TSLA"], forms=["10-K", "10-Q"], mirror=server.url, progress=False
        )
        after_second = _state(db)
        assert second.from_cache == 5 and not second.changed
        # the 404s of the first run are known now: not requested again, no longer gaps
        assert sorted(second.known_missing) == sorted(first.missing) and not second.missing
        assert second.summary_lines() == [] and "not requested" in second.notes()[0]
        assert after_second["counts"] == after_first["counts"]
        assert after_second["chunk_ids"] == after_first["chunk_ids"]
        assert after_second["per_filing"] == after_first["per_filing"]

        # re-running one accession replaces only it (new load id), the rest keep theirs
        one = ingest_filings(
            db, tickers=["AAPL"], accessions=[APPLE_10K_2024], mirror=server.url, progress=False
        )
        assert one.selected == one.loaded_filings == 1
        after_one = _state(db)
        assert after_one["counts"] == after_first["counts"]
        assert after_one["chunk_ids"] == after_first["chunk_ids"]
        for table in TEXT_TABLES:
            before, now = after_second["load_ids"][table], after_one["load_ids"][table]
            if APPLE_10K_2024 in before:
                assert now[APPLE_10K_2024] != before[APPLE_10K_2024], table
            assert {a: v for a, v in now.items() if a != APPLE_10K_2024} == {
                a: v for a, v in before.items() if a != APPLE_10K_2024
            }, table

    # a document whose bytes changed since its last fetch is detected and reported
    changed_mirror = tmp_path / "changed"
    src = corpus_mirror / ARCHIVES / "320193" / "000032019325000073" / "aapl-20250628.htm"
    dst = changed_mirror / ARCHIVES / "320193" / "000032019325000073" / "aapl-20250628.htm"
    dst.parent.mkdir(parents=True)
    shutil.copyfile(src, dst)
    with dst.open("ab") as f:
        f.write(b"\n<!-- re-issued -->\n")
    with ReplayServer(changed_mirror) as server:
        changed = ingest_filings(
            db,
            tickers=["AAPL"],
            accessions=[APPLE_10Q_2025],
            mirror=server.url,
            refetch=True,
            progress=False,
        )
    assert len(changed.changed) == 1 and APPLE_10Q_2025 in changed.changed[0]
    assert any("changed since their last fetch" in line for line in changed.summary_lines())
    with duckdb.connect(str(db), read_only=True) as con:
        status = con.execute(
            "select status, previous_sha256 is not null from raw_sec.filing_documents "
            "where accession_number = ?",
            [APPLE_10Q_2025],
        ).fetchone()
    assert status == ("changed", True)
    assert _state(db)["counts"] == after_first["counts"]

    # the filing marts, what they read and the tests on them (the statement chain, which
    # these marts do not read, is built from the corpus by other modules)
    select = ["--select", "+filing_text_health", "+fct_filing_table_cells"]
    outcome = run_dbt(["build", *select, "--indirect-selection", "cautious"], db, quiet=True)
    assert outcome.success, outcome.failures
    assert outcome.counts["test:pass"] > 30
    with duckdb.connect(str(db), read_only=True) as con:
        health = con.execute(
            "select ticker, documents_fetched, documents_in_scope, documents_complete, "
            "key_item_share from marts.filing_text_health order by ticker"
        ).fetchall()
        net_sales = con.execute(
            "select cell_value, table_scale from marts.fct_filing_table_cells "
            "where accession_number = ? and row_label = 'Total net sales' "
            "and column_header like '%2024%' order by table_index limit 1",
            [APPLE_10K_2024],
        ).fetchone()
    assert health == [("AAPL", 3, 3, 3, 1.0), ("TSLA", 2, 2, 2, 1.0)]
    assert net_sales == (391035.0, 1_000_000)


def test_without_filing_index_says_load_sec_first(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    with pytest.raises(MissingFilingIndexError, match="load the SEC source first"):
        ingest_filings(db, tickers=["AAPL"], progress=False)
    assert apply_staged(db) == 0


def test_selection_forms_since_and_latest_n_per_company() -> None:
    filings = [
        (1, "a-1", "10-K", date(2023, 1, 1), "a1.htm"),
        (1, "a-2", "10-Q", date(2024, 1, 1), "a2.htm"),
        (1, "a-3", "10-Q", date(2025, 1, 1), "a3.htm"),
        (1, "a-4", "10-Q", date(2025, 6, 1), None),  # no primary document: cannot be fetched
        (2, "b-1", "10-K", date(2025, 2, 1), "b1.htm"),
        (3, "c-1", "10-K", date(2025, 2, 1), "c1.htm"),  # company not selected
    ]
    index = WarehouseIndex([], [], filings, {})
    companies = [Company(1, "AAA"), Company(2, "BBB")]
    chosen = select_filings(index, companies, since=date(2024, 1, 1), limit=1)
    assert [f.accession_number for f in chosen] == ["a-3", "b-1"]
    assert chosen[0].archives_path() == "/Archives/edgar/data/1/a3/a3.htm"
    assert [f.accession_number for f in select_filings(index, companies)] == [
        "a-3",
        "a-2",
        "a-1",
        "b-1",
    ]


def _synthetic(db: Path, chunk_offset: str) -> None:
    """raw_sec with filing A loaded, and a staged replacement of A whose chunk row is `bad`."""
    with duckdb.connect(str(db)) as con:
        con.execute("create schema raw_sec")
        for table in TEXT_TABLES:
            con.execute(
                f"create table raw_sec.{table} (accession_number varchar, start_offset bigint, "
                "_dlt_load_id varchar)"
            )
            con.execute(f"insert into raw_sec.{table} values ('A', 1, 'old'), ('B', 1, 'old')")
            con.execute(
                f"create table raw_sec.staged_{table} (accession_number varchar, "
                "start_offset varchar, _dlt_load_id varchar)"
            )
            offset = chunk_offset if table == "filing_chunks" else "2"
            con.execute(f"insert into raw_sec.staged_{table} values ('A', '{offset}', 'new')")
        con.execute(
            "create table raw_sec.staged_filing_parses as "
            "select 'A' as accession_number, 'new' as _dlt_load_id"
        )
        con.execute("create table raw_sec._dlt_loads as select 'new' as load_id, 0 as status")


def _offsets(db: Path) -> dict[str, list[tuple[str, int, str]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: con.execute(f"select * from raw_sec.{t} order by all").fetchall()
            for t in TEXT_TABLES
        }


def test_swap_is_all_five_tables_or_nothing(tmp_path: Path) -> None:
    """A failure in the last table's insert rolls back the four tables already swapped."""
    db = tmp_path / "w.duckdb"
    _synthetic(db, chunk_offset="not a number")
    before = _offsets(db)
    with pytest.raises(duckdb.Error):
        apply_staged(db)
    assert _offsets(db) == before

    good = tmp_path / "good.duckdb"
    _synthetic(good, chunk_offset="2")
    assert apply_staged(good) == 1
    expected = [("A", 2, "new"), ("B", 1, "old")]
    assert _offsets(good) == {t: expected for t in TEXT_TABLES}
    assert apply_staged(good) == 0  # staged rows are consumed: a second swap changes nothing
    assert _offsets(good) == {t: expected for t in TEXT_TABLES}

    # a staged filing of a load dlt has not completed is left alone (dlt finishes it first)
    pending = tmp_path / "pending.duckdb"
    _synthetic(pending, chunk_offset="2")
    with duckdb.connect(str(pending)) as con:
        con.execute("delete from raw_sec._dlt_loads")
    before = _offsets(pending)
    assert apply_staged(pending) == 0
    assert _offsets(pending) == before

    # a re-parse that yields no footnotes at all (no staged table) still drops A's old footnotes
    gone = tmp_path / "gone.duckdb"
    _synthetic(gone, chunk_offset="2")
    with duckdb.connect(str(gone)) as con:
        con.execute("drop table raw_sec.staged_filing_footnotes")
    assert apply_staged(gone) == 1
    assert _offsets(gone)["filing_footnotes"] == [("B", 1, "old")]
    assert _offsets(gone)["filing_chunks"] == expected
