"""Per-key incremental cursors kept in a dlt resource's state: one helper for every source.

`dlt.sources.incremental` keeps one cursor per resource over one column. FinLoom's sources load
many keys per resource (a symbol, a FRED series, a provider's ticker), each with its own cursor
that is more than a column maximum: market keeps the exchange time zone beside the last bar,
macro only advances past dates that carry a value, news keeps the ids of its late-arrival window.
So each source keeps a small JSON object per key here, under `state[name][*path][key]`, and
decides itself what the object holds. The layout is the one the sources always wrote:

    market  state["symbols"][symbol]          = {"last_trade_date", "timezone", "instrument_sha256"}
    macro   state["series"][series_id]        = {"last_observation_date", "known"}
    news    state["cursors"][provider][ticker] = {"last_published_at", "recent_ids"}
    policy  state["releases"][release_id]     = {"sha256"}
    sec     state["responses"][cik]           = {"etag", "last_modified", "sha256", …}
    filings state["missing_documents"][accession] = {"path", "first_seen"}

so warehouses loaded before this helper existed keep their cursors (no refetch).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import dlt

#: One key's cursor: a JSON object (dlt stores resource state as JSON).
CursorState = dict[str, Any]


def content_hash(content: bytes | Mapping[str, Any]) -> str:
    """sha256 (hex) of a response body, or of a row's canonical JSON: kept in a cursor, it tells
    changed content from what was loaded before, so a source reading the same again loads
    nothing (and the build has nothing new)."""
    if not isinstance(content, bytes):
        content = json.dumps(content, sort_keys=True, default=str, separators=(",", ":")).encode()
    return hashlib.sha256(content).hexdigest()


class KeyedCursors:
    """The cursors of one resource, one JSON object per key; read and written while extracting.

    Must be created inside the resource's generator (dlt's resource state is only available
    there). A key's cursor is written once its rows were yielded, so a failed run leaves it
    where it was.
    """

    def __init__(self, name: str, *path: str) -> None:
        node: dict[str, Any] = dlt.current.resource_state().setdefault(name, {})
        for part in path:
            node = node.setdefault(part, {})
        self._cursors = node

    def get(self, key: str) -> CursorState:
        """`key`'s cursor, or an empty object before its first load."""
        return dict(self._cursors.get(key) or {})

    def set(self, key: str, cursor: Mapping[str, Any]) -> None:
        """Replace `key`'s cursor (JSON-serialisable values only)."""
        self._cursors[key] = dict(cursor)

    def forget(self, key: str) -> None:
        """Drop `key`'s cursor (nothing happens when it has none)."""
        self._cursors.pop(key, None)


def rows_if_changed(name: str, rows: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """A dlt resource's rows, or nothing when they equal what the resource loaded last time
    (one sha256 of all of them in its state, under `name`): for small reference lists that are
    re-read whole on every run (ticker maps, index constituents). Call inside the resource."""
    state = dlt.current.resource_state()
    digest = content_hash({"rows": list(rows)})
    if state.get(name) == digest:
        return
    yield from rows
    state[name] = digest
