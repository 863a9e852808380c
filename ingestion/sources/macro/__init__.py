"""FRED macro source: one `observations` table, merged on (series_id, observation_date).

Loads into dataset `raw_macro` (contract: docs/raw_macro.md). With an API key (dlt secret
`sources.macro.fred_api_key`) each series is read from the FRED API's `series/observations` JSON
with `observation_start` = the day after the last loaded observation; without a key, from the
key-less `fredgraph.csv` download with `cosd` (its start date) set the same way; rows are filtered
client-side too, because a recorded mirror ignores `cosd`. Either way only new dates are loaded.

The cursor per series (resource state) is the latest date that has a value, so a trailing "."
(FRED's placeholder for a value not yet published) is asked for again on the next run.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dlt
import pyarrow as pa
import pyarrow.compute as pc
from dlt.extract.resource import DltResource

from ingestion.http import HttpClient, NotFoundError
from ingestion.sources.cursors import KeyedCursors
from ingestion.sources.macro import settings
from ingestion.sources.macro.helpers import (
    csv_url,
    latest_valued_date,
    normalize_series_id,
    observations_url,
    parse_fredgraph_csv,
    parse_observations_json,
    since,
)

log = logging.getLogger(__name__)

STATE_KEY = "series"
#: The seed that lists the series FinLoom loads by default (also read by dbt).
SERIES_SEED = Path(__file__).resolve().parents[3] / "seeds" / "macro_series.csv"


@dataclass(frozen=True)
class SeriesRequest:
    """One request the source made (for the run report and tests)."""

    series_id: str
    mode: str  # "api" (JSON with key) or "csv" (key-less download)
    start: date
    observations: int = 0
    reason: str = "increment"


@dataclass
class MacroRunReport:
    """What a run extracted, every request, and every gap met (unknown series)."""

    mode: str = "csv"
    series: int = 0
    observations: int = 0
    missing_values: int = 0
    requests: list[SeriesRequest] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


def seed_series(path: Path = SERIES_SEED) -> list[str]:
    """Series ids listed in seeds/macro_series.csv, in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [normalize_series_id(row["series_id"]) for row in csv.DictReader(handle)]


def select_series(series: Sequence[str] | None) -> list[str]:
    """`--series A,B` (deduplicated, upper-case), else every series in the seed."""
    if series:
        return list(dict.fromkeys(normalize_series_id(s) for s in series if s.strip()))
    return seed_series()


@dlt.source(name="macro", section="macro", max_table_nesting=0)
def macro_source(
    series: Sequence[str],
    client: HttpClient,
    api_base_url: str = settings.API_BASE_URL,
    csv_base_url: str = settings.CSV_BASE_URL,
    fred_api_key: str | None = dlt.secrets.value,
    start_date: str = settings.DEFAULT_START_DATE,
    revision_lookback_days: int = 0,
    report: MacroRunReport | None = None,
) -> DltResource:
    """FRED observations for `series` (client and report are passed in, like market).

    Injected by dlt from `[sources.macro]` (SOURCES__MACRO__<KEY>): `fred_api_key` (a secret;
    with it the JSON API is read, else the key-less CSV download), `start_date` (ISO date; first
    date asked for a series with nothing loaded yet) and `revision_lookback_days` (re-read this
    many days before the last loaded observation, as FRED revises recent values; 0 = strictly
    new dates; re-read rows merge on their key, so this is idempotent).
    """
    return _observations_resource(
        series,
        client,
        api_base_url,
        csv_base_url,
        fred_api_key or None,
        date.fromisoformat(start_date),
        revision_lookback_days,
        report or MacroRunReport(),
    )


def _observations_resource(
    series: Sequence[str],
    client: HttpClient,
    api_base_url: str,
    csv_base_url: str,
    api_key: str | None,
    start_date: date,
    lookback_days: int,
    report: MacroRunReport,
) -> DltResource:
    mode = "api" if api_key else "csv"
    report.mode = mode

    def fetch(series_id: str, start: date) -> pa.Table:
        if mode == "api":
            return client.get_parsed(
                observations_url(api_base_url, series_id, start),
                lambda body: parse_observations_json(body, series_id),
                params={"api_key": api_key},
            )
        return client.get_parsed(
            csv_url(csv_base_url, series_id, start),
            lambda body: parse_fredgraph_csv(body, series_id),
        )

    def rows() -> Iterator[Any]:
        cursors = KeyedCursors(STATE_KEY)
        for series_id in series:
            last = cursors.get(series_id).get("last_observation_date")
            start = (
                date.fromisoformat(last) + timedelta(days=1 - lookback_days) if last else start_date
            )
            try:
                table = fetch(series_id, start)
            except NotFoundError as exc:
                report.gaps.append(f"series {series_id}: {exc}")
                continue
            # the API filters by observation_start and the CSV by cosd; a mirror ignores cosd
            table = since(table, start)
            report.requests.append(
                SeriesRequest(
                    series_id, mode, start, table.num_rows, "increment" if last else "first load"
                )
            )
            report.series += 1
            if table.num_rows == 0:
                report.up_to_date.append(series_id)
                continue
            report.observations += table.num_rows
            report.missing_values += table.num_rows - int(pc.count(table["value"]).as_py())
            yield table
            newest = latest_valued_date(table)
            if newest is not None and (last is None or newest.isoformat() > last):
                cursors.set(series_id, {"last_observation_date": newest.isoformat()})

    resource = dlt.resource(
        rows,
        name="observations",
        write_disposition="merge",
        primary_key=["series_id", "observation_date"],
    )
    return resource
