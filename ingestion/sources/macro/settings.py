"""FRED endpoints, constants and `[sources.macro]` settings (dlt config; key from dlt secrets)."""

from __future__ import annotations

from dlt.common.configuration import configspec

from ingestion.http.settings import HttpSourceConfig

#: FRED API (JSON): `/fred/series/observations?series_id=<ID>&file_type=json&api_key=...`
API_BASE_URL = "https://api.stlouisfed.org"
OBSERVATIONS_PATH = "/fred/series/observations"

#: Key-less CSV download used when no API key is configured: `/graph/fredgraph.csv?id=<ID>`
CSV_BASE_URL = "https://fred.stlouisfed.org"
CSV_PATH = "/graph/fredgraph.csv"

#: First observation date asked for a series with nothing loaded yet (FRED's own default is
#: 1776-07-04; every series in the seed starts later than this).
DEFAULT_START_DATE = "1900-01-01"

#: Days before the last loaded observation each run reads again, so that FRED's revisions of
#: recent values (payrolls for two months, GDP's advance, second and third estimates) are seen
#: and kept as vintages (decision 041); annual and benchmark revisions reach further back.
DEFAULT_REVISION_LOOKBACK_DAYS = 90

#: FRED allows 120 requests per minute per key; stay under it.
DEFAULT_REQUESTS_PER_SECOND = 1.5

#: Values FRED writes for "no observation": "." in the API's JSON, an empty cell in the CSV.
MISSING_VALUES = frozenset({"", "."})


@configspec
class MacroConfig(HttpSourceConfig):
    """`[sources.macro]` settings the pipeline needs (env vars like
    SOURCES__MACRO__REQUESTS_PER_SECOND override). `fred_api_key` (a dlt secret), `start_date`
    and `revision_lookback_days` are injected into the source under the same section.
    """

    api_base_url: str = API_BASE_URL
    csv_base_url: str = CSV_BASE_URL
    requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND
    read_timeout: float = 60.0
