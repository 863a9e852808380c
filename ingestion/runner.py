"""Orchestration: extract + load a source with dlt, then `dbt build` — always in that order.

DuckDB allows one writer, so dlt finishes (and releases the file) before dbt starts.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import dlt
from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials
from dlt.pipeline.exceptions import PipelineStepFailed

from ingestion.config import (
    PROJECT_ROOT,
    MarketConfig,
    SecConfig,
    duckdb_memory_limit,
    market_config,
    pipelines_dir,
    sec_config,
)
from ingestion.http import (
    HttpClient,
    HttpSettings,
    NotFoundError,
    http_settings_from,
    require_contact_user_agent,
)
from ingestion.replay import ReplayServer, via_mirror
from ingestion.sources.market import MarketRunReport, market_source, select_symbols
from ingestion.sources.sec import (
    Company,
    SecEndpoints,
    SecRunReport,
    sec_source,
    select_companies,
)
from ingestion.sources.sec import settings as sec_settings
from ingestion.sources.sec.helpers import parse_sp500_csv, parse_ticker_maps

log = logging.getLogger(__name__)


class PipelineError(RuntimeError):
    """A run failed; the message is one readable line naming the cause."""


@contextmanager
def mirror_base(mirror: str | None) -> Iterator[str | None]:
    """`--mirror DIR`: serve DIR in-process on a free loopback port; `--mirror URL`: use it."""
    if mirror is None:
        yield None
    elif re.match(r"^https?://", mirror):
        yield mirror.rstrip("/")
    else:
        with ReplayServer(Path(mirror)) as server:
            yield server.url


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
    with HttpClient(http_settings, run_id=run_id) as client:
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
        )
        run_pipeline("finloom_sec", "raw_sec", db_path, source)
    return report


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
    config = config or market_config()
    symbols = select_symbols(tickers, universe)
    base_url = via_mirror(mirror, config.base_url)
    http_settings = http_settings_from(config)
    report = MarketRunReport()
    with HttpClient(http_settings, run_id=run_id) as client:
        source = market_source(
            symbols=symbols,
            client=client,
            base_url=base_url,
            start_date=config.start_date,
            report=report,
            now=now,
        )
        run_pipeline("finloom_market", "raw_market", db_path, source)
    return report


def run_pipeline(name: str, dataset: str, db_path: Path, source: object) -> None:
    """One dlt run: pending packages from an interrupted run are loaded first, then this one."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Arrow tables skip dlt's row normalizer, which is what adds `_dlt_load_id`; ask for it, so
    # every raw table carries its load id (dbt source freshness and lineage read it).
    os.environ.setdefault("NORMALIZE__PARQUET_NORMALIZER__ADD_DLT_LOAD_ID", "true")
    pipeline = dlt.pipeline(
        pipeline_name=name,
        destination=dlt.destinations.duckdb(
            DuckDbCredentials(
                str(db_path),
                # row order of raw tables carries no meaning; not preserving it loads faster
                global_config={
                    "memory_limit": duckdb_memory_limit(),
                    "preserve_insertion_order": False,
                },
            )
        ),
        dataset_name=dataset,
        pipelines_dir=str(pipelines_dir(db_path)),
    )
    try:
        pipeline.run(source, loader_file_format="parquet")
    except PipelineStepFailed as exc:
        raise PipelineError(f"{exc.step} step failed: {root_cause(exc)}") from exc


def root_cause(exc: BaseException) -> str:
    """One line for the real cause: the first FinLoom error dlt wrapped, else the innermost."""
    chain: list[BaseException] = [exc]
    while (nxt := chain[-1].__cause__ or chain[-1].__context__) is not None and nxt not in chain:
        chain.append(nxt)
    chosen = next((e for e in chain if _is_finloom_error(e)), chain[-1])
    text = str(chosen).strip()
    return text.splitlines()[0] if text else type(chosen).__name__


def _is_finloom_error(exc: BaseException) -> bool:
    """Raised by FinLoom's own code (HTTP client, a source's parser), not by dlt or a library."""
    return type(exc).__module__.split(".", 1)[0] == "ingestion"


def _optional_json(client: HttpClient, url: str, report: SecRunReport) -> object | None:
    try:
        return client.get_json(url)
    except NotFoundError as exc:
        report.gaps.append(f"ticker exchange file: {exc}")
        return None


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


# --------------------------------------------------------------------------- dbt


@dataclass
class DbtOutcome:
    success: bool
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _release_dbt_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB open for the life of the process; close it after each
    invocation so this process (or the next dlt load) can open the file again."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
    DuckDBConnectionManager.close_all_connections()


def run_dbt(args: Sequence[str], db_path: Path, quiet: bool = False) -> DbtOutcome:
    """Invoke dbt in-process on this project with the warehouse at `db_path`."""
    from dbt.cli.main import dbtRunner

    os.environ["FINLOOM_DB"] = str(db_path)
    os.environ.pop("DUCKDB_PATH", None)  # the profile prefers it; a stray value would win
    cli_args = [
        *args,
        "--project-dir",
        str(PROJECT_ROOT),
        "--profiles-dir",
        str(PROJECT_ROOT),
    ]
    if quiet:
        cli_args = ["--quiet", *cli_args]
    try:
        result = dbtRunner().invoke(cli_args)
    finally:
        _release_dbt_duckdb()
    outcome = DbtOutcome(success=bool(result.success))
    for node in getattr(result.result, "results", None) or []:
        kind = getattr(node.node, "resource_type", "node")
        status = str(node.status)
        outcome.counts[f"{kind}:{status}"] += 1
        if status in {"error", "fail"}:
            outcome.failures.append(f"{node.node.name}: {status} {node.message or ''}".strip())
    if result.exception is not None and not outcome.failures:
        outcome.failures.append(str(result.exception).splitlines()[0])
    return outcome
