"""Named timing hooks in the pipeline code, for the benchmark (`bench/`).

The code marks its stages (`with stage("sec.parse_submissions")`, `@timed(...)`, `waiting(...)`);
a collector registered with `collecting()` receives (name, elapsed s, thread CPU s) per call, from
every thread. With no collector registered a hook costs one global read. Stage names are part of
the code: the bench lists the names it expects and fails when one is not recorded, so renaming or
removing a stage cannot silently drop it from the figures.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from typing import ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class Collector(Protocol):
    def add(self, name: str, seconds: float, cpu: float) -> None: ...


# Module-level rather than a ContextVar: worker threads (`map_unordered`) do not inherit context.
_collector: Collector | None = None


@contextlib.contextmanager
def collecting(collector: Collector) -> Iterator[Collector]:
    """Send every stage timing to `collector` inside the block (one collector at a time)."""
    global _collector
    if _collector is not None:
        raise RuntimeError("a timing collector is already registered")
    _collector = collector
    try:
        yield collector
    finally:
        _collector = None


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage `name` (elapsed and this thread's CPU seconds)."""
    collector = _collector
    if collector is None:
        yield
        return
    started, cpu = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        collector.add(name, time.perf_counter() - started, time.thread_time() - cpu)


def timed(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: every call of the function is stage `name`."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if _collector is None:
                return fn(*args, **kwargs)
            with stage(name):
                return fn(*args, **kwargs)

        return wrapper

    return decorate


def waiting(name: str, items: Iterable[T]) -> Iterator[T]:
    """Yield `items`, timing how long the consumer waits for each one (and the end) as `name`."""
    iterator = iter(items)
    while True:
        collector = _collector
        started = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            if collector is not None:
                collector.add(name, time.perf_counter() - started, 0.0)
            return
        if collector is not None:
            collector.add(name, time.perf_counter() - started, 0.0)
        yield item
