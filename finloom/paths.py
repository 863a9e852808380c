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


def read_warehouse_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse a read command opens: as `warehouse_path`, except that with neither
    `--db` nor `FINLOOM_DB`, and no warehouse/finloom.duckdb yet, the demo's
    warehouse/demo.duckdb when `finloom demo` built one (so `make demo` is followed by
    commands that read what it built)."""
    db = warehouse_path(explicit)
    if explicit or os.environ.get("FINLOOM_DB") or db.exists():
        return db
    demo = DEMO_DB.resolve()
    return demo if demo.exists() else db


def missing_warehouse(db: Path) -> str:
    """The one message for a command that needs a warehouse where there is none."""
    return (
        f"no warehouse at {db}: build one with `finloom demo` (demo data) or "
        "`finloom run --tickers AAPL,MSFT`, or name an existing one with --db PATH"
    )
