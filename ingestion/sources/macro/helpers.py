"""Pure parsing of FRED responses (API JSON and fredgraph CSV) into Arrow tables; no I/O.

Rules (docs/raw_macro.md): one row per (series_id, observation_date); `value` is a double; FRED's
missing markers ("." in JSON, an empty cell in CSV) become NULL, never 0.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import orjson
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.sources.macro import settings

OBSERVATION_SCHEMA = pa.schema(
    [
        pa.field("series_id", pa.string(), nullable=False),
        pa.field("observation_date", pa.date32(), nullable=False),
        ("value", pa.float64()),
    ]
)


class FredParseError(ValueError):
    """A body that is not a FRED observations document (HTML, wrong shape, bad value)."""


def normalize_series_id(series_id: str) -> str:
    """FRED series ids are case-insensitive; store them upper-case (`dgs10` -> `DGS10`)."""
    cleaned = series_id.strip().upper()
    if not cleaned:
        raise ValueError("empty series id")
    return cleaned


def observations_url(base_url: str, series_id: str, start: date | None = None) -> str:
    """API URL for a series' observations from `start` (the key is added as a request param)."""
    query: dict[str, str] = {"series_id": series_id, "file_type": "json"}
    if start is not None:
        query["observation_start"] = start.isoformat()
    return f"{base_url.rstrip('/')}{settings.OBSERVATIONS_PATH}?{urlencode(query)}"


def csv_url(base_url: str, series_id: str, start: date | None = None) -> str:
    """Key-less fredgraph CSV URL; `cosd` (the download's start date) asks only for new dates.

    The caller still filters by date: a server (or a recorded mirror) may ignore `cosd`.
    """
    query = {"id": series_id} | ({"cosd": start.isoformat()} if start else {})
    return f"{base_url.rstrip('/')}{settings.CSV_PATH}?{urlencode(query)}"


def parse_value(text: Any, series_id: str, when: str) -> float | None:
    """A FRED value as float; "." and blanks are missing (None)."""
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    cleaned = str(text).strip()
    if cleaned in settings.MISSING_VALUES:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise FredParseError(f"{series_id} {when}: value {cleaned!r} is not a number") from None


def _table(series_id: str, dates: list[date], values: list[float | None]) -> pa.Table:
    return pa.Table.from_arrays(
        [
            pa.array([series_id] * len(dates), pa.string()),
            pa.array(dates, pa.date32()),
            pa.array(values, pa.float64()),
        ],
        schema=OBSERVATION_SCHEMA,
    )


def _dedupe(rows: dict[date, float | None], when: date, value: float | None) -> None:
    # a repeated date keeps its last value (FRED does not repeat dates; be safe for the key)
    rows[when] = value


def parse_observations_json(body: bytes, series_id: str) -> pa.Table:
    """`/fred/series/observations?file_type=json` body -> observations table (sorted by date)."""
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise FredParseError(f"{series_id}: not JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise FredParseError(f"{series_id}: expected a JSON object")
    if "error_message" in doc or "error_code" in doc:
        raise FredParseError(f"{series_id}: FRED error {doc.get('error_message')!r}")
    observations = doc.get("observations")
    if not isinstance(observations, list):
        raise FredParseError(f"{series_id}: no `observations` array")
    rows: dict[date, float | None] = {}
    for item in observations:
        if not isinstance(item, dict) or "date" not in item:
            raise FredParseError(f"{series_id}: observation without a date: {item!r}")
        when = _date(item["date"], series_id)
        _dedupe(rows, when, parse_value(item.get("value"), series_id, str(when)))
    ordered = sorted(rows)
    return _table(series_id, ordered, [rows[d] for d in ordered])


def parse_fredgraph_csv(body: bytes, series_id: str) -> pa.Table:
    """fredgraph.csv body (`observation_date,<ID>` or the older `DATE,<ID>`) -> observations."""
    text = body.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if (
        not header
        or len(header) < 2
        or header[0].strip().lower()
        not in {
            "observation_date",
            "date",
        }
    ):
        raise FredParseError(f"{series_id}: not a fredgraph CSV (header {header!r})")
    if header[1].strip().upper() != series_id:
        raise FredParseError(f"{series_id}: CSV is for series {header[1].strip()!r}")
    rows: dict[date, float | None] = {}
    for line in reader:
        if not line or not line[0].strip():
            continue
        when = _date(line[0], series_id)
        _dedupe(rows, when, parse_value(line[1] if len(line) > 1 else "", series_id, str(when)))
    ordered = sorted(rows)
    return _table(series_id, ordered, [rows[d] for d in ordered])


def _date(text: Any, series_id: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise FredParseError(f"{series_id}: bad observation date {text!r}") from None


def since(table: pa.Table, start: date | None) -> pa.Table:
    """Rows dated `start` or later (the client-side filter; the CSV download has none)."""
    if start is None or table.num_rows == 0:
        return table
    return table.filter(pc.greater_equal(table["observation_date"], pa.scalar(start, pa.date32())))


def latest_valued_date(table: pa.Table) -> date | None:
    """Latest date that has a value: the cursor. Trailing missing values are asked for again."""
    valued = table.filter(pc.is_valid(table["value"]))
    if valued.num_rows == 0:
        return None
    result: date | None = pc.max(valued["observation_date"]).as_py()
    return result


#: A series' values the next request will read again, as kept in its cursor: ISO date -> value
#: (None where FRED had no value). Compared with what is read, it tells revised rows from
#: unchanged ones (decision 041).
KnownValues = dict[str, float | None]


@dataclass(frozen=True)
class ChangedRows:
    """The rows of a response to load, and why: new dates, revised values (a value that
    differs from the one loaded before), values published where FRED had none, and dates
    read again whose earlier value is not remembered (a longer look-back, an older cursor)."""

    table: pa.Table
    new: int = 0
    revised: int = 0
    published: int = 0
    unremembered: int = 0


def changed_rows(table: pa.Table, known: Mapping[str, Any], last: date | None) -> ChangedRows:
    """Rows of `table` that are not exactly what was loaded before: a date after `last` (the
    cursor) that `known` lacks is new; a date in `known` loads only when its value differs; a
    date up to `last` outside `known` loads too (its earlier value is not remembered)."""
    keep: list[bool] = []
    new = revised = published = unremembered = 0
    for when, value in zip(
        table["observation_date"].to_pylist(), table["value"].to_pylist(), strict=True
    ):
        key = when.isoformat()
        if key in known:
            before = known[key]
            changed = before != value
            if changed and before is None:
                published += 1
            elif changed:
                revised += 1
        elif last is None or when > last:
            changed, new = True, new + 1
        else:
            changed, unremembered = True, unremembered + 1
        keep.append(changed)
    return ChangedRows(
        table.filter(pa.array(keep, pa.bool_())), new, revised, published, unremembered
    )


def known_window(known: Mapping[str, Any], table: pa.Table, start: date) -> KnownValues:
    """`known` updated with `table`'s values, keeping only dates from `start` (the first date
    the next request reads): what the next run compares its response with."""
    merged: KnownValues = {k: v for k, v in known.items() if k >= start.isoformat()}
    for when, value in zip(
        table["observation_date"].to_pylist(), table["value"].to_pylist(), strict=True
    ):
        if when >= start:
            merged[when.isoformat()] = value
    return dict(sorted(merged.items()))


def with_first_seen(table: pa.Table, seen_at: datetime) -> pa.Table:
    """`table` with `first_seen_at` (UTC): the rows of `observation_vintages`."""
    stamp = pa.array([seen_at] * table.num_rows, pa.timestamp("us", tz="UTC"))
    return table.append_column(pa.field("first_seen_at", stamp.type, nullable=False), stamp)
