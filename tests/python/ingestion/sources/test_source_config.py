"""Settings come from dlt under `sources.<name>.<key>`: the pipelines' settings through
`source_config`, the sources' own knobs injected into the `@dlt.source` functions. The env var
names below are the documented ones; they must keep working exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import dlt
import pytest

from ingestion.http import source_config
from ingestion.sources.macro import MacroRunReport, macro_source
from ingestion.sources.market.settings import MarketConfig
from ingestion.sources.news import news_source
from ingestion.sources.news.helpers import ParsedNews
from ingestion.sources.news.providers import NewsProvider
from ingestion.sources.sec.settings import SecConfig

NOW = datetime(2025, 3, 10, 12, tzinfo=UTC)


def test_pipeline_settings_resolve_from_sources_section(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCES__SEC__USER_AGENT", "Jane Doe jane@example.com")
    monkeypatch.setenv("SOURCES__SEC__REQUESTS_PER_SECOND", "2.5")
    monkeypatch.setenv("SOURCES__MARKET__BASE_URL", "http://127.0.0.1:1/yahoo")
    sec = source_config(SecConfig, "sec")
    assert sec.user_agent == "Jane Doe jane@example.com"
    assert sec.requests_per_second == 2.5
    assert sec.www_base_url == "https://www.sec.gov"  # unset: the default
    assert source_config(MarketConfig, "market").base_url == "http://127.0.0.1:1/yahoo"


def test_sec_conditional_requests_default_on_and_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCES__SEC__CONDITIONAL_REQUESTS", raising=False)
    assert source_config(SecConfig, "sec").conditional_requests is True
    monkeypatch.setenv("SOURCES__SEC__CONDITIONAL_REQUESTS", "false")
    assert source_config(SecConfig, "sec").conditional_requests is False


def test_fred_api_key_is_injected_from_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCES__MACRO__FRED_API_KEY", raising=False)
    keyless = MacroRunReport()
    macro_source(["GDP"], client=None, report=keyless)  # type: ignore[arg-type]
    assert keyless.mode == "csv"

    monkeypatch.setenv("SOURCES__MACRO__FRED_API_KEY", "abc")
    keyed = MacroRunReport()
    macro_source(["GDP"], client=None, report=keyed)  # type: ignore[arg-type]
    assert keyed.mode == "api"


def test_news_windows_are_injected(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asked: list[datetime] = []

    def fetch(ticker: str, since: datetime) -> ParsedNews:
        asked.append(since)
        return ParsedNews([])

    monkeypatch.setenv("SOURCES__NEWS__FIRST_LOAD_DAYS", "3")
    source = news_source(["AAPL"], [NewsProvider("fake", fetch)], now=lambda: NOW)
    pipeline: Any = dlt.pipeline(
        pipeline_name="news_config_test",
        destination=dlt.destinations.duckdb(str(tmp_path / "news.duckdb")),
        pipelines_dir=str(tmp_path / "pipelines"),
    )
    pipeline.extract(source)
    assert asked == [NOW - timedelta(days=3)]
