"""FRED loads through the replay server of the corpus mirror: the key-less CSV path for every seed
series, the JSON API path with a (fake) key, incremental second runs, then the dbt marts' known
answers. A FaultInjectingServer (no faults) in front records every request the source made."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import duckdb
import pytest

from ingestion.http import reset_host_state
from ingestion.pipelines.macro import ingest_macro
from ingestion.replay import ReplayServer

from ...support.dbt import dbt_select
from ...support.faults import FaultInjectingServer

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _fresh_hosts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCES__MACRO__REQUESTS_PER_SECOND", "50")
    monkeypatch.setenv("SOURCES__MACRO__BACKOFF_BASE", "0.05")
    monkeypatch.delenv("SOURCES__MACRO__FRED_API_KEY", raising=False)
    reset_host_state()
    yield
    reset_host_state()


@pytest.fixture(scope="module")
def replay(corpus_mirror: Path) -> Iterator[ReplayServer]:
    with ReplayServer(corpus_mirror) as server:
        yield server


def _snapshot(db: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(
            con.execute(
                "select series_id, observation_date, value from raw_macro.observations"
            ).fetchall()
        )


def _queries(proxy: FaultInjectingServer) -> list[tuple[str, dict[str, list[str]]]]:
    return [(r.path, parse_qs(r.query)) for r in proxy.recorded()]


def test_csv_without_key_loads_seed_series_incrementally_and_builds_marts(
    replay: ReplayServer, tmp_path: Path
):
    db = tmp_path / "macro.duckdb"
    with FaultInjectingServer(upstream=replay.url) as proxy:
        first = ingest_macro(db, mirror=proxy.url)
        assert first.mode == "csv" and first.gaps == []
        paths = {path for path, _ in _queries(proxy)}
        assert paths == {"/fred.stlouisfed.org/graph/fredgraph.csv"}
        loaded = _snapshot(db)
        assert first.observations == len(loaded) == 48_516
        assert first.missing_values == sum(1 for r in loaded if r[2] is None) > 0
        values = {(r[0], r[1]): r[2] for r in loaded}
        assert values[("DGS10", date(2020, 3, 9))] == 0.54
        assert values[("DGS10", date(1980, 1, 1))] is None  # blank -> NULL, not 0
        assert values[("UNRATE", date(2025, 10, 1))] is None

        proxy.clear()
        second = ingest_macro(db, mirror=proxy.url)
    # the CSV has no date filter: the file is read again, filtered client-side, nothing loaded
    assert second.observations == 0
    assert sorted(second.up_to_date) == sorted(r.series_id for r in first.requests)
    assert _snapshot(db) == loaded
    starts = {r.series_id: r.start for r in second.requests}
    # the day after the last loaded observation, less the 90-day revision look-back (decision 041)
    assert starts["DGS10"] == date(2025, 10, 2)
    assert sum(r.observations for r in second.requests) > 0  # read again ...
    assert sum(r.loaded for r in second.requests) == second.revisions == 0  # ... unchanged

    outcome = dbt_select(
        db, tmp_path, ["+fct_macro_monthly", "+fct_macro_observations", "+recon_macro_revisions"]
    )
    assert outcome.success, outcome.failures
    with duckdb.connect(str(db), read_only=True) as con:
        unrate = con.execute(
            "select unemployment_rate from marts.fct_macro_monthly "
            "where month_start_date = date '2020-04-01'"
        ).fetchone()
        cpi = con.execute(
            "select round(cpi_yoy_pct, 1), cpi_yoy_pct from marts.fct_macro_monthly "
            "where month_start_date = date '2022-06-01'"
        ).fetchone()
        dgs10 = con.execute(
            "select observation_value from marts.fct_macro_observations "
            "where series_id = 'DGS10' and observation_date = date '2020-03-09'"
        ).fetchone()
        # no forward-filling: UNRATE/CPI have no value for 2025-10 or after 2025-11
        gaps = con.execute(
            "select month_start_date, unemployment_rate, cpi_yoy_pct, payrolls_change "
            "from marts.fct_macro_monthly where month_start_date >= date '2025-10-01' "
            "order by 1"
        ).fetchall()
        gdp = con.execute(
            "select month_start_date, real_gdp_qoq_annualized_pct from marts.fct_macro_monthly "
            "where month_start_date between date '2020-04-01' and date '2020-07-01' order by 1"
        ).fetchall()
    assert unrate == (14.8,)
    assert cpi is not None and cpi[0] == 9.0
    assert cpi[1] == pytest.approx((295.072 / 270.71 - 1) * 100)
    assert dgs10 == (0.54,)
    assert [(g[0], g[1], g[2]) for g in gaps] == [
        (date(2025, 10, 1), None, None),
        (date(2025, 11, 1), 4.6, pytest.approx(2.711969, abs=1e-6)),
        (date(2025, 12, 1), None, None),
    ]
    assert gaps[2][3] is None
    # Q2 2020 annualized real GDP growth on each of the quarter's months, not on Q3's
    assert gdp[0][1] == gdp[1][1] == gdp[2][1] < -25
    assert gdp[3][1] is not None and gdp[3][1] > 25


def test_json_api_with_key_loads_incrementally(
    replay: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SOURCES__MACRO__FRED_API_KEY", "test")
    db = tmp_path / "macro.duckdb"
    series = ["FEDFUNDS", "GDP", "PAYEMS", "NOPE"]
    with FaultInjectingServer(upstream=replay.url) as proxy:
        first = ingest_macro(db, series=series, mirror=proxy.url)
        requests = _queries(proxy)
        proxy.clear()
        loaded = _snapshot(db)
        second = ingest_macro(db, series=series, mirror=proxy.url)
        again = _queries(proxy)
    assert first.mode == "api"
    assert len(first.gaps) == 1 and first.gaps[0].startswith("series NOPE: ")
    assert "404" in first.gaps[0]  # an unknown series is a reported gap, not a crash
    assert {p for p, _ in requests} == {"/api.stlouisfed.org/fred/series/observations"}
    for _, query in requests:
        assert query["api_key"] == ["test"] and query["file_type"] == ["json"]
        assert query["observation_start"] == ["1900-01-01"]
    counts = {s: sum(1 for r in loaded if r[0] == s) for s in series}
    assert counts == {"FEDFUNDS": 829, "GDP": 97, "PAYEMS": 294, "NOPE": 0}
    assert (("FEDFUNDS", date(2023, 7, 1), None)) in loaded  # "." -> NULL, not 0

    # second run: each series is asked from the day after its last valued observation, less
    # the 90-day revision look-back; the trailing FEDFUNDS "." (2023-07-01) is read again but,
    # unchanged, loads nothing (decision 041)
    starts = {r["series_id"][0]: r["observation_start"][0] for _, r in again}
    assert starts == {
        "FEDFUNDS": "2023-03-04",
        "GDP": "2022-10-04",
        "PAYEMS": "2023-03-04",
        "NOPE": "1900-01-01",
    }
    assert second.observations == 0 and second.missing_values == 0
    assert second.up_to_date == ["FEDFUNDS", "GDP", "PAYEMS"]
    assert _snapshot(db) == loaded
