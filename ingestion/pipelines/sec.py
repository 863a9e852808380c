"""`ingest_sec`: ticker maps, filing index and XBRL company facts into `raw_sec` (one dlt run)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from ingestion.http import (
    HttpClient,
    HttpSettings,
    NotFoundError,
    http_settings_from,
    require_contact_user_agent,
)
from ingestion.replay import via_mirror
from ingestion.runner import run_pipeline
from ingestion.selection import Company, select_companies
from ingestion.sources.sec import SecEndpoints, SecRunReport, sec_source
from ingestion.sources.sec import settings as sec_settings
from ingestion.sources.sec.helpers import parse_sp500_csv, parse_ticker_maps
from ingestion.sources.sec.settings import SecConfig, sec_config

log = logging.getLogger(__name__)


def sec_endpoints(config: SecConfig, mirror: str | None) -> SecEndpoints:
    """Configured base URLs, or the same URLs routed through a mirror."""
    return SecEndpoints(
        data_base_url=via_mirror(mirror, config.data_base_url),
        www_base_url=via_mirror(mirror, config.www_base_url),
        sp500_csv_url=via_mirror(mirror, config.sp500_csv_url),
    )


def sec_http_settings(config: SecConfig, endpoints: SecEndpoints) -> HttpSettings:
    """HTTP settings for SEC hosts; live SEC refuses to start without a contact User-Agent."""
    user_agent = require_contact_user_agent(config.user_agent) if _is_live_sec(endpoints) else None
    return http_settings_from(config, user_agent=user_agent)


def _is_live_sec(endpoints: SecEndpoints) -> bool:
    hosts = {urlsplit(u).hostname or "" for u in (endpoints.data_base_url, endpoints.www_base_url)}
    return any(
        h == sec_settings.SEC_HOST_SUFFIX or h.endswith("." + sec_settings.SEC_HOST_SUFFIX)
        for h in hosts
    )


def ingest_sec(
    db_path: Path,
    *,
    tickers: Sequence[str] | None = None,
    universe: str | None = None,
    mirror: str | None = None,
    workers: int | None = None,
    progress: bool = True,
    run_id: str | None = None,
    config: SecConfig | None = None,
) -> SecRunReport:
    """Resolve the selection, then extract and load `raw_sec` in one dlt run.

    The selection is resolved before anything is written, so an unknown ticker loads nothing.
    """
    config = config or sec_config()
    endpoints = sec_endpoints(config, mirror)
    http_settings = sec_http_settings(config, endpoints)
    report = SecRunReport()
    with HttpClient(http_settings, run_id=run_id, mirror=mirror) as client:
        ticker_rows = parse_ticker_maps(
            client.get_json(endpoints.tickers_url),
            _optional_json(client, endpoints.tickers_exchange_url, report),
        )
        sp500_rows = _sp500_rows(
            client, endpoints.sp500_csv_url, report, required=universe == "sp500"
        )
        companies = select_companies(ticker_rows, tickers, universe, sp500_rows)
        report.companies = len(companies)
        log.info("selected %d companies: %s", len(companies), _preview(companies))
        source = sec_source(
            companies=companies,
            ticker_rows=ticker_rows,
            sp500_rows=sp500_rows,
            client=client,
            endpoints=endpoints,
            report=report,
            workers=workers or config.workers,
            progress=progress,
            conditional_requests=config.conditional_requests,
        )
        run_pipeline("finloom_sec", "raw_sec", db_path, source)
    return report


def _optional_json(client: HttpClient, url: str, report: SecRunReport) -> object | None:
    try:
        body: object = client.get_json(url)
    except NotFoundError as exc:
        report.gaps.append(f"ticker exchange file: {exc}")
        return None
    return body


def _sp500_rows(
    client: HttpClient, url: str, report: SecRunReport, required: bool
) -> list[dict[str, object]]:
    try:
        return parse_sp500_csv(client.get_bytes(url))
    except NotFoundError as exc:
        if required:
            raise
        report.gaps.append(f"S&P 500 constituents: {exc}")
        return []


def _preview(companies: Sequence[Company], limit: int = 10) -> str:
    names = [c.ticker for c in companies[:limit]]
    more = f" (+{len(companies) - limit} more)" if len(companies) > limit else ""
    return ", ".join(names) + more
