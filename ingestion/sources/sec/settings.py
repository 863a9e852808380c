"""SEC EDGAR endpoints and constants. Base URLs are overridable via dlt config (`[sources.sec]`)."""

from __future__ import annotations

import os

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

UNIVERSES = {
    "mag7": ("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA"),
}
#: Universes resolved from a constituents file rather than a fixed list.
DYNAMIC_UNIVERSES = ("sp500",)

#: Parallel company extractions. Parsing is CPU-bound (DuckDB, GIL released), so more threads than
#: cores only raise memory; at least 2 keep a request in flight while another document parses.
DEFAULT_WORKERS = min(4, max(2, os.cpu_count() or 2))
