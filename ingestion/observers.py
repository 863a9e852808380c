"""A topic observers subscribe to: what the HTTP client and the runner tell metrics and the run
ledger. Publishing costs nothing when nobody listens, and a listener's failure never reaches the
publisher (observers must never break ingestion)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Topic(Generic[T]):
    """Listeners of one kind of message, called in the publisher's thread."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[T], None]] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Callable[[T], None]) -> Callable[[], None]:
        """Call `listener` with every message from now on; returns the unsubscribe function."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, message: T) -> None:
        """Hand `message` to every listener; a listener that raises is skipped."""
        for listener in tuple(self._listeners):
            with contextlib.suppress(Exception):
                listener(message)
