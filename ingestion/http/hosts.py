"""Per-host state shared by every client and thread in the process: rate limiter and breaker.

Keyed by URL netloc (`host[:port]`), so two clients talking to data.sec.gov share one budget and
one view of whether it is up. Behind a replay mirror every URL is on one loopback netloc, so
there the key is the mirror's netloc plus the upstream host the URL stands for (`host_key`):
each recorded host keeps its own budget, settings and breaker, as it would live. SEC hosts
(data.sec.gov, www.sec.gov) draw on one shared budget, capped at 10 requests/s: the SEC's
fair-access limit is per user across sec.gov (`budget_key`).
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pybreaker
from pyrate_limiter import Duration, InMemoryBucket, Limiter, Rate

from ingestion.http.errors import CircuitOpenError
from ingestion.http.events import HttpEvent, publish
from ingestion.logs import get_logger
from ingestion.timing import timed

log = get_logger("ingestion.http")

SEC_MAX_REQUESTS_PER_SECOND = 10.0  # SEC fair-access policy; a hard cap, whatever is configured
SEC_BUDGET = "sec.gov"  # the one rate budget every SEC host draws on (per user, not per host)
#: Shorter waits for a slot are the lock's own overhead, not rate limiting: no event for them.
MIN_REPORTED_WAIT = 0.001  # seconds


def rate_for(requests_per_second: float) -> Rate:
    """The sliding-window `Rate` for a per-second budget; fractional budgets widen the window."""
    if requests_per_second >= 1:
        limit = math.floor(requests_per_second)
        return Rate(limit, round(Duration.SECOND.value * limit / requests_per_second))
    return Rate(1, round(Duration.SECOND.value / requests_per_second))


class HostRateLimiter:
    """Blocks each attempt until the host's sliding 1-s window has a free slot.

    Waiters queue on our own lock because pyrate-limiter 4.5.1 back-dates a blocked item's
    timestamp while other threads insert fresh ones, which can unsort its log.
    """

    def __init__(self, host: str, requests_per_second: float) -> None:
        self.host = host
        self.requests_per_second = requests_per_second
        self._limiter = Limiter(InMemoryBucket([rate_for(requests_per_second)]))
        self._queue = threading.Lock()
        self._hold_lock = threading.Lock()
        self._resume_at = 0.0  # monotonic; set by `hold` (Retry-After / throttling)

    @timed("http.rate_limiter_acquire")
    def acquire(self) -> float:
        """Wait for a slot; returns the seconds spent waiting."""
        started = time.monotonic()
        with self._queue:
            while (pause := self._resume_at - time.monotonic()) > 0:
                time.sleep(pause)
            if not self._limiter.try_acquire(self.host, blocking=True):
                raise RuntimeError(f"rate limit for {self.host} can never admit a request")
        waited = time.monotonic() - started
        if waited >= MIN_REPORTED_WAIT:
            publish(HttpEvent("rate_limit_wait", self.host, seconds=waited))
        return waited

    def hold(self, seconds: float) -> None:
        """Pause every thread's next attempt on this host: the server asked us to back off."""
        with self._hold_lock:
            self._resume_at = max(self._resume_at, time.monotonic() + seconds)

    def close(self) -> None:
        self._limiter.close()


class _AttemptFailed(Exception):
    """Marker fed through pybreaker to count one failed attempt."""


def _succeed() -> None:
    return None


def _fail() -> None:
    raise _AttemptFailed


class _StateLogger(pybreaker.CircuitBreakerListener):
    """Logs each state transition and publishes it as a `breaker` event."""

    def state_change(
        self,
        cb: pybreaker.CircuitBreaker,
        old_state: pybreaker.CircuitBreakerState | None,
        new_state: pybreaker.CircuitBreakerState,
    ) -> None:
        publish(HttpEvent("breaker", cb.name or "", state=new_state.name))
        event = f"http.circuit_{new_state.name.replace('-', '_')}"
        fields = {"host": cb.name, "failures": cb.fail_counter}
        if new_state.name == pybreaker.STATE_OPEN:
            log.bind(**fields, cool_down_s=cb.reset_timeout).warning(event)
        else:
            log.bind(**fields).info(event)


class HostBreaker:
    """Circuit breaker for one host, counting every failed attempt (retries included).

    Outcomes are fed to pybreaker after each attempt rather than wrapping it in
    `CircuitBreaker.call`, which holds the breaker's lock for the whole call and would serialize a
    thread pool's requests. Half-open admits exactly one trial attempt at a time.
    """

    def __init__(self, host: str, fail_max: int, reset_timeout: float) -> None:
        self.host = host
        self._storage = pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)
        self._cb = pybreaker.CircuitBreaker(
            fail_max=fail_max,
            reset_timeout=reset_timeout,
            name=host,
            listeners=[_StateLogger()],
            state_storage=self._storage,
        )
        self._lock = threading.Lock()
        self._trial_owner: int | None = None  # thread running the half-open trial attempt

    @property
    def state(self) -> str:
        """'closed', 'open' or 'half-open'."""
        return str(self._cb.current_state)

    @property
    def failures(self) -> int:
        return int(self._cb.fail_counter)

    def retry_in(self) -> float:
        """Seconds left in the open state's cool-down (0 when it has elapsed)."""
        opened_at = self._storage.opened_at
        if opened_at is None:
            return 0.0
        deadline = opened_at + timedelta(seconds=self._cb.reset_timeout)
        return max(0.0, (deadline - datetime.now(UTC)).total_seconds())

    def open_error(self, url: str) -> CircuitOpenError:
        return CircuitOpenError(self.host, self.failures, self.retry_in(), url)

    def before_attempt(self, url: str) -> None:
        """Let the attempt through, or raise `CircuitOpenError` without touching the network."""
        with self._lock:
            state = self._cb.current_state
            if state == pybreaker.STATE_CLOSED:
                return
            if state == pybreaker.STATE_OPEN and self.retry_in() <= 0:
                self._cb.half_open()
                self._trial_owner = threading.get_ident()
                return
            if state == pybreaker.STATE_HALF_OPEN and self._trial_owner is None:
                self._trial_owner = threading.get_ident()
                return
            raise self.open_error(url)

    def record_success(self) -> None:
        """The host answered sensibly (2xx, 404, other 4xx): reset the failure count."""
        self._record(_succeed)

    def record_failure(self) -> bool:
        """Count one failed attempt; returns True when the breaker is (now) open."""
        self._record(_fail)
        return self.state == pybreaker.STATE_OPEN

    def _record(self, outcome: Callable[[], None]) -> None:
        with self._lock:
            if self._trial_owner == threading.get_ident():
                self._trial_owner = None
            with contextlib.suppress(_AttemptFailed, pybreaker.CircuitBreakerError):
                self._cb.call(outcome)


_registry_lock = threading.Lock()
_limiters: dict[str, HostRateLimiter] = {}
_breakers: dict[str, HostBreaker] = {}


def host_key(url: str, mirror: str | None = None) -> str:
    """The key of `url`'s limiter and breaker: its netloc (`host[:port]`), lower-cased.

    A URL on a replay mirror (`<mirror>/<host>/<path>`, docs/architecture.md "Mirror layout")
    is keyed `<mirror netloc>/<host>`, e.g. `127.0.0.1:8765/data.sec.gov`: the upstream host it
    stands for keeps its own budget and breaker instead of sharing the loopback address's.
    """
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    if mirror:
        base = urlsplit(mirror.rstrip("/"))
        prefix = base.path.rstrip("/") + "/"
        if netloc == base.netloc.lower() and parts.path.startswith(prefix):
            upstream = parts.path[len(prefix) :].split("/", 1)[0].lower()
            if upstream:
                return f"{netloc}/{upstream}"
    return netloc


def hostname_of(key: str) -> str:
    """The host name a key stands for: `data.sec.gov` for `data.sec.gov:443` and for
    `127.0.0.1:8765/data.sec.gov` (a mirror's copy of it)."""
    host = key.rsplit("/", 1)[-1]
    return host if host.endswith("]") else host.rsplit(":", 1)[0]  # "[::1]" has no port


def is_sec_host(key: str) -> bool:
    """Whether the SEC's fair-access cap applies: sec.gov and its subdomains, live or mirrored."""
    hostname = hostname_of(key)
    return hostname == "sec.gov" or hostname.endswith(".sec.gov")


def budget_key(key: str) -> str:
    """The rate budget a host (a `host_key`) draws on: its own, except that every SEC host
    shares one, `sec.gov` (`127.0.0.1:8765/sec.gov` behind a mirror): the SEC's limit of 10
    requests/s is per user across its hosts, and a mirror replays what the SEC serves."""
    if not is_sec_host(key):
        return key
    mirror, slash, _ = key.rpartition("/")
    return f"{mirror}{slash}{SEC_BUDGET}"


def host_limiter(host: str, requests_per_second: float) -> HostRateLimiter:
    """The process-wide limiter for `host` (a `host_key`): its budget's (`budget_key`), where the
    strictest rate asked for wins. SEC hosts share one budget, live or behind a mirror (at the
    configured rate, 8/s by default); the 10/s hard cap binds the live hosts only: a mirror
    replays what SEC served without calling it, and the bench asks it for 1,000/s."""
    host = budget_key(host)
    if is_sec_host(host) and "/" not in host:
        requests_per_second = min(requests_per_second, SEC_MAX_REQUESTS_PER_SECOND)
    with _registry_lock:
        current = _limiters.get(host)
        if current is not None and current.requests_per_second <= requests_per_second:
            return current
        limiter = HostRateLimiter(host, requests_per_second)
        _limiters[host] = limiter
        if current is not None:
            log.info(
                "http.rate_limit_tightened",
                host=host,
                was=current.requests_per_second,
                now=requests_per_second,
            )
            current.close()
        return limiter


def host_breaker(host: str, fail_max: int, reset_timeout: float) -> HostBreaker:
    """The process-wide breaker for `host` (settings of the first client that asked)."""
    with _registry_lock:
        breaker = _breakers.get(host)
        if breaker is None:
            breaker = _breakers[host] = HostBreaker(host, fail_max, reset_timeout)
        return breaker


def reset_host_state() -> None:
    """Forget every host's limiter and breaker (tests; a long-lived process between runs)."""
    with _registry_lock:
        for limiter in _limiters.values():
            limiter.close()
        _limiters.clear()
        _breakers.clear()
