"""Source freshness: when each source last loaded, against the thresholds in the sources YAML.

The thresholds are dbt's (`freshness: warn_after / error_after` in
`models/staging/<source>/_<source>__sources.yml`), read once here so `status`, `health` and dbt
agree. The last load is dlt's own record (`<dataset>._dlt_loads`, status 0), so warehouses
loaded before the run ledger existed are judged too. A source never loaded is `never`, not an
error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import yaml  # type: ignore[import-untyped]  # PyYAML ships no stubs

from finloom.paths import PROJECT_ROOT

_PERIOD_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Threshold:
    """One source's dataset and freshness limits."""

    source: str
    dataset: str
    warn_after: timedelta | None
    error_after: timedelta | None


@dataclass(frozen=True)
class Freshness:
    """How fresh one source is: `fresh`, `warn`, `stale` (past error_after) or `never`."""

    source: str
    dataset: str
    last_loaded_at: datetime | None
    age: timedelta | None
    status: str
    warn_after: timedelta | None
    error_after: timedelta | None

    def as_json(self) -> dict[str, Any]:
        def secs(d: timedelta | None) -> float | None:
            return d.total_seconds() if d is not None else None

        return {
            "source": self.source,
            "dataset": self.dataset,
            "last_loaded_at": self.last_loaded_at.isoformat() if self.last_loaded_at else None,
            "age_seconds": secs(self.age),
            "status": self.status,
            "warn_after_seconds": secs(self.warn_after),
            "error_after_seconds": secs(self.error_after),
        }


def _duration(spec: Any) -> timedelta | None:
    if not isinstance(spec, dict) or "count" not in spec:
        return None
    return timedelta(seconds=int(spec["count"]) * _PERIOD_SECONDS[str(spec["period"])])


def thresholds(project_root: Path = PROJECT_ROOT) -> list[Threshold]:
    """Each dbt source's dataset and its source-level freshness limits, from the sources YAML."""
    found: list[Threshold] = []
    for path in sorted((project_root / "models" / "staging").glob("*/_*__sources.yml")):
        doc = yaml.safe_load(path.read_text()) or {}
        for src in doc.get("sources", []):
            config = src.get("config") or {}
            fresh = config.get("freshness") or src.get("freshness") or {}
            found.append(
                Threshold(
                    source=str(src["name"]),
                    dataset=str(src.get("schema", src["name"])),
                    warn_after=_duration(fresh.get("warn_after")),
                    error_after=_duration(fresh.get("error_after")),
                )
            )
    return found


def last_loads(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """When each dlt source (schema name) last completed a load, across every raw dataset."""
    datasets = [
        r[0]
        for r in con.execute(
            "select table_schema from information_schema.tables "
            "where table_name = '_dlt_loads' and table_schema like 'raw\\_%' escape '\\'"
        ).fetchall()
    ]
    loads: dict[str, datetime] = {}
    for dataset in datasets:
        for name, at in con.execute(
            f'select schema_name, max(inserted_at) from "{dataset}"._dlt_loads '
            "where status = 0 group by 1"
        ).fetchall():
            if at is not None and (name not in loads or at > loads[name]):
                loads[str(name)] = at
    return loads


def source_freshness(
    con: duckdb.DuckDBPyConnection, now: datetime | None = None
) -> list[Freshness]:
    """Every source's freshness now (or at `now`)."""
    moment = now or datetime.now(UTC)
    loads = last_loads(con)
    out = []
    for t in thresholds():
        at = loads.get(t.source)
        age = moment - at if at is not None else None
        if age is None:
            status = "never"
        elif t.error_after is not None and age > t.error_after:
            status = "stale"
        elif t.warn_after is not None and age > t.warn_after:
            status = "warn"
        else:
            status = "fresh"
        out.append(Freshness(t.source, t.dataset, at, age, status, t.warn_after, t.error_after))
    return out


def describe_age(age: timedelta | None) -> str:
    """`never`, `5m`, `3h`, `2d 4h`."""
    if age is None:
        return "never"
    seconds = int(age.total_seconds())
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d {seconds % 86400 // 3600}h"
