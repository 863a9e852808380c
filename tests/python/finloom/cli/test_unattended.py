"""Left running, with real processes: one writer at a time, readers told who is busy, exit codes a
scheduler can trust, the run ledger, and Ctrl-C anywhere ending in one line and exit 130.

The sources read the bundled demo mirror through a proxy on 127.0.0.1 that answers slowly, so a
run is still loading when the second command starts.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from finloom.ops.lock import read_holder
from finloom.ops.runs import recent_runs
from finloom.paths import DEMO_MIRROR, PROJECT_ROOT
from ingestion.replay import ReplayServer

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

#: companies the demo mirror carries in full (submissions, facts, prices)
TICKERS = "HLDG,QSMC"
BUSY = re.compile(
    r"^finloom: warehouse busy: run [0-9a-f]{12} \(pid (\d+), 'finloom ingest sec,market .*', "
    r"since \d\d:\d\d:\d\d\); retry later or pass --wait$"
)


#: while set, the slow proxy answers nothing: a run reading through it holds the warehouse for
#: as long as a test needs, however loaded the machine (the proxy gives up after HOLD_MAX_S)
_HOLD = threading.Event()
HOLD_MAX_S = 240


class _SlowProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str, delay: float) -> None:
        self.upstream = upstream
        self.delay = delay
        super().__init__(("127.0.0.1", 0), _SlowHandler)


class _SlowHandler(BaseHTTPRequestHandler):
    server: _SlowProxy

    def do_GET(self) -> None:
        time.sleep(self.server.delay)
        held_since = time.monotonic()
        while _HOLD.is_set() and time.monotonic() - held_since < HOLD_MAX_S:
            time.sleep(0.05)
        try:
            with urllib.request.urlopen(self.server.upstream + self.path) as answer:
                status, body, kind = answer.status, answer.read(), answer.headers["Content-Type"]
        except urllib.error.HTTPError as exc:
            status, body, kind = exc.code, exc.read(), "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def mirror_urls() -> Iterator[tuple[str, str]]:
    """(fast, slow) base URLs serving the demo mirror."""
    with ReplayServer(DEMO_MIRROR) as replay:
        proxy = _SlowProxy(replay.url, delay=0.4)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            yield replay.url, f"http://127.0.0.1:{proxy.server_address[1]}"
        finally:
            proxy.shutdown()
            proxy.server_close()


def _finloom(*argv: str) -> list[str]:
    return [sys.executable, "-m", "finloom", *argv]


def _start(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _finloom(*argv),
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        # a shell that starts pytest in the background makes children ignore SIGINT
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _run(*argv: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _finloom(*argv), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout
    )


def _finloom_lines(stderr: str) -> list[str]:
    """stderr without log lines (those start with a timestamp)."""
    return [ln for ln in stderr.splitlines() if ln and not re.match(r"^\d{4}-\d\d-\d\dT", ln)]


def _wait_for_holder(db: Path, pid: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        holder = read_holder(db)
        if holder is not None and holder.pid == pid:
            return
        time.sleep(0.05)
    raise AssertionError("the first command never took the warehouse lock")


def _raw_rows(db: Path) -> dict[str, set[tuple[object, ...]]]:
    """Every raw table's rows, without dlt's per-load columns."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like 'raw_%' and table_name not like '_dlt%'"
        ).fetchall()
        for schema, table in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if not c.startswith("_dlt")
            ]
            cols = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'select {cols} from "{schema}"."{table}"').fetchall()
            out[f"{schema}.{table}"] = set(rows)
    return out


def test_a_second_writer_and_a_reader_never_harm_the_running_load(
    tmp_path: Path, mirror_urls: tuple[str, str]
) -> None:
    fast, slow = mirror_urls
    db = tmp_path / "w.duckdb"
    _HOLD.set()  # the first run waits on its downloads until the others were tried
    first = _start(
        "ingest", "sec,market", "--tickers", TICKERS, "--mirror", slow, "--db", str(db),
        "--no-progress",
    )  # fmt: skip
    try:
        _wait_for_holder(db, first.pid)
        # the waiter first: while the writer and the reader are tried (seconds each), it
        # starts up and finds the warehouse held
        waiter = _start(
            "ingest", "policy", "--mirror", fast, "--db", str(db), "--wait", "300"
        )  # fmt: skip
        writer = _run("build", "--db", str(db), timeout=120)
        reader = _run("status", "--db", str(db), timeout=120)
        assert first.poll() is None, "the first run ended before the others were tried"
        _HOLD.clear()
        _, err = first.communicate(timeout=300)
    finally:
        _HOLD.clear()
        first.kill()
    assert first.returncode == 0, err
    _, waited_err = waiter.communicate(timeout=300)

    assert writer.returncode == 75 and reader.returncode == 75
    for busy in (writer, reader):
        (line,) = _finloom_lines(busy.stderr)
        match = BUSY.match(line)
        assert match and int(match.group(1)) == first.pid, line
    assert waiter.returncode == 0, waited_err
    assert "waiting" in waited_err  # it said it was waiting, then ran

    clean = tmp_path / "clean.duckdb"
    args = ["ingest", "sec,market", "--tickers", TICKERS, "--mirror", fast, "--no-progress"]
    assert _run(*args, "--db", str(clean)).returncode == 0
    loaded, expected = _raw_rows(db), _raw_rows(clean)
    assert {k: v for k, v in loaded.items() if not k.startswith("raw_policy")} == expected

    runs = {r.command.split(" --")[0]: r for r in recent_runs(db)}
    assert set(runs) == {"finloom ingest sec,market", "finloom ingest policy"}  # busy: no row
    run = runs["finloom ingest sec,market"]
    assert run.status == "ok" and run.exit_code == 0 and run.dlt_load_ids
    assert run.rows_loaded["sec"]["company_facts"] > 0 and run.rows_loaded["market"]


def test_gaps_exit_3_and_strict_makes_them_a_failure(
    tmp_path: Path, mirror_urls: tuple[str, str]
) -> None:
    fast, _ = mirror_urls
    db = tmp_path / "w.duckdb"
    args = ["ingest", "market", "--tickers", "HLDG,NOPE", "--mirror", fast, "--db", str(db)]
    gaps = _run(*args)
    assert gaps.returncode == 3, gaps.stderr
    assert "finloom: completed with 1 gap(s) (exit 3; see above)" in gaps.stderr
    strict = _run(*args, "--strict")
    assert strict.returncode == 1
    assert _finloom_lines(strict.stderr)[-1] == "finloom: error: --strict: completed with 1 gap(s)"
    latest, earlier = recent_runs(db, last=2)
    assert (latest.status, latest.exit_code) == ("ok_with_findings", 1)
    assert (earlier.status, earlier.exit_code) == ("ok_with_findings", 3)
    assert any("NOPE" in gap for gap in earlier.gaps)


def test_ctrl_c_during_a_load_is_one_line_and_exit_130_and_the_next_run_finishes_it(
    tmp_path: Path, mirror_urls: tuple[str, str]
) -> None:
    fast, slow = mirror_urls
    db = tmp_path / "w.duckdb"
    args = ["ingest", "sec", "--tickers", TICKERS, "--db", str(db), "--no-progress"]
    first = _start(*args, "--mirror", slow)
    _wait_for_holder(db, first.pid)
    time.sleep(1.0)  # inside the download
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=120)
    assert first.returncode == 130, err
    assert _finloom_lines(err) == [
        "finloom: interrupted; re-run the same command to finish (loads are idempotent)"
    ]
    assert "Traceback" not in err
    (run,) = recent_runs(db)
    assert run.status == "interrupted" and run.exit_code == 130

    again = _run(*args, "--mirror", fast)
    assert again.returncode == 0, again.stderr
    latest = recent_runs(db)[0]
    assert latest.status == "ok" and latest.rows_loaded["sec"]["company_facts"] > 0


def test_ctrl_c_during_dbt_is_one_line_and_exit_130(
    tmp_path: Path, mirror_urls: tuple[str, str]
) -> None:
    fast, _ = mirror_urls
    db = tmp_path / "w.duckdb"
    loaded = _run("ingest", "sec", "--tickers", TICKERS, "--mirror", fast, "--db", str(db))
    assert loaded.returncode == 0, loaded.stderr
    build = _start("build", "--db", str(db), "-v")  # -v: dbt says when a model starts
    assert build.stdout is not None
    seen = []
    for line in build.stdout:  # wait until dbt is building models
        seen.append(line)
        if "START sql table model" in line:
            break
    build.send_signal(signal.SIGINT)
    out, err = build.communicate(timeout=120)
    assert build.returncode == 130, err
    assert _finloom_lines(err) == [
        "finloom: interrupted; re-run the same command to finish (loads are idempotent)"
    ]
    assert "Traceback" not in "".join(seen) + out + err
    assert recent_runs(db)[0].status == "interrupted"


def test_a_run_writes_its_metrics_in_the_prometheus_text_format(
    tmp_path: Path, mirror_urls: tuple[str, str]
) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    fast, _ = mirror_urls
    db, prom = tmp_path / "w.duckdb", tmp_path / "textfile" / "finloom.prom"
    args = ["ingest", "sec,market", "--tickers", TICKERS, "--mirror", fast, "--db", str(db)]
    done = _run(*args, "--metrics-file", str(prom))
    assert done.returncode == 0, done.stderr
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(prom.read_text())
        for s in family.samples
    }
    with duckdb.connect(str(db), read_only=True) as con:
        facts = con.execute("select count(*) from raw_sec.company_facts").fetchone()
        bars = con.execute("select count(*) from raw_market.daily_bars").fetchone()
    rows = "finloom_rows_loaded_total"
    assert facts and samples[(rows, (("source", "sec"), ("table", "company_facts")))] == facts[0]
    assert bars and samples[(rows, (("source", "market"), ("table", "daily_bars")))] == bars[0]
    assert samples[("finloom_facts_parsed_total", ())] == facts[0]
    assert samples[("finloom_run_exit_code", (("command", "ingest"),))] == 0
    assert samples[("finloom_run_status", (("command", "ingest"), ("status", "ok")))] == 1
    assert samples[("finloom_run_duration_seconds", (("command", "ingest"),))] > 0
    assert samples[("finloom_warehouse_size_bytes", ())] == db.stat().st_size
    responses = [
        v for (name, labels), v in samples.items()
        if name == "finloom_http_requests_total" and ("status", "200") in labels
    ]  # fmt: skip
    assert sum(responses) >= 4  # ticker map, 2 submissions, 2 company facts, 2 charts


def _models_built(db: Path) -> int:
    return int(recent_runs(db)[0].dbt_results.get("model:success", 0))


def test_a_run_builds_only_what_its_new_data_reaches_and_nothing_when_nothing_is_new(
    tmp_path: Path, mirror_urls: tuple[str, str]
) -> None:
    fast, _ = mirror_urls
    db = tmp_path / "w.duckdb"
    run = ["run", "--mirror", fast, "--db", str(db), "--no-progress"]
    first = _run(*run, "--sources", "sec,market", "--tickers", "HLDG")
    assert first.returncode == 0, first.stderr
    assert "build: everything (first build of this warehouse)" in _finloom_lines(first.stderr)
    everything = _models_built(db)

    # nothing new upstream: market asks only for bars after its cursor, loads none, builds none
    same = _run(*run, "--sources", "market", "--tickers", "HLDG")
    assert same.returncode == 0, same.stderr
    assert "build: skipped, nothing new was loaded since the last build" in same.stderr
    assert recent_runs(db)[0].dbt_invocation_id is None

    # a new symbol's bars: only the models downstream of market data are built
    more = _run(*run, "--sources", "market", "--tickers", "HLDG,QSMC", "-v")  # -v: dbt's lines
    assert more.returncode == 0, more.stderr
    assert "build: models downstream of market (new data from market)" in more.stderr
    assert 0 < _models_built(db) < everything
    assert "int_line_item_candidates" not in more.stdout
    assert "fct_daily_prices" in more.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "select count(distinct symbol) from marts.fct_daily_prices"
        ).fetchone() == (2,)
