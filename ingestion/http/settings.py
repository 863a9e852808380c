"""HTTP settings and the live-SEC User-Agent check."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import TypeVar

from dlt.common.configuration import configspec, resolve_configuration
from dlt.common.configuration.specs import BaseConfiguration

from ingestion.http.errors import ConfigError

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

UA_HELP = (
    "SEC requires a User-Agent with a contact e-mail. "
    'Set it with SOURCES__SEC__USER_AGENT="Your Name your.email@example.com" '
    "or [sources.sec] user_agent in .dlt/config.toml"
)


@dataclass(frozen=True)
class HttpSettings:
    """Politeness and resilience knobs of one `HttpClient`; defaults suit SEC (≤ 10 req/s)."""

    user_agent: str = "FinLoom/0.1 (+https://github.com/finloom)"
    requests_per_second: float = 8.0  # per host (SEC: one budget), shared by every client
    max_attempts: int = 6
    backoff_base: float = 0.5  # seconds, exponential with full jitter
    backoff_max: float = 60.0
    retry_after_max: float = 120.0
    throttle_backoff: float = 10.0  # SEC 403 "Request Rate Threshold Exceeded"
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    breaker_fail_max: int = 8  # consecutive failed attempts per host
    breaker_reset_timeout: float = 30.0
    max_connections: int = 16

    def __post_init__(self) -> None:
        if self.requests_per_second <= 0:
            raise ConfigError(f"requests_per_second must be > 0, got {self.requests_per_second}")
        if self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be >= 1, got {self.max_attempts}")
        if self.breaker_fail_max < 1:
            raise ConfigError(f"breaker_fail_max must be >= 1, got {self.breaker_fail_max}")
        if self.max_connections < 1:
            raise ConfigError(f"max_connections must be >= 1, got {self.max_connections}")


@configspec
class HttpSourceConfig(BaseConfiguration):
    """The HTTP knobs every source's dlt config exposes (`[sources.<name>]`); sources subclass it,
    add their own settings and override defaults (e.g. their `requests_per_second`)."""

    user_agent: str | None = None
    requests_per_second: float = 8.0
    max_attempts: int = 6
    backoff_base: float = 0.5
    connect_timeout: float = 5.0
    read_timeout: float = 30.0


#: a source's config spec: usually an `HttpSourceConfig`; a source riding another's HTTP client
#: (filings uses the SEC's) declares only its own settings
TSourceConfig = TypeVar("TSourceConfig", bound=BaseConfiguration)


def source_config(spec: type[TSourceConfig], source: str) -> TSourceConfig:
    """A source's settings, resolved by dlt from `[sources.<source>]`: env vars
    (`SOURCES__<SOURCE>__<KEY>`), then `.dlt/secrets.toml` and `.dlt/config.toml`.

    The one way every pipeline reads the settings it needs before its source runs (HTTP knobs,
    base URLs to route through a mirror, provider keys); knobs only the source itself uses are
    injected into the `@dlt.source` function's own parameters, under the same section.
    """
    return resolve_configuration(spec(), sections=("sources", source))


def http_settings_from(source_config: object, *, user_agent: str | None = None) -> HttpSettings:
    """`HttpSettings` from a source's dlt config: every field the config also has is copied.

    Sources declare the knobs they expose (`requests_per_second`, `max_attempts`, timeouts, …)
    under the same names; the rest keep their defaults. `user_agent` overrides the config's, and
    an unset one falls back to the default FinLoom User-Agent.
    """
    values = {
        f.name: getattr(source_config, f.name)
        for f in fields(HttpSettings)
        if getattr(source_config, f.name, None) not in (None, "")
    }
    if user_agent is not None:
        values["user_agent"] = user_agent
    return HttpSettings(**values)


def require_contact_user_agent(user_agent: str | None) -> str:
    """Return the stripped User-Agent, or raise `ConfigError` unless it contains a contact e-mail.

    SEC's fair-access policy blocks undeclared tools; failing before the first request is kinder.
    """
    cleaned = (user_agent or "").strip()
    if not _EMAIL.search(cleaned):
        shown = f" (got {cleaned!r})" if cleaned else ""
        raise ConfigError(f"{UA_HELP}{shown}")
    return cleaned
