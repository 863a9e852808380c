"""`HttpClient`: polite, resilient GETs for every source (rate limit, retry, breaker, logs)."""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Generic, TypeVar, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson
import requests
from requests.adapters import HTTPAdapter
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from ingestion.http.errors import (
    CircuitOpenError,
    ClientError,
    HttpError,
    InvalidResponseError,
    NotFoundError,
    RetriesExhaustedError,
)
from ingestion.http.events import HttpEvent, publish
from ingestion.http.hosts import (
    HostBreaker,
    HostRateLimiter,
    host_breaker,
    host_key,
    host_limiter,
)
from ingestion.http.settings import HttpSettings
from ingestion.logs import current_run_id, get_logger, new_run_id
from ingestion.timing import stage, timed

T = TypeVar("T")

DEFAULT_SETTINGS = HttpSettings()
SEC_THROTTLE_MARK = b"Request Rate Threshold Exceeded"
SECRET_PARAMS = frozenset({"api_key", "apikey", "token"})
_json_loads = timed("http.json_decode")(orjson.loads)  # get_json's parser, a bench stage
_TRANSIENT_EXCEPTIONS = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


@dataclass(frozen=True)
class Validators:
    """What identifies a version of a response body: its `ETag` and `Last-Modified` headers, as
    the server sent them (either may be None). Stored, they make the next GET conditional."""

    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, response: requests.Response) -> Validators:
        return cls(response.headers.get("ETag"), response.headers.get("Last-Modified"))

    def request_headers(self) -> dict[str, str]:
        """`If-None-Match` / `If-Modified-Since` for the validators that are set."""
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Conditional(Generic[T]):
    """The answer to a conditional GET: `not_modified` (304, `value` None) or the parsed body.
    `validators` are the ones to store for the next request (a 304 keeps the ones sent, updated
    by any the server repeated)."""

    not_modified: bool
    value: T | None
    validators: Validators


class _Transient(Exception):
    """One failed attempt worth retrying; carries what the wait strategy and error need."""

    def __init__(
        self,
        reason: str,
        detail: str,
        status: int | None = None,
        retry_after: float | None = None,
        throttled: bool = False,
    ) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.status = status
        self.retry_after = retry_after
        self.throttled = throttled


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or HTTP date); None if unusable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def redact_url(url: str) -> str:
    """The URL with secret query parameters (api_key, apikey, token) replaced by ***."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(key.lower() in SECRET_PARAMS for key, _ in pairs):
        return url
    query = urlencode([(k, "***" if k.lower() in SECRET_PARAMS else v) for k, v in pairs], safe="*")
    return urlunsplit(parts._replace(query=query))


def _describe(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 300 else text[:297] + "..."


class HttpClient:
    """Thread-safe GET client: one instance can serve a whole thread pool.

    Every attempt (retries included) waits for the host's rate limiter and is counted by the host's
    circuit breaker. Retries use tenacity directly rather than dlt's `requests.Client`, because
    dlt retries around `Session.send`, leaving no place for a per-attempt limiter and breaker,
    per-reason waits (SEC throttling) or JSON validation inside the retried unit.

    `mirror` is the base URL of the replay server the caller's URLs were routed through
    (`--mirror`), if any: limits and breakers then key on the upstream host each URL stands for
    (`host_key`), so every recorded host keeps its own budget instead of all sharing one
    loopback address's.
    """

    def __init__(
        self,
        settings: HttpSettings = DEFAULT_SETTINGS,
        run_id: str | None = None,
        *,
        mirror: str | None = None,
    ) -> None:
        self.settings = settings
        self.mirror = mirror
        self.run_id = run_id or current_run_id() or new_run_id()
        self._log = get_logger("ingestion.http").bind(run_id=self.run_id)
        # pool_block: never open more than max_connections sockets, however many threads.
        self._adapter = HTTPAdapter(
            pool_maxsize=settings.max_connections, pool_block=True, max_retries=0
        )
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._stats: Counter[str] = Counter()
        self._jitter = wait_random_exponential(
            multiplier=settings.backoff_base, max=settings.backoff_max
        )

    # -- public API ---------------------------------------------------------------------------

    def get(self, url: str, params: dict[str, Any] | None = None) -> requests.Response:
        """GET `url`; returns only 2xx responses, raises an `HttpError` subclass otherwise."""
        response, _ = self._fetch(url, params, parse=None)
        return response

    def get_bytes(self, url: str, params: dict[str, Any] | None = None) -> bytes:
        """GET `url` and return the (decompressed) body."""
        return self.get(url, params).content

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        """GET `url` and parse it with orjson; an invalid/truncated body is retried."""
        return self.get_parsed(url, _json_loads, params)

    def get_parsed(
        self, url: str, parse: Callable[[bytes], T], params: dict[str, Any] | None = None
    ) -> T:
        """GET `url` and return `parse(body)`; a body that `parse` rejects with a `ValueError`
        (truncated or invalid JSON, say) is retried like a transient error."""
        _, data = self._fetch(url, params, parse=parse)
        return cast(T, data)  # `_fetch` returns what `parse` returned

    def get_conditional(
        self,
        url: str,
        validators: Validators | None,
        parse: Callable[[bytes], T],
        params: dict[str, Any] | None = None,
    ) -> Conditional[T]:
        """GET `url` with `If-None-Match` / `If-Modified-Since` from `validators` (a plain GET
        when None or empty). A 304 is an answer, not an error: it is neither retried nor counted
        against the breaker. Otherwise like `get_parsed`, plus the body's new validators."""
        sent = validators.request_headers() if validators else {}
        response, data = self._fetch(url, params, parse=parse, headers=sent)
        new = Validators.of(response)
        if response.status_code == 304:
            old = validators or Validators()
            kept = Validators(new.etag or old.etag, new.last_modified or old.last_modified)
            return Conditional(True, None, kept)
        return Conditional(False, cast(T, data), new)

    @property
    def stats(self) -> dict[str, int]:
        """Snapshot of counters: calls, requests (attempts sent), retries, status_<code>,
        not_modified (304s to conditional GETs), error_<kind>, circuit_open, failed."""
        with self._lock:
            return dict(self._stats)

    def close(self) -> None:
        """Close every thread's session and the shared connection pool."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._adapter.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _count(self, *keys: str) -> None:
        with self._lock:
            self._stats.update(keys)

    def _session(self) -> requests.Session:
        """One `requests.Session` per thread (Session is not thread-safe), sharing one pool."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = self.settings.user_agent
            session.mount("http://", self._adapter)
            session.mount("https://", self._adapter)
            with self._lock:
                self._sessions.append(session)
            self._local.session = session
        return session

    def _fetch(
        self,
        url: str,
        params: dict[str, Any] | None,
        parse: Callable[[bytes], Any] | None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[requests.Response, Any]:
        try:
            full_url = str(requests.Request("GET", url, params=params).prepare().url)
        except requests.RequestException as exc:
            shown = redact_url(url)
            raise HttpError(f"invalid URL {shown}: {_describe(exc)}", shown) from exc
        shown = redact_url(full_url)
        host = host_key(full_url, self.mirror)
        s = self.settings
        limiter = host_limiter(host, s.requests_per_second)
        breaker = host_breaker(host, s.breaker_fail_max, s.breaker_reset_timeout)
        request_id = uuid.uuid4().hex[:8]
        self._count("calls")

        def before_sleep(state: RetryCallState) -> None:
            self._before_sleep(state, host, shown, request_id, limiter)

        retrying = Retrying(
            stop=stop_after_attempt(s.max_attempts),
            retry=retry_if_exception_type(_Transient),
            wait=self._wait,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    number = attempt.retry_state.attempt_number
                    return self._attempt(
                        full_url, host, shown, request_id, number, limiter, breaker, parse, headers
                    )
        except _Transient as exc:
            self._count("failed")
            attempts = s.max_attempts
            if exc.reason == "invalid_json":
                raise InvalidResponseError(
                    f"GET {shown} returned invalid JSON after {attempts} attempts: {exc.detail}",
                    shown,
                    exc.status,
                    attempts,
                ) from exc
            raise RetriesExhaustedError(
                f"GET {shown} failed after {attempts} attempts; last error: {exc.detail}",
                shown,
                exc.status,
                attempts,
            ) from exc
        except HttpError:
            self._count("failed")
            raise
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _attempt(
        self,
        full_url: str,
        host: str,
        shown: str,
        request_id: str,
        number: int,
        limiter: HostRateLimiter,
        breaker: HostBreaker,
        parse: Callable[[bytes], Any] | None,
        headers: Mapping[str, str] | None,
    ) -> tuple[requests.Response, Any]:
        """One attempt: breaker check, rate-limit slot, request, outcome fed to the breaker."""
        try:
            breaker.before_attempt(shown)
        except CircuitOpenError:
            self._count("circuit_open")
            raise
        try:
            waited = limiter.acquire()
            result = self._send(full_url, host, shown, request_id, number, waited, parse, headers)
        except _Transient as exc:
            if breaker.record_failure():
                self._count("circuit_open")
                raise breaker.open_error(shown) from exc
            raise
        except (NotFoundError, ClientError):
            breaker.record_success()  # the host is up; our request was wrong
            raise
        except BaseException:
            breaker.record_failure()
            raise
        breaker.record_success()
        return result

    def _send(
        self,
        full_url: str,
        host: str,
        shown: str,
        request_id: str,
        number: int,
        waited: float,
        parse: Callable[[bytes], Any] | None,
        headers: Mapping[str, str] | None,
    ) -> tuple[requests.Response, Any]:
        """Send one request and classify the outcome: return, raise `_Transient`, or raise final.
        A 304 returns `(response, None)` when the request was conditional (`headers` set)."""
        s = self.settings
        started = time.monotonic()
        self._count("requests")
        fields: dict[str, Any] = {"request_id": request_id, "method": "GET", "url": shown}
        fields["attempt"] = number
        try:
            with stage("http.request"):
                response = self._session().get(
                    full_url, headers=headers, timeout=(s.connect_timeout, s.read_timeout)
                )
        except requests.exceptions.SSLError as exc:
            self._count("error_ssl")
            self._no_response(host, started)
            raise HttpError(f"GET {shown} failed: {_describe(exc)}", shown) from exc
        except _TRANSIENT_EXCEPTIONS as exc:
            kind = "timeout" if isinstance(exc, requests.exceptions.Timeout) else "connection"
            self._count(f"error_{kind}")
            seconds = self._no_response(host, started)
            self._log.debug(
                "http.request", **fields, status=None, error=kind, elapsed_ms=round(seconds * 1000)
            )
            raise _Transient(kind, _describe(exc)) from exc
        except requests.RequestException as exc:
            self._no_response(host, started)
            raise HttpError(f"GET {shown} failed: {_describe(exc)}", shown) from exc

        seconds = time.monotonic() - started
        status = response.status_code
        size = len(response.content)
        self._count(f"status_{status}")
        publish(HttpEvent("response", host, status=status, seconds=seconds, bytes=size))
        self._log.debug(
            "http.request",
            **fields,
            status=status,
            elapsed_ms=round(seconds * 1000),
            waited_ms=round(waited * 1000),
            bytes=size,
        )
        what = f"HTTP {status} {response.reason or ''}".strip()
        if status == 304 and headers:
            self._count("not_modified")
            return response, None
        if 200 <= status < 300:
            if parse is None:
                return response, None
            try:
                return response, parse(response.content)
            except ValueError as exc:  # orjson.JSONDecodeError and ParseError are ValueErrors
                self._count("error_invalid_json")
                raise _Transient("invalid_json", f"{what} with {_describe(exc)}", status) from exc
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if status == 429 or 500 <= status < 600:
            raise _Transient(f"http_{status}", what, status, retry_after)
        if status == 403 and SEC_THROTTLE_MARK in response.content:
            self._count("throttled")
            detail = f"{what} (SEC: Request Rate Threshold Exceeded)"
            raise _Transient("sec_throttle", detail, status, retry_after, throttled=True)
        if status in (404, 410):
            raise NotFoundError(f"{what} for GET {shown}", shown, status)
        raise ClientError(f"{what} for GET {shown}", shown, status)

    @staticmethod
    def _no_response(host: str, started: float) -> float:
        """Publish a `response` event with status 0 (no answer); returns the seconds it took."""
        seconds = time.monotonic() - started
        publish(HttpEvent("response", host, status=0, seconds=seconds))
        return seconds

    def _wait(self, state: RetryCallState) -> float:
        """Full-jitter exponential back-off, raised to Retry-After (capped) or the throttle wait."""
        wait = float(self._jitter(state))
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient):
            if exc.retry_after is not None:
                wait = max(wait, min(exc.retry_after, self.settings.retry_after_max))
            if exc.throttled:
                wait = max(wait, self.settings.throttle_backoff)
        return wait

    def _before_sleep(
        self,
        state: RetryCallState,
        host: str,
        shown: str,
        request_id: str,
        limiter: HostRateLimiter,
    ) -> None:
        wait = state.next_action.sleep if state.next_action else 0.0
        exc = state.outcome.exception() if state.outcome else None
        reason = exc.reason if isinstance(exc, _Transient) else type(exc).__name__
        if isinstance(exc, _Transient) and (exc.retry_after is not None or exc.throttled):
            limiter.hold(wait)  # the host asked everyone to back off, not just this request
        self._count("retries")
        status = getattr(exc, "status", None)
        publish(HttpEvent("retry", host, status=status, seconds=wait))
        self._log.warning(
            "http.retry",
            request_id=request_id,
            url=shown,
            attempt=state.attempt_number,
            reason=reason,
            status=status,
            wait=f"{wait:.2f}s",
        )
