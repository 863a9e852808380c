"""FRED revisions are kept, not overwritten (decision 041): the pure comparison of a response with
the values loaded before, then loads through the replay server of a small mirror whose CSV is
revised between runs — every vintage kept, an unchanged rerun loads nothing, and dbt's history
and `recon_macro_revisions` show the revision with both values and when each was first seen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from ingestion.http import reset_host_state
from ingestion.pipelines.macro import ingest_macro
from ingestion.replay import ReplayServer
from ingestion.sources.macro.helpers import OBSERVATION_SCHEMA, changed_rows, known_window

from ...support.dbt import dbt_select

CSV = Path("fred.stlouisfed.org/graph/fredgraph.csv?id=PAYEMS")


def _table(rows: list[tuple[date, float | None]]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"series_id": "PAYEMS", "observation_date": d, "value": v} for d, v in rows],
        schema=OBSERVATION_SCHEMA,
    )


def test_changed_rows_keeps_new_dates_and_changed_values_only():
    known = {"2025-07-01": 159_400.0, "2025-08-01": 159_540.0, "2025-09-01": None}
    table = _table(
        [
            (date(2025, 6, 1), 159_300.0),  # up to the cursor, not remembered: loads again
            (date(2025, 7, 1), 159_400.0),  # as loaded: skipped
            (date(2025, 8, 1), 159_620.0),  # revised
            (date(2025, 9, 1), 159_700.0),  # published where FRED had none
            (date(2025, 10, 1), None),  # new date, no value yet
        ]
    )
    changed = changed_rows(table, known, date(2025, 8, 1))
    assert changed.table["observation_date"].to_pylist() == [
        date(2025, 6, 1),
        date(2025, 8, 1),
        date(2025, 9, 1),
        date(2025, 10, 1),
    ]
    assert (changed.new, changed.revised, changed.published, changed.unremembered) == (1, 1, 1, 1)
    assert changed_rows(_table([(date(2025, 7, 1), 159_400.0)]), known, None).table.num_rows == 0
    assert changed_rows(_table([]), {}, None).table.num_rows == 0


def test_known_window_keeps_the_dates_the_next_request_reads():
    known = {"2025-06-01": 1.0, "2025-07-01": 2.0}
    table = _table([(date(2025, 7, 1), 2.5), (date(2025, 8, 1), None)])
    assert known_window(known, table, date(2025, 7, 1)) == {"2025-07-01": 2.5, "2025-08-01": None}


@pytest.fixture(autouse=True)
def _fresh_hosts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCES__MACRO__REQUESTS_PER_SECOND", "50")
    monkeypatch.setenv("SOURCES__MACRO__BACKOFF_BASE", "0.05")
    monkeypatch.delenv("SOURCES__MACRO__FRED_API_KEY", raising=False)
    monkeypatch.delenv("SOURCES__MACRO__REVISION_LOOKBACK_DAYS", raising=False)
    reset_host_state()
    yield
    reset_host_state()


def _write_csv(root: Path, rows: list[tuple[str, str]], mtime: float) -> None:
    path = root / CSV
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("observation_date,PAYEMS\n" + "".join(f"{d},{v}\n" for d, v in rows))
    os.utime(path, (mtime, mtime))


def _rows(db: Path, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


FIRST = [
    ("2025-05-01", "159300"),
    ("2025-06-01", "159380"),
    ("2025-07-01", "159400"),
    ("2025-08-01", "159540"),
    ("2025-09-01", ""),  # not yet published
]
REVISED = [
    ("2025-05-01", "159300"),
    ("2025-06-01", "159380"),
    ("2025-07-01", "159410"),  # revised
    ("2025-08-01", "159620"),  # revised
    ("2025-09-01", "159700"),  # published
    ("2025-10-01", "159760"),  # new
]


FIRST_RUN = datetime(2025, 10, 3, 13, 0, tzinfo=UTC)
REVISED_RUN = datetime(2025, 11, 7, 13, 0, tzinfo=UTC)


@pytest.mark.slow
def test_a_revised_csv_adds_vintages_and_the_recon_lists_the_revisions(tmp_path: Path):
    root, db = tmp_path / "mirror", tmp_path / "macro.duckdb"
    _write_csv(root, FIRST, 1_700_000_000)
    with ReplayServer(root) as server:
        first = ingest_macro(db, series=["PAYEMS"], mirror=server.url, now=lambda: FIRST_RUN)
        newest = _rows(db, "select max(load_id) from raw_macro._dlt_loads where status = 0")
        # the look-back reads the same values again: nothing loads, so nothing is built
        again = ingest_macro(db, series=["PAYEMS"], mirror=server.url, now=lambda: FIRST_RUN)
        rows_after_newest = _rows(
            db,
            "select (select count(*) from raw_macro.observations where _dlt_load_id > $1)"
            " + (select count(*) from raw_macro.observation_vintages where _dlt_load_id > $1)",
            [newest[0][0]],
        )
        _write_csv(root, REVISED, 1_700_086_400)
        revised = ingest_macro(db, series=["PAYEMS"], mirror=server.url, now=lambda: REVISED_RUN)

    assert (first.observations, first.missing_values, first.revisions) == (5, 1, 0)
    assert again.observations == 0 and again.up_to_date == ["PAYEMS"]
    assert again.requests[0].start == date(2025, 5, 4)  # 2025-08-01 + 1 - 90 days
    assert again.requests[0].observations == 4 and again.requests[0].loaded == 0
    assert rows_after_newest == [(0,)]
    assert (revised.observations, revised.revisions, revised.missing_values) == (4, 2, 0)

    # observations: the latest value of each date
    latest = dict(_rows(db, "select observation_date, value from raw_macro.observations"))
    assert len(latest) == 6
    assert latest[date(2025, 7, 1)] == 159_410 and latest[date(2025, 8, 1)] == 159_620
    assert latest[date(2025, 9, 1)] == 159_700 and latest[date(2025, 10, 1)] == 159_760
    # vintages: every value seen, each with the run that first saw it
    vintages = _rows(
        db,
        "select observation_date, value, first_seen_at from raw_macro.observation_vintages "
        "order by 1, 3",
    )
    assert [(d.isoformat(), v, s.astimezone(UTC)) for d, v, s in vintages] == [
        ("2025-05-01", 159_300, FIRST_RUN),
        ("2025-06-01", 159_380, FIRST_RUN),
        ("2025-07-01", 159_400, FIRST_RUN),
        ("2025-07-01", 159_410, REVISED_RUN),
        ("2025-08-01", 159_540, FIRST_RUN),
        ("2025-08-01", 159_620, REVISED_RUN),
        ("2025-09-01", None, FIRST_RUN),
        ("2025-09-01", 159_700, REVISED_RUN),
        ("2025-10-01", 159_760, REVISED_RUN),
    ]

    for command in ("seed", "run"):  # (the macro known-answer tests need the corpus)
        built = dbt_select(
            db, tmp_path, ["+recon_macro_revisions", "+fct_macro_observations"], command=command
        )
        assert built.success, built.failures
    # the models' own tests and the integrity check (the current version is the observation)
    tested = dbt_select(
        db,
        tmp_path,
        [
            "stg_macro__observation_vintages",
            "fct_macro_observations_history",
            "recon_macro_revisions",
            "assert_macro_history_current_equals_observations",
        ],
        command="test",
    )
    # 8: each model's grain and not-null tests (one per model: decision 048), the history's
    # accepted values, the revisions' unique key and the integrity check
    assert tested.success and tested.counts["test:pass"] >= 8, tested
    findings = _rows(
        db,
        "select affected_key, previous_value, revised_value, previous_first_seen_at, "
        "revised_first_seen_at, detail from marts.recon_macro_revisions order by 1",
    )
    assert [(k, p, r, a.astimezone(UTC), b.astimezone(UTC)) for k, p, r, a, b, _ in findings] == [
        ("PAYEMS 2025-07-01 v2", 159_400, 159_410, FIRST_RUN, REVISED_RUN),
        ("PAYEMS 2025-08-01 v2", 159_540, 159_620, FIRST_RUN, REVISED_RUN),
    ]
    assert findings[1][5] == (
        "PAYEMS 2025-08-01: 159540.0 (first seen 2025-10-03) revised to 159620.0 "
        "(first seen 2025-11-07); change +80.0"
    )

    def as_known_on(day: str) -> dict[date, float | None]:
        return dict(
            _rows(
                db,
                "select observation_date, observation_value "
                "from marts.fct_macro_observations_history "
                "where valid_from <= cast($1 as date) "
                "and (valid_to is null or valid_to > cast($1 as date))",
                [day],
            )
        )

    before = {
        date(2025, 5, 1): 159_300,
        date(2025, 6, 1): 159_380,
        date(2025, 7, 1): 159_400,
        date(2025, 8, 1): 159_540,
        date(2025, 9, 1): None,
    }
    assert as_known_on("2025-10-02") == {}
    assert as_known_on("2025-11-06") == before
    assert as_known_on("2025-11-07") == latest
