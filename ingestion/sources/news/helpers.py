"""Pure parsing of news responses (Yahoo search, Finnhub, NewsAPI) into articles; no I/O.

Rules (docs/raw_news.md):
- an article's id is `<provider>:<provider's id>`, or `<provider>:url:<hash of the canonical URL>`
  when the provider gives none (NewsAPI), so the same article always merges onto itself;
- `published_at` is UTC; an item without a title, a publish time or any identity is skipped and
  counted, never loaded half-empty;
- tickers come from the provider's own tags (Yahoo `relatedTickers`, Finnhub `related` and the
  company asked for), or, for NewsAPI's full-text search, from the ticker searched for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from ingestion.sources.news import settings


class NewsParseError(ValueError):
    """A body that is not the expected document (HTML, truncated, wrong shape); retried."""


class NewsProviderError(Exception):
    """The provider answered 2xx with an error document (bad key, plan limit); not retried."""


@dataclass(frozen=True)
class Article:
    """One news article as a provider reported it, with the tickers it is linked to."""

    article_id: str
    provider: str
    provider_article_id: str | None
    title: str
    summary: str | None
    publisher: str | None
    url: str | None
    published_at: datetime
    content_type: str | None
    image_url: str | None
    tickers: tuple[str, ...]
    link_basis: str


@dataclass(frozen=True)
class ParsedNews:
    """Articles of one response, in response order, and how many items were skipped."""

    articles: list[Article]
    skipped: int = 0


# --------------------------------------------------------------------------- ids and URLs

#: Query parameters that only track the reader; they never identify an article.
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "guccounter", "guce_referrer", "guce_referrer_sig", "ncid", "cmpid", "sr"}
)


def canonical_url(url: str) -> str:
    """The URL an article is identified by: https, lower-case host without `www.` or default
    port, no fragment, no tracking parameters (`utm_*`, ...), sorted query, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, urlencode(query), ""))


def article_id(provider: str, provider_article_id: str | None, url: str | None) -> str | None:
    """`provider:id`, else `provider:url:<sha256 of the canonical URL, 32 hex>`; None if neither."""
    if provider_article_id:
        return f"{provider}:{provider_article_id}"
    if url and url.strip():
        digest = hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:32]
        return f"{provider}:url:{digest}"
    return None


def normalize_ticker(ticker: str) -> str:
    """A ticker as the provider spells it, upper-case and trimmed (`brk-b` -> `BRK-B`)."""
    cleaned = ticker.strip().upper()
    if not cleaned:
        raise ValueError("empty ticker")
    return cleaned


def _tickers(values: Iterable[Any]) -> tuple[str, ...]:
    cleaned = (str(v).strip().upper() for v in values if v is not None)
    return tuple(dict.fromkeys(t for t in cleaned if t))


# --------------------------------------------------------------------------- URLs


def yahoo_search_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}{settings.YAHOO_SEARCH_PATH}"


def finnhub_company_news_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}{settings.FINNHUB_COMPANY_NEWS_PATH}"


def newsapi_everything_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}{settings.NEWSAPI_EVERYTHING_PATH}"


# --------------------------------------------------------------------------- parsing


def _load_json(body: bytes, what: str) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise NewsParseError(f"{what}: not JSON ({exc})") from None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _epoch(value: Any) -> datetime | None:
    """Unix seconds (int, float or digits) as an aware UTC datetime; None when absent or <= 0."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    return datetime.fromtimestamp(int(seconds), tz=UTC)


def _iso_time(value: Any) -> datetime | None:
    """ISO 8601 (`2025-02-24T13:05:00Z`) as UTC; a time without an offset is taken as UTC."""
    text = _text(value)
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _yahoo_image(thumbnail: Any) -> str | None:
    if not isinstance(thumbnail, dict):
        return None
    resolutions = [r for r in thumbnail.get("resolutions") or [] if isinstance(r, dict)]
    original = [r for r in resolutions if r.get("tag") == "original"]
    chosen = (original or resolutions or [{}])[0]
    return _text(chosen.get("url"))


def parse_yahoo_search(body: bytes) -> ParsedNews:
    """`/v1/finance/search` body -> its `news[]` as articles (tickers: `relatedTickers`).

    The queried symbol is not linked: for symbols Yahoo knows little about, search answers
    general market news that is not about them (seen in real responses).
    """
    doc = _load_json(body, "yahoo search")
    if not isinstance(doc, dict) or not ("news" in doc or "quotes" in doc):
        raise NewsParseError("yahoo search: not a search document (no `news` or `quotes`)")
    items = doc.get("news") or []
    if not isinstance(items, list):
        raise NewsParseError("yahoo search: `news` is not an array")
    articles: list[Article] = []
    skipped = 0
    for item in items:
        article = _yahoo_article(item) if isinstance(item, dict) else None
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    return ParsedNews(articles, skipped)


def _yahoo_article(item: dict[str, Any]) -> Article | None:
    provider_id = _text(item.get("uuid"))
    url = _text(item.get("link"))
    identity = article_id("yahoo", provider_id, url)
    title = _text(item.get("title"))
    published = _epoch(item.get("providerPublishTime"))
    if identity is None or title is None or published is None:
        return None
    related = item.get("relatedTickers") or []
    return Article(
        article_id=identity,
        provider="yahoo",
        provider_article_id=provider_id,
        title=title,
        summary=_text(item.get("summary")),
        publisher=_text(item.get("publisher")),
        url=url,
        published_at=published,
        content_type=_text(item.get("type")),
        image_url=_yahoo_image(item.get("thumbnail")),
        tickers=_tickers(related if isinstance(related, list) else []),
        link_basis=settings.LINK_PROVIDER_TAG,
    )


def parse_finnhub_company_news(body: bytes, symbol: str) -> ParsedNews:
    """`/api/v1/company-news` body (a JSON array) -> articles linked to `symbol` and `related`."""
    doc = _load_json(body, f"finnhub {symbol}")
    if isinstance(doc, dict) and "error" in doc:
        raise NewsProviderError(f"finnhub {symbol}: {doc['error']}")
    if not isinstance(doc, list):
        raise NewsParseError(f"finnhub {symbol}: expected a JSON array of articles")
    articles: list[Article] = []
    skipped = 0
    for item in doc:
        article = _finnhub_article(item, symbol) if isinstance(item, dict) else None
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    return ParsedNews(articles, skipped)


def _finnhub_article(item: dict[str, Any], symbol: str) -> Article | None:
    raw_id = item.get("id")
    provider_id = None if raw_id in (None, "", 0) else str(raw_id)
    url = _text(item.get("url"))
    identity = article_id("finnhub", provider_id, url)
    title = _text(item.get("headline"))
    published = _epoch(item.get("datetime"))
    if identity is None or title is None or published is None:
        return None
    related = str(item.get("related") or "").split(",")
    return Article(
        article_id=identity,
        provider="finnhub",
        provider_article_id=provider_id,
        title=title,
        summary=_text(item.get("summary")),
        publisher=_text(item.get("source")),
        url=url,
        published_at=published,
        content_type=_text(item.get("category")),
        image_url=_text(item.get("image")),
        # company-news answers news about `symbol`: Finnhub's own link, like `related`
        tickers=_tickers([symbol, *related]),
        link_basis=settings.LINK_PROVIDER_TAG,
    )


def parse_newsapi_everything(body: bytes, ticker: str) -> ParsedNews:
    """`/v2/everything` body -> articles linked to the searched `ticker` (a text match).

    Articles a publisher took down (`[Removed]`, `https://removed.com`) are skipped.
    """
    doc = _load_json(body, f"newsapi {ticker}")
    if not isinstance(doc, dict):
        raise NewsParseError(f"newsapi {ticker}: expected a JSON object")
    if doc.get("status") == "error":
        raise NewsProviderError(f"newsapi {ticker}: {doc.get('code')}: {doc.get('message')}")
    items = doc.get("articles")
    if doc.get("status") != "ok" or not isinstance(items, list):
        raise NewsParseError(f"newsapi {ticker}: no `status: ok` with an `articles` array")
    articles: list[Article] = []
    skipped = 0
    for item in items:
        article = _newsapi_article(item, ticker) if isinstance(item, dict) else None
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    return ParsedNews(articles, skipped)


def _newsapi_article(item: dict[str, Any], ticker: str) -> Article | None:
    url = _text(item.get("url"))
    title = _text(item.get("title"))
    if title == settings.NEWSAPI_REMOVED_TITLE or url == settings.NEWSAPI_REMOVED_URL:
        return None
    identity = article_id("newsapi", None, url)
    published = _iso_time(item.get("publishedAt"))
    if identity is None or title is None or published is None:
        return None
    source = item.get("source")
    if not isinstance(source, dict):
        source = {}
    return Article(
        article_id=identity,
        provider="newsapi",
        provider_article_id=None,
        title=title,
        summary=_text(item.get("description")),
        publisher=_text(source.get("name")),
        url=url,
        published_at=published,
        content_type=None,
        image_url=_text(item.get("urlToImage")),
        tickers=_tickers([ticker]),
        link_basis=settings.LINK_TEXT_MATCH,
    )


def dedupe(articles: Sequence[Article]) -> list[Article]:
    """One article per id (the last occurrence wins, as a merge would), in first-seen order."""
    latest = {a.article_id: a for a in articles}
    return [latest[i] for i in dict.fromkeys(a.article_id for a in articles)]
