"""Health checks in the Kubernetes sense: liveness, readiness, and the upstream hosts.

- liveness: the warehouse opens (or a live writer holds it: busy is alive).
- readiness: liveness, the last run did not fail, every source that was ever loaded is fresh
  within its `error_after`, free disk above a floor, DuckDB's memory cap sane for this machine.
- upstream: each configured host (or the `--mirror`) answers a short request — any HTTP answer,
  even 404, means reachable. Part of readiness unless skipped.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dlt
import duckdb
import psutil
import requests

from finloom.ops.freshness import describe_age, source_freshness
from finloom.ops.lock import WarehouseBusyError, warehouse_lock
from finloom.ops.runs import recent_runs
from ingestion.http import source_config
from ingestion.runner import duckdb_memory_limit
from ingestion.sources.macro.settings import MacroConfig
from ingestion.sources.market.settings import MarketConfig
from ingestion.sources.news.settings import NewsConfig
from ingestion.sources.policy.settings import PolicyConfig
from ingestion.sources.sec.settings import sec_config

#: Free disk below this fails readiness (override: FINLOOM_MIN_FREE_DISK_MB).
DEFAULT_MIN_FREE_DISK_MB = 1024
UPSTREAM_TIMEOUT = (3.05, 5.0)
_UNITS = {
    "": 1,
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,
    "KIB": 2**10,
    "MIB": 2**20,
    "GIB": 2**30,
    "TIB": 2**40,
}


@dataclass(frozen=True)
class Check:
    """One check: its name, whether it passed, and a line saying why."""

    name: str
    ok: bool
    detail: str


@dataclass
class HealthReport:
    """Every check, grouped by probe."""

    live: list[Check] = field(default_factory=list)
    ready: list[Check] = field(default_factory=list)
    upstream: list[Check] = field(default_factory=list)

    @property
    def is_live(self) -> bool:
        return all(c.ok for c in self.live)

    @property
    def is_ready(self) -> bool:
        return self.is_live and all(c.ok for c in [*self.ready, *self.upstream])

    def as_json(self) -> dict[str, Any]:
        return {
            "live": self.is_live,
            "ready": self.is_ready,
            "checks": {
                "live": [asdict(c) for c in self.live],
                "ready": [asdict(c) for c in self.ready],
                "upstream": [asdict(c) for c in self.upstream],
            },
        }


def liveness(db: Path) -> Check:
    """The warehouse opens read-only, or a live writer holds it."""
    if not db.exists():
        return Check("warehouse", False, f"no warehouse at {db}")
    try:
        with (
            warehouse_lock(db, run_id="health", command="finloom health", write=False),
            duckdb.connect(str(db), read_only=True) as con,
        ):
            con.execute("select 1").fetchone()
    except WarehouseBusyError as exc:
        return Check(
            "warehouse",
            True,
            f"{db} is being written ({exc.holder.describe() if exc.holder else 'busy'})",
        )
    except duckdb.Error as exc:
        return Check("warehouse", False, f"{db} does not open: {str(exc).splitlines()[0]}")
    return Check("warehouse", True, f"{db} opens")


def readiness(db: Path, min_free_disk_mb: int | None = None) -> list[Check]:
    """Last run, freshness per loaded source, free disk and the memory cap."""
    checks = [_last_run(db)]
    checks += _freshness(db)
    checks.append(_disk(db, min_free_disk_mb))
    checks.append(_memory_cap())
    return checks


def upstream_urls(mirror: str | None) -> list[str]:
    """One URL per host the sources call (their configured base URLs, or the mirror)."""
    if mirror is not None:
        return [mirror]
    sec, market, macro, news, policy = (
        sec_config(),
        source_config(MarketConfig, "market"),
        source_config(MacroConfig, "macro"),
        source_config(NewsConfig, "news"),
        source_config(PolicyConfig, "policy"),
    )
    urls = [
        sec.data_base_url,
        sec.www_base_url,
        market.base_url,
        macro.csv_base_url,
        news.yahoo_base_url,
        policy.feed_url,
    ]
    if dlt.secrets.get("sources.macro.fred_api_key"):
        urls.append(macro.api_base_url)
    seen: dict[str, str] = {}
    for url in urls:
        seen.setdefault(urlsplit(url).netloc, url)
    return list(seen.values())


def upstream(urls: Sequence[str], user_agent: str | None = None) -> list[Check]:
    """Each host reachable: any HTTP answer within a few seconds counts."""
    headers = {"User-Agent": user_agent or "finloom-health"}
    checks = []
    for url in urls:
        host = urlsplit(url).netloc
        try:
            response = requests.head(
                url, timeout=UPSTREAM_TIMEOUT, headers=headers, allow_redirects=False
            )
            checks.append(Check(f"upstream {host}", True, f"HTTP {response.status_code}"))
        except requests.RequestException as exc:
            checks.append(Check(f"upstream {host}", False, f"unreachable: {type(exc).__name__}"))
    return checks


def health(db: Path, *, mirror: str | None = None, check_upstream: bool = True) -> HealthReport:
    """Every probe's checks for warehouse `db`; `mirror` is a replay server's base URL."""
    report = HealthReport(live=[liveness(db)])
    if report.is_live:
        report.ready = readiness(db)
    if check_upstream:
        agent = os.environ.get("SOURCES__SEC__USER_AGENT") or None
        report.upstream = upstream(upstream_urls(mirror), agent)
    return report


def _last_run(db: Path) -> Check:
    try:
        runs = recent_runs(db, last=1)
    except (duckdb.Error, WarehouseBusyError) as exc:
        return Check("last run", False, f"cannot read ops.runs: {str(exc).splitlines()[0]}")
    if not runs:
        return Check("last run", True, "no run recorded yet")
    run = runs[0]
    ok = run.status != "failed"
    detail = f"run {run.run_id} {run.status} at {run.started_at:%Y-%m-%d %H:%M:%S}"
    if run.error:
        detail += f": {run.error}"
    return Check("last run", ok, detail)


def _freshness(db: Path) -> list[Check]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = source_freshness(con)
    checks = []
    for f in rows:
        if f.status == "never":
            continue  # a source never loaded is not enabled here
        limit = describe_age(f.error_after) if f.error_after else "none"
        checks.append(
            Check(
                f"freshness {f.source}",
                f.status != "stale",
                f"last load {describe_age(f.age)} ago ({f.status}; error after {limit})",
            )
        )
    return checks


def _disk(db: Path, min_free_disk_mb: int | None) -> Check:
    floor = min_free_disk_mb
    if floor is None:
        floor = int(os.environ.get("FINLOOM_MIN_FREE_DISK_MB") or DEFAULT_MIN_FREE_DISK_MB)
    free_mb = shutil.disk_usage(db.parent).free // 2**20
    return Check(
        "disk", free_mb >= floor, f"{free_mb:,} MB free beside {db.name} (floor {floor:,} MB)"
    )


def parse_size(text: str) -> int | None:
    """`1GB`, `512MB`, `2GiB` as bytes; None if it doesn't parse."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z]*)\s*", text)
    if not m or m.group(2).upper() not in _UNITS:
        return None
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])


def _memory_cap() -> Check:
    limit = duckdb_memory_limit()
    size = parse_size(limit)
    total = psutil.virtual_memory().total
    if size is None:
        return Check("memory cap", False, f"FINLOOM_DUCKDB_MEMORY_LIMIT={limit!r} does not parse")
    ok = 256 * 2**20 <= size <= total
    return Check(
        "memory cap",
        ok,
        f"DuckDB memory cap {limit} of {total / 2**30:.1f} GiB RAM"
        + ("" if ok else " (must be between 256MB and the machine's RAM)"),
    )
