"""FRED macro source: `observations` (the latest value per series and date) and
`observation_vintages` (every value a load saw, with when it first saw it).

Loads into dataset `raw_macro` (contract: docs/raw_macro.md). With an API key (dlt secret
`sources.macro.fred_api_key`) each series is read from the FRED API's `series/observations` JSON
with `observation_start` = the day after the last loaded observation, less
`revision_lookback_days`; without a key, from the key-less `fredgraph.csv` download with `cosd`
(its start date) set the same way; rows are filtered client-side too, because a recorded mirror
ignores `cosd`.

The cursor per series (resource state) is the latest date that has a value, so a trailing "."
(FRED's placeholder for a value not yet published) is asked for again on the next run, and the
values of the dates the next request reads again (`known`): a row loads only when its date is
new or its value differs from the one loaded before, so a revision is added as a vintage and
an unchanged response loads nothing (decision 041).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import dlt
import pyarrow as pa
import pyarrow.compute as pc
from dlt.extract.resource import DltResource

from ingestion.http import HttpClient, NotFoundError
from ingestion.sources.cursors import KeyedCursors
from ingestion.sources.hints import merge_variant
from ingestion.sources.macro import settings
from ingestion.sources.macro.helpers import (
    changed_rows,
    csv_url,
    known_window,
    latest_valued_date,
    normalize_series_id,
    observations_url,
    parse_fredgraph_csv,
    parse_observations_json,
    since,
    with_first_seen,
)

log = logging.getLogger(__name__)

STATE_KEY = "series"
#: The table every value a load saw goes to, keyed by when it was first seen (decision 041).
VINTAGES_TABLE = "observation_vintages"
#: Key of a vintage: a series' value for a date as first seen by one run.
VINTAGE_KEY = ["series_id", "observation_date", "first_seen_at"]
#: The seed that lists the series FinLoom loads by default (also read by dbt).
SERIES_SEED = Path(__file__).resolve().parents[3] / "seeds" / "macro_series.csv"


@dataclass(frozen=True)
class SeriesRequest:
    """One request the source made (for the run report and tests)."""

    series_id: str
    mode: str  # "api" (JSON with key) or "csv" (key-less download)
    start: date
    observations: int = 0  # rows read from `start` on
    reason: str = "increment"
    loaded: int = 0  # rows new or changed since the last load (the rest are as loaded)
    revised: int = 0  # of those, values that differ from a value loaded before


@dataclass
class MacroRunReport:
    """What a run loaded, every request, and every gap met (unknown series). `observations`
    counts rows loaded (new dates, revised or newly published values); each is also a vintage."""

    mode: str = "csv"
    series: int = 0
    observations: int = 0
    missing_values: int = 0
    revisions: int = 0
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
    revision_lookback_days: int = settings.DEFAULT_REVISION_LOOKBACK_DAYS,
    report: MacroRunReport | None = None,
    now: Callable[[], datetime] | None = None,
) -> DltResource:
    """FRED observations for `series` (client and report are passed in, like market).

    Injected by dlt from `[sources.macro]` (SOURCES__MACRO__<KEY>): `fred_api_key` (a secret;
    with it the JSON API is read, else the key-less CSV download), `start_date` (ISO date; first
    date asked for a series with nothing loaded yet) and `revision_lookback_days` (re-read this
    many days before the last loaded observation, as FRED revises recent values; 0 = strictly
    new dates; a re-read row loads only when its value changed, as a new vintage). `now` (UTC)
    stamps the vintages a run adds.
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
        now or (lambda: datetime.now(UTC)),
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
    now: Callable[[], datetime],
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

    def next_start(last: str | None) -> date:
        return date.fromisoformat(last) + timedelta(days=1 - lookback_days) if last else start_date

    def rows() -> Iterator[Any]:
        cursors = KeyedCursors(STATE_KEY)
        seen_at = now()
        for series_id in series:
            cursor = cursors.get(series_id)
            last = cursor.get("last_observation_date")
            start = next_start(last)
            try:
                table = fetch(series_id, start)
            except NotFoundError as exc:
                report.gaps.append(f"series {series_id}: {exc}")
                continue
            # the API filters by observation_start and the CSV by cosd; a mirror ignores cosd
            table = since(table, start)
            changed = changed_rows(
                table, cursor.get("known") or {}, date.fromisoformat(last) if last else None
            )
            loaded = changed.table
            report.requests.append(
                SeriesRequest(
                    series_id,
                    mode,
                    start,
                    table.num_rows,
                    "increment" if last else "first load",
                    loaded.num_rows,
                    changed.revised,
                )
            )
            report.series += 1
            if changed.revised:
                log.info("macro.revised series=%s values=%d", series_id, changed.revised)
            if loaded.num_rows:
                report.observations += loaded.num_rows
                report.missing_values += loaded.num_rows - int(pc.count(loaded["value"]).as_py())
                report.revisions += changed.revised
                yield loaded
                yield dlt.mark.with_table_name(with_first_seen(loaded, seen_at), VINTAGES_TABLE)
            else:
                report.up_to_date.append(series_id)
            newest = latest_valued_date(table)
            if newest is not None and (last is None or newest.isoformat() > last):
                last = newest.isoformat()
            window = known_window(cursor.get("known") or {}, table, next_start(last))
            if last != cursor.get("last_observation_date") or window != cursor.get("known"):
                cursors.set(series_id, {"last_observation_date": last, "known": window})

    resource = dlt.resource(
        rows,
        name="observations",
        write_disposition="merge",
        primary_key=["series_id", "observation_date"],
    )
    merge_variant(resource, VINTAGES_TABLE, VINTAGE_KEY)
    return resource
