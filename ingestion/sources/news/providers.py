"""The three news providers as `fetch(ticker, since) -> ParsedNews` over the shared HTTP client.

`since` is the earliest publish time worth asking for; Finnhub and NewsAPI filter by it
server-side, Yahoo search has no date filter (the cursor filters its answer client-side).
Keys travel as query parameters the HTTP layer redacts from logs (`token`, `apiKey`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ingestion.http import HttpClient
from ingestion.sources.news import settings
from ingestion.sources.news.helpers import (
    ParsedNews,
    finnhub_company_news_url,
    newsapi_everything_url,
    parse_finnhub_company_news,
    parse_newsapi_everything,
    parse_yahoo_search,
    yahoo_search_url,
)

Fetch = Callable[[str, datetime], ParsedNews]


@dataclass(frozen=True)
class NewsProvider:
    """A provider's name and how to ask it for one ticker's news."""

    name: str
    fetch: Fetch


def yahoo_provider(client: HttpClient, base_url: str, news_count: int) -> NewsProvider:
    url = yahoo_search_url(base_url)

    def fetch(ticker: str, since: datetime) -> ParsedNews:
        del since  # search has no date filter
        params = {"q": ticker, "quotesCount": 0, "newsCount": news_count}
        return client.get_parsed(url, parse_yahoo_search, params=params)

    return NewsProvider("yahoo", fetch)


def finnhub_provider(
    client: HttpClient, base_url: str, api_key: str, now: Callable[[], datetime]
) -> NewsProvider:
    url = finnhub_company_news_url(base_url)

    def fetch(ticker: str, since: datetime) -> ParsedNews:
        params = {
            "symbol": ticker,
            "from": since.date().isoformat(),  # whole UTC days; the cursor trims the rest
            "to": now().date().isoformat(),
            "token": api_key,
        }
        return client.get_parsed(
            url, lambda body: parse_finnhub_company_news(body, ticker), params=params
        )

    return NewsProvider("finnhub", fetch)


def newsapi_provider(
    client: HttpClient, base_url: str, api_key: str, language: str | None
) -> NewsProvider:
    url = newsapi_everything_url(base_url)

    def fetch(ticker: str, since: datetime) -> ParsedNews:
        params: dict[str, str | int] = {
            "q": ticker,
            "searchIn": "title,description",  # the text the sentiment models score
            "from": since.strftime("%Y-%m-%dT%H:%M:%S"),  # NewsAPI reads it as UTC
            "sortBy": "publishedAt",
            "pageSize": settings.NEWSAPI_PAGE_SIZE,
            "apiKey": api_key,
        }
        if language:
            params["language"] = language
        return client.get_parsed(
            url, lambda body: parse_newsapi_everything(body, ticker), params=params
        )

    return NewsProvider("newsapi", fetch)
