"""What a news cursor holds and how it advances (pure); `ingestion.sources.cursors` stores it.

A cursor is the latest publish time loaded for a (provider, ticker) query, plus the ids of the
articles published in the late-arrival window before it. An article is new when it is published
after the cursor, or inside that window with an id not seen yet (providers index some articles
late). So a second run over the same responses selects nothing, and state stays small.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ingestion.sources.news.helpers import Article


@dataclass(frozen=True)
class Cursor:
    """`last_published_at` is None before the first load; `recent` maps id -> epoch seconds."""

    last_published_at: datetime | None = None
    recent: Mapping[str, int] = field(default_factory=dict)

    def to_state(self) -> dict[str, Any]:
        return {
            "last_published_at": (
                int(self.last_published_at.timestamp()) if self.last_published_at else None
            ),
            "recent_ids": dict(sorted(self.recent.items())),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any] | None) -> Cursor:
        if not state or state.get("last_published_at") is None:
            return cls()
        last = datetime.fromtimestamp(int(state["last_published_at"]), tz=UTC)
        recent = {str(k): int(v) for k, v in (state.get("recent_ids") or {}).items()}
        return cls(last, recent)


def is_new(article: Article, cursor: Cursor, late_arrival: timedelta) -> bool:
    """Published after the cursor, or within the late-arrival window and not seen before."""
    last = cursor.last_published_at
    if last is None or article.published_at > last:
        return True
    return article.published_at >= last - late_arrival and article.article_id not in cursor.recent


def select_new(
    articles: Iterable[Article], cursor: Cursor, late_arrival: timedelta
) -> list[Article]:
    return [a for a in articles if is_new(a, cursor, late_arrival)]


def advance(cursor: Cursor, loaded: Iterable[Article], late_arrival: timedelta) -> Cursor:
    """The cursor after `loaded` was loaded: latest time, and the ids inside the new window."""
    seen = dict(cursor.recent)
    for article in loaded:
        seen[article.article_id] = int(article.published_at.timestamp())
    if not seen:
        return cursor
    latest = max(seen.values())
    if cursor.last_published_at is not None:
        latest = max(latest, int(cursor.last_published_at.timestamp()))
    floor = latest - int(late_arrival.total_seconds())
    recent = {k: v for k, v in seen.items() if v >= floor}
    return Cursor(datetime.fromtimestamp(latest, tz=UTC), recent)


def query_start(
    cursor: Cursor, late_arrival: timedelta, now: datetime, first_days: int
) -> datetime:
    """Earliest publish time worth asking a provider with a date filter for."""
    if cursor.last_published_at is None:
        return now - timedelta(days=first_days)
    return cursor.last_published_at - late_arrival
