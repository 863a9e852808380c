"""The timing hooks: recorded per name from any thread while a collector is registered, else
nothing happens."""

from __future__ import annotations

import threading

import pytest

from ingestion import timing


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, float, float]] = []

    def add(self, name: str, seconds: float, cpu: float) -> None:
        self.calls.append((name, seconds, cpu))


@timing.timed("test.double")
def double(x: int) -> int:
    return 2 * x


def test_hooks_record_only_while_collecting() -> None:
    assert double(2) == 4  # no collector: plain call
    recorder = Recorder()
    with timing.collecting(recorder):
        with timing.stage("test.block"):
            pass
        worker = threading.Thread(target=double, args=(3,))
        worker.start()
        worker.join()
        assert list(timing.waiting("test.wait", [1, 2])) == [1, 2]
    double(5)
    names = [name for name, _, _ in recorder.calls]
    assert names == ["test.block", "test.double", "test.wait", "test.wait", "test.wait"]
    assert all(seconds >= 0 for _, seconds, _ in recorder.calls)


def test_one_collector_at_a_time() -> None:
    with timing.collecting(Recorder()), pytest.raises(RuntimeError), timing.collecting(Recorder()):
        pass
