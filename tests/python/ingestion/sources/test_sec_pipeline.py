"""End-to-end SEC loads through the replay server: counts, idempotency, vintages, bad input."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from finloom.cli import main
from finloom.ops.runs import recent_runs
from tests.python.ingestion.test_runner import run_killed_in_commit_gap

from ...support.exits import EXIT_CORPUS_AAPL_OR_LPA

pytestmark = pytest.mark.slow


def _facts_by_cik(db: Path) -> dict[int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select cik, count(*) from raw_sec.company_facts group by cik order by cik"
        ).fetchall()
    return dict(rows)


def _table_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'raw_sec' and table_name not like '_dlt%'"
            ).fetchall()
        ]
        return {t: con.execute(f"select count(*) from raw_sec.{t}").fetchone()[0] for t in tables}


def _fingerprint(db: Path, table: str, key: str) -> list[tuple]:
    cols = {
        "company_facts": "fact_id, value, fy, fp, form, filed, frame",
        "filings": "cik, accession_number, form, filing_date, report_date, primary_document",
    }[table]
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"select {cols} from raw_sec.{table} order by {key}").fetchall()


def test_aapl_tsla_counts_and_rerun_changes_nothing(
    corpus_mirror: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = tmp_path / "w.duckdb"
    args = ["ingest", "sec", "--tickers", "AAPL,TSLA", "--mirror", str(corpus_mirror)]
    assert main([*args, "--db", str(db), "--no-progress"]) == EXIT_CORPUS_AAPL_OR_LPA
    err = capsys.readouterr().err
    assert _facts_by_cik(db) == {320193: 24_579, 1318605: 17_718}
    # Apple's overflow page is not in the corpus: a reported gap, not a crash.
    assert "CIK0000320193-submissions-001.json" in err
    first = _table_counts(db)
    facts_before = _fingerprint(db, "company_facts", "fact_id")

    assert main([*args, "--db", str(db), "--no-progress"]) == EXIT_CORPUS_AAPL_OR_LPA
    assert _table_counts(db) == first
    assert _fingerprint(db, "company_facts", "fact_id") == facts_before
    with duckdb.connect(str(db), read_only=True) as con:
        pages = con.execute(
            "select page_name, status, loaded_filings from raw_sec.submission_pages order by 1"
        ).fetchall()
        tsla_filings = con.execute(
            "select count(*) from raw_sec.filings where cik = 1318605"
        ).fetchone()[0]
    assert ("CIK0000320193-submissions-001.json", "missing", 0) in pages
    assert ("CIK0001318605-submissions-001.json", "loaded", 720) in pages
    assert tsla_filings == 1002 + 720


def test_vintage_then_mirror_keeps_every_fact_once(corpus: Path, tmp_path: Path):
    """2024-11 snapshot, then the current one: every fact of both once, newer attributes win.

    Every vintage fact is still in the current file, so the result must equal a load of the
    current file alone, attributes included (341 Apple facts lost their `frame` since 2024-11).
    """
    db = tmp_path / "w.duckdb"
    moved = "b9942e921a8bfdf795a6ebf166afb970"  # AccountsPayableCurrent at 2024-09-28
    vintage = corpus / "vintages" / "2024-11"
    args = ["ingest", "sec", "--tickers", "AAPL", "--no-progress"]
    assert main([*args, "--mirror", str(vintage), "--db", str(db)]) == EXIT_CORPUS_AAPL_OR_LPA
    old = _facts_by_cik(db)[320193]
    with duckdb.connect(str(db), read_only=True) as con:
        sql = "select frame from raw_sec.company_facts where fact_id = ?"
        assert con.execute(sql, [moved]).fetchone() == ("CY2024Q3I",)
    assert (
        main([*args, "--mirror", str(corpus / "mirror"), "--db", str(db)])
        == EXIT_CORPUS_AAPL_OR_LPA
    )
    assert old < 24_579
    assert _facts_by_cik(db) == {320193: 24_579}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(sql, [moved]).fetchone() == (None,)
    current_only = tmp_path / "current.duckdb"
    assert (
        main([*args, "--mirror", str(corpus / "mirror"), "--db", str(current_only)])
        == EXIT_CORPUS_AAPL_OR_LPA
    )
    assert _fingerprint(db, "company_facts", "fact_id") == _fingerprint(
        current_only, "company_facts", "fact_id"
    )


def test_unknown_ticker_exits_nonzero_and_loads_nothing(
    corpus_mirror: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = tmp_path / "w.duckdb"
    code = main(
        [
            "ingest",
            "sec",
            "--tickers",
            "AAPL,NOPE",
            "--mirror",
            str(corpus_mirror),
            "--db",
            str(db),
            "--no-progress",
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert err[-1] == ("finloom: error: unknown ticker: NOPE (not in the SEC company ticker map)")
    assert not db.exists()


def test_missing_mirror_directory_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    code = main(
        [
            "ingest",
            "sec",
            "--tickers",
            "AAPL",
            "--mirror",
            str(tmp_path / "nope"),
            "--db",
            str(tmp_path / "w.duckdb"),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1 and "nope" in err[0]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_interrupted_runs_complete_on_rerun(corpus_mirror: Path, tmp_path: Path, sig: int):
    """Interrupt runs at several points (extract, normalize, load), then re-run once:
    the tables equal a clean run's, with no duplicates and nothing lost."""
    finloom = Path(sys.executable).with_name("finloom")
    if not finloom.exists():
        pytest.skip("finloom console script not installed in this environment")
    db = tmp_path / "w.duckdb"
    cmd = [
        str(finloom),
        "ingest",
        "sec",
        "--tickers",
        "AAPL,TSLA",
        "--mirror",
        str(corpus_mirror),
        "--no-progress",
    ]
    for delay in (0.9, 1.4, 1.9, 2.4):
        proc = subprocess.Popen(
            [*cmd, "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            # a shell that starts pytest in the background makes children ignore SIGINT
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(delay)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        if sig == signal.SIGINT:  # wherever it lands (download, extract, load): exit 130
            assert proc.returncode in (130, EXIT_CORPUS_AAPL_OR_LPA), err
            if proc.returncode == 130:
                assert "interrupted; re-run" in err and "Traceback" not in err
    done = subprocess.run([*cmd, "--db", str(db)], capture_output=True, text=True, timeout=300)
    assert done.returncode == EXIT_CORPUS_AAPL_OR_LPA, done.stderr
    assert _facts_by_cik(db) == {320193: 24_579, 1318605: 17_718}
    clean = tmp_path / "clean.duckdb"
    ok = subprocess.run([*cmd, "--db", str(clean)], capture_output=True, timeout=300)
    assert ok.returncode == EXIT_CORPUS_AAPL_OR_LPA
    assert _table_counts(db) == _table_counts(clean)
    for table, key in (("company_facts", "fact_id"), ("filings", "cik, accession_number")):
        assert _fingerprint(db, table, key) == _fingerprint(clean, table, key)


@pytest.mark.parametrize("table", ["filings", "company_facts"])
def test_kill_after_a_staging_commit_then_rerun_loads_each_row_once(
    corpus_mirror: Path, tmp_path: Path, table: str, capsys: pytest.CaptureFixture[str]
):
    """Killed after `table`'s file reached the staging dataset, before dlt recorded it: the
    re-run loads it again into staging; the merge must still insert each key once (the flaky
    SIGKILL case above doubled raw_sec.filings this way)."""
    db = tmp_path / "w.duckdb"
    args = ["ingest", "sec", "--tickers", "AAPL,TSLA", "--mirror", str(corpus_mirror)]
    args += ["--no-progress"]
    child = "from finloom.cli import main\nsys.exit(main(sys.argv[2:]))\n"
    run_killed_in_commit_gap(table, child, [*args, "--db", str(db)], tmp_path)
    capsys.readouterr()
    assert main([*args, "--db", str(db)]) == EXIT_CORPUS_AAPL_OR_LPA
    # the killed run's package held all 42,297 facts; the rerun says what of it landed
    err = capsys.readouterr().err
    assert "sec: finished the interrupted load: " in err
    assert "company_facts 42,297" in err
    killed, rerun = sorted(recent_runs(db), key=lambda r: r.started_at)
    assert (killed.status, rerun.status) == ("interrupted", "ok_with_findings")
    clean = tmp_path / "clean.duckdb"
    assert main([*args, "--db", str(clean)]) == EXIT_CORPUS_AAPL_OR_LPA
    assert _table_counts(db) == _table_counts(clean)
    for name, key in (("company_facts", "fact_id"), ("filings", "cik, accession_number")):
        assert _fingerprint(db, name, key) == _fingerprint(clean, name, key)


def test_live_sec_without_contact_user_agent_refuses_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """No --mirror means the real sec.gov hosts: a contact e-mail is required before any call."""
    monkeypatch.delenv("SOURCES__SEC__USER_AGENT", raising=False)
    monkeypatch.chdir(tmp_path)  # no .dlt/config.toml with a user agent here
    code = main(["ingest", "sec", "--tickers", "AAPL", "--db", str(tmp_path / "w.duckdb")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert len(err) == 1
    assert "User-Agent" in err[0] and "SOURCES__SEC__USER_AGENT" in err[0]
    assert not (tmp_path / "w.duckdb").exists()


def test_run_builds_marts_with_apple_q3_fy2024(corpus_aapl_tsla_run: tuple[Path, dict]):
    """`finloom run` = ingest + dbt build; the quarter, not the nine months, lands in the mart.
    The run (`run --sources sec,market --tickers AAPL,TSLA` on the corpus) is conftest's, made
    once per session."""
    db, record = corpus_aapl_tsla_run
    assert record["returncode"] == EXIT_CORPUS_AAPL_OR_LPA
    assert record["failures"] == []
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            """
            select period_start, period_end, revenue, net_income, revenue_is_derived
            from marts.fct_income_statement
            where ticker = 'AAPL' and fiscal_year = 2024 and fiscal_period = 'Q3'
            """
        ).fetchall()
    assert len(row) == 1
    start, end, revenue, net_income, derived = row[0]
    assert (str(start), str(end)) == ("2024-03-31", "2024-06-29")
    assert (revenue, net_income) == (85_777_000_000, 21_448_000_000)
    assert derived is False
