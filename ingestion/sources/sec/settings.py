"""SEC EDGAR endpoints and constants. Base URLs are overridable via dlt config (`[sources.sec]`)."""

from __future__ import annotations

import os

from dlt.common.configuration import configspec

from ingestion.http.settings import HttpSourceConfig, source_config

DATA_BASE_URL = "https://data.sec.gov"
WWW_BASE_URL = "https://www.sec.gov"
SP500_CSV_URL = (
    "https://raw.githubusercontent.com/datasets/s-and-p-500-companies/main/data/constituents.csv"
)

TICKERS_PATH = "/files/company_tickers.json"
TICKERS_EXCHANGE_PATH = "/files/company_tickers_exchange.json"
SUBMISSIONS_PATH = "/submissions/CIK{cik:010d}.json"
SUBMISSIONS_PAGE_PATH = "/submissions/{name}"
COMPANY_FACTS_PATH = "/api/xbrl/companyfacts/CIK{cik:010d}.json"

#: Hosts for which the SEC's fair-access policy (contact User-Agent, <= 10 req/s) applies.
SEC_HOST_SUFFIX = "sec.gov"

#: Parallel company extractions. Parsing is CPU-bound (DuckDB, GIL released), so more threads than
#: cores only raise memory; at least 2 keep a request in flight while another document parses.
DEFAULT_WORKERS = min(4, max(2, os.cpu_count() or 2))


@configspec
class SecConfig(HttpSourceConfig):
    """`[sources.sec]` settings; env vars like SOURCES__SEC__USER_AGENT override."""

    data_base_url: str = DATA_BASE_URL
    www_base_url: str = WWW_BASE_URL
    sp500_csv_url: str = SP500_CSV_URL
    requests_per_second: float = 8.0
    workers: int = DEFAULT_WORKERS
    throttle_backoff: float = 10.0
    #: company facts and submissions unchanged since their last load are not loaded again
    #: (decision 028); false fetches and loads every company in full
    conditional_requests: bool = True


def sec_config() -> SecConfig:
    """`[sources.sec]`, as every pipeline resolves its settings (the filings pipeline and the
    benchmark read the same section)."""
    return source_config(SecConfig, "sec")
