"""The warehouse lock with real processes: a holder in another process, a second writer, readers,
waiting, and a holder killed with SIGKILL."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from finloom.ops.lock import WarehouseBusyError, lock_path, read_holder, warehouse_lock

HOLD = """
import sys, time
from pathlib import Path
from finloom.ops.lock import warehouse_lock
db, mode, seconds = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
with warehouse_lock(db, run_id="holder01", command="finloom run --tickers AAPL",
                    write=mode == "write"):
    print("held", flush=True)
    time.sleep(seconds)
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "w.duckdb"


def _hold(db: Path, mode: str, seconds: float) -> subprocess.Popen[str]:
    """Start a process that takes the lock and holds it; return once it holds it."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[4])}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), mode, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def writer(db: Path) -> Iterator[subprocess.Popen[str]]:
    proc = _hold(db, "write", 30)
    yield proc
    proc.kill()
    proc.wait()


def test_second_writer_fails_at_once_naming_the_holder(
    db: Path, writer: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    with (
        pytest.raises(WarehouseBusyError) as info,
        warehouse_lock(db, run_id="second", command="finloom build"),
    ):
        pass
    assert time.monotonic() - started < 2
    message = str(info.value)
    assert message.startswith("warehouse busy: run holder01 (pid ")
    assert f"pid {writer.pid}, 'finloom run --tickers AAPL', since " in message
    assert message.endswith("; retry later or pass --wait")
    assert writer.poll() is None  # the running one is unharmed


def test_reader_is_told_the_same_and_can_wait(db: Path) -> None:
    holder = _hold(db, "write", 1.0)
    with (
        pytest.raises(WarehouseBusyError, match="warehouse busy: run holder01"),
        warehouse_lock(db, run_id="r", command="finloom status", write=False),
    ):
        pass
    started = time.monotonic()
    with warehouse_lock(db, run_id="r", command="finloom status", write=False, wait=20):
        waited = time.monotonic() - started
    assert 0.2 < waited < 15
    assert holder.wait(timeout=10) == 0
    assert read_holder(db) is None  # a clean exit clears the record


def test_wait_that_runs_out_says_how_long_it_waited(
    db: Path, writer: subprocess.Popen[str]
) -> None:
    with (
        pytest.raises(WarehouseBusyError, match=r"warehouse busy after waiting 1s: run holder01"),
        warehouse_lock(db, run_id="w", command="finloom build", wait=0.6),
    ):
        pass


def test_readers_share_and_a_writer_waits_for_them(db: Path) -> None:
    reader = _hold(db, "read", 30)
    try:
        with warehouse_lock(db, run_id="r2", command="finloom quality", write=False):
            pass  # two readers at once
        with (
            pytest.raises(WarehouseBusyError, match=r"warehouse busy: a reader \(status"),
            warehouse_lock(db, run_id="w", command="finloom run"),
        ):
            pass
    finally:
        reader.kill()
        reader.wait()


def test_lock_of_a_killed_writer_is_taken_over_with_a_log_line(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db.touch()  # a warehouse exists (a writer that wrote nothing leaves no lock file behind)
    holder = _hold(db, "write", 30)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    dead = read_holder(db)
    assert dead is not None and dead.pid == holder.pid  # its record outlives it
    with (
        caplog.at_level(logging.WARNING, logger="finloom.ops.lock"),
        warehouse_lock(db, run_id="next", command="finloom run") as mine,
    ):
        assert read_holder(db) == mine
    assert f"took over the warehouse lock of run holder01 (pid {holder.pid}" in caplog.text
    assert lock_path(db).exists()


def test_a_writer_that_wrote_nothing_leaves_nothing(tmp_path: Path) -> None:
    """A mistyped --db: the lock made the folder and the file; a clean exit removes both."""
    db = tmp_path / "typo" / "w.duckdb"
    with warehouse_lock(db, run_id="w", command="finloom build"):
        assert lock_path(db).exists()
    assert not (tmp_path / "typo").exists()
