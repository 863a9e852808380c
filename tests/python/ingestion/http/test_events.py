"""The HTTP client's observability events, against real servers on 127.0.0.1: one `response` per
attempt, `retry`, `rate_limit_wait` and `breaker` transitions; and RunMetrics counting them."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from prometheus_client import generate_latest

from finloom.ops.metrics import RunMetrics
from ingestion.http import CircuitOpenError, HttpClient, RetriesExhaustedError, Validators
from ingestion.http.events import HttpEvent, subscribe

from ...support.faults import Canned, FaultInjectingServer
from .common import fast
from .test_breaker import BREAKER, open_breaker

BODY = "hello, events"


class Recorder:
    """Every event published while the fixture is active."""

    def __init__(self) -> None:
        self.events: list[HttpEvent] = []

    def __call__(self, event: HttpEvent) -> None:
        self.events.append(event)

    def of(self, kind: str, host: str) -> list[HttpEvent]:
        return [e for e in self.events if e.kind == kind and e.host == host]


@pytest.fixture
def events() -> Iterator[Recorder]:
    recorder = Recorder()
    unsubscribe = subscribe(recorder)
    yield recorder
    unsubscribe()


def host_of(server: FaultInjectingServer) -> str:
    return server.url.removeprefix("http://")


def test_a_200_publishes_one_response_with_host_status_bytes_and_latency(
    events: Recorder,
) -> None:
    with FaultInjectingServer(routes={"/x": BODY}) as server, HttpClient(fast()) as client:
        assert client.get_bytes(server.url + "/x") == BODY.encode()
    host = host_of(server)
    (response,) = events.of("response", host)
    assert response.status == 200
    assert response.bytes == len(BODY.encode())
    assert response.seconds > 0
    assert events.of("retry", host) == []
    assert events.of("breaker", host) == []


def test_a_304_publishes_one_response_and_no_retry(events: Recorder) -> None:
    not_modified = Canned(b"", 304, {"ETag": '"v1"'})
    with (
        FaultInjectingServer(routes={"/x": not_modified}) as server,
        HttpClient(fast()) as client,
    ):
        got = client.get_conditional(server.url + "/x", Validators('"v1"'), bytes)
    assert got.not_modified
    host = host_of(server)
    (response,) = events.of("response", host)
    assert (response.status, response.bytes) == (304, 0)
    assert events.of("retry", host) == []


def test_a_503_then_200_publishes_a_retry_between_two_responses(events: Recorder) -> None:
    with (
        FaultInjectingServer(routes={"/x": BODY}, faults=["503"]) as server,
        HttpClient(fast()) as client,
    ):
        assert client.get_bytes(server.url + "/x") == BODY.encode()
    host = host_of(server)
    sequence = [e for e in events.events if e.host == host and e.kind in ("response", "retry")]
    assert [(e.kind, e.status) for e in sequence] == [
        ("response", 503),
        ("retry", 503),
        ("response", 200),
    ]
    assert sequence[1].seconds > 0  # the back-off before the second attempt
    assert sequence[2].bytes == len(BODY.encode())


def test_connection_refused_publishes_responses_with_status_zero(events: Recorder) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with HttpClient(fast(max_attempts=2)) as client, pytest.raises(RetriesExhaustedError):
        client.get(f"http://127.0.0.1:{port}/x")
    host = f"127.0.0.1:{port}"
    responses = events.of("response", host)
    assert [(e.status, e.bytes) for e in responses] == [(0, 0), (0, 0)]
    assert all(e.seconds >= 0 for e in responses)
    assert len(events.of("retry", host)) == 1


def test_breaker_transitions_publish_open_half_open_and_closed(events: Recorder) -> None:
    with (
        FaultInjectingServer(routes={"/x": BODY}, default_fault="503") as server,
        HttpClient(BREAKER) as client,
    ):
        host = host_of(server)
        # open_breaker's helper requests FACTS_PATH; any path fails the same way here
        open_breaker(server, client)
        assert [e.state for e in events.of("breaker", host)] == ["open"]
        with pytest.raises(CircuitOpenError):
            client.get(server.url + "/x")  # fails fast: no response event, no transition
        assert len(events.of("response", host)) == server.count() == 3
        server.set_default_fault(None)  # the host recovers
        time.sleep(BREAKER.breaker_reset_timeout + 0.05)
        assert client.get_bytes(server.url + "/x") == BODY.encode()
    assert [e.state for e in events.of("breaker", host)] == ["open", "half-open", "closed"]
    assert [e.status for e in events.of("response", host)] == [503, 503, 503, 200]


def test_a_rate_limited_client_publishes_its_waits(events: Recorder) -> None:
    settings = fast(requests_per_second=1.9)  # one request per ~0.53 s sliding window
    with FaultInjectingServer(routes={"/x": BODY}) as server, HttpClient(settings) as client:
        client.get(server.url + "/x")
        client.get(server.url + "/x")
    waits = events.of("rate_limit_wait", host_of(server))
    assert waits and all(e.seconds > 0 for e in waits)
    assert max(e.seconds for e in waits) >= 0.3


def test_a_failing_listener_never_fails_the_request(events: Recorder) -> None:
    def broken(event: HttpEvent) -> None:
        raise RuntimeError("observer bug")

    unsubscribe = subscribe(broken)
    try:
        with (
            FaultInjectingServer(routes={"/x": BODY}, faults=["503"]) as server,
            HttpClient(fast()) as client,
        ):
            assert client.get_bytes(server.url + "/x") == BODY.encode()
    finally:
        unsubscribe()
    assert len(events.of("response", host_of(server))) == 2  # later listeners still hear it


def test_run_metrics_count_the_clients_requests() -> None:
    metrics = RunMetrics("test")
    metrics.listen()
    try:
        with FaultInjectingServer(routes={"/x": BODY}) as server, HttpClient(fast()) as client:
            client.get(server.url + "/x")
    finally:
        metrics.close()
    text = generate_latest(metrics.registry).decode()
    host = host_of(server)
    assert f'finloom_http_requests_total{{host="{host}",status="200"}} 1.0' in text
    assert f'finloom_http_response_bytes_total{{host="{host}"}} {float(len(BODY))}' in text
