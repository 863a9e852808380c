"""What the HTTP client tells observers (metrics): one event per response, retry, rate-limit wait
and breaker change. Publishing costs nothing when nobody subscribed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingestion.observers import Topic


@dataclass(frozen=True)
class HttpEvent:
    """`kind` is `response` (one per attempt sent: status set, 0 for a connection error or
    timeout; seconds = latency; bytes = body size), `retry` (status of the failed attempt when it
    had one; seconds = back-off before the next), `rate_limit_wait` (seconds waited for a slot,
    a host's Retry-After hold included) or `breaker` (state = closed | half-open | open).
    `host` is the key of the host's breaker (`hosts.host_key`): the URL's netloc (`host[:port]`),
    or behind a replay mirror `<mirror netloc>/<upstream host>`; for `rate_limit_wait` it is the
    rate budget's (`hosts.budget_key`: the same, except `sec.gov` for every SEC host)."""

    kind: str
    host: str
    status: int | None = None
    seconds: float = 0.0
    bytes: int = 0
    state: str | None = None


Listener = Callable[[HttpEvent], None]
_events: Topic[HttpEvent] = Topic()

#: Call a listener for every event from now on; returns the function that unsubscribes.
subscribe = _events.subscribe
#: Hand an event to every listener; a listener's failure never fails the request.
publish = _events.publish
