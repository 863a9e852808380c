"""Documents that answer 404 are remembered: asked once, then reported as known missing.

A tiny warehouse (a hand-made filing index of one company, two filings) and a tiny mirror (one of
the two documents) keep this fast; `finloom ingest filings` gives the exit codes: a new 404 is a
gap (exit 3), a known one only a note (exit 0).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from finloom import cli
from ingestion.pipelines.filings import PIPELINE_NAME, ingest_filings
from ingestion.runner import source_state
from ingestion.sources.filings import known_missing_documents
from ingestion.sources.filings.documents import (
    FetchedDocument,
    SelectedFiling,
    missing_updates,
    remembered_404,
)

from ...support.exits import EXIT_GAPS
from ...support.faults import Canned, FaultInjectingServer

CIK = 9990001
FOUND = SelectedFiling(CIK, "TEST", "0009990001-24-000001", "10-K", date(2024, 2, 1), "found.htm")
MISSING = SelectedFiling(CIK, "TEST", "0009990001-24-000002", "10-Q", date(2024, 5, 1), "gone.htm")
LABEL = "TEST 10-Q 0009990001-24-000002"
DOC = (
    b"<html><body><p>PART I</p><p>Item 1. Business</p><p>We make widgets and sell them.</p>"
    b"<p>Item 1A. Risk Factors</p><p>Widgets may go out of fashion.</p></body></html>"
)
HTML = {"Content-Type": "text/html"}


def _path(filing: SelectedFiling) -> str:
    return "/www.sec.gov" + filing.archives_path()


def _warehouse(db: Path) -> None:
    """The two tables the filings source selects from, as the SEC source would have loaded."""
    with duckdb.connect(str(db)) as con:
        con.execute("create schema raw_sec")
        con.execute(
            f"create table raw_sec.company_tickers as select 'TEST' as ticker, {CIK} as cik"
        )
        con.execute(
            "create table raw_sec.filings (cik bigint, accession_number varchar, form varchar, "
            "filing_date date, primary_document varchar)"
        )
        for f in (FOUND, MISSING):
            con.execute(
                "insert into raw_sec.filings values (?, ?, ?, ?, ?)",
                [f.cik, f.accession_number, f.form, f.filing_date, f.primary_document],
            )


def _remembered(db: Path) -> dict[str, object]:
    return known_missing_documents(source_state(PIPELINE_NAME, "raw_sec", db, "filings"))


def test_a_404_document_is_requested_once_then_known_missing_until_retried(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    _warehouse(db)
    today = datetime.now(UTC).date().isoformat()
    with FaultInjectingServer(routes={_path(FOUND): Canned(DOC, 200, HTML)}) as server:

        def ingest(*options: str) -> tuple[int, str]:
            argv = ["ingest", "filings", "--tickers", "TEST", "--mirror", server.url]
            argv += ["--db", str(db), "--no-progress", "--workers", "1"]
            argv += ["--metrics-file", str(tmp_path / "m.prom")]
            code = cli.main([*argv, *options])
            return code, capsys.readouterr().err

        # first run: the 404 is a new gap (exit 3), and remembered with the day it was seen
        code, err = ingest()
        assert code == EXIT_GAPS, err
        assert f"filings: 1 of 2 selected documents missing (404): {LABEL}" in err
        assert "known missing" not in err
        assert server.count(_path(MISSING)) == 1
        assert _remembered(db) == {
            MISSING.accession_number: {"path": MISSING.archives_path(), "first_seen": today}
        }

        # second run: not requested; one line says so, and a known gap is no reason to exit 3
        code, err = ingest()
        assert code == 0, err
        assert (
            f"filings: 1 documents known missing since {today} "
            "(not requested; --retry-missing to try again)"
        ) in err
        assert "missing (404)" not in err
        assert server.count(_path(MISSING)) == 1
        assert server.count(_path(FOUND)) == 1  # the found one comes from the cache

        # --retry-missing asks again; still 404: still known (first day kept), still exit 0
        code, err = ingest("--retry-missing")
        assert code == 0, err
        assert f"1 documents known missing since {today} still missing" in err
        assert server.count(_path(MISSING)) == 2
        assert _remembered(db)[MISSING.accession_number] == {
            "path": MISSING.archives_path(),
            "first_seen": today,
        }

        # it turns up; `[sources.filings] retry_missing` (here its env var) asks again: loaded,
        # and forgotten, so later runs treat it like any other document
        server.routes[_path(MISSING)] = Canned(DOC.replace(b"widgets", b"gadgets"), 200, HTML)
        monkeypatch.setenv("SOURCES__FILINGS__RETRY_MISSING", "true")
        found = ingest_filings(db, tickers=["TEST"], mirror=server.url, progress=False, workers=1)
        assert found.found_again == [LABEL]
        assert (found.fetched, found.missing, found.known_missing) == (2, [], [])
        assert found.summary_lines() == []
        assert found.notes()[0].startswith(
            f"1 documents known missing were found and loaded: {LABEL}"
        )
        assert server.count(_path(MISSING)) == 3
        assert _remembered(db) == {}  # from now on an ordinary (cached) document
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = con.execute(
            "select accession_number, status from raw_sec.filing_documents order by 1"
        ).fetchall()
    assert statuses == [(FOUND.accession_number, "fetched"), (MISSING.accession_number, "fetched")]


def _fetched(filing: SelectedFiling, status: str, http_status: int | None) -> FetchedDocument:
    when = datetime(2025, 3, 4, 23, 59, tzinfo=UTC)
    return FetchedDocument(filing, "u", status, http_status, None, None, when, None, False, None)


def test_what_is_remembered_and_forgotten() -> None:
    known = {
        MISSING.accession_number: {"path": MISSING.archives_path(), "first_seen": "2025-01-02"}
    }
    assert remembered_404(MISSING, known) == known[MISSING.accession_number]
    assert remembered_404(FOUND, known) is None
    # the index now names another primary document: that one is requested, and its 404 is new
    renamed = SelectedFiling(CIK, "TEST", MISSING.accession_number, "10-Q", None, "other.htm")
    assert remembered_404(renamed, known) is None
    assert missing_updates([_fetched(renamed, "missing", 404)], known) == {
        MISSING.accession_number: {"path": renamed.archives_path(), "first_seen": "2025-03-04"}
    }
    # still missing keeps its first day (no update); skipped or cached change nothing
    assert missing_updates([_fetched(MISSING, "missing", 404)], known) == {}
    assert missing_updates([_fetched(MISSING, "known_missing", None)], known) == {}
    assert missing_updates([_fetched(MISSING, "fetched", None)], known) == {}  # from the cache
    # a 200 forgets it; a 200 for a document never missing changes nothing
    assert missing_updates([_fetched(MISSING, "fetched", 200)], known) == {
        MISSING.accession_number: None
    }
    assert missing_updates([_fetched(FOUND, "fetched", 200)], known) == {}
