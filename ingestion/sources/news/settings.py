"""News endpoints, constants and `[sources.news]` settings (dlt config; keys from dlt secrets)."""

from __future__ import annotations

from dlt.common.configuration import configspec
from dlt.common.typing import TSecretStrValue

from ingestion.http.settings import HttpSourceConfig

#: Yahoo Finance search (key-less): `/v1/finance/search?q=<SYMBOL>` answers quotes and `news[]`.
YAHOO_BASE_URL = "https://query2.finance.yahoo.com"
YAHOO_SEARCH_PATH = "/v1/finance/search"

#: Finnhub company news: `/api/v1/company-news?symbol=&from=YYYY-MM-DD&to=YYYY-MM-DD&token=`.
FINNHUB_BASE_URL = "https://finnhub.io"
FINNHUB_COMPANY_NEWS_PATH = "/api/v1/company-news"

#: NewsAPI full-text search: `/v2/everything?q=&from=<ISO time>&apiKey=`.
NEWSAPI_BASE_URL = "https://newsapi.org"
NEWSAPI_EVERYTHING_PATH = "/v2/everything"
#: NewsAPI's largest page; the free plan allows 100 requests a day, so one page per ticker.
NEWSAPI_PAGE_SIZE = 100
#: What NewsAPI returns in place of an article a publisher asked to take down.
NEWSAPI_REMOVED_TITLE = "[Removed]"
NEWSAPI_REMOVED_URL = "https://removed.com"

PROVIDERS = ("yahoo", "finnhub", "newsapi")

#: How a ticker came to be linked to an article (column `link_basis` of `article_tickers`).
LINK_PROVIDER_TAG = "provider_tag"  # the provider tagged the article with the ticker
LINK_TEXT_MATCH = "text_match"  # a full-text search for the ticker found the article

#: Without a cursor, Finnhub and NewsAPI are asked for this many days back (NewsAPI's free plan
#: reaches one month back). Yahoo search has no date filter and answers the latest articles.
DEFAULT_FIRST_LOAD_DAYS = 30
#: Articles published up to this long before a ticker's cursor are still accepted if their id
#: was not seen before: providers index some articles late (state keeps the ids of that window).
DEFAULT_LATE_ARRIVAL_HOURS = 48
#: News articles Yahoo returns per search (its default is 8).
DEFAULT_YAHOO_NEWS_COUNT = 20
#: Per host. Yahoo publishes no limit (the market source's pace); Finnhub's free plan allows 60
#: requests a minute; NewsAPI's free plan 100 a day, so its pace hardly matters.
DEFAULT_REQUESTS_PER_SECOND = 4.0
DEFAULT_FINNHUB_REQUESTS_PER_SECOND = 1.0
DEFAULT_NEWSAPI_REQUESTS_PER_SECOND = 1.0


@configspec
class NewsConfig(HttpSourceConfig):
    """`[sources.news]` settings the pipeline needs to build the providers; env vars like
    SOURCES__NEWS__FINNHUB_API_KEY override. `first_load_days` and `late_arrival_hours` are
    injected into the source under the same section.

    Yahoo search is always read (unless `yahoo_enabled` is false); Finnhub and NewsAPI are read
    only when their key is set (dlt secrets).
    """

    finnhub_api_key: TSecretStrValue | None = None
    newsapi_api_key: TSecretStrValue | None = None
    yahoo_enabled: bool = True
    yahoo_base_url: str = YAHOO_BASE_URL
    finnhub_base_url: str = FINNHUB_BASE_URL
    newsapi_base_url: str = NEWSAPI_BASE_URL
    yahoo_news_count: int = DEFAULT_YAHOO_NEWS_COUNT
    #: NewsAPI `language` filter; both sentiment models are English-only
    newsapi_language: str = "en"
    #: Yahoo's pace (the HTTP settings' own name); Finnhub and NewsAPI have their own below
    requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND
    finnhub_requests_per_second: float = DEFAULT_FINNHUB_REQUESTS_PER_SECOND
    newsapi_requests_per_second: float = DEFAULT_NEWSAPI_REQUESTS_PER_SECOND
