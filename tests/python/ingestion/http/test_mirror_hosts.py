"""Behind a replay mirror every upstream host keeps its own rate budget and breaker.

A mirror serves `https://<host>/<path>` at `<mirror>/<host>/<path>`: all on one loopback netloc.
Keyed by netloc, every source shared the tightest budget any of them asked for
(`http.rate_limit_tightened … was=8 now=1.5`); keyed by the host the path stands for, they don't.
"""

from __future__ import annotations

import logging
import time

import pytest

from ingestion.http import CircuitOpenError, HttpClient
from ingestion.http.hosts import budget_key, host_key, host_limiter, is_sec_host
from ingestion.sources.macro.settings import MacroConfig
from ingestion.sources.sec.settings import SecConfig

from ...support.faults import FaultInjectingServer
from .common import fast

SEC = "/data.sec.gov/api/xbrl/companyfacts/CIK{:010d}.json"
FRED = "/fred.stlouisfed.org/graph/fredgraph.csv?id=S{}"
TIGHTENED = "http.rate_limit_tightened"


def test_mirror_urls_are_keyed_by_the_upstream_host_they_stand_for() -> None:
    mirror = "http://127.0.0.1:8765"
    assert host_key(f"{mirror}/data.sec.gov/api/x.json", mirror) == "127.0.0.1:8765/data.sec.gov"
    assert host_key(f"{mirror}/WWW.SEC.GOV/Archives/a.htm?x=1", mirror + "/") == (
        "127.0.0.1:8765/www.sec.gov"
    )
    # a mirror behind a path prefix; a URL elsewhere on the same netloc is not on the mirror
    assert host_key(f"{mirror}/replay/fred.stlouisfed.org/g.csv", f"{mirror}/replay") == (
        "127.0.0.1:8765/fred.stlouisfed.org"
    )
    assert host_key(f"{mirror}/other/fred.stlouisfed.org/g.csv", f"{mirror}/replay") == (
        "127.0.0.1:8765"
    )
    # without a mirror (or off it) the key is the netloc, as before
    assert host_key(f"{mirror}/data.sec.gov/api/x.json") == "127.0.0.1:8765"
    assert host_key("https://Data.SEC.gov/api/x.json", mirror) == "data.sec.gov"


def test_the_sec_budget_applies_behind_a_mirror_and_the_cap_to_live_hosts() -> None:
    assert is_sec_host("127.0.0.1:8765/www.sec.gov") and is_sec_host("data.sec.gov:443")
    assert not is_sec_host("127.0.0.1:8765/fred.stlouisfed.org") and not is_sec_host("[::1]:80")
    # SEC's fair-access cap binds its real hosts; a mirror replays without calling them
    assert host_limiter("data.sec.gov", 50.0).requests_per_second == 10.0
    assert host_limiter("127.0.0.1:8765/data.sec.gov", 1000.0).requests_per_second == 1000.0
    assert host_limiter("127.0.0.1:8765/query2.finance.yahoo.com", 50.0).requests_per_second == 50
    # the SEC's limit is per user, not per host: its hosts draw on one budget, live or mirrored
    assert budget_key("127.0.0.1:8765/www.sec.gov") == "127.0.0.1:8765/sec.gov"
    assert budget_key("data.sec.gov") == budget_key("www.sec.gov") == "sec.gov"
    assert budget_key("127.0.0.1:8765/fred.stlouisfed.org") == "127.0.0.1:8765/fred.stlouisfed.org"
    data = host_limiter("127.0.0.1:8765/data.sec.gov", 10.0)
    assert host_limiter("127.0.0.1:8765/www.sec.gov", 10.0) is data
    assert host_limiter("data.sec.gov", 10.0) is not data


def test_sec_hosts_behind_a_mirror_share_one_budget() -> None:
    """data.sec.gov and www.sec.gov at 4/s: five requests across both need a second."""
    routes = {"/data.sec.gov/a": "a", "/www.sec.gov/b": "b"}
    with (
        FaultInjectingServer(routes=routes) as server,
        HttpClient(fast(requests_per_second=4.0), mirror=server.url) as client,
    ):
        started = time.monotonic()
        for i in range(5):
            client.get_bytes(server.url + ("/data.sec.gov/a", "/www.sec.gov/b")[i % 2])
        elapsed = time.monotonic() - started
    assert elapsed >= 0.9
    assert server.max_in_window(0.9) <= 4


def test_two_hosts_behind_one_mirror_keep_their_own_budgets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A run mixing sources: SEC at its 8/s, then FRED at 1.5/s, then SEC again — through one
    mirror. SEC keeps 8/s (7 more requests fit the same second) and nothing is tightened."""
    sec_rate, fred_rate = SecConfig().requests_per_second, MacroConfig().requests_per_second
    assert (sec_rate, fred_rate) == (8.0, 1.5)
    routes: dict[str, object] = {SEC.format(i): {"cik": i} for i in range(8)}
    routes.update({FRED.format(i): f"date,S{i}\n2024-01-01,1\n" for i in range(2)})
    with (
        caplog.at_level(logging.INFO, logger="ingestion.http"),
        FaultInjectingServer(routes=routes) as server,
        HttpClient(fast(requests_per_second=sec_rate), mirror=server.url) as sec,
        HttpClient(fast(requests_per_second=fred_rate), mirror=server.url) as fred,
    ):
        sec.get_json(server.url + SEC.format(0))
        for i in range(2):  # the second waits 1/1.5 s: FRED's own budget holds
            fred.get_bytes(server.url + FRED.format(i))
        started = time.monotonic()
        for i in range(1, 8):
            sec.get_json(server.url + SEC.format(i))
        sec_seconds = time.monotonic() - started
    fred_arrivals = server.arrivals("/fred.stlouisfed.org/*")
    assert fred_arrivals[1] - fred_arrivals[0] >= 0.6
    # one shared 1.5/s budget would have spaced these seven by 0.67 s each (> 4 s)
    assert sec_seconds < 1.0
    assert TIGHTENED not in caplog.text


def test_without_the_mirror_known_the_loopback_budget_is_shared_and_tightened(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The old behaviour, kept for URLs not on a mirror: one netloc, one (tightest) budget."""
    routes = {SEC.format(0): {"cik": 0}, FRED.format(0): "date,S0\n"}
    with (
        caplog.at_level(logging.INFO, logger="ingestion.http"),
        FaultInjectingServer(routes=routes) as server,
        HttpClient(fast(requests_per_second=8.0)) as sec,
        HttpClient(fast(requests_per_second=1.5)) as fred,
    ):
        sec.get_json(server.url + SEC.format(0))
        fred.get_bytes(server.url + FRED.format(0))
    [tightened] = [r for r in caplog.records if r.getMessage() == TIGHTENED]
    assert tightened.fields == {"host": f"127.0.0.1:{server.port}", "was": 8.0, "now": 1.5}


def test_a_failing_host_behind_a_mirror_opens_only_its_own_breaker() -> None:
    settings = fast(breaker_fail_max=2, max_attempts=2, breaker_reset_timeout=30.0)
    routes = {"/down.example/x": "x", "/up.example/y": "y"}
    with (
        FaultInjectingServer(routes=routes, faults={"/down.example/*": ["503"] * 10}) as server,
        HttpClient(settings, mirror=server.url) as client,
    ):
        with pytest.raises(CircuitOpenError, match=r"127\.0\.0\.1:\d+/down\.example"):
            client.get_bytes(server.url + "/down.example/x")
        with pytest.raises(CircuitOpenError):
            client.get_bytes(server.url + "/down.example/x")  # fails fast, no request
        assert client.get_bytes(server.url + "/up.example/y") == b"y"
    assert server.count("/down.example/*") == 2
