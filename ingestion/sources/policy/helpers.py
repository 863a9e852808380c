"""Pure parsing of the Fed's RSS 2.0 press-release feed into an Arrow table; no I/O.

Rules (docs/raw_policy.md): one row per release, keyed on the item's `guid` (its `link` when
the item has no guid); the release date is the publication time's date in New York; the kind
comes from the title; the rate decision is read from a statement's description, where it says
one (`decisions.extract_rate_decision`). XML is parsed with defusedxml (no entity expansion,
no external references).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, ParseError
from zoneinfo import ZoneInfo

import defusedxml.ElementTree as DefusedET
import pyarrow as pa
from defusedxml import DefusedXmlException

from ingestion.sources.policy import settings
from ingestion.sources.policy.decisions import extract_rate_decision

STATEMENT, MINUTES, OTHER = "statement", "minutes", "other_press_release"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
_RELEASE_ZONE = ZoneInfo(settings.RELEASE_TIME_ZONE)

RELEASE_SCHEMA = pa.schema(
    [
        pa.field("release_id", pa.string(), nullable=False),
        ("guid", pa.string()),
        ("link", pa.string()),
        ("title", pa.string()),
        ("description", pa.string()),
        ("categories", pa.string()),
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("release_date", pa.date32()),
        ("release_kind", pa.string()),
        ("decision", pa.string()),
        ("change_bp", pa.int32()),
        ("target_range_lower_pct", pa.float64()),
        ("target_range_upper_pct", pa.float64()),
        ("decision_text", pa.string()),
    ]
)


class FeedParseError(ValueError):
    """A body that is not an RSS 2.0 feed (HTML error page, truncated XML, entity bombs)."""


@dataclass
class ParsedFeed:
    """The releases of one feed document and the items that could not be used (with why)."""

    table: pa.Table
    skipped: list[str] = field(default_factory=list)


def classify_release(title: str) -> str:
    """`statement` (the post-meeting FOMC statement), `minutes` (FOMC minutes), or other."""
    text = " ".join(title.lower().split())
    if "fomc statement" in text and "longer-run goals" not in text:
        return STATEMENT
    if text.startswith("minutes of the federal open market committee") or "fomc minutes" in text:
        return MINUTES
    return OTHER


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment (descriptions may carry markup), single-spaced."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return " ".join(html.unescape("".join(extractor.parts)).split())


_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "tr", "td", "h1", "h2", "h3", "h4"})


class _TextExtractor(HTMLParser):
    """Text nodes joined as written; block elements separate words, inline ones do not."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def parse_published(text: str | None) -> datetime | None:
    """RFC 822 `pubDate` ("Wed, 13 Dec 2023 19:00:00 GMT") or ISO `dc:date`, as UTC."""
    if not text or not text.strip():
        return None
    cleaned = text.strip()
    try:
        parsed = parsedate_to_datetime(cleaned)
    except (TypeError, ValueError):
        try:
            parsed = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:  # RFC 822 "-0000": UTC, origin unknown
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def release_date(published_at: datetime) -> date:
    """The date in New York: 2:00 p.m. EST is 19:00 UTC, and a late release stays on its day."""
    return published_at.astimezone(_RELEASE_ZONE).date()


def parse_feed(body: bytes) -> ParsedFeed:
    """RSS body -> one row per release (the first of repeated ids, i.e. the newest, wins)."""
    channel = _channel(body)
    rows: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    for position, item in enumerate(channel.findall("item"), start=1):
        row = _release(item)
        if isinstance(row, str):
            skipped.append(f"item {position}: {row}")
        elif row["release_id"] in rows:
            skipped.append(f"item {position}: repeats id {row['release_id']}")
        else:
            rows[row["release_id"]] = row
    table = pa.Table.from_pylist(list(rows.values()), schema=RELEASE_SCHEMA)
    return ParsedFeed(table, skipped)


def _channel(body: bytes) -> Element:
    try:
        root: Element = DefusedET.fromstring(body)
    except (ParseError, DefusedXmlException) as exc:
        raise FeedParseError(f"policy feed: not well-formed or unsafe XML ({exc})") from None
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        raise FeedParseError(f"policy feed: expected <rss><channel>, got <{root.tag}>")
    return channel


def _text(item: Element, tag: str) -> str | None:
    node = item.find(tag)
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def _release(item: Element) -> dict[str, Any] | str:
    guid, link = _text(item, "guid"), _text(item, "link")
    release_id = guid or link
    if release_id is None:
        return "no guid and no link"
    published = parse_published(_text(item, "pubDate") or _text(item, _DC_DATE))
    if published is None:
        return f"{release_id}: no readable pubDate"
    title = " ".join((_text(item, "title") or "").split())
    description = _text(item, "description")
    kind = classify_release(title)
    # only a statement announces a decision; minutes recount the debate ("decided to ...")
    found = (
        extract_rate_decision(html_to_text(description))
        if description and kind == STATEMENT
        else None
    )
    categories = [c.text.strip() for c in item.findall("category") if c.text and c.text.strip()]
    return {
        "release_id": release_id,
        "guid": guid,
        "link": link,
        "title": title or None,
        "description": description,
        "categories": "; ".join(categories) or None,
        "published_at": published,
        "release_date": release_date(published),
        "release_kind": kind,
        "decision": found.decision if found else None,
        "change_bp": found.change_bp if found else None,
        "target_range_lower_pct": found.target_lower_pct if found else None,
        "target_range_upper_pct": found.target_upper_pct if found else None,
        "decision_text": found.sentence if found else None,
    }
