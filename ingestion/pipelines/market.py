"""`ingest_market`: Yahoo daily bars, dividends and splits into `raw_market` (one dlt run)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ingestion.http import HttpClient, http_settings_from, source_config
from ingestion.replay import via_mirror
from ingestion.runner import run_pipeline
from ingestion.sources.market import MarketRunReport, market_source, select_symbols
from ingestion.sources.market.settings import MarketConfig


def ingest_market(
    db_path: Path,
    *,
    tickers: Sequence[str] | None = None,
    universe: str | None = None,
    mirror: str | None = None,
    run_id: str | None = None,
    config: MarketConfig | None = None,
    now: float | None = None,
) -> MarketRunReport:
    """Extract and load `raw_market` (Yahoo chart API) for the selected symbols in one dlt run.

    Incremental per symbol: only dates after the last loaded bar are requested (state in dlt).
    """
    config = config or source_config(MarketConfig, "market")
    symbols = select_symbols(tickers, universe)
    base_url = via_mirror(mirror, config.base_url)
    http_settings = http_settings_from(config)
    report = MarketRunReport()
    with HttpClient(http_settings, run_id=run_id, mirror=mirror) as client:
        source = market_source(
            symbols=symbols,
            client=client,
            base_url=base_url,
            report=report,
            now=now,
        )
        run_pipeline("finloom_market", "raw_market", db_path, source)
    return report
