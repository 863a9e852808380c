"""Market loads through the replay server: known answers, incremental requests, restatements.

A FaultInjectingServer (no faults) sits in front of the replay server of the corpus mirror and
records every request, so the tests see exactly which date windows the source asked for.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

import duckdb
import orjson
import pytest

from finloom.cli import main
from ingestion.http import reset_host_state
from ingestion.replay import ReplayServer

from ...support.exits import EXIT_GAPS
from ...support.faults import Canned, FaultInjectingServer

pytestmark = pytest.mark.slow

SYMBOLS = "TSLA,MSFT,NVDA,OCDO.L,EURUSD=X,GC=F,BTC-USD,NOPE"
CHART = "/query2.finance.yahoo.com/v8/finance/chart/"
NEW_YORK_MIDNIGHT_2023_08_12 = int(datetime(2023, 8, 12, 4, tzinfo=UTC).timestamp())


@pytest.fixture(autouse=True)
def _fresh_hosts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCES__MARKET__REQUESTS_PER_SECOND", "50")
    monkeypatch.setenv("SOURCES__MARKET__BACKOFF_BASE", "0.05")
    reset_host_state()
    yield
    reset_host_state()


@pytest.fixture(scope="module")
def replay(corpus_mirror: Path) -> Iterator[ReplayServer]:
    with ReplayServer(corpus_mirror) as server:
        yield server


def _ingest(url: str, db: Path, symbols: str = SYMBOLS) -> int:
    return main(["ingest", "market", "--tickers", symbols, "--mirror", url, "--db", str(db)])


def _snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "bars": "select symbol, trade_date, open, high, low, close, adj_close, volume "
        "from raw_market.daily_bars",
        "dividends": "select symbol, ex_date, amount from raw_market.dividends",
        "splits": "select symbol, split_date, numerator, denominator, ratio from raw_market.splits",
        "instruments": "select symbol, currency, exchange, instrument_type, timezone, "
        "first_trade_date from raw_market.instruments",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {k: sorted(con.execute(q).fetchall()) for k, q in queries.items()}


def _windows(proxy: FaultInjectingServer) -> list[tuple[str, int, int]]:
    out = []
    for request in proxy.recorded():
        query = parse_qs(request.query)
        symbol = unquote(request.path.removeprefix(CHART))
        out.append((symbol, int(query["period1"][0]), int(query["period2"][0])))
    return sorted(out)


def _instrument_loads(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select symbol, _dlt_load_id from raw_market.instruments order by 1"
        ).fetchall()


def test_known_answers_and_second_run_requests_only_new_dates(
    replay: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = tmp_path / "w.duckdb"
    with FaultInjectingServer(upstream=replay.url) as proxy:
        assert _ingest(proxy.url, db) == EXIT_GAPS  # NOPE: 404, a reported gap
        first_requests = _windows(proxy)
        proxy.clear()
        first = _snapshot(db)
        first_instrument_loads = _instrument_loads(db)
        err = capsys.readouterr().err
        assert "chart for NOPE: HTTP 404" in err  # a reported gap, not a crash

        with duckdb.connect(str(db), read_only=True) as con:
            tsla = con.execute(
                "select count(*), min(trade_date), max(trade_date) "
                "from raw_market.daily_bars where symbol = 'TSLA'"
            ).fetchone()
        assert tsla == (3303, date(2010, 6, 29), date(2023, 8, 11))
        assert ("NVDA", date(2021, 7, 20), 4.0, 1.0, "4:1") in first["splits"]
        assert [r for r in first["dividends"] if r[0] == "MSFT"] == [
            ("MSFT", date(2021, 2, 17), 0.56),
            ("MSFT", date(2021, 5, 19), 0.56),
            ("MSFT", date(2021, 8, 18), 0.56),
            ("MSFT", date(2021, 11, 17), 0.62),
        ]
        currencies = {r[0]: (r[1], r[3]) for r in first["instruments"]}
        assert currencies["OCDO.L"] == ("GBp", "EQUITY")
        assert currencies["EURUSD=X"] == ("USD", "CURRENCY")
        assert currencies["GC=F"] == ("USD", "FUTURE")
        assert currencies["BTC-USD"] == ("USD", "CRYPTOCURRENCY")
        # first run: every symbol from the configured start date (midnight at UTC+14)
        start = int(datetime(1999, 12, 31, 10, tzinfo=UTC).timestamp())
        assert [(s, p1) for s, p1, _ in first_requests] == [
            (s, start) for s in sorted(SYMBOLS.split(","))
        ]

        assert _ingest(proxy.url, db) == EXIT_GAPS  # NOPE still 404s
        second_requests = _windows(proxy)
    print("second run requests (symbol, period1, period2):")
    for request in second_requests:
        print("  ", request, datetime.fromtimestamp(request[1], UTC).isoformat())
    assert _snapshot(db) == first
    # the instruments read again unchanged are not loaded again: nothing new to build
    assert _instrument_loads(db) == first_instrument_loads
    last_bar = {s: max(r[1] for r in first["bars"] if r[0] == s) for s in currencies}
    for symbol, period1, _ in second_requests:
        if symbol == "NOPE":
            continue  # never loaded: asked from the start date again
        # nothing already loaded is requested: the window opens after the last loaded bar
        assert datetime.fromtimestamp(period1, UTC).date() >= last_bar[symbol]
        assert period1 > max(
            datetime.combine(last_bar[symbol], datetime.min.time(), UTC).timestamp(), 0
        )
    assert ("TSLA", NEW_YORK_MIDNIGHT_2023_08_12) in [(s, p1) for s, p1, _ in second_requests]


def test_new_split_in_an_increment_reloads_the_symbol(
    corpus_mirror: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Yahoo restates history after a split: the increment that brings it re-reads the symbol."""
    monkeypatch.setenv("SOURCES__MARKET__START_DATE", "2021-01-01")
    full = orjson.loads(
        (corpus_mirror / "query2.finance.yahoo.com/v8/finance/chart/NVDA").read_bytes()
    )
    before = _before_split(full, cutoff=date(2021, 7, 1))
    db = tmp_path / "w.duckdb"
    path = CHART + "NVDA"
    with FaultInjectingServer(routes={path: before}) as server:
        assert _ingest(server.url, db, "NVDA") == 0
        with duckdb.connect(str(db), read_only=True) as con:
            old = con.execute("select count(*), max(close) from raw_market.daily_bars").fetchone()
        assert old is not None and old[0] == 105
        server.routes[path] = Canned(
            orjson.dumps(full), headers={"Content-Type": "application/json"}
        )
        server.clear()
        assert _ingest(server.url, db, "NVDA") == 0
        windows = _windows(server)
    # the increment after the last bar (2021-06-30), then the whole history from the start date,
    # both at New York midnight (the zone is known after the first load)
    increment = int(datetime(2021, 7, 1, 4, tzinfo=UTC).timestamp())
    reload = int(datetime(2021, 1, 1, 5, tzinfo=UTC).timestamp())
    assert [p1 for _, p1, _ in windows] == [reload, increment]
    with duckdb.connect(str(db), read_only=True) as con:
        bars, max_close = con.execute(
            "select count(*), max(close) from raw_market.daily_bars where trade_date < '2021-07-01'"
        ).fetchone()
        total = con.execute("select count(*) from raw_market.daily_bars").fetchone()
        splits = con.execute("select split_date, ratio from raw_market.splits").fetchall()
    assert total == (252,) and splits == [(date(2021, 7, 20), "4:1")]
    assert bars == 105 and max_close == pytest.approx(old[1] / 4)  # restated to the new basis


def _before_split(full: dict[str, Any], cutoff: date) -> dict[str, Any]:
    """NVDA as Yahoo served it before the split: bars before `cutoff`, on the pre-split basis."""
    doc = copy.deepcopy(full)
    result = doc["chart"]["result"][0]
    keep = [
        i
        for i, ts in enumerate(result["timestamp"])
        if datetime.fromtimestamp(ts, UTC).date() < cutoff
    ]
    result["timestamp"] = [result["timestamp"][i] for i in keep]
    quote = result["indicators"]["quote"][0]
    for name, values in quote.items():
        factor = 1 / 4 if name == "volume" else 4
        quote[name] = [
            (int(values[i] * factor) if name == "volume" else values[i] * factor) for i in keep
        ]
    adj = result["indicators"]["adjclose"][0]
    adj["adjclose"] = [adj["adjclose"][i] * 4 for i in keep]
    result.pop("events", None)
    return doc
