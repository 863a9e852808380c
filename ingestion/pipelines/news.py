"""`ingest_news`: extract news articles, score their sentiment and load `raw_news` (no dbt).

Built like `ingest_macro` from the shared plumbing in `ingestion.runner` (`run_pipeline`) and
`ingestion.http` (`http_settings_from`). Yahoo search is always read; Finnhub and NewsAPI only
when their key is configured (dlt secrets `sources.news.finnhub_api_key` / `newsapi_api_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from ingestion.http import HttpClient, HttpSettings, http_settings_from, source_config
from ingestion.replay import via_mirror
from ingestion.runner import run_pipeline
from ingestion.sources.news import NewsRunReport, news_source, select_tickers
from ingestion.sources.news.providers import (
    NewsProvider,
    finnhub_provider,
    newsapi_provider,
    yahoo_provider,
)
from ingestion.sources.news.settings import NewsConfig


def ingest_news(
    db_path: Path,
    *,
    tickers: Sequence[str] | None,
    universe: str | None = None,
    mirror: str | None = None,
    run_id: str | None = None,
    config: NewsConfig | None = None,
    now: Callable[[], datetime] | None = None,
) -> NewsRunReport:
    """Extract and load `raw_news` for the selected tickers from every configured provider.

    Incremental per provider and ticker by publish time (state in dlt); `mirror` is a replay
    server's base URL (the CLI's `mirror_base`). `now` pins the clock for tests.
    """
    config = config or source_config(NewsConfig, "news")
    selected = select_tickers(tickers, universe)
    clock = now or (lambda: datetime.now(UTC))
    report = NewsRunReport()
    base = http_settings_from(config)
    with ExitStack() as stack:
        providers = list(_providers(config, mirror, base, run_id, clock, stack.enter_context))
        source = news_source(
            tickers=selected,
            providers=providers,
            report=report,
            now=clock,
        )
        run_pipeline("finloom_news", "raw_news", db_path, source)
    return report


def _providers(
    config: NewsConfig,
    mirror: str | None,
    base: HttpSettings,
    run_id: str | None,
    clock: Callable[[], datetime],
    enter: Callable[[HttpClient], HttpClient],
) -> Iterator[NewsProvider]:
    if config.yahoo_enabled:
        client = enter(HttpClient(base, run_id=run_id, mirror=mirror))
        yield yahoo_provider(
            client, via_mirror(mirror, config.yahoo_base_url), config.yahoo_news_count
        )
    if config.finnhub_api_key:
        settings = replace(base, requests_per_second=config.finnhub_requests_per_second)
        client = enter(HttpClient(settings, run_id=run_id, mirror=mirror))
        yield finnhub_provider(
            client, via_mirror(mirror, config.finnhub_base_url), str(config.finnhub_api_key), clock
        )
    if config.newsapi_api_key:
        settings = replace(base, requests_per_second=config.newsapi_requests_per_second)
        client = enter(HttpClient(settings, run_id=run_id, mirror=mirror))
        yield newsapi_provider(
            client,
            via_mirror(mirror, config.newsapi_base_url),
            str(config.newsapi_api_key),
            config.newsapi_language or None,
        )
