"""Arrow tables of `raw_news` (docs/raw_news.md): articles, their tickers, their sentiment."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from ingestion.sources.news.helpers import Article
from ingestion.sources.news.sentiment import SentimentScore

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("provider", pa.string(), nullable=False),
        ("provider_article_id", pa.string()),
        pa.field("title", pa.string(), nullable=False),
        ("summary", pa.string()),
        ("publisher", pa.string()),
        ("url", pa.string()),
        pa.field("published_at", pa.timestamp("us", tz="UTC"), nullable=False),
        ("content_type", pa.string()),
        ("image_url", pa.string()),
    ]
)

ARTICLE_TICKER_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("ticker", pa.string(), nullable=False),
        pa.field("link_basis", pa.string(), nullable=False),
    ]
)

SENTIMENT_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("model", pa.string(), nullable=False),
        pa.field("model_version", pa.string(), nullable=False),
        pa.field("scored_text", pa.string(), nullable=False),
        pa.field("polarity", pa.float64(), nullable=False),
        ("subjectivity", pa.float64()),
        ("positive_share", pa.float64()),
        ("neutral_share", pa.float64()),
        ("negative_share", pa.float64()),
    ]
)


def articles_table(articles: Sequence[Article]) -> pa.Table:
    return pa.Table.from_pylist(
        [{name: getattr(a, name) for name in ARTICLE_SCHEMA.names} for a in articles],
        schema=ARTICLE_SCHEMA,
    )


def article_tickers_table(links: Sequence[tuple[str, str, str]]) -> pa.Table:
    """`links` are (article_id, ticker, link_basis)."""
    return pa.Table.from_pylist(
        [dict(zip(ARTICLE_TICKER_SCHEMA.names, link, strict=True)) for link in links],
        schema=ARTICLE_TICKER_SCHEMA,
    )


def sentiment_table(scores: Sequence[SentimentScore]) -> pa.Table:
    return pa.Table.from_pylist(
        [{name: getattr(s, name) for name in SENTIMENT_SCHEMA.names} for s in scores],
        schema=SENTIMENT_SCHEMA,
    )
