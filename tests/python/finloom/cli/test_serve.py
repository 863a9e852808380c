"""`finloom serve` as a real process: prints its URL, answers the three paths on 127.0.0.1,
and exits 0 on Ctrl-C (SIGINT)."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from .conftest import RunCli
from .test_status import write_loads

PROJECT_ROOT = Path(__file__).resolve().parents[4]


def _sigint_default() -> None:
    # a shell running the tests in the background ignores SIGINT, and children inherit that
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serve_until_ctrl_c(tmp_path: Path) -> None:
    db = write_loads(tmp_path / "w.duckdb", {"sec": ("raw_sec", datetime.now(UTC))})
    (tmp_path / "finloom.prom").write_text(
        "# TYPE finloom_run_exit_code gauge\nfinloom_run_exit_code 0.0\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "FINLOOM_METRICS_DIR": str(tmp_path),
        "FINLOOM_MIN_FREE_DISK_MB": "0",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "finloom", "serve", "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
        preexec_fn=_sigint_default,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "serve printed nothing within 60s"
        first = proc.stdout.readline()
        match = re.search(r" at (http://127\.0\.0\.1:(\d+)) ", first)
        assert match, (first, proc.stderr.read() if proc.poll() is not None else "")
        url, port = match.group(1), int(match.group(2))
        assert port > 0
        paths = [proc.stdout.readline().split()[0] for _ in range(3)]
        assert paths == [f"{url}/healthz", f"{url}/readyz", f"{url}/metrics"]

        live = requests.get(f"{url}/healthz", timeout=10)
        assert live.status_code == 200 and live.json()["live"] is True
        ready_response = requests.get(f"{url}/readyz", timeout=10)
        assert ready_response.status_code == 200, ready_response.text
        assert ready_response.json()["checks"]["upstream"] == []
        metrics = requests.get(f"{url}/metrics", timeout=10)
        assert metrics.status_code == 200
        names = {f.name for f in text_string_to_metric_families(metrics.text)}
        assert {"finloom_warehouse_size_bytes", "finloom_run_exit_code"} <= names

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert "finloom serve: stopped" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_port_in_use_is_one_line(tmp_path: Path, run_cli: RunCli) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_cli("serve", "--port", str(port), "--db", str(tmp_path / "w.duckdb"))
    assert (code, out) == (1, "")
    assert err.startswith(f"finloom: error: cannot listen on 127.0.0.1:{port}: ")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("port", ["-1", "65536"])
def test_port_out_of_range(port: str, tmp_path: Path, run_cli: RunCli) -> None:
    code, _, err = run_cli("serve", "--port", port, "--db", str(tmp_path / "w.duckdb"))
    assert code == 1
    assert err == f"finloom: error: --port must be between 0 and 65535, got {port}\n"
