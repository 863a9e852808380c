"""Federal Reserve monetary-policy press releases: one `press_releases` table, merged on release_id.

Loads into dataset `raw_policy` (contract: docs/raw_policy.md). The source reads one RSS 2.0
document (configurable URL, default the Board's `press_monetary.xml`): the feed holds the latest
releases only, so every run reads it whole and merges each item on its id — a release seen again
unchanged is not loaded again (a hash per release id in the resource state), a changed one
overwrites itself, one that dropped off the feed stays loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from ingestion.http import HttpClient, NotFoundError
from ingestion.sources.cursors import KeyedCursors, content_hash
from ingestion.sources.policy import settings
from ingestion.sources.policy.helpers import STATEMENT, ParsedFeed, parse_feed


@dataclass
class PolicyRunReport:
    """What a run read: the feed URL, its releases by kind, decisions found, items skipped."""

    feed_url: str = settings.FEED_URL
    releases: int = 0
    statements: int = 0
    decisions: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    #: releases read again exactly as loaded before (not loaded again)
    unchanged: int = 0


@dlt.source(name="policy", section="policy", max_table_nesting=0)
def policy_source(
    client: HttpClient, feed_url: str = settings.FEED_URL, report: PolicyRunReport | None = None
) -> DltResource:
    """The feed's releases (client and report are passed in, like the other sources)."""
    return _press_releases_resource(client, feed_url, report or PolicyRunReport())


def _press_releases_resource(
    client: HttpClient, feed_url: str, report: PolicyRunReport
) -> DltResource:
    def rows() -> Iterator[pa.Table]:
        report.feed_url = feed_url
        try:
            parsed: ParsedFeed = client.get_parsed(feed_url, parse_feed)
        except NotFoundError as exc:  # a gap, like a missing series or document: the run goes on
            report.gaps.append(f"policy feed: {exc}")
            return
        report.gaps.extend(f"policy feed {gap}" for gap in parsed.skipped)
        table = parsed.table
        report.releases = table.num_rows
        kinds = table.column("release_kind").to_pylist()
        report.kinds = {kind: kinds.count(kind) for kind in sorted(set(kinds))}
        report.statements = report.kinds.get(STATEMENT, 0)
        report.decisions = table.num_rows - table.column("decision").null_count
        # the feed repeats its latest releases on every read: load only new or changed ones
        seen = KeyedCursors("releases")
        digests = [content_hash(row) for row in table.to_pylist()]
        ids = table.column("release_id").to_pylist()
        fresh = [
            i
            for i, (rid, sha) in enumerate(zip(ids, digests, strict=True))
            if seen.get(rid).get("sha256") != sha
        ]
        report.unchanged = table.num_rows - len(fresh)
        if fresh:
            yield table.take(fresh)
        for i in fresh:
            seen.set(ids[i], {"sha256": digests[i]})

    return dlt.resource(
        rows,
        name="press_releases",
        write_disposition="merge",
        primary_key="release_id",
    )
