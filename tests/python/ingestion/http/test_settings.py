"""Pure helpers: the SEC User-Agent check, Retry-After parsing, URL redaction, settings."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from ingestion.http import (
    ConfigError,
    HttpClient,
    HttpError,
    HttpSettings,
    parse_retry_after,
    redact_url,
    require_contact_user_agent,
)


def test_user_agent_with_contact_email_is_accepted() -> None:
    assert require_contact_user_agent("Jane Doe jane@example.com") == "Jane Doe jane@example.com"
    assert require_contact_user_agent("  Acme Research ops@acme.co.uk ") == (
        "Acme Research ops@acme.co.uk"
    )


@pytest.mark.parametrize("user_agent", ["FinLoom", None, "", HttpSettings().user_agent, "a@b"])
def test_user_agent_without_contact_email_is_rejected(user_agent: str | None) -> None:
    with pytest.raises(ConfigError) as caught:
        require_contact_user_agent(user_agent)
    message = str(caught.value)
    assert message.startswith("SEC requires a User-Agent with a contact e-mail.")
    assert 'SOURCES__SEC__USER_AGENT="Your Name your.email@example.com"' in message
    assert "[sources.sec] user_agent in .dlt/config.toml" in message


def test_retry_after_parsing() -> None:
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(" 7 ") == 7.0
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    in_a_minute = parse_retry_after(formatdate(time.time() + 60, usegmt=True))
    assert in_a_minute is not None and 58 <= in_a_minute <= 60
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_secret_query_parameters_are_redacted() -> None:
    url = "https://api.stlouisfed.org/fred/series/observations?series_id=GDP&api_key=abc&file_type=json"
    assert redact_url(url) == (
        "https://api.stlouisfed.org/fred/series/observations?series_id=GDP&api_key=***&file_type=json"
    )
    assert redact_url("https://data.sec.gov/x.json") == "https://data.sec.gov/x.json"


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ConfigError):
        HttpSettings(requests_per_second=0)
    with pytest.raises(ConfigError):
        HttpSettings(max_attempts=0)


def test_an_invalid_url_is_an_http_error() -> None:
    with HttpClient() as client, pytest.raises(HttpError, match="invalid URL"):
        client.get("data.sec.gov/no-scheme")
