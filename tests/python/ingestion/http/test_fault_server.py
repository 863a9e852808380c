"""The FaultInjectingServer itself: proxying an upstream, per-path schedules, recordings."""

from __future__ import annotations

import pytest
import requests

from ingestion.http import HttpClient, NotFoundError

from ...support.faults import Fault, FaultInjectingServer, max_in_window
from .common import COMPANY, FACTS_PATH, fast


def test_forwards_to_an_upstream_and_injects_faults_in_front_of_it() -> None:
    routes = {FACTS_PATH: COMPANY, "/q?x=1": "one"}
    with (
        FaultInjectingServer(routes=routes) as upstream,
        FaultInjectingServer(upstream=upstream.url, faults=["503", "truncate"]) as proxy,
        HttpClient(fast()) as client,
    ):
        assert client.get_json(proxy.url + FACTS_PATH) == COMPANY
        assert client.get_bytes(proxy.url + "/q", params={"x": "1"}) == b"one"
        with pytest.raises(NotFoundError):
            client.get(proxy.url + "/missing")
    assert proxy.count() == 5
    assert upstream.count() == 4  # the 503 never reached the upstream; truncate did
    assert [r.fault for r in proxy.recorded()] == ["503", "truncate", "ok", "ok", "ok"]


def test_per_path_schedules_take_precedence_over_the_global_one() -> None:
    routes = {"/a/1": "a", "/b": "b"}
    faults = {"/a/*": ["404"], "*": ["500"]}
    with FaultInjectingServer(routes=routes, faults=faults) as server:
        assert requests.get(server.url + "/a/1", timeout=5).status_code == 404
        assert requests.get(server.url + "/a/1", timeout=5).status_code == 500
        assert requests.get(server.url + "/b", timeout=5).status_code == 200
        assert server.pending_faults() == 0
    assert server.count("/a/*") == 2


def test_status_faults_carry_retry_after_and_sec403_the_throttle_page() -> None:
    with FaultInjectingServer(faults=["429:retry-after=3;body=slow down", "sec403"]) as server:
        first = requests.get(server.url + "/x", timeout=5)
        second = requests.get(server.url + "/x", timeout=5)
    assert (first.status_code, first.headers["Retry-After"], first.text) == (429, "3", "slow down")
    assert second.status_code == 403
    assert "Request Rate Threshold Exceeded" in second.text


def test_fault_parsing() -> None:
    assert Fault.parse("429:retry-after=1").options == {"retry-after": "1"}
    assert Fault.parse("timeout:2").seconds == 2.0
    assert Fault.parse("503").status == 503
    with pytest.raises(ValueError):
        Fault.parse("explode")


def test_max_in_window_counts_a_sliding_half_open_window() -> None:
    assert max_in_window([]) == 0
    assert max_in_window([0.0, 0.5, 0.99, 1.0, 1.4]) == 4
    assert max_in_window([0.0, 0.5, 0.99, 1.0, 1.5]) == 3
    assert max_in_window([0.0, 1.0, 2.0]) == 1
