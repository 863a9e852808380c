"""News loads end to end: Yahoo search from the corpus mirror (replay server, every request
recorded), Finnhub and NewsAPI with keys against pytest-httpserver, second runs that change
nothing, then the dbt marts built on the result."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import duckdb
import orjson
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingestion.http import reset_host_state
from ingestion.pipelines.news import ingest_news
from ingestion.replay import ReplayServer
from ingestion.sources.news.helpers import article_id

from ...support.dbt import dbt_select
from ...support.faults import FaultInjectingServer
from .test_news_helpers import finnhub_item, newsapi_body, newsapi_item

pytestmark = pytest.mark.slow

TICKERS = ["TSLA", "MSFT", "NVDA", "AAPL"]
TABLES = ("articles", "article_tickers", "article_sentiment")


@pytest.fixture(autouse=True)
def _fresh_hosts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for knob in (
        "REQUESTS_PER_SECOND",
        "FINNHUB_REQUESTS_PER_SECOND",
        "NEWSAPI_REQUESTS_PER_SECOND",
    ):
        monkeypatch.setenv(f"SOURCES__NEWS__{knob}", "50")
    monkeypatch.setenv("SOURCES__NEWS__BACKOFF_BASE", "0.05")
    monkeypatch.delenv("SOURCES__NEWS__FINNHUB_API_KEY", raising=False)
    monkeypatch.delenv("SOURCES__NEWS__NEWSAPI_API_KEY", raising=False)
    reset_host_state()
    yield
    reset_host_state()


@pytest.fixture(scope="module")
def replay(corpus_mirror: Path) -> Iterator[ReplayServer]:
    with ReplayServer(corpus_mirror) as server:
        yield server


def _snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every raw row, `_dlt_load_id` included: a re-merged row would show a new load id."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(con.execute(f"select * from raw_news.{t}").fetchall()) for t in TABLES}


def _dbt_build(db: Path, tmp_path: Path) -> None:
    outcome = dbt_select(db, tmp_path, ["+fct_news_sentiment_daily", "+fct_news_articles"])
    assert outcome.success, outcome.failures


def test_yahoo_search_from_the_corpus_loads_once_and_builds_the_marts(
    replay: ReplayServer, tmp_path: Path
):
    db = tmp_path / "news.duckdb"
    with FaultInjectingServer(upstream=replay.url) as proxy:
        first = ingest_news(db, tickers=TICKERS, mirror=proxy.url)
        asked = [(r.path, parse_qs(r.query)) for r in proxy.recorded()]
        loaded = _snapshot(db)
        proxy.clear()
        second = ingest_news(db, tickers=TICKERS, mirror=proxy.url)
        asked_again = len(proxy.recorded())

    assert first.providers == ["yahoo"]
    assert {p for p, _ in asked} == {"/query2.finance.yahoo.com/v1/finance/search"}
    assert sorted(q["q"][0] for _, q in asked) == sorted(TICKERS)
    # the corpus records search answers for AAPL only: the others are reported gaps
    assert len(first.gaps) == 3 and all("404" in g for g in first.gaps)
    assert {g.split(":")[0] for g in first.gaps} == {"yahoo TSLA", "yahoo MSFT", "yahoo NVDA"}
    assert (first.articles, first.ticker_links, first.sentiment_scores) == (4, 4, 8)
    assert first.articles_by_provider == {"yahoo": 4}
    assert {t: len(rows) for t, rows in loaded.items()} == {
        "articles": 4,
        "article_tickers": 4,
        "article_sentiment": 8,
    }
    links = {(r[0], r[1]) for r in loaded["article_tickers"]}
    assert ("yahoo:3ecdf3fa-bbb7-3368-931d-5e17857d6684", "BRK-B") in links
    assert sum(1 for _, t in links if t == "AAPL") == 3

    # second run: the same answers, nothing new, not one row rewritten
    assert asked_again == 4  # search has no date filter: asked again, filtered client-side
    assert second.articles == second.ticker_links == 0
    assert second.up_to_date == ["yahoo:AAPL"]
    assert _snapshot(db) == loaded

    _dbt_build(db, tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        daily = con.execute(
            "select sentiment_model, article_count, sentiment_mean, sentiment_min, "
            "sentiment_max, sentiment_mean_7d from marts.fct_news_sentiment_daily "
            "where ticker = 'AAPL' order by sentiment_model"
        ).fetchall()
        raw = con.execute(
            "select s.model, s.polarity from raw_news.article_sentiment s "
            "join raw_news.article_tickers t using (article_id) where t.ticker = 'AAPL'"
        ).fetchall()
        dates = con.execute(
            "select distinct published_date from marts.fct_news_articles where ticker = 'AAPL'"
        ).fetchall()
    # 00:20 UTC on the 25th is the 24th in New York: the mart's date is the UTC one
    assert dates == [(datetime(2025, 2, 25).date(),)]
    for model, count, mean, low, high, mean_7d in daily:
        scores = [p for m, p in raw if m == model]
        assert count == len(scores) == 3
        assert mean == pytest.approx(sum(scores) / 3) == mean_7d
        assert (low, high) == (min(scores), max(scores))


def test_generic_answers_for_several_symbols_load_each_article_once(
    replay: ReplayServer, tmp_path: Path
):
    db = tmp_path / "news.duckdb"
    report = ingest_news(db, tickers=["AZT.OL", "OCDO.L", "ORSTED.CO"], mirror=replay.url)
    assert report.gaps == [] and len(report.requests) == 3
    assert (report.articles, report.ticker_links) == (4, 2)  # CRI and HD; two are untagged
    _dbt_build(db, tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        tickers = con.execute("select distinct ticker from marts.fct_news_articles").fetchall()
    assert sorted(tickers) == [("CRI",), ("HD",)]


# --------------------------------------------------------------------------- keyed providers

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


class FakeNewsApis:
    """Finnhub and NewsAPI on one pytest-httpserver: answers per ticker, set by the test."""

    def __init__(self, server: HTTPServer) -> None:
        self.finnhub: dict[str, list[dict[str, Any]]] = {}
        self.newsapi: dict[str, list[dict[str, Any]]] = {}
        self.newsapi_status = 200
        server.expect_request("/api/v1/company-news").respond_with_handler(self._finnhub)
        server.expect_request("/v2/everything").respond_with_handler(self._newsapi)

    def _finnhub(self, request: Request) -> Response:
        assert request.args["token"] == "fh-key"
        body = orjson.dumps(self.finnhub.get(request.args["symbol"], []))
        return Response(body, content_type="application/json")

    def _newsapi(self, request: Request) -> Response:
        if self.newsapi_status != 200:
            body = b'{"status":"error","code":"apiKeyInvalid","message":"Your API key is invalid."}'
            return Response(body, status=self.newsapi_status, content_type="application/json")
        assert request.args["apiKey"] == "na-key"
        body = newsapi_body(self.newsapi.get(request.args["q"], []))
        return Response(body, content_type="application/json")


@pytest.fixture
def keyed(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeNewsApis:
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setenv("SOURCES__NEWS__YAHOO_ENABLED", "false")
    monkeypatch.setenv("SOURCES__NEWS__FINNHUB_API_KEY", "fh-key")
    monkeypatch.setenv("SOURCES__NEWS__NEWSAPI_API_KEY", "na-key")
    monkeypatch.setenv("SOURCES__NEWS__FINNHUB_BASE_URL", base)
    monkeypatch.setenv("SOURCES__NEWS__NEWSAPI_BASE_URL", base)
    return FakeNewsApis(httpserver)


def _asked(httpserver: HTTPServer) -> list[tuple[str, dict[str, str]]]:
    return [(r.path, r.args.to_dict()) for r, _ in httpserver.log]


def test_finnhub_and_newsapi_with_keys_load_incrementally_and_build_the_marts(
    keyed: FakeNewsApis, httpserver: HTTPServer, tmp_path: Path
):
    db = tmp_path / "news.duckdb"
    shared_url = "https://www.reuters.com/tech/apple-ai/"
    keyed.finnhub["AAPL"] = [
        finnhub_item(1, NOW - 9 * DAY, "Apple faces terrible lawsuit"),
        finnhub_item(8, NOW - 8 * DAY, "Apple recalls chargers"),
        finnhub_item(2, NOW - 3 * DAY, "Apple posts great quarter"),
        finnhub_item(3, NOW - DAY, "Apple is fine", related="AAPL,MSFT"),
        finnhub_item(4, NOW - timedelta(hours=2), "Apple shares surge", url=shared_url),
    ]
    keyed.finnhub["MSFT"] = [finnhub_item(3, NOW - DAY, "Apple is fine", related="AAPL,MSFT")]
    keyed.newsapi["AAPL"] = [
        newsapi_item(shared_url, NOW - timedelta(hours=2), "Apple shares surge"),
        newsapi_item("https://removed.com", NOW, "[Removed]"),
    ]
    keyed.newsapi["MSFT"] = [
        newsapi_item(
            "https://x.test/msft?utm_source=feed", NOW - DAY, "Microsoft wins", description="Big"
        )
    ]

    first = ingest_news(db, tickers=["AAPL", "MSFT"], now=lambda: NOW)
    asked = _asked(httpserver)
    loaded = _snapshot(db)
    assert first.providers == ["finnhub", "newsapi"] and first.gaps == []
    # one article per provider id: finnhub 3 answered both symbols but is loaded once
    assert first.articles_by_provider == {"finnhub": 5, "newsapi": 2}
    assert first.skipped_items == 1  # NewsAPI's "[Removed]"
    assert len(loaded["articles"]) == 7 and len(loaded["article_sentiment"]) == 14
    links = {(r[0], r[1], r[2]) for r in loaded["article_tickers"]}
    assert ("finnhub:3", "MSFT", "provider_tag") in links
    assert ("finnhub:3", "AAPL", "provider_tag") in links
    msft_text = article_id("newsapi", None, "https://x.test/msft")
    assert (msft_text, "MSFT", "text_match") in links
    # first load: asked from `first_load_days` (30) back; Finnhub by UTC dates
    finnhub_asks = [a for p, a in asked if p == "/api/v1/company-news"]
    assert {(a["symbol"], a["from"], a["to"]) for a in finnhub_asks} == {
        ("AAPL", "2025-02-08", "2025-03-10"),
        ("MSFT", "2025-02-08", "2025-03-10"),
    }
    newsapi_asks = [a for p, a in asked if p == "/v2/everything"]
    assert {a["from"] for a in newsapi_asks} == {"2025-02-08T12:00:00"}
    assert all(a["language"] == "en" and a["pageSize"] == "100" for a in newsapi_asks)

    # second run, same answers: nothing loaded, not one row rewritten; asked from the cursor
    httpserver.clear_log()
    second = ingest_news(db, tickers=["AAPL", "MSFT"], now=lambda: NOW)
    assert second.articles == second.ticker_links == 0
    assert _snapshot(db) == loaded
    again = {(p, a.get("symbol") or a["q"]): a for p, a in _asked(httpserver)}
    assert again[("/api/v1/company-news", "AAPL")]["from"] == "2025-03-08"  # cursor - 48 h
    assert again[("/v2/everything", "AAPL")]["from"] == "2025-03-08T10:00:00"

    # third run: one newer article, one indexed late inside the window, one too old
    keyed.finnhub["AAPL"] += [
        finnhub_item(5, NOW + timedelta(hours=1), "Apple hits record"),
        finnhub_item(6, NOW - timedelta(hours=30), "Apple supplier warns"),
        finnhub_item(7, NOW - 5 * DAY, "Old Apple story"),
    ]
    third = ingest_news(db, tickers=["AAPL", "MSFT"], now=lambda: NOW + 2 * timedelta(hours=1))
    assert third.articles == 2
    with duckdb.connect(str(db), read_only=True) as con:
        ids = {r[0] for r in con.execute("select article_id from raw_news.articles").fetchall()}
    assert {"finnhub:5", "finnhub:6"} <= ids and "finnhub:7" not in ids

    _dbt_build(db, tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select published_date, article_count, sentiment_mean, article_count_7d, "
            "sentiment_mean_7d from marts.fct_news_sentiment_daily "
            "where ticker = 'AAPL' and sentiment_model = 'vader' order by published_date"
        ).fetchall()
        scores = con.execute(
            "select published_date, vader_compound from marts.fct_news_articles "
            "where ticker = 'AAPL'"
        ).fetchall()
    # independent 7-calendar-day article-weighted mean; days without articles add nothing
    for day, count, mean, count_7d, mean_7d in rows:
        today = [s for d, s in scores if d == day]
        window = [s for d, s in scores if day - timedelta(days=6) <= d <= day]
        assert count == len(today) and mean == pytest.approx(sum(today) / len(today))
        assert count_7d == len(window) and mean_7d == pytest.approx(sum(window) / len(window))
    # the window of 03-07 is [03-01, 03-07]: both older articles; that of 03-09 starts on
    # 03-03, so the 03-02 article is out (a day later it would be an 8-day window)
    assert [(r[0].isoformat(), r[1], r[3]) for r in rows] == [
        ("2025-03-01", 1, 1),
        ("2025-03-02", 1, 2),
        ("2025-03-07", 1, 3),
        ("2025-03-09", 2, 3),
        ("2025-03-10", 3, 6),
    ]


def test_a_refused_key_is_a_reported_gap_and_the_other_provider_still_loads(
    keyed: FakeNewsApis, httpserver: HTTPServer, tmp_path: Path
):
    db = tmp_path / "news.duckdb"
    keyed.newsapi_status = 401
    keyed.finnhub["AAPL"] = [finnhub_item(1, NOW - DAY, "Apple news")]
    report = ingest_news(db, tickers=["AAPL", "MSFT"], now=lambda: NOW)
    assert report.articles_by_provider == {"finnhub": 1}
    assert len(report.gaps) == 1 and report.gaps[0].startswith("newsapi: refused (")
    assert "401" in report.gaps[0] and "na-key" not in report.gaps[0]
    newsapi_asks = [p for p, _ in _asked(httpserver) if p == "/v2/everything"]
    assert len(newsapi_asks) == 1  # stopped after the refusal, MSFT not asked
