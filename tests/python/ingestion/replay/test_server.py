"""The replay server over real HTTP: bodies, headers, HEAD, conditional requests (304), errors,
lifecycle, logging."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest
import requests

from ingestion.replay import ReplayServer, mirror_url

from .conftest import MakeMirror, raw_request

Serve = Callable[..., ReplayServer]

FILES = {
    "data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json": '{"cik":320193}',
    "api.stlouisfed.org/fred/series/observations?series_id=GDP": '{"observations":[]}',
    "api.stlouisfed.org/fred/series/observations": '{"any":true}',
    "fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10": "observation_date,DGS10\n",
    "www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&output=atom": "<?xml?>\n<feed/>",
    "www.sec.gov/Archives/edgar/data/1/2/doc.htm": "<html></html>",
    "query2.finance.yahoo.com/v8/finance/chart/GC=F": '{"chart":{}}',
    "example.com/blob": b"\x00\x01\x02",
}


@pytest.fixture
def root(make_mirror: MakeMirror) -> Path:
    return make_mirror(FILES)


def get(
    url: str, target: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    host, _, port = url.removeprefix("http://").partition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.request(method, target, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("target", "body", "ctype"),
    [
        (
            "/data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json",
            b'{"cik":320193}',
            "application/json",
        ),
        (
            "/api.stlouisfed.org/fred/series/observations?series_id=GDP&api_key=K&file_type=json",
            b'{"observations":[]}',
            "application/json",
        ),
        (
            "/api.stlouisfed.org/fred/series/observations?series_id=UNRATE&api_key=K",
            b'{"any":true}',
            "application/json",
        ),
        (
            "/fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10&cosd=2020-01-01",
            b"observation_date,DGS10\n",
            "text/csv; charset=utf-8",
        ),
        (
            "/www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=10-K&output=atom&count=40",
            b"<?xml?>\n<feed/>",
            "application/xml",
        ),
        ("/www.sec.gov/Archives/edgar/data/1/2/doc.htm", b"<html></html>", "text/html"),
        (
            "/query2.finance.yahoo.com/v8/finance/chart/GC%3DF?range=1y",
            b'{"chart":{}}',
            "application/json",
        ),
        ("/example.com/blob", b"\x00\x01\x02", "application/octet-stream"),
    ],
)
def test_get_serves_file(root: Path, serve: Serve, target: str, body: bytes, ctype: str) -> None:
    server = serve(root)
    status, headers, got = get(server.url, target)
    assert (status, got, headers["content-type"]) == (200, body, ctype)
    assert headers["content-length"] == str(len(body))


def test_head_has_headers_and_no_body(root: Path, serve: Serve) -> None:
    server = serve(root)
    target = b"/fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10"
    response = raw_request(server.url, target, method=b"HEAD")
    assert response.status == 200
    assert response.headers["content-length"] == str(len("observation_date,DGS10\n"))
    assert response.headers["content-type"].startswith("text/csv")
    assert response.body == b""
    assert raw_request(server.url, b"/nope/x", method=b"HEAD").status == 404


FACTS = "/data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json"


def test_200_carries_a_strong_etag_and_last_modified(root: Path, serve: Serve) -> None:
    server = serve(root)
    status, headers, _ = get(server.url, FACTS)
    assert status == 200
    assert re.fullmatch(r'"[^"]+"', headers["etag"])  # strong: no W/ prefix
    mtime = (root / FACTS.lstrip("/")).stat().st_mtime
    assert parsedate_to_datetime(headers["last-modified"]).timestamp() == int(mtime)
    assert get(server.url, FACTS)[1]["etag"] == headers["etag"]  # stable while unchanged


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(
    "conditions",
    [
        lambda etag, _: {"If-None-Match": etag},
        lambda etag, _: {"If-None-Match": f'"other", W/{etag}'},  # weak comparison, any member
        lambda _, __: {"If-None-Match": "*"},
        lambda _, modified: {"If-Modified-Since": modified},
        lambda _, __: {"If-Modified-Since": formatdate(time.time() + 60, usegmt=True)},
    ],
    ids=["etag", "etag-list", "star", "same-date", "later-date"],
)
def test_unchanged_file_answers_304_without_a_body(
    root: Path, serve: Serve, method: str, conditions: Callable[[str, str], dict[str, str]]
) -> None:
    server = serve(root)
    _, first, _ = get(server.url, FACTS)
    headers = conditions(first["etag"], first["last-modified"])
    status, answered, body = get(server.url, FACTS, method, headers)
    assert (status, body) == (304, b"")
    assert answered["etag"] == first["etag"]
    assert answered["last-modified"] == first["last-modified"]
    assert "content-length" not in answered
    assert server.status_counts() == {200: 1, 304: 1}


def test_if_none_match_takes_precedence_over_if_modified_since(root: Path, serve: Serve) -> None:
    server = serve(root)
    _, first, _ = get(server.url, FACTS)
    stale = {"If-None-Match": '"not-it"', "If-Modified-Since": first["last-modified"]}
    assert get(server.url, FACTS, headers=stale)[0] == 200
    fresh = {"If-None-Match": first["etag"], "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"}
    assert get(server.url, FACTS, headers=fresh)[0] == 304


@pytest.mark.parametrize("value", ["not a date", "Thu, 01 Jan 1970 00:00:00 GMT"])
def test_bad_or_earlier_if_modified_since_answers_200(root: Path, serve: Serve, value: str) -> None:
    server = serve(root)
    status, _, body = get(server.url, FACTS, headers={"If-Modified-Since": value})
    assert (status, body) == (200, b'{"cik":320193}')


@pytest.mark.parametrize("change", ["touch", "rewrite"])
def test_a_changed_file_answers_200_with_new_validators(
    root: Path, serve: Serve, change: str
) -> None:
    server = serve(root)
    _, first, _ = get(server.url, FACTS)
    path = root / FACTS.lstrip("/")
    later = path.stat().st_mtime + 10
    if change == "rewrite":
        path.write_text('{"cik":320193,"changed":true}')
    os.utime(path, (later, later))
    for headers in (
        {"If-None-Match": first["etag"]},
        {"If-Modified-Since": first["last-modified"]},
    ):
        status, answered, body = get(server.url, FACTS, headers=headers)
        assert status == 200
        assert body == path.read_bytes()
        assert answered["etag"] != first["etag"]
        assert answered["last-modified"] != first["last-modified"]
        assert get(server.url, FACTS, headers={"If-None-Match": answered["etag"]})[0] == 304


def test_unknown_path_is_short_plain_404(root: Path, serve: Serve) -> None:
    server = serve(root)
    for target in ("/nope.example.com/x", "/data.sec.gov/api", "/data.sec.gov/api/", "/"):
        status, headers, body = get(server.url, target)
        assert status == 404, target
        assert headers["content-type"].startswith("text/plain")
        assert body == b"not found\n"


def test_other_methods_are_405(root: Path, serve: Serve) -> None:
    server = serve(root)
    status, headers, _ = get(server.url, "/example.com/blob", method="POST")
    assert status == 405
    assert headers["allow"] == "GET, HEAD"


def test_works_with_requests_and_mirror_url(root: Path, serve: Serve) -> None:
    server = serve(root)
    with requests.Session() as session:
        url = mirror_url(server.url, "https://api.stlouisfed.org/fred/series/observations")
        params = {"series_id": "GDP", "api_key": "SECRET", "file_type": "json"}
        assert session.get(url, params=params, timeout=5).json() == {"observations": []}
        chart = mirror_url(server.url, "https://query2.finance.yahoo.com/v8/finance/chart/GC=F")
        assert session.get(chart, params={"range": "max"}, timeout=5).json() == {"chart": {}}


def test_files_added_later_are_served(root: Path, serve: Serve) -> None:
    server = serve(root)
    target = "/data.sec.gov/submissions/CIK0000320193.json"
    assert get(server.url, target)[0] == 404
    path = root / target.lstrip("/")
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    assert get(server.url, target)[:3:2] == (200, b"{}")
    # a more specific file added beside an existing one takes over
    (root / "api.stlouisfed.org/fred/series/observations?series_id=GDP&units=pch").write_text("p")
    target = "/api.stlouisfed.org/fred/series/observations?units=pch&series_id=GDP"
    assert get(server.url, target)[2] == b"p"


def test_concurrent_requests(root: Path, serve: Serve) -> None:
    server = serve(root)
    errors: list[object] = []

    def worker() -> None:
        try:
            for _ in range(20):
                assert get(server.url, "/example.com/blob")[2] == b"\x00\x01\x02"
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_missing_root_raises_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="mirror directory not found"):
        ReplayServer(tmp_path / "absent")
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError, match="not a directory"):
        ReplayServer(tmp_path / "file")


def test_lifecycle(root: Path) -> None:
    with ReplayServer(root) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.start() == server.url  # idempotent
        assert get(server.url, "/example.com/blob")[0] == 200
    server.stop()  # idempotent
    with pytest.raises(OSError):
        get(server.url, "/example.com/blob")
    with pytest.raises(RuntimeError, match="stopped"):
        server.start()
    ReplayServer(root).stop()  # never started


def test_serve_forever_returns_on_stop(root: Path) -> None:
    server = ReplayServer(root)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    assert get(server.url, "/example.com/blob")[0] == 200
    server.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_quiet_unless_verbose(root: Path, serve: Serve, capfd: pytest.CaptureFixture[str]) -> None:
    quiet = serve(root)
    get(quiet.url, "/example.com/blob")
    get(quiet.url, "/nope/x")
    raw_request(quiet.url, b"garbage")
    assert capfd.readouterr().err == ""
    loud = serve(root, verbose=True)
    get(loud.url, "/example.com/blob")
    assert "/example.com/blob" in capfd.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGINT delivery")
def test_ctrl_c_stops_serve_forever_cleanly(root: Path) -> None:
    code = (
        "import sys\n"
        "from ingestion.replay import ReplayServer\n"
        "s = ReplayServer(sys.argv[1])\n"
        "print(s.url, flush=True)\n"
        "s.serve_forever()\n"
        "print('stopped', flush=True)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[4],
        # a shell that starts pytest in the background makes children ignore SIGINT
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert get(url, "/example.com/blob")[0] == 200
        time.sleep(0.1)
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out.strip() == "stopped"
    assert "Traceback" not in err
