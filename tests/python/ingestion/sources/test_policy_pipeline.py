"""The policy source end to end on the recorded-shape fixture feed through a replay server: one
request per run, idempotent merges, a configurable feed URL, then the dbt mart — and the mart on
a warehouse where the feed was never loaded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dev.demo.policy_feed import policy_feed_xml
from ingestion.http import reset_host_state
from ingestion.pipelines.policy import describe, ingest_policy
from ingestion.replay import ReplayServer
from ingestion.runner import PipelineError

from ...support.dbt import dbt_select
from ...support.faults import FaultInjectingServer

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "policy"
FEED_PATH = "/www.federalreserve.gov/feeds/press_monetary.xml"
MEETINGS = sum(1 for _ in (FIXTURES.parents[3] / "seeds" / "fomc_meetings.csv").open()) - 1


@pytest.fixture(autouse=True)
def _fresh_hosts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCES__POLICY__REQUESTS_PER_SECOND", "50")
    monkeypatch.setenv("SOURCES__POLICY__BACKOFF_BASE", "0.05")
    monkeypatch.delenv("SOURCES__POLICY__FEED_URL", raising=False)
    reset_host_state()
    yield
    reset_host_state()


def _snapshot(db: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select * exclude (_dlt_load_id) from raw_policy.press_releases order by release_id"
        ).fetchall()


def _load_ids(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select release_id, _dlt_load_id from raw_policy.press_releases order by 1"
        ).fetchall()


def _build(db: Path, tmp_path: Path) -> None:
    outcome = dbt_select(db, tmp_path, ["+fct_policy_events"])
    assert outcome.success, outcome.failures


def test_feed_loads_idempotently_and_builds_the_mart(tmp_path: Path) -> None:
    db = tmp_path / "policy.duckdb"
    with ReplayServer(FIXTURES) as replay, FaultInjectingServer(upstream=replay.url) as proxy:
        first = ingest_policy(db, mirror=proxy.url)
        assert [r.path for r in proxy.recorded()] == [FEED_PATH]
        loaded = _snapshot(db)
        first_load_ids = _load_ids(db)
        proxy.clear()
        second = ingest_policy(db, mirror=proxy.url)
        assert [r.path for r in proxy.recorded()] == [FEED_PATH]
    assert first.releases == second.releases == len(loaded) == 10
    assert (first.statements, first.decisions, first.gaps) == (8, 7, [])
    assert describe(first) == (
        "policy: 10 press releases (1 minutes, 1 other_press_release, 8 statement), "
        "7 rate decisions read from statements"
    )
    assert _snapshot(db) == loaded  # a second load of the same feed changes nothing
    assert (first.unchanged, second.unchanged) == (0, 10)  # ... and loads nothing
    assert describe(second).endswith("; 10 unchanged, not loaded again")
    assert _load_ids(db) == first_load_ids

    _build(db, tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        counts = dict(
            con.execute(
                "select event_kind, count(*) from marts.fct_policy_events group by 1"
            ).fetchall()
        )
        statements = {
            row[0]: row[1:]
            for row in con.execute(
                "select event_date, decision, change_bp, target_range_lower_pct, "
                "target_range_upper_pct, decision_source, meeting_date "
                "from marts.fct_policy_events where event_kind = 'statement'"
            ).fetchall()
        }
        march_2020 = con.execute(
            "select event_date, event_kind, decision, change_bp, target_range_upper_pct "
            "from marts.fct_policy_events where event_date between date '2020-03-01' "
            "and date '2020-03-31' order by event_date"
        ).fetchall()
    assert counts == {
        "scheduled_meeting": MEETINGS - 2,
        "unscheduled_meeting": 2,
        "statement": 8,
        "minutes": 1,
        "other_press_release": 1,
    }
    # stated in the text: the decision, size and range
    assert statements[date(2024, 9, 18)] == (
        "cut",
        -50,
        4.75,
        5.0,
        "statement_text",
        date(2024, 9, 18),
    )
    # the text states the hike and the range but not the size: the seed's meeting gives 75 bp
    assert statements[date(2022, 6, 15)] == (
        "hike",
        75,
        1.5,
        1.75,
        "statement_text",
        date(2022, 6, 15),
    )
    # the description is only the title: everything comes from the seed
    assert statements[date(2023, 12, 13)] == (
        "hold",
        0,
        5.25,
        5.5,
        "fomc_meetings_seed",
        date(2023, 12, 13),
    )
    assert march_2020 == [
        (date(2020, 3, 3), "unscheduled_meeting", "cut", -50, 1.25),
        (date(2020, 3, 15), "unscheduled_meeting", "cut", -100, 0.25),
    ]


def test_feed_url_is_configurable_and_merges_on_release_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "policy.duckdb"
    with ReplayServer(FIXTURES) as replay:
        ingest_policy(db, mirror=replay.url)
    before = {row[0]: row for row in _snapshot(db)}

    # a later feed at another URL: the oldest item has dropped off, a new statement arrived
    text = policy_feed_xml().decode()
    oldest = text.index(
        "  <item>\n    <title>Federal Reserve issues FOMC statement</title>\n"
        "    <link>https://www.federalreserve.gov/newsevents/pressreleases/monetary20220316a"
    )
    newer = (
        "  <item>\n    <title>Federal Reserve issues FOMC statement</title>\n"
        "    <link>https://www.federalreserve.gov/newsevents/pressreleases/monetary20250129a.htm</link>\n"
        "    <guid>https://www.federalreserve.gov/newsevents/pressreleases/monetary20250129a.htm</guid>\n"
        "    <description>In support of its goals, the Committee decided to maintain the target "
        "range for the federal funds rate at 4-1/4 to 4-1/2 percent.</description>\n"
        "    <pubDate>Wed, 29 Jan 2025 19:00:00 GMT</pubDate>\n  </item>\n"
    )
    first_item = text.index("  <item>")
    later = text[:first_item] + newer + text[first_item:oldest] + "</channel>\n</rss>\n"
    mirror = tmp_path / "mirror"
    (mirror / "feeds.example.org" / "fed").mkdir(parents=True)
    (mirror / "feeds.example.org" / "fed" / "monetary.xml").write_text(later)
    monkeypatch.setenv("SOURCES__POLICY__FEED_URL", "https://feeds.example.org/fed/monetary.xml")
    with ReplayServer(mirror) as replay:
        report = ingest_policy(db, mirror=replay.url)
    assert report.feed_url.endswith("/feeds.example.org/fed/monetary.xml")
    after = {row[0]: row for row in _snapshot(db)}
    assert report.releases == 10 and len(after) == 11
    assert set(before) < set(after)  # the dropped item stays loaded
    assert all(after[key] == row for key, row in before.items())
    new = after["https://www.federalreserve.gov/newsevents/pressreleases/monetary20250129a.htm"]
    assert new[7:10] == (date(2025, 1, 29), "statement", "hold")


def test_mart_builds_when_the_feed_was_never_loaded(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    _build(db, tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        kinds = con.execute(
            "select event_kind, count(*) from marts.fct_policy_events group by 1 order by 1"
        ).fetchall()
    assert kinds == [("scheduled_meeting", MEETINGS - 2), ("unscheduled_meeting", 2)]


def test_a_body_that_is_not_a_feed_fails_the_run_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCES__POLICY__MAX_ATTEMPTS", "2")
    feed = tmp_path / "mirror" / "www.federalreserve.gov" / "feeds" / "press_monetary.xml"
    feed.parent.mkdir(parents=True)
    feed.write_bytes(b"<html><body>Service Unavailable</body></html>")
    with ReplayServer(tmp_path / "mirror") as replay, pytest.raises(PipelineError) as failure:
        ingest_policy(tmp_path / "policy.duckdb", mirror=replay.url)
    message = str(failure.value)
    assert "\n" not in message and "expected <rss><channel>, got <html>" in message


def test_a_missing_feed_is_a_gap_and_loads_nothing(tmp_path: Path) -> None:
    """A mirror without the feed (the real-data corpus has none) is a reported gap, not a failed
    run: every other source of the run still loads."""
    (tmp_path / "mirror").mkdir()
    db = tmp_path / "policy.duckdb"
    with ReplayServer(tmp_path / "mirror") as replay:
        report = ingest_policy(db, mirror=replay.url)
    assert report.releases == 0
    assert len(report.gaps) == 1, report.gaps
    assert report.gaps[0].startswith("policy feed: HTTP 404 Not Found for GET http://127.0.0.1:")
    assert report.gaps[0].endswith("/www.federalreserve.gov/feeds/press_monetary.xml")
