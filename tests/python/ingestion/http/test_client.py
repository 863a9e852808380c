"""HttpClient against real fault-injecting servers on 127.0.0.1: retries, Retry-After, 4xx, logs."""

from __future__ import annotations

import io
import logging
import math
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from ingestion import logs
from ingestion.http import (
    ClientError,
    Conditional,
    HttpClient,
    InvalidResponseError,
    NotFoundError,
    RetriesExhaustedError,
    Validators,
)
from ingestion.replay import ReplayServer

from ...support.faults import Canned, FaultInjectingServer
from .common import COMPANY, FACTS_PATH, fast

S3_ACCESS_DENIED = (  # ../shared/corpus/errors/sec_full_index_403.xml: a plain 403, not throttling
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Access Denied</Message><RequestId>Z7ZMFTM4BVTXHMP6</RequestId></Error>"
)


def serve(**kwargs: object) -> FaultInjectingServer:
    """A started server whose FACTS_PATH answers the COMPANY JSON."""
    routes = {FACTS_PATH: COMPANY, **kwargs.pop("routes", {})}  # type: ignore[dict-item]
    return FaultInjectingServer(routes=routes, **kwargs).start()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fault",
    ["429", "500", "502", "503", "504", "reset", "timeout:2", "sec403", "truncate", "cut"],
)
def test_each_fault_recovers_with_the_right_body(fault: str) -> None:
    with serve(faults=[fault]) as server, HttpClient(fast()) as client:
        started = time.monotonic()
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
        elapsed = time.monotonic() - started
    assert server.count() == 2
    assert client.stats["retries"] == 1
    assert client.stats["requests"] == 2
    assert elapsed < 1.5  # the 2 s server delay was cut short by the 0.5 s read timeout


def test_several_faults_in_a_row_still_recover() -> None:
    with serve(faults=["503", "reset", "truncate"]) as server, HttpClient(fast()) as client:
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
    assert server.count() == 4
    assert client.stats["retries"] == 3


def test_stats_count_calls_requests_retries_and_statuses() -> None:
    with serve(faults=["503"]) as server, HttpClient(fast()) as client:
        client.get_bytes(server.url + FACTS_PATH)
    assert client.stats == {
        "calls": 1,
        "requests": 2,
        "retries": 1,
        "status_503": 1,
        "status_200": 1,
    }


def test_retry_after_seconds_is_honoured() -> None:
    with serve(faults=["429:retry-after=1"]) as server, HttpClient(fast()) as client:
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
    first, second = server.arrivals()
    assert second - first >= 1.0


def test_retry_after_http_date_is_honoured() -> None:
    with serve(faults=["503:retry-after=date+1"]) as server, HttpClient(fast()) as client:
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
    first, second = server.recorded()
    # The header named the whole second after first.wall + 1 (HTTP dates have 1 s resolution).
    assert second.wall >= math.floor(first.wall + 1) - 0.01


def test_retry_after_is_capped_by_retry_after_max() -> None:
    settings = fast(retry_after_max=0.2)
    with serve(faults=["429:retry-after=3600"]) as server, HttpClient(settings) as client:
        started = time.monotonic()
        client.get_bytes(server.url + FACTS_PATH)
    assert time.monotonic() - started < 2
    first, second = server.arrivals()
    assert second - first >= 0.2


def test_retry_after_pauses_other_threads_on_the_same_host() -> None:
    routes = {"/a": "a", "/b": "b"}
    with (
        serve(routes=routes, faults={"/a": ["429:retry-after=1"]}) as server,
        HttpClient(fast()) as client,
    ):
        worker = threading.Thread(target=client.get, args=(server.url + "/a",))
        worker.start()
        while server.count() == 0:
            time.sleep(0.01)
        time.sleep(0.1)  # the client has read the 429 and set the host's hold
        assert client.get_bytes(server.url + "/b") == b"b"
        worker.join()
    first_a = server.arrivals("/a")[0]
    (b,) = server.arrivals("/b")
    assert b - first_a >= 0.95


def test_sec_throttle_403_is_retried_after_the_long_backoff() -> None:
    settings = fast(throttle_backoff=0.4, backoff_max=0.01)
    with serve(faults=["sec403"]) as server, HttpClient(settings) as client:
        assert client.get_json(server.url + FACTS_PATH) == COMPANY
    first, second = server.arrivals()
    assert second - first >= 0.4
    assert client.stats["throttled"] == 1


@pytest.mark.parametrize("fault", [None, "410"])
def test_not_found_raises_after_exactly_one_request(fault: str | None) -> None:
    faults = [fault] if fault else []
    with serve(faults=faults) as server, HttpClient(fast()) as client:
        path = "/data.sec.gov/submissions/CIK0000000000.json" if fault is None else FACTS_PATH
        with pytest.raises(NotFoundError) as caught:
            client.get_json(server.url + path)
    assert server.count() == 1
    assert caught.value.url == server.url + path
    assert caught.value.status == (410 if fault else 404)
    assert "\n" not in str(caught.value)
    assert path in str(caught.value)


@pytest.mark.parametrize("status", [400, 401, 403, 405, 422])
def test_other_client_errors_are_not_retried(status: int) -> None:
    with (
        serve(faults=[str(status)]) as server,
        HttpClient(fast()) as client,
        pytest.raises(ClientError) as caught,
    ):
        client.get(server.url + FACTS_PATH)
    assert server.count() == 1
    assert caught.value.status == status
    assert str(caught.value).startswith(f"HTTP {status} ")


def test_a_plain_sec_403_is_a_client_error_not_throttling() -> None:
    routes = {"/Archives/edgar/full-index/": Canned(S3_ACCESS_DENIED, 403)}
    with (
        serve(routes=routes) as server,
        HttpClient(fast()) as client,
        pytest.raises(ClientError) as caught,
    ):
        client.get(server.url + "/Archives/edgar/full-index/")
    assert server.count() == 1
    assert caught.value.status == 403


def test_persistent_5xx_exhausts_retries_with_a_readable_message() -> None:
    with (
        serve(default_fault="503") as server,
        HttpClient(fast(max_attempts=3)) as client,
        pytest.raises(RetriesExhaustedError) as caught,
    ):
        client.get_json(server.url + FACTS_PATH)
    assert server.count() == 3
    message = str(caught.value)
    assert "\n" not in message
    assert "failed after 3 attempts" in message
    assert "HTTP 503 Service Unavailable" in message
    assert caught.value.status == 503
    assert caught.value.attempts == 3
    assert client.stats["failed"] == 1


def test_connection_refused_is_retried_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with HttpClient(fast(max_attempts=2)) as client, pytest.raises(RetriesExhaustedError) as caught:
        client.get(f"http://127.0.0.1:{port}/x")
    assert "failed after 2 attempts; last error: ConnectionError" in str(caught.value)
    assert client.stats["error_connection"] == 2


def test_json_still_invalid_after_retries_raises_invalid_response() -> None:
    with serve(default_fault="truncate") as server, HttpClient(fast(max_attempts=3)) as client:
        with pytest.raises(InvalidResponseError) as caught:
            client.get_json(server.url + FACTS_PATH)
        assert server.count() == 3
        # get_bytes does not parse: the (valid-looking HTTP) truncated body comes back at once
        body = client.get_bytes(server.url + FACTS_PATH)
    assert server.count() == 4
    assert 0 < len(body) < len(str(COMPANY))
    assert "invalid JSON after 3 attempts" in str(caught.value)


def test_user_agent_and_params_are_sent() -> None:
    with serve(routes={"/q": "ok"}) as server, HttpClient(fast()) as client:
        client.get(server.url + "/q", params={"a": "1", "b": "x y"})
    (request,) = server.recorded()
    assert request.headers["User-Agent"] == "FinLoom-tests test@example.com"
    assert request.query == "a=1&b=x+y"


@pytest.fixture
def log_stream(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Route logging into a buffer at DEBUG for one test, then undo it."""
    stream = io.StringIO()
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    monkeypatch.setattr(logs, "_run_id", None)
    logs.configure_logging("abcdef123456", level="DEBUG", stream=stream)
    yield stream
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def test_logs_carry_run_id_request_id_and_retry_reason(log_stream: io.StringIO) -> None:
    with serve(faults=["503"]) as server, HttpClient(fast()) as client:
        client.get_json(server.url + FACTS_PATH, params={"api_key": "SECRET"})
    lines = log_stream.getvalue().splitlines()
    assert lines and all(" run_id=abcdef123456 " in line for line in lines)
    requests = [line for line in lines if " http.request " in line]
    retries = [line for line in lines if " http.retry " in line]
    assert len(requests) == 2 and len(retries) == 1
    assert all(line.split()[1] == "DEBUG" for line in requests)
    assert retries[0].split()[1] == "WARNING"
    for key in ("request_id=", "url=", "status=", "attempt=", "elapsed_ms="):
        assert all(key in line for line in requests)
    assert "reason=http_503" in retries[0] and "wait=" in retries[0]
    request_ids = {field for line in lines for field in line.split() if field.startswith("req")}
    assert len(request_ids) == 1  # one request id across attempts
    assert "SECRET" not in log_stream.getvalue()
    assert "api_key=***" in log_stream.getvalue()


def test_client_run_id_wins_in_its_own_lines(log_stream: io.StringIO) -> None:
    with serve() as server, HttpClient(fast(), run_id="clientrun001") as client:
        client.get(server.url + FACTS_PATH)
    assert " run_id=clientrun001 http.request " in log_stream.getvalue()


def test_secret_params_never_reach_error_messages() -> None:
    with serve() as server, HttpClient(fast()) as client, pytest.raises(NotFoundError) as caught:
        client.get(server.url + "/fred/series", params={"api_key": "SECRET", "id": "GDP"})
    assert "SECRET" not in str(caught.value) and "SECRET" not in caught.value.url
    assert "api_key=***" in str(caught.value)


# -- conditional GETs ----------------------------------------------------------------------------


def test_conditional_get_returns_the_body_then_not_modified(tmp_path: Path) -> None:
    """Against the replay server: a 200 with validators, then a 304 that is neither an error nor
    retried; a changed file answers 200 again."""
    path = tmp_path / FACTS_PATH.lstrip("/")
    path.parent.mkdir(parents=True)
    path.write_bytes(orjson.dumps(COMPANY))
    with ReplayServer(tmp_path) as server, HttpClient(fast()) as client:
        url = server.url + FACTS_PATH
        first = client.get_conditional(url, None, orjson.loads)
        assert (first.not_modified, first.value) == (False, COMPANY)
        assert first.validators.etag and first.validators.last_modified
        again = client.get_conditional(url, first.validators, orjson.loads)
        assert (again.not_modified, again.value, again.validators) == (True, None, first.validators)
        by_date = Validators(last_modified=first.validators.last_modified)
        assert client.get_conditional(url, by_date, orjson.loads).not_modified
        later = path.stat().st_mtime + 10
        path.write_bytes(orjson.dumps({**COMPANY, "cik": 1}))
        os.utime(path, (later, later))
        changed = client.get_conditional(url, first.validators, orjson.loads)
        assert (changed.not_modified, changed.value) == (False, {**COMPANY, "cik": 1})
        assert changed.validators.etag != first.validators.etag
        assert server.status_counts() == {200: 2, 304: 2}
    assert client.stats == {
        "calls": 4,
        "requests": 4,
        "status_200": 2,
        "status_304": 2,
        "not_modified": 2,
    }


def test_conditional_get_sends_the_stored_validators() -> None:
    stored = Validators('"v1"', "Wed, 01 Jan 2025 00:00:00 GMT")
    not_modified = Canned(b"", 304, {"ETag": '"v1"'})
    with (
        serve(routes={FACTS_PATH: not_modified}, faults=["503"]) as server,
        HttpClient(fast()) as client,
    ):
        got = client.get_conditional(server.url + FACTS_PATH, stored, orjson.loads)
    assert got == Conditional(True, None, stored)
    for request in server.recorded():  # the retried attempt is conditional too
        assert request.headers["If-None-Match"] == '"v1"'
        assert request.headers["If-Modified-Since"] == stored.last_modified
    assert client.stats["retries"] == 1 and client.stats["not_modified"] == 1


def test_a_304_to_a_plain_get_is_a_client_error() -> None:
    with (
        serve(routes={FACTS_PATH: Canned(b"", 304)}) as server,
        HttpClient(fast()) as client,
        pytest.raises(ClientError),
    ):
        client.get_conditional(server.url + FACTS_PATH, Validators(), orjson.loads)
    assert server.count() == 1
    assert "If-None-Match" not in server.recorded()[0].headers
