"""Every file of the real corpus mirror (and its vintages) is reachable at a realistic URL."""

from __future__ import annotations

import http.client
import os
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode

import pytest
import requests

from ingestion.replay import ReplayServer, mirror_url

pytestmark = pytest.mark.corpus

EXTRA = [("api_key", "SECRET"), ("file_type", "json"), ("token", "T")]


def mirror_files(root: Path) -> Iterator[tuple[list[str], str, str]]:
    """`(path segments, raw query, relative name)` for every file, as its name spells them."""
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            relative = (Path(dirpath) / name).relative_to(root)
            base, _, query = name.partition("?")
            yield [*relative.parent.parts, base], query, relative.as_posix()


def literal_target(segments: list[str], query: str) -> str:
    """The file name as a URL, extra and secret parameters appended."""
    extra = urlencode(EXTRA)
    return "/" + "/".join(segments) + "?" + (f"{query}&{extra}" if query else extra)


def encoded_target(segments: list[str], query: str) -> str:
    """What a strict client sends: every segment and value percent-encoded, secrets first."""
    pairs = EXTRA[:1] + parse_qsl(query, keep_blank_values=True) + EXTRA[1:]
    return "/" + "/".join(quote(s, safe="") for s in segments) + "?" + urlencode(pairs)


def fetch_all(server: ReplayServer, root: Path) -> int:
    """Request every file twice over one keep-alive connection; returns requests made."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    count = 0
    try:
        for segments, query, relative in mirror_files(root):
            body = (root / relative).read_bytes()
            for target in (literal_target(segments, query), encoded_target(segments, query)):
                conn.request("GET", target)
                response = conn.getresponse()
                got = response.read()
                assert response.status == 200, (relative, target)
                assert unquote(response.getheader("X-Mirror-File", "")) == relative
                assert got == body, (relative, target)
                count += 1
    finally:
        conn.close()
    return count


def test_every_corpus_file_is_served_byte_exact(corpus_mirror: Path) -> None:
    files = sum(1 for _ in mirror_files(corpus_mirror))
    with ReplayServer(corpus_mirror) as server:
        scans = server.index.scans
        assert len(server.index) == files
        started = time.perf_counter()
        assert fetch_all(server, corpus_mirror) == 2 * files
        elapsed = time.perf_counter() - started
        assert server.index.scans == scans, "a lookup re-read a directory of an unchanged tree"
    assert elapsed < 15, f"{2 * files} requests took {elapsed:.1f}s"


def test_every_vintage_is_a_mirror(corpus: Path) -> None:
    vintages = sorted(p for p in (corpus / "vintages").iterdir() if p.is_dir())
    assert vintages
    for vintage in vintages:
        with ReplayServer(vintage) as server:
            assert fetch_all(server, vintage) > 0


@pytest.mark.parametrize(
    ("real_url", "params", "start"),
    [
        (
            "https://api.stlouisfed.org/fred/series/observations",
            {"series_id": "FEDFUNDS", "api_key": "K", "file_type": "json"},
            b'{"realtime_start"',
        ),
        (
            "https://fred.stlouisfed.org/graph/fredgraph.csv",
            {"id": "DGS10", "cosd": "1980-01-01"},
            b"observation_date,DGS10",
        ),
        (
            "https://www.sec.gov/cgi-bin/browse-edgar",
            {"action": "getcurrent", "type": "", "count": "100", "output": "atom"},
            b"<?xml",
        ),
        (
            "https://query2.finance.yahoo.com/v8/finance/chart/EURUSD=X",
            {"range": "max", "interval": "1d", "events": "div,splits"},
            b'{"chart"',
        ),
        (
            "https://query2.finance.yahoo.com/v1/finance/search",
            {"q": "GC=F", "quotesCount": 1, "newsCount": 10},
            b'{"explains"',
        ),
        (
            "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json",
            {},
            b'{"cik":320193',
        ),
    ],
)
def test_real_client_requests(
    corpus_mirror: Path, real_url: str, params: dict[str, str], start: bytes
) -> None:
    with ReplayServer(corpus_mirror) as server, requests.Session() as session:
        response = session.get(mirror_url(server.url, real_url), params=params, timeout=10)
        assert response.status_code == 200
        assert response.content.startswith(start)


def test_overflow_pages_not_recorded_answer_404(corpus_mirror: Path) -> None:
    with ReplayServer(corpus_mirror) as server:
        url = mirror_url(
            server.url, "https://data.sec.gov/submissions/CIK0000320193-submissions-001.json"
        )
        assert requests.get(url, timeout=10).status_code == 404
        search = mirror_url(server.url, "https://query2.finance.yahoo.com/v1/finance/search")
        assert requests.get(search, params={"q": "NOPE"}, timeout=10).status_code == 404
