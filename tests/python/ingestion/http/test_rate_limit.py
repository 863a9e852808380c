"""Per-host rate limit shared by threads and clients, measured on the server's clock."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from ingestion.http import HttpClient
from ingestion.http.hosts import host_limiter, rate_for

from ...support.faults import FaultInjectingServer
from .common import COMPANY, fast


def test_thirty_requests_from_eight_threads_never_exceed_ten_per_second() -> None:
    routes = {f"/doc/{i}.json": {"i": i, **COMPANY} for i in range(30)}
    settings = fast(requests_per_second=8.0)
    with (
        FaultInjectingServer(routes=routes) as server,
        HttpClient(settings) as first,
        HttpClient(settings) as second,  # a second client to the same host shares its budget
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        started = time.monotonic()
        clients = [first, second]
        futures = [
            pool.submit(clients[i % 2].get_json, f"{server.url}/doc/{i}.json") for i in range(30)
        ]
        results = [f.result() for f in futures]
        elapsed = time.monotonic() - started
    assert [r["i"] for r in results] == list(range(30))
    assert server.count() == 30
    assert server.max_in_window(1.0) <= 10
    # 8 per sliding second: the 25th-30th requests cannot start before 3 s have passed
    assert elapsed >= 2.9


def test_retry_attempts_pass_through_the_rate_limiter() -> None:
    settings = fast(requests_per_second=4.0, max_attempts=6)
    with (
        FaultInjectingServer(routes={"/x": "x"}, faults=["503"] * 5) as server,
        HttpClient(settings) as client,
    ):
        assert client.get_bytes(server.url + "/x") == b"x"
    arrivals = server.arrivals()
    assert len(arrivals) == 6
    assert arrivals[4] - arrivals[0] >= 0.95
    assert server.max_in_window(1.0) <= 4


def test_fractional_rates_widen_the_window() -> None:
    assert (rate_for(8.0).limit, rate_for(8.0).interval) == (8, 1000)
    assert (rate_for(2.5).limit, rate_for(2.5).interval) == (2, 800)
    assert (rate_for(0.5).limit, rate_for(0.5).interval) == (1, 2000)


def test_sec_hosts_are_capped_at_ten_per_second_and_stricter_budgets_win() -> None:
    assert host_limiter("data.sec.gov", 50.0).requests_per_second == 10.0
    assert host_limiter("www.sec.gov:443", 8.0).requests_per_second == 8.0
    assert host_limiter("api.example.com", 20.0).requests_per_second == 20.0
    assert host_limiter("api.example.com", 5.0).requests_per_second == 5.0
    assert host_limiter("api.example.com", 20.0).requests_per_second == 5.0
