"""News source: articles from Yahoo search (and Finnhub / NewsAPI when keyed), their tickers and
their sentiment, into dataset `raw_news` (tables and keys in docs/raw_news.md).

Every table merges on its key: `articles` on `article_id` (provider + provider id, or a hash of
the canonical URL), `article_tickers` on (article_id, ticker), `article_sentiment` on
(article_id, model). Incremental per provider and ticker: the resource state keeps a publish-time
cursor (`cursor.py`, stored by `ingestion.sources.cursors`), so a second run over the same
answers loads nothing. Sentiment is scored at ingest, once per new article, by models shipped
inside their packages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import dlt
from dlt.extract.resource import DltResource

from ingestion.http import ClientError, NotFoundError
from ingestion.selection import named_universe
from ingestion.sources.cursors import KeyedCursors
from ingestion.sources.hints import merge_variant
from ingestion.sources.news import settings
from ingestion.sources.news.cursor import Cursor, advance, query_start, select_new
from ingestion.sources.news.helpers import Article, NewsProviderError, dedupe, normalize_ticker
from ingestion.sources.news.providers import NewsProvider
from ingestion.sources.news.sentiment import score_article
from ingestion.sources.news.tables import article_tickers_table, articles_table, sentiment_table

log = logging.getLogger(__name__)

STATE_KEY = "cursors"


@dataclass(frozen=True)
class NewsRequest:
    """One request the source made (for the run report and tests)."""

    provider: str
    ticker: str
    since: datetime
    returned: int = 0
    new: int = 0
    reason: str = "increment"


@dataclass
class NewsRunReport:
    """What a run loaded, every request, and every gap met (unknown symbol, refused key)."""

    providers: list[str] = field(default_factory=list)
    tickers: int = 0
    articles: int = 0
    ticker_links: int = 0
    sentiment_scores: int = 0
    skipped_items: int = 0
    articles_by_provider: dict[str, int] = field(default_factory=dict)
    requests: list[NewsRequest] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


def select_tickers(tickers: Sequence[str] | None, universe: str | None = None) -> list[str]:
    """`--tickers` (deduplicated, upper-case), or a fixed named universe."""
    if tickers:
        return list(dict.fromkeys(normalize_ticker(t) for t in tickers if t.strip()))
    return named_universe("news", universe)


@dlt.source(name="news", section="news", max_table_nesting=0)
def news_source(
    tickers: Sequence[str],
    providers: Sequence[NewsProvider],
    late_arrival_hours: int = settings.DEFAULT_LATE_ARRIVAL_HOURS,
    first_load_days: int = settings.DEFAULT_FIRST_LOAD_DAYS,
    report: NewsRunReport | None = None,
    now: Callable[[], datetime] | None = None,
) -> DltResource:
    """Articles for `tickers` from `providers` (built by `providers.py`, like the client).

    Injected by dlt from `[sources.news]` (SOURCES__NEWS__<KEY>): `first_load_days` (how far
    back a provider with a date filter is asked on a ticker's first load) and
    `late_arrival_hours` (articles this much older than the cursor are still accepted if unseen).
    """
    return _articles_resource(
        tickers,
        providers,
        timedelta(hours=late_arrival_hours),
        first_load_days,
        report or NewsRunReport(),
        now or (lambda: datetime.now(UTC)),
    )


def _articles_resource(
    tickers: Sequence[str],
    providers: Sequence[NewsProvider],
    late_arrival: timedelta,
    first_load_days: int,
    report: NewsRunReport,
    now: Callable[[], datetime],
) -> DltResource:
    report.providers = [p.name for p in providers]
    report.tickers = len(tickers)

    def rows() -> Iterator[Any]:
        loaded_articles: set[str] = set()
        loaded_links: set[tuple[str, str]] = set()
        for provider in providers:
            cursors = KeyedCursors(STATE_KEY, provider.name)
            for ticker in tickers:
                cursor = Cursor.from_state(cursors.get(ticker))
                since = query_start(cursor, late_arrival, now(), first_load_days)
                try:
                    parsed = provider.fetch(ticker, since)
                except NotFoundError as exc:
                    report.gaps.append(f"{provider.name} {ticker}: {exc}")
                    continue
                except (ClientError, NewsProviderError) as exc:
                    report.gaps.append(
                        f"{provider.name}: refused ({exc}); its other tickers were skipped"
                    )
                    break
                fresh = select_new(dedupe(parsed.articles), cursor, late_arrival)
                report.skipped_items += parsed.skipped
                report.requests.append(
                    NewsRequest(
                        provider.name,
                        ticker,
                        since,
                        len(parsed.articles),
                        len(fresh),
                        "increment" if cursor.last_published_at else "first load",
                    )
                )
                if not fresh:
                    report.up_to_date.append(f"{provider.name}:{ticker}")
                    continue
                yield from _tables(fresh, loaded_articles, loaded_links, report)
                cursors.set(ticker, advance(cursor, fresh, late_arrival).to_state())

    resource = dlt.resource(rows, name="articles", write_disposition="merge")
    resource.apply_hints(primary_key="article_id")
    merge_variant(resource, "article_tickers", ["article_id", "ticker"])
    merge_variant(resource, "article_sentiment", ["article_id", "model"])
    return resource


def _tables(
    fresh: Sequence[Article],
    loaded_articles: set[str],
    loaded_links: set[tuple[str, str]],
    report: NewsRunReport,
) -> Iterator[Any]:
    """Rows not yet yielded in this run (the same article may answer several tickers)."""
    articles = [a for a in fresh if a.article_id not in loaded_articles]
    links = [
        (a.article_id, t, a.link_basis)
        for a in fresh
        for t in a.tickers
        if (a.article_id, t) not in loaded_links
    ]
    loaded_articles.update(a.article_id for a in articles)
    loaded_links.update((a, t) for a, t, _ in links)
    scores = [score for a in articles for score in score_article(a)]
    report.articles += len(articles)
    report.ticker_links += len(links)
    report.sentiment_scores += len(scores)
    for article in articles:
        counts = report.articles_by_provider
        counts[article.provider] = counts.get(article.provider, 0) + 1
    if articles:
        yield articles_table(articles)
        yield dlt.mark.with_table_name(sentiment_table(scores), "article_sentiment")
    if links:
        yield dlt.mark.with_table_name(article_tickers_table(links), "article_tickers")
