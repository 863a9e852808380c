"""Fed press-release feed URL, constants and `[sources.policy]` settings (dlt config)."""

from __future__ import annotations

from dlt.common.configuration import configspec

from ingestion.http.settings import HttpSourceConfig

#: The Board's RSS 2.0 feed of monetary-policy press releases (statements, minutes, notes).
FEED_URL = "https://www.federalreserve.gov/feeds/press_monetary.xml"

#: The Fed publishes at 2:00 p.m. Eastern; a release's date is its date in this zone.
RELEASE_TIME_ZONE = "America/New_York"

#: One small document per run; a polite rate is plenty.
DEFAULT_REQUESTS_PER_SECOND = 1.0


@configspec
class PolicyConfig(HttpSourceConfig):
    """`[sources.policy]` settings; env vars like SOURCES__POLICY__FEED_URL override."""

    feed_url: str = FEED_URL
    requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND
