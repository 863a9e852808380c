"""Shared resilient HTTP for every source: per-host rate limit, retries, circuit breaker, logs.

```python
with HttpClient(HttpSettings(user_agent=ua)) as http:
    facts = http.get_json("https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json")
```
"""

from ingestion.http.client import (
    Conditional,
    HttpClient,
    Validators,
    parse_retry_after,
    redact_url,
)
from ingestion.http.errors import (
    CircuitOpenError,
    ClientError,
    ConfigError,
    HttpError,
    InvalidResponseError,
    NotFoundError,
    RetriesExhaustedError,
)
from ingestion.http.hosts import reset_host_state
from ingestion.http.settings import (
    HttpSettings,
    HttpSourceConfig,
    http_settings_from,
    require_contact_user_agent,
    source_config,
)

__all__ = [
    "CircuitOpenError",
    "ClientError",
    "Conditional",
    "ConfigError",
    "HttpClient",
    "HttpError",
    "HttpSettings",
    "HttpSourceConfig",
    "InvalidResponseError",
    "NotFoundError",
    "RetriesExhaustedError",
    "Validators",
    "http_settings_from",
    "parse_retry_after",
    "redact_url",
    "require_contact_user_agent",
    "reset_host_state",
    "source_config",
]
