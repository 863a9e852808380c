"""Where FinLoom's files are: the project (dbt project, demo mirror) and the warehouse."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root: dbt_project.yml, profiles.yml and models/ live here.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = Path("warehouse") / "finloom.duckdb"
DEMO_DB = Path("warehouse") / "demo.duckdb"
#: The demo mirror written by `python -m dev.demo.generator`.
DEMO_MIRROR = PROJECT_ROOT / "dev" / "demo" / "mirror"


def warehouse_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file: `--db`, else `FINLOOM_DB`, else warehouse/finloom.duckdb (cwd-relative)."""
    raw = explicit or os.environ.get("FINLOOM_DB") or DEFAULT_DB
    return Path(raw).expanduser().resolve()
