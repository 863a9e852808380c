"""Yahoo Finance v8 chart endpoint and constants; overridable in dlt config `[sources.market]`."""

from __future__ import annotations

from dlt.common.configuration import configspec

from ingestion.http.settings import HttpSourceConfig

BASE_URL = "https://query2.finance.yahoo.com"
CHART_PATH = "/v8/finance/chart/{symbol}"

#: First date requested for a symbol that has no bars loaded yet.
DEFAULT_START_DATE = "2000-01-01"

#: Yahoo has no published limit; a few requests per second stays well clear of its throttling.
DEFAULT_REQUESTS_PER_SECOND = 4.0

#: Query parameters besides period1/period2: daily bars with dividend and split events.
CHART_PARAMS = {"interval": "1d", "events": "div,splits"}

#: Earliest UTC offset of any time zone (UTC+14): before the exchange's zone is known, a start
#: date's midnight is taken this early, so no bar of that local date is cut off.
MAX_UTC_OFFSET_HOURS = 14


@configspec
class MarketConfig(HttpSourceConfig):
    """`[sources.market]` settings the pipeline needs (env vars like
    SOURCES__MARKET__REQUESTS_PER_SECOND override); `start_date` is injected into the source."""

    base_url: str = BASE_URL
    requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND
