"""What the HTTP client tells observers (metrics): one event per response, retry, rate-limit wait
and breaker change. Publishing costs nothing when nobody subscribed."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HttpEvent:
    """`kind` is `response` (one per attempt sent: status set, 0 for a connection error or
    timeout; seconds = latency; bytes = body size), `retry` (status of the failed attempt when it
    had one; seconds = back-off before the next), `rate_limit_wait` (seconds waited for a slot,
    a host's Retry-After hold included) or `breaker` (state = closed | half-open | open).
    `host` is the URL's netloc (`host[:port]`), the key of the host's limiter and breaker."""

    kind: str
    host: str
    status: int | None = None
    seconds: float = 0.0
    bytes: int = 0
    state: str | None = None


Listener = Callable[[HttpEvent], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Call `listener` for every event from now on; returns the function that unsubscribes."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


def publish(event: HttpEvent) -> None:
    """Hand `event` to every listener; a listener's failure never fails the request."""
    for listener in tuple(_listeners):
        with contextlib.suppress(Exception):  # observers must never break ingestion
            listener(event)
