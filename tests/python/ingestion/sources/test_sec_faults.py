"""SEC loads through a misbehaving server: recover to the clean result, or fail cleanly.

A FaultInjectingServer sits in front of the replay server (corpus mirror) and is used as
`--mirror URL`. Each run must either end with exactly the tables of a clean run, or stop with one
line on stderr and leave the previous tables untouched. No 1-second window may see > 10 requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from finloom.cli import main
from ingestion.http import reset_host_state
from ingestion.replay import ReplayServer

from ...support.exits import EXIT_CORPUS_AAPL_OR_LPA, EXIT_GAPS
from ...support.faults import FaultInjectingServer

pytestmark = pytest.mark.slow

FACTS = "/data.sec.gov/api/xbrl/companyfacts/*"
SUBMISSIONS = "/data.sec.gov/submissions/*"


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCES__SEC__BACKOFF_BASE", "0.05")
    monkeypatch.setenv("SOURCES__SEC__THROTTLE_BACKOFF", "0.5")
    monkeypatch.setenv("SOURCES__SEC__READ_TIMEOUT", "1.0")
    monkeypatch.setenv("SOURCES__SEC__MAX_ATTEMPTS", "6")
    reset_host_state()
    yield
    reset_host_state()


@pytest.fixture(scope="module")
def replay(corpus_mirror: Path) -> Iterator[ReplayServer]:
    with ReplayServer(corpus_mirror) as server:
        yield server


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    queries = {
        "facts": "select fact_id, value, fy, fp, form, filed, frame from raw_sec.company_facts",
        "filings": "select cik, accession_number, form, filing_date from raw_sec.filings",
        "companies": "select cik, name, fiscal_year_end from raw_sec.companies",
        "pages": "select cik, page_name, status, loaded_filings from raw_sec.submission_pages",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {k: sorted(con.execute(q).fetchall()) for k, q in queries.items()}


def _ingest(url: str, db: Path) -> int:
    return main(
        [
            "ingest",
            "sec",
            "--tickers",
            "AAPL,TSLA",
            "--mirror",
            url,
            "--db",
            str(db),
            "--no-progress",
        ]
    )


@pytest.fixture(scope="module")
def clean(replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    reset_host_state()
    assert _ingest(replay.url, db) == EXIT_CORPUS_AAPL_OR_LPA
    return _snapshot(db)


@pytest.mark.parametrize(
    "faults",
    [
        pytest.param({FACTS: ["429:retry-after=1", "429:retry-after=1"]}, id="429-retry-after"),
        pytest.param({FACTS: ["503", "503", "503"], SUBMISSIONS: ["503", "502"]}, id="503-burst"),
        pytest.param({FACTS: ["reset", "reset"], "*": ["reset"]}, id="connection-reset"),
        pytest.param({FACTS: ["timeout:2"], SUBMISSIONS: ["timeout:2"]}, id="read-timeout"),
        pytest.param({FACTS: ["sec403", "sec403"]}, id="sec-403-throttle"),
        pytest.param({FACTS: ["truncate", "cut"]}, id="truncated-json"),
    ],
)
def test_transient_faults_recover_to_the_clean_tables(
    replay: ReplayServer, clean: dict, tmp_path: Path, faults: dict[str, list[str]]
):
    db = tmp_path / "w.duckdb"
    with FaultInjectingServer(upstream=replay.url, faults=faults) as proxy:
        assert _ingest(proxy.url, db) == EXIT_CORPUS_AAPL_OR_LPA
        assert proxy.pending_faults() == 0  # every scheduled fault was actually served
        assert proxy.max_in_window(1.0) <= 10
    assert _snapshot(db) == clean


def test_persistent_failure_stops_with_one_line_and_keeps_previous_tables(
    replay: ReplayServer, clean: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = tmp_path / "w.duckdb"
    assert _ingest(replay.url, db) == EXIT_CORPUS_AAPL_OR_LPA
    before = _snapshot(db)
    capsys.readouterr()
    with FaultInjectingServer(upstream=replay.url) as proxy:
        proxy.add_faults(["503"] * 50, path=FACTS)
        code = _ingest(proxy.url, db)
        assert proxy.max_in_window(1.0) <= 10
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("finloom:")]
    assert code != 0
    # Either retries ran out on the 503s, or the host's breaker opened first: both name the cause.
    assert len(err) == 1, err
    assert "503" in err[0] or "is failing" in err[0], err
    assert _snapshot(db) == before == clean


def test_rate_limit_holds_under_parallel_extraction(replay: ReplayServer, tmp_path: Path):
    """8 workers, default 8 req/s: the server never sees more than 10 in any 1-s window."""
    db = tmp_path / "w.duckdb"
    with FaultInjectingServer(upstream=replay.url) as proxy:
        code = main(
            [
                "ingest",
                "sec",
                "--universe",
                "mag7",
                "--mirror",
                proxy.url,
                "--db",
                str(db),
                "--workers",
                "8",
                "--no-progress",
            ]
        )
        assert proxy.count() >= 15
        assert proxy.max_in_window(1.0) <= 10
    assert code == EXIT_GAPS  # the corpus lacks most of mag7 (and Apple's overflow page)
