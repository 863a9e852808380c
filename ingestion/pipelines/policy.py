"""`ingest_policy`: read the Fed monetary-policy press-release feed into `raw_policy` (no dbt).

Built like `ingest_macro` from the shared plumbing in `ingestion.runner` (`run_pipeline`) and
`ingestion.http` (`http_settings_from`).
"""

from __future__ import annotations

from pathlib import Path

from ingestion.http import HttpClient, http_settings_from, source_config
from ingestion.replay import via_mirror
from ingestion.runner import run_pipeline
from ingestion.sources.policy import PolicyRunReport, policy_source
from ingestion.sources.policy.settings import PolicyConfig


def ingest_policy(
    db_path: Path,
    *,
    mirror: str | None = None,
    run_id: str | None = None,
    config: PolicyConfig | None = None,
) -> PolicyRunReport:
    """Extract and load `raw_policy.press_releases` from the configured feed (one request)."""
    config = config or source_config(PolicyConfig, "policy")
    feed_url = via_mirror(mirror, config.feed_url)
    report = PolicyRunReport(feed_url=feed_url)
    with HttpClient(http_settings_from(config), run_id=run_id, mirror=mirror) as client:
        source = policy_source(client=client, feed_url=feed_url, report=report)
        run_pipeline("finloom_policy", "raw_policy", db_path, source)
    return report


def describe(report: PolicyRunReport) -> str:
    """One line for the CLI: releases by kind and the decisions read from statements."""
    kinds = ", ".join(f"{count} {kind}" for kind, count in report.kinds.items()) or "none"
    unchanged = f"; {report.unchanged} unchanged, not loaded again" if report.unchanged else ""
    return (
        f"policy: {report.releases} press releases ({kinds}), "
        f"{report.decisions} rate decisions read from statements{unchanged}"
    )
