"""Per-host circuit breaker: opens after N failed attempts, fails fast, half-opens later."""

from __future__ import annotations

import re
import time

import pytest

from ingestion.http import CircuitOpenError, HttpClient, NotFoundError, RetriesExhaustedError

from ...support.faults import FaultInjectingServer
from .common import COMPANY, FACTS_PATH, fast

BREAKER = fast(breaker_fail_max=3, breaker_reset_timeout=0.5, max_attempts=2)


def open_breaker(server: FaultInjectingServer, client: HttpClient) -> None:
    """Three failed attempts: the first call exhausts 2, the second trips the breaker."""
    with pytest.raises(RetriesExhaustedError):
        client.get(server.url + FACTS_PATH)
    with pytest.raises(CircuitOpenError):
        client.get(server.url + FACTS_PATH)
    assert server.count() == 3


def test_failing_host_opens_the_breaker_and_later_calls_fail_fast() -> None:
    with (
        FaultInjectingServer(routes={FACTS_PATH: COMPANY}, default_fault="503") as server,
        HttpClient(BREAKER) as client,
    ):
        open_breaker(server, client)
        started = time.monotonic()
        with pytest.raises(CircuitOpenError) as caught:
            client.get_json(server.url + FACTS_PATH)
        assert time.monotonic() - started < 0.1
        assert server.count() == 3  # never reached the server
        # another client in the same process shares the host's breaker
        with HttpClient(BREAKER) as other, pytest.raises(CircuitOpenError):
            other.get(server.url + "/other")
        assert server.count() == 3
    message = str(caught.value)
    host = server.url.removeprefix("http://")
    assert re.fullmatch(
        rf"host {re.escape(host)} is failing \(3 consecutive errors\); "
        r"not calling it again for 0\.\ds",
        message,
    ), message
    assert caught.value.host == host
    assert client.stats["circuit_open"] == 2


def test_breaker_half_opens_after_the_cool_down_and_closes_on_success() -> None:
    with (
        FaultInjectingServer(routes={FACTS_PATH: COMPANY}, default_fault="503") as server,
        HttpClient(BREAKER) as client,
    ):
        open_breaker(server, client)
        server.set_default_fault(None)  # the host recovers
        time.sleep(0.55)
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
    assert server.count() == 5


def test_failed_trial_reopens_the_breaker_at_once() -> None:
    with (
        FaultInjectingServer(routes={FACTS_PATH: COMPANY}, default_fault="503") as server,
        HttpClient(BREAKER) as client,
    ):
        open_breaker(server, client)
        time.sleep(0.55)
        with pytest.raises(CircuitOpenError):
            client.get(server.url + FACTS_PATH)
        assert server.count() == 4  # exactly one trial attempt reached the host
        with pytest.raises(CircuitOpenError):
            client.get(server.url + FACTS_PATH)
        assert server.count() == 4


def test_successes_reset_the_consecutive_failure_count() -> None:
    settings = fast(breaker_fail_max=3, max_attempts=3)
    faults = ["503", "503", "ok", "503", "503", "ok"]
    with (
        FaultInjectingServer(routes={FACTS_PATH: COMPANY}, faults=faults) as server,
        HttpClient(settings) as client,
    ):
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
    assert server.count() == 6


def test_not_found_answers_do_not_count_as_host_failures() -> None:
    settings = fast(breaker_fail_max=2)
    with FaultInjectingServer() as server, HttpClient(settings) as client:
        for _ in range(4):
            with pytest.raises(NotFoundError):
                client.get(server.url + "/missing")
    assert server.count() == 4
