"""The shared per-key cursor helper: it reads the state layout the sources wrote before it existed
(so an existing warehouse does not refetch), and writes that same layout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dlt

from ingestion.sources.cursors import KeyedCursors


def _pipeline(tmp_path: Path) -> Any:
    return dlt.pipeline(
        pipeline_name="cursor_test",
        destination=dlt.destinations.duckdb(str(tmp_path / "cursors.duckdb")),
        dataset_name="raw_test",
        pipelines_dir=str(tmp_path / "pipelines"),
    )


def _resource_state(pipeline: Any) -> dict[str, Any]:
    state: dict[str, Any] = pipeline.state["sources"]["cursor_src"]["resources"]["rows"]
    return state


def test_cursors_read_the_old_layout_and_write_it_back(tmp_path: Path) -> None:
    seen: list[dict[str, Any]] = []

    @dlt.source(name="cursor_src")
    def old_source() -> Any:
        def rows() -> Iterator[dict[str, Any]]:
            # how market, macro and news wrote their cursors by hand before the helper
            state = dlt.current.resource_state()
            state.setdefault("symbols", {})["AAPL"] = {"last_trade_date": "2024-01-02"}
            state.setdefault("cursors", {}).setdefault("yahoo", {})["MSFT"] = {
                "last_published_at": 1700000000,
                "recent_ids": {"yahoo:1": 1700000000},
            }
            yield {"id": 1}

        return dlt.resource(rows, name="rows")

    @dlt.source(name="cursor_src")
    def new_source() -> Any:
        def rows() -> Iterator[dict[str, Any]]:
            symbols = KeyedCursors("symbols")
            news = KeyedCursors("cursors", "yahoo")
            seen.append({"AAPL": symbols.get("AAPL"), "MSFT": news.get("MSFT")})
            assert symbols.get("TSLA") == {}  # never loaded: empty, not an error
            symbols.set("TSLA", {"last_trade_date": "2024-01-03", "timezone": "America/New_York"})
            yield {"id": 2}

        return dlt.resource(rows, name="rows")

    pipeline = _pipeline(tmp_path)
    pipeline.run(old_source())
    pipeline.run(new_source())

    assert seen == [
        {
            "AAPL": {"last_trade_date": "2024-01-02"},
            "MSFT": {"last_published_at": 1700000000, "recent_ids": {"yahoo:1": 1700000000}},
        }
    ]
    state = _resource_state(_pipeline(tmp_path))
    assert state["symbols"] == {
        "AAPL": {"last_trade_date": "2024-01-02"},
        "TSLA": {"last_trade_date": "2024-01-03", "timezone": "America/New_York"},
    }
    assert state["cursors"]["yahoo"]["MSFT"]["last_published_at"] == 1700000000


def test_a_cursor_read_is_a_copy_until_it_is_set(tmp_path: Path) -> None:
    @dlt.source(name="cursor_src")
    def source() -> Any:
        def rows() -> Iterator[dict[str, Any]]:
            cursors = KeyedCursors("series")
            cursors.set("GDP", {"last_observation_date": "2024-01-01"})
            read = cursors.get("GDP")
            read["last_observation_date"] = "2099-01-01"  # not written back
            yield {"id": 1}

        return dlt.resource(rows, name="rows")

    pipeline = _pipeline(tmp_path)
    pipeline.run(source())
    assert _resource_state(pipeline)["series"] == {"GDP": {"last_observation_date": "2024-01-01"}}
