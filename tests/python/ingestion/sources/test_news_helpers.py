"""News parsing, article ids, the incremental cursor and sentiment scoring — pure functions, on
real Yahoo search responses from the corpus and on Finnhub / NewsAPI documents written here in
the shapes their API docs give (the corpus has none)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from ingestion.sources.news.cursor import Cursor, advance, is_new, query_start, select_new
from ingestion.sources.news.helpers import (
    NewsParseError,
    NewsProviderError,
    article_id,
    canonical_url,
    dedupe,
    parse_finnhub_company_news,
    parse_newsapi_everything,
    parse_yahoo_search,
)
from ingestion.sources.news.sentiment import (
    model_version,
    score_article,
    sentiment_text,
)

SEARCH = "query2.finance.yahoo.com/v1/finance"


def _search(corpus_mirror: Path, query: str) -> bytes:
    return (corpus_mirror / SEARCH / f"search?q={query}").read_bytes()


# --------------------------------------------------------------------------- fixtures (ours)


def finnhub_item(
    item_id: int, when: datetime, headline: str, *, related: str = "AAPL", **extra: Any
) -> dict[str, Any]:
    """One `/company-news` item in Finnhub's documented shape."""
    return {
        "category": "company",
        "datetime": int(when.timestamp()),
        "headline": headline,
        "id": item_id,
        "image": f"https://static.example.com/{item_id}.jpg",
        "related": related,
        "source": "MarketWatch",
        "summary": extra.pop("summary", f"Summary of {headline}"),
        "url": extra.pop("url", f"https://finnhub.io/api/news?id={item_id}"),
        **extra,
    }


def newsapi_item(url: str, when: datetime, title: str, **extra: Any) -> dict[str, Any]:
    """One `/v2/everything` article in NewsAPI's documented shape (no id of its own)."""
    return {
        "source": {"id": None, "name": extra.pop("publisher", "Reuters")},
        "author": "A. Reporter",
        "title": title,
        "description": extra.pop("description", None),
        "url": url,
        "urlToImage": None,
        "publishedAt": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "content": "First 200 characters of the article… [+1234 chars]",
        **extra,
    }


def newsapi_body(articles: list[dict[str, Any]]) -> bytes:
    return orjson.dumps({"status": "ok", "totalResults": len(articles), "articles": articles})


T0 = datetime(2025, 2, 24, 14, 30, tzinfo=UTC)


# --------------------------------------------------------------------------- Yahoo (corpus)


def test_yahoo_search_aapl_articles(corpus_mirror: Path):
    parsed = parse_yahoo_search(_search(corpus_mirror, "AAPL"))
    assert parsed.skipped == 0
    assert [a.article_id for a in parsed.articles] == [
        "yahoo:57ea9c09-0c99-3adf-9062-fecfdbe472cc",
        "yahoo:bfb8b663-081c-3c2b-84e3-df8fff2c37d8",
        "yahoo:76679f48-d3d7-340b-b1b4-4a95a714b868",
        "yahoo:3ecdf3fa-bbb7-3368-931d-5e17857d6684",
    ]
    first = parsed.articles[0]
    assert first.provider == "yahoo" and first.content_type == "VIDEO"
    assert first.publisher == "Yahoo Finance Video"
    # providerPublishTime 1740442800 = 2025-02-25 00:20 UTC (still the 24th in New York)
    assert first.published_at == datetime(2025, 2, 25, 0, 20, tzinfo=UTC)
    assert first.tickers == ("AAPL",) and first.link_basis == "provider_tag"
    assert first.image_url is not None and "c6ea6a30" in first.image_url
    assert first.summary is None
    # the queried symbol is not linked: Yahoo tagged this one with Berkshire only
    assert parsed.articles[3].tickers == ("BRK-B",)


def test_yahoo_search_generic_news_has_no_invented_tickers(corpus_mirror: Path):
    # for symbols it knows little about, Yahoo answers the same general market news
    answers = [
        parse_yahoo_search(_search(corpus_mirror, q)).articles
        for q in ("AZT.OL", "OCDO.L", "ORSTED.CO")
    ]
    assert [a.article_id for a in answers[0]] == [a.article_id for a in answers[1]]
    assert [a.tickers for a in answers[0]] == [("CRI",), (), (), ("HD",)]
    assert all("AZT.OL" not in a.tickers for a in answers[0])


def test_every_recorded_search_response_parses(corpus_mirror: Path):
    files = sorted((corpus_mirror / SEARCH).glob("search*"))
    assert len(files) >= 20
    for path in files:
        parsed = parse_yahoo_search(path.read_bytes())
        assert parsed.skipped == 0 and len(parsed.articles) == 4, path.name
        for article in parsed.articles:
            assert article.published_at.tzinfo is UTC
            assert article.title and article.url and article.article_id.startswith("yahoo:")
            assert all(t == t.upper() and t.strip() == t for t in article.tickers)


def test_yahoo_search_rejects_what_is_not_a_search_document():
    with pytest.raises(NewsParseError, match="not JSON"):
        parse_yahoo_search(b"<html>Will be right back</html>")
    with pytest.raises(NewsParseError, match="not a search document"):
        parse_yahoo_search(b'{"chart": {}}')
    with pytest.raises(NewsParseError, match="not an array"):
        parse_yahoo_search(b'{"news": {"uuid": "x"}}')
    assert parse_yahoo_search(b'{"quotes": [], "count": 0}').articles == []


def test_yahoo_items_without_title_time_or_identity_are_skipped_and_counted():
    body = orjson.dumps(
        {
            "news": [
                {"uuid": "a", "title": "ok", "providerPublishTime": 1740442800},
                {"uuid": "b", "title": "", "providerPublishTime": 1740442800},
                {"uuid": "c", "title": "no time"},
                {"title": "no id, no link", "providerPublishTime": 1740442800},
                {"title": "link only", "link": "https://x.test/a", "providerPublishTime": 1},
                "not an object",
            ]
        }
    )
    parsed = parse_yahoo_search(body)
    assert parsed.articles[0].article_id == "yahoo:a"
    assert parsed.articles[1].article_id.startswith("yahoo:url:")
    assert parsed.skipped == 4


# --------------------------------------------------------------------------- ids


def test_canonical_url_ignores_what_does_not_identify_an_article():
    same = [
        "https://www.reuters.com/markets/apple-results/?utm_source=x&utm_medium=y",
        "http://reuters.com/markets/apple-results#comments",
        "HTTPS://WWW.Reuters.com:443/markets/apple-results",
    ]
    assert {canonical_url(u) for u in same} == {"https://reuters.com/markets/apple-results"}
    assert canonical_url("https://x.test/a?b=2&a=1&guccounter=1") == "https://x.test/a?a=1&b=2"
    assert canonical_url("https://x.test/a?id=1") != canonical_url("https://x.test/a?id=2")


def test_article_id_prefers_the_provider_id_then_the_canonical_url_hash():
    assert article_id("finnhub", "7311", "https://x.test/a") == "finnhub:7311"
    expected = hashlib.sha256(b"https://reuters.com/markets/apple-results").hexdigest()[:32]
    assert article_id("newsapi", None, "https://www.reuters.com/markets/apple-results/") == (
        f"newsapi:url:{expected}"
    )
    assert article_id("newsapi", None, None) is None


# --------------------------------------------------------------------------- Finnhub, NewsAPI


def test_finnhub_company_news_links_the_symbol_and_related_tickers():
    body = orjson.dumps(
        [
            finnhub_item(101, T0, "Apple beats estimates", related="AAPL"),
            finnhub_item(102, T0, "Apple and Microsoft <b>rally</b>", related="AAPL,msft"),
            finnhub_item(0, T0, "No Finnhub id", related="", url="https://x.test/n?utm_id=1"),
            finnhub_item(104, T0, "", related="AAPL"),  # no headline: skipped
            finnhub_item(105, T0, "Bad time", datetime=0),
        ]
    )
    parsed = parse_finnhub_company_news(body, "AAPL")
    assert parsed.skipped == 2
    ids = [a.article_id for a in parsed.articles]
    assert ids[:2] == ["finnhub:101", "finnhub:102"]
    assert ids[2] == article_id("finnhub", None, "https://x.test/n")
    assert [a.tickers for a in parsed.articles] == [("AAPL",), ("AAPL", "MSFT"), ("AAPL",)]
    assert parsed.articles[0].summary == "Summary of Apple beats estimates"
    assert parsed.articles[0].published_at == T0 and parsed.articles[0].publisher == "MarketWatch"
    assert parsed.articles[0].content_type == "company"


def test_finnhub_error_document_is_a_provider_error_not_a_retry():
    with pytest.raises(NewsProviderError, match="access"):
        parse_finnhub_company_news(b'{"error": "You don\'t have access."}', "AAPL")
    with pytest.raises(NewsParseError):
        parse_finnhub_company_news(b'{"data": []}', "AAPL")


def test_newsapi_everything_skips_removed_articles_and_links_the_searched_ticker():
    body = newsapi_body(
        [
            newsapi_item(
                "https://www.reuters.com/tech/apple-ai/", T0, "Apple bets on AI", description="d"
            ),
            newsapi_item("https://removed.com", T0, "[Removed]"),
            newsapi_item("https://x.test/no-time", T0, "No time", publishedAt=None),
        ]
    )
    parsed = parse_newsapi_everything(body, "aapl")
    assert parsed.skipped == 2
    (article,) = parsed.articles
    assert article.provider_article_id is None
    assert article.article_id == article_id("newsapi", None, "https://reuters.com/tech/apple-ai")
    assert article.tickers == ("AAPL",) and article.link_basis == "text_match"
    assert article.summary == "d" and article.publisher == "Reuters"
    assert article.published_at == T0


def test_newsapi_error_document():
    body = b'{"status":"error","code":"apiKeyInvalid","message":"Your API key is invalid."}'
    with pytest.raises(NewsProviderError, match="apiKeyInvalid"):
        parse_newsapi_everything(body, "AAPL")
    with pytest.raises(NewsParseError):
        parse_newsapi_everything(b'{"status": "ok"}', "AAPL")


def test_dedupe_keeps_one_article_per_id():
    parsed = parse_finnhub_company_news(
        orjson.dumps([finnhub_item(1, T0, "a"), finnhub_item(1, T0, "a, edited")]), "AAPL"
    )
    (article,) = dedupe(parsed.articles)
    assert article.title == "a, edited"


# --------------------------------------------------------------------------- cursor


def _articles(*items: tuple[int, datetime]) -> list[Any]:
    body = orjson.dumps([finnhub_item(i, when, f"headline {i}") for i, when in items])
    return parse_finnhub_company_news(body, "AAPL").articles


def test_cursor_selects_only_new_articles_and_catches_late_arrivals():
    window = timedelta(hours=48)
    first = _articles((1, T0 - timedelta(days=5)), (2, T0 - timedelta(hours=1)), (3, T0))
    cursor = Cursor()
    assert select_new(first, cursor, window) == first  # first load: everything
    cursor = advance(cursor, first, window)
    assert cursor.last_published_at == T0
    assert set(cursor.recent) == {"finnhub:2", "finnhub:3"}  # 1 is outside the window
    assert select_new(first, cursor, window) == []  # same answer again: nothing

    later = _articles(
        (3, T0),  # seen
        (4, T0 + timedelta(minutes=1)),  # newer
        (5, T0 - timedelta(hours=10)),  # indexed late, inside the window
        (6, T0 - timedelta(days=3)),  # older than the window: ignored
        (1, T0 - timedelta(days=5)),  # seen long ago
    )
    fresh = select_new(later, cursor, window)
    assert [a.article_id for a in fresh] == ["finnhub:4", "finnhub:5"]
    cursor = advance(cursor, fresh, window)
    assert cursor.last_published_at == T0 + timedelta(minutes=1)
    assert select_new(later, cursor, window) == []


def test_cursor_state_round_trip_and_query_start():
    window = timedelta(hours=2)
    cursor = advance(Cursor(), _articles((7, T0), (8, T0 - timedelta(hours=1))), window)
    state = orjson.loads(orjson.dumps(cursor.to_state()))  # dlt keeps state as JSON
    assert Cursor.from_state(state) == cursor
    assert Cursor.from_state(None) == Cursor()
    assert query_start(cursor, window, T0 + timedelta(days=1), 30) == T0 - window
    assert query_start(Cursor(), window, T0, 30) == T0 - timedelta(days=30)
    (same_time_other_id,) = _articles((9, T0))
    assert is_new(same_time_other_id, cursor, window)  # equal publish time, unseen id


# --------------------------------------------------------------------------- sentiment


def test_sentiment_text_adds_the_summary_when_it_adds_text():
    assert sentiment_text("Apple &amp; Google", None) == ("Apple & Google", "title")
    assert sentiment_text("Same", " Same ") == ("Same", "title")
    assert sentiment_text("Up", "<p>Shares  <b>soar</b></p>") == (
        "Up\nShares soar",
        "title_and_summary",
    )


def test_sentiment_is_deterministic_and_records_model_and_version(corpus_mirror: Path):
    articles = parse_yahoo_search(_search(corpus_mirror, "AAPL")).articles
    first = [score_article(a) for a in articles]
    assert first == [score_article(a) for a in articles]
    textblob, vader = first[2]  # "Apple Inc: An Exploration into Its Intrinsic Value"
    assert (textblob.model, textblob.model_version) == ("textblob_pattern", "0.20.1")
    assert (vader.model, vader.model_version) == ("vader", "3.3.2")
    assert model_version("vader") == "3.3.2"
    assert textblob.scored_text == vader.scored_text == "title"
    assert vader.polarity == pytest.approx(0.5106)  # "value" is a positive word to VADER
    assert vader.positive_share == pytest.approx(0.417) and vader.negative_share == 0.0
    assert textblob.subjectivity is not None and vader.subjectivity is None
    # "Indonesia and Apple said to agree on terms to lift iPhone 16 ban": "ban" is negative
    assert first[1][1].polarity == pytest.approx(-0.2732)
    for pair in first:
        for score in pair:
            assert -1 <= score.polarity <= 1


def test_sentiment_models_work_offline_without_downloaded_data(tmp_path: Path):
    """A fresh interpreter with sockets disabled and an empty NLTK data dir scores text."""
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network disabled by test')\n"
        "socket.socket.connect = refuse\n"
        "socket.socket.connect_ex = refuse\n"
        "socket.create_connection = refuse\n"
        "from ingestion.sources.news.sentiment import textblob_scores, vader_scores\n"
        "print(textblob_scores('Great results, terrible guidance')[0],"
        " vader_scores('Great results, terrible guidance')['compound'])\n"
    )
    env = {"NLTK_DATA": str(tmp_path), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[4],
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    polarity, compound = (float(x) for x in done.stdout.split())
    assert -1 <= polarity <= 1 and -1 <= compound <= 1
