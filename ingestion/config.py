"""Project paths and source settings, resolved the dlt way (.dlt/config.toml, env vars)."""

from __future__ import annotations

import os
from pathlib import Path

from dlt.common.configuration import configspec, resolve_configuration

from ingestion.http.settings import HttpSourceConfig
from ingestion.sources.market import settings as market_settings
from ingestion.sources.sec import settings as sec_settings

#: The repository root: dbt_project.yml, profiles.yml and models/ live here.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = Path("warehouse") / "finloom.duckdb"
DEMO_MIRROR = PROJECT_ROOT / "ingestion" / "demo" / "mirror"
#: also the default in profiles.yml (dbt reads the same FINLOOM_DUCKDB_MEMORY_LIMIT)
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"


def warehouse_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file: `--db`, else `FINLOOM_DB`, else warehouse/finloom.duckdb (cwd-relative)."""
    raw = explicit or os.environ.get("FINLOOM_DB") or DEFAULT_DB
    return Path(raw).expanduser().resolve()


def duckdb_memory_limit() -> str:
    """DuckDB's memory cap for loads and dbt (it spills to disk beyond it); 1GB unless
    FINLOOM_DUCKDB_MEMORY_LIMIT says otherwise. DuckDB's window operator, which the
    point-in-time history needs, holds its input: a 500-company build of Apple/Tesla-sized
    filers (10.6 million facts) fails at 512MB and passes at 1GB (about 1.6 GB peak RSS)."""
    return os.environ.get("FINLOOM_DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT


def pipelines_dir(db_path: Path) -> Path:
    """dlt's working state lives beside the DuckDB file it loads, so each warehouse has its own."""
    return db_path.parent / ".dlt_pipelines" / db_path.stem


@configspec
class SecConfig(HttpSourceConfig):
    """`[sources.sec]` settings; env vars like SOURCES__SEC__USER_AGENT override."""

    data_base_url: str = sec_settings.DATA_BASE_URL
    www_base_url: str = sec_settings.WWW_BASE_URL
    sp500_csv_url: str = sec_settings.SP500_CSV_URL
    requests_per_second: float = 8.0
    workers: int = sec_settings.DEFAULT_WORKERS
    throttle_backoff: float = 10.0


def sec_config() -> SecConfig:
    return resolve_configuration(SecConfig(), sections=("sources", "sec"))


@configspec
class MarketConfig(HttpSourceConfig):
    """`[sources.market]` settings; env vars like SOURCES__MARKET__START_DATE override."""

    base_url: str = market_settings.BASE_URL
    #: first date requested for a symbol with no bars loaded yet (ISO date)
    start_date: str = market_settings.DEFAULT_START_DATE
    requests_per_second: float = market_settings.DEFAULT_REQUESTS_PER_SECOND


def market_config() -> MarketConfig:
    return resolve_configuration(MarketConfig(), sections=("sources", "market"))
