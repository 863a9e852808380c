"""Parsing the Fed's press-release RSS feed: ids, dates in New York, kinds, unsafe or bad XML."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dev.demo.policy_feed import feed_mirror_path, policy_feed_xml
from ingestion.sources.policy.helpers import (
    FeedParseError,
    classify_release,
    html_to_text,
    parse_feed,
    parse_published,
    release_date,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "policy"


def _feed(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _item(
    guid: str | None,
    pub: str | None,
    title: str = "Federal Reserve issues FOMC statement",
    link: str | None = "https://www.federalreserve.gov/x.htm",
    description: str = "",
) -> str:
    parts = [f"<title>{title}</title>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if guid:
        parts.append(f"<guid>{guid}</guid>")
    if pub:
        parts.append(f"<pubDate>{pub}</pubDate>")
    parts.append(f"<description><![CDATA[{description}]]></description>")
    return "<item>" + "".join(parts) + "</item>"


def test_fixture_is_the_sample_feed() -> None:
    # the recorded-shape fixture and the demo's generator never drift apart
    assert feed_mirror_path(FIXTURES).read_bytes() == policy_feed_xml()
    assert feed_mirror_path(FIXTURES) == (
        FIXTURES / "www.federalreserve.gov" / "feeds" / "press_monetary.xml"
    )


def test_sample_feed_parses_to_releases_with_decisions() -> None:
    parsed = parse_feed(policy_feed_xml())
    assert parsed.skipped == []
    rows = {
        row["release_date"]: row
        for row in parsed.table.to_pylist()
        if row["release_kind"] == "statement"
    }
    assert parsed.table.num_rows == 10 and len(rows) == 8
    kinds = sorted(parsed.table.column("release_kind").to_pylist())
    assert kinds.count("minutes") == 1 and kinds.count("other_press_release") == 1
    sep = rows[date(2024, 9, 18)]
    assert (sep["decision"], sep["change_bp"]) == ("cut", -50)
    assert (sep["target_range_lower_pct"], sep["target_range_upper_pct"]) == (4.75, 5.0)
    assert sep["published_at"] == datetime(2024, 9, 18, 18, 0, tzinfo=UTC)
    assert sep["release_id"] == sep["guid"] == sep["link"]
    assert sep["categories"] == "Monetary Policy"
    # the 2024-12-18 description is HTML: the decision is read from its text
    assert rows[date(2024, 12, 18)]["decision"] == "cut"
    assert rows[date(2024, 12, 18)]["description"].startswith("<p>")
    # "-0500" offsets are read too: 14:00 EST is 19:00 UTC
    assert rows[date(2024, 11, 7)]["published_at"] == datetime(2024, 11, 7, 19, 0, tzinfo=UTC)
    # a description that is only the title states no decision: NULL, not a guess
    dec = rows[date(2023, 12, 13)]
    assert dec["decision"] is dec["change_bp"] is dec["target_range_lower_pct"] is None
    # an item without a guid is keyed on its link
    june = rows[date(2022, 6, 15)]
    assert june["guid"] is None and june["release_id"] == june["link"]
    # minutes never carry a decision, whatever their text
    minutes = next(r for r in parsed.table.to_pylist() if r["release_kind"] == "minutes")
    assert minutes["decision"] is None and minutes["release_date"] == date(2024, 8, 21)


def test_release_date_is_the_date_in_new_york() -> None:
    late = parse_published("Thu, 01 Feb 2024 02:30:00 GMT")  # 21:30 EST on January 31
    assert late is not None and release_date(late) == date(2024, 1, 31)
    summer = parse_published("Wed, 31 Jul 2024 18:00:00 GMT")
    assert summer is not None and release_date(summer) == date(2024, 7, 31)
    assert parse_published("2024-07-31T14:00:00-04:00") == datetime(2024, 7, 31, 18, tzinfo=UTC)
    assert parse_published("not a date") is None
    assert parse_published("") is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Federal Reserve issues FOMC statement", "statement"),
        ("FOMC statement", "statement"),
        ("Minutes of the Federal Open Market Committee, July 30-31, 2024", "minutes"),
        (
            "Federal Reserve issues FOMC statement of longer-run goals and policy strategy",
            "other_press_release",
        ),
        (
            "Minutes of the Board's discount rate meetings on July 22 and July 31, 2024",
            "other_press_release",
        ),
        (
            "Federal Reserve Board and Federal Open Market Committee release economic projections "
            "from the September 17-18 FOMC meeting",
            "other_press_release",
        ),
    ],
)
def test_classify_release(title: str, kind: str) -> None:
    assert classify_release(title) == kind


def test_items_without_identity_or_date_are_skipped_and_reported() -> None:
    body = _feed(
        _item("g1", "Wed, 18 Dec 2024 19:00:00 GMT"),
        _item(None, "Wed, 18 Dec 2024 19:00:00 GMT", link=None),
        _item("g2", None),
        _item("g1", "Wed, 18 Dec 2024 19:00:00 GMT"),
    )
    parsed = parse_feed(body)
    assert parsed.table.column("release_id").to_pylist() == ["g1"]
    assert parsed.skipped == [
        "item 2: no guid and no link",
        "item 3: g2: no readable pubDate",
        "item 4: repeats id g1",
    ]


def test_an_empty_feed_is_an_empty_table() -> None:
    parsed = parse_feed(_feed())
    assert parsed.table.num_rows == 0 and parsed.skipped == []


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Service Unavailable</body></html>",
        b'<?xml version="1.0"?><rss><channel><item><title>cut',  # truncated
        # an entity-expansion bomb: defusedxml refuses it instead of expanding it
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<rss><channel><title>&lol2;</title></channel></rss>",
        # an external entity (file read) is refused too
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><title>&x;</title></channel></rss>",
    ],
)
def test_what_is_not_a_safe_rss_feed_is_an_error(body: bytes) -> None:
    with pytest.raises(FeedParseError):
        parse_feed(body)


def test_html_to_text() -> None:
    markup = "<p>to <b>4</b>-1/4 to&nbsp;4-1/2 percent.</p><p>Voting</p>"
    assert html_to_text(markup) == "to 4-1/4 to 4-1/2 percent. Voting"
