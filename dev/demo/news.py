"""Demo news: Yahoo Finance search responses (`/v1/finance/search?q=<TICKER>`) for each company.

Headlines are written from templates about the fictional companies — good news and bad news, so
the sentiment marts have a spread to show — and dated within the demo's market window. Links
point at `news.example.com` (a reserved domain), ids are UUIDs derived from ticker and ordinal,
and `relatedTickers` sometimes names a second demo company, as Yahoo's do.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from dev.demo.profiles import COMPANIES, Company

SEARCH_HOST = "query2.finance.yahoo.com"
SEARCH_PATH = "v1/finance/search"
PUBLISHERS = ("FinLoom Wire", "Demo Business Daily", "Example Markets Review", "Sample Street")
#: Newest article time: the end of the demo's market window.
LATEST = datetime(2026, 6, 29, 21, 15, tzinfo=UTC)
ARTICLES_PER_COMPANY = 8

GOOD = (
    "{name} beats expectations as quarterly revenue climbs",
    "{name} raises full-year outlook on strong demand",
    "Analysts upgrade {name}, citing excellent margins",
    "{name} wins major multi-year contract",
)
BAD = (
    "{name} shares fall after weak guidance",
    "{name} faces lawsuit over delayed product launch",
    "{name} cuts forecast, warns of poor demand",
    "Regulators question {name} accounting for leases",
)
NEUTRAL = (
    "{name} to report quarterly results next week",
    "{name} schedules annual shareholder meeting",
    "{name} names new chief financial officer",
)


def _short(c: Company) -> str:
    for suffix in (", Inc.", " Inc.", ", Ltd.", " Corporation", " Corp."):
        if c.name.endswith(suffix):
            return c.name[: -len(suffix)]
    return c.name


def _article(c: Company, i: int, rng: random.Random, published: datetime) -> dict[str, Any]:
    templates = (GOOD, BAD, NEUTRAL)[rng.choice((0, 0, 1, 1, 2))]
    title = rng.choice(templates).format(name=_short(c))
    slug = "-".join(title.lower().replace(",", "").split()[:8])
    article_id = uuid.uuid5(uuid.NAMESPACE_URL, f"finloom-demo/{c.ticker}/{i}")
    related = [c.ticker]
    if rng.random() < 0.25:
        related.append(rng.choice([o.ticker for o in COMPANIES if o.ticker != c.ticker]))
    return {
        "uuid": str(article_id),
        "title": title,
        "publisher": rng.choice(PUBLISHERS),
        "link": f"https://news.example.com/{slug}-{article_id.hex[:12]}.html",
        "providerPublishTime": int(published.timestamp()),
        "type": "STORY",
        "relatedTickers": related,
    }


def search_response(c: Company) -> dict[str, Any]:
    """Yahoo's search document for one ticker: the quote and its latest articles, newest first."""
    rng = random.Random(c.seed * 13 + 5)
    published = LATEST - timedelta(hours=rng.randint(0, 30))
    news = []
    for i in range(ARTICLES_PER_COMPANY):
        news.append(_article(c, i, rng, published))
        published -= timedelta(hours=rng.randint(5, 70))
    return {
        "explains": [],
        "count": 1 + len(news),
        "quotes": [
            {
                "exchange": "NMS" if c.exchange == "Nasdaq" else "NYQ",
                "shortname": _short(c),
                "quoteType": "EQUITY",
                "symbol": c.ticker,
                "index": "quotes",
                "score": 20000.0,
                "typeDisp": "Equity",
                "longname": c.name,
                "isYahooFinance": True,
            }
        ],
        "news": news,
        "nav": [],
        "lists": [],
        "researchReports": [],
        "totalTime": 21,
    }


def search_files() -> dict[str, dict[str, Any]]:
    """Mirror path (with the `q` query) -> search document, for every demo company."""
    return {f"{SEARCH_HOST}/{SEARCH_PATH}?q={c.ticker}": search_response(c) for c in COMPANIES}
