"""Bounded parallel map for I/O-bound extraction (HTTP fetch + parse per company)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_unordered(
    fn: Callable[[T], R], items: Iterable[T], workers: int, max_in_flight: int | None = None
) -> Iterator[tuple[T, R]]:
    """Yield `(item, fn(item))` as each finishes, with at most `max_in_flight` pending results.

    Bounding the queue keeps memory flat however many companies are selected: a slow consumer
    (the dlt writer) stops new fetches instead of letting parsed tables pile up. The first
    exception cancels everything not yet started and propagates.
    """
    limit = max_in_flight or workers * 2
    pending: dict[Future[R], T] = {}
    source = iter(items)
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="extract")
    try:
        for item in source:
            pending[pool.submit(fn, item)] = item
            if len(pending) >= limit:
                yield from _drain(pending)
        while pending:
            yield from _drain(pending)
    finally:
        # Normal exit: nothing is pending. On error or Ctrl-C: don't wait for in-flight requests.
        pool.shutdown(wait=False, cancel_futures=True)


def _drain(pending: dict[Future[R], T]) -> Iterator[tuple[T, R]]:
    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    for fut in done:
        item = pending.pop(fut)
        yield item, fut.result()
