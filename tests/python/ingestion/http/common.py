"""Settings and bodies shared by the HTTP tests: tiny back-offs keep the module fast."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ingestion.http import HttpSettings

FAST = HttpSettings(
    user_agent="FinLoom-tests test@example.com",
    requests_per_second=1000.0,  # effectively unlimited; the rate tests set their own
    max_attempts=4,
    backoff_base=0.01,
    backoff_max=0.05,
    retry_after_max=5.0,
    throttle_backoff=0.3,
    connect_timeout=1.0,
    read_timeout=0.5,
    breaker_fail_max=50,
    breaker_reset_timeout=0.5,
)

COMPANY: dict[str, Any] = {
    "cik": 320193,
    "entityName": "Apple Inc.",
    "facts": {"dei": {"EntityCommonStockSharesOutstanding": {"units": {"shares": [1, 2, 3]}}}},
}
FACTS_PATH = "/data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json"


def fast(**changes: Any) -> HttpSettings:
    """FAST with some fields changed."""
    return replace(FAST, **changes)
