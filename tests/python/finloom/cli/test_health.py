"""`finloom health`: every check printed; exit 0 only when live and ready, upstream included.
Upstream is always a server on 127.0.0.1 here (a plain http.server, a replayed mirror
directory, or a port nothing listens on)."""

from __future__ import annotations

import functools
import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import RunCli
from .test_status import write_loads


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """sec loaded just now, no ledger: ready, whatever the free disk of the test machine."""
    monkeypatch.setenv("FINLOOM_MIN_FREE_DISK_MB", "0")
    return write_loads(tmp_path / "w.duckdb", {"sec": ("raw_sec", datetime.now(UTC))})


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[str]:
    """A plain `http.server` on a free loopback port; its base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=tmp_path))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def test_no_upstream_json(db: Path, run_cli: RunCli) -> None:
    code, out, _ = run_cli("health", "--json", "--no-upstream", "--db", str(db))
    payload = json.loads(out)
    assert code == 0, payload
    assert (payload["warehouse"], payload["live"], payload["ready"]) == (str(db), True, True)
    names = [c["name"] for c in payload["checks"]["ready"]]
    assert names == ["last run", "freshness sec", "disk", "memory cap"]
    assert payload["checks"]["upstream"] == []


def test_text_lists_every_check(db: Path, run_cli: RunCli) -> None:
    code, out, _ = run_cli("health", "--no-upstream", "--db", str(db))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"warehouse {db}"
    assert lines[1].split()[:3] == ["live", "ok", "warehouse"]
    assert [line.split()[:2] for line in lines[2:6]] == [["ready", "ok"]] * 4
    assert lines[-1] == "health: ready"


def test_mirror_url_reachable(db: Path, http_server: str, run_cli: RunCli) -> None:
    code, out, _ = run_cli("health", "--json", "--mirror", http_server, "--db", str(db))
    payload = json.loads(out)
    assert code == 0, payload
    (check,) = payload["checks"]["upstream"]
    host = http_server.removeprefix("http://")
    assert check == {"name": f"upstream {host}", "ok": True, "detail": "HTTP 200"}


def test_mirror_directory_is_replayed(db: Path, tmp_path: Path, run_cli: RunCli) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    code, out, _ = run_cli("health", "--json", "--mirror", str(mirror), "--db", str(db))
    payload = json.loads(out)
    assert code == 0, payload
    (check,) = payload["checks"]["upstream"]
    assert check["ok"] and check["name"].startswith("upstream 127.0.0.1:")


def test_unreachable_upstream_exits_1(db: Path, closed_port: int, run_cli: RunCli) -> None:
    mirror = f"http://127.0.0.1:{closed_port}"
    code, out, _ = run_cli("health", "--mirror", mirror, "--db", str(db))
    assert code == 1
    assert f"upstream  fail  upstream 127.0.0.1:{closed_port}  unreachable: " in out
    assert out.splitlines()[-1] == "health: live, not ready"
    code, out, _ = run_cli("health", "--json", "--mirror", mirror, "--db", str(db))
    payload = json.loads(out)
    assert (code, payload["live"], payload["ready"]) == (1, True, False)


def test_no_warehouse_is_not_live(tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "none.duckdb"
    code, out, _ = run_cli("health", "--no-upstream", "--db", str(missing))
    assert code == 1
    assert f"live  fail  warehouse  no warehouse at {missing}" in out
    assert out.splitlines()[-1] == "health: not live"
    assert not missing.exists()
