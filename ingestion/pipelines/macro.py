"""`ingest_macro`: extract FRED observations and load `raw_macro` in one dlt run (no dbt).

Built like `ingest_market` from the shared plumbing in `ingestion.runner` (`run_pipeline`,
`mirror_base`) and `ingestion.http` (`http_settings_from`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from ingestion.http import HttpClient, http_settings_from, source_config
from ingestion.replay import via_mirror
from ingestion.runner import run_pipeline
from ingestion.sources.macro import MacroRunReport, macro_source, select_series
from ingestion.sources.macro.settings import MacroConfig


def ingest_macro(
    db_path: Path,
    *,
    series: Sequence[str] | None = None,
    mirror: str | None = None,
    run_id: str | None = None,
    config: MacroConfig | None = None,
    now: Callable[[], datetime] | None = None,
) -> MacroRunReport:
    """Extract and load `raw_macro` for the selected series (default: seeds/macro_series.csv).

    Incremental per series by observation date (state in dlt); a value that changed since it
    was loaded is added as a vintage stamped `now()` (UTC; decision 041).
    """
    config = config or source_config(MacroConfig, "macro")
    selected = select_series(series)
    api_base = via_mirror(mirror, config.api_base_url)
    csv_base = via_mirror(mirror, config.csv_base_url)
    http_settings = http_settings_from(config)
    report = MacroRunReport()
    with HttpClient(http_settings, run_id=run_id, mirror=mirror) as client:
        source = macro_source(
            series=selected,
            client=client,
            api_base_url=api_base,
            csv_base_url=csv_base,
            report=report,
            now=now,
        )
        run_pipeline("finloom_macro", "raw_macro", db_path, source)
    return report
