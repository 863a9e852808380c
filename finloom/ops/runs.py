"""The run ledger: one row per `finloom` run and one per source it loaded, in the warehouse.

`ops.runs` says what ran (command with secrets redacted, sources, selection), when, how it ended
(`running`, `ok`, `ok_with_findings`, `failed`, `interrupted`), what it loaded, the gaps it met,
dlt's load ids and dbt's invocation id and node results, and the error line. `ops.run_sources`
holds the per-source detail. A run that died without finishing its row (`kill -9`) stays
`running` until the next run marks it `interrupted`.

Writes open the warehouse briefly and only between steps, so they never collide with dlt or dbt.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from finloom.ops.lock import pid_alive

STATUSES = ("running", "ok", "ok_with_findings", "failed", "interrupted")

_SECRET = re.compile(
    r"(?i)((?:api[_-]?key|apikey|token|secret|password)[=:\s]+)(\"[^\"]*\"|'[^']*'|[^\s&]+)"
)

DDL = """
create schema if not exists ops;
create table if not exists ops.runs (
    run_id varchar primary key,
    pid integer,
    command varchar,
    sources varchar[],
    selection json,
    started_at timestamptz not null,
    ended_at timestamptz,
    status varchar not null,
    exit_code integer,
    rows_loaded json,
    gaps varchar[],
    new_findings varchar[],
    dlt_load_ids varchar[],
    dbt_invocation_id varchar,
    dbt_results json,
    error varchar
);
create table if not exists ops.run_sources (
    run_id varchar not null,
    source varchar not null,
    started_at timestamptz,
    ended_at timestamptz,
    status varchar not null,
    rows_loaded json,
    gaps varchar[],
    dlt_load_ids varchar[],
    primary key (run_id, source)
);
create table if not exists ops.run_findings (
    run_id varchar not null,
    check_name varchar not null,
    severity varchar,
    affected_key varchar not null
);
"""


def redact(command: str) -> str:
    """The command line with secret values (api keys, tokens, passwords) masked."""
    return _SECRET.sub(lambda m: m.group(1) + "***", command)


@dataclass
class SourceRun:
    """One source's part of a run."""

    source: str
    started_at: datetime
    ended_at: datetime
    status: str  # ok | failed | interrupted
    rows_loaded: dict[str, int] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    dlt_load_ids: list[str] = field(default_factory=list)


@dataclass
class RunRecord:
    """A row of `ops.runs` as `finloom runs` shows it."""

    run_id: str
    command: str
    sources: list[str]
    started_at: datetime
    ended_at: datetime | None
    status: str
    exit_code: int | None
    rows_loaded: dict[str, dict[str, int]]
    gaps: list[str]
    new_findings: list[str]
    dlt_load_ids: list[str]
    dbt_invocation_id: str | None
    dbt_results: dict[str, Any]
    error: str | None

    def as_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["started_at"] = self.started_at.isoformat()
        out["ended_at"] = self.ended_at.isoformat() if self.ended_at else None
        return out


def now() -> datetime:
    return datetime.now(UTC)


def _connect(db: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db))
    con.execute(DDL)
    return con


def start_run(
    db: Path,
    *,
    run_id: str,
    command: str,
    sources: Sequence[str],
    selection: Mapping[str, Any],
) -> list[str]:
    """Record a run as `running`; mark earlier runs that died while running `interrupted`.

    Returns the ids of the runs it marked interrupted.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    with _connect(db) as con:
        stale = con.execute(
            "select run_id, pid from ops.runs where status = 'running' and run_id <> ?", [run_id]
        ).fetchall()
        dead = [rid for rid, pid in stale if not pid_alive(int(pid or 0))]
        for rid in dead:
            con.execute(
                "update ops.runs set status = 'interrupted', "
                "error = coalesce(error, 'the process ended before the run finished') "
                "where run_id = ?",
                [rid],
            )
        con.execute(
            "insert into ops.runs (run_id, pid, command, sources, selection, started_at, status) "
            "values (?, ?, ?, ?, ?, ?, 'running')",
            [
                run_id,
                os.getpid(),
                redact(command),
                list(sources),
                json.dumps(dict(selection), default=str),
                now(),
            ],
        )
    return dead


def record_source(db: Path, run_id: str, part: SourceRun) -> None:
    """Store one source's result (replacing an earlier row of the same run and source)."""
    with _connect(db) as con:
        con.execute(
            "insert or replace into ops.run_sources values (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                part.source,
                part.started_at,
                part.ended_at,
                part.status,
                json.dumps(part.rows_loaded),
                part.gaps,
                part.dlt_load_ids,
            ],
        )


def finish_run(
    db: Path,
    run_id: str,
    *,
    status: str,
    exit_code: int,
    gaps: Sequence[str] = (),
    new_findings: Sequence[str] = (),
    dbt_invocation_id: str | None = None,
    dbt_results: Mapping[str, Any] | None = None,
    error: str | None = None,
) -> None:
    """Close the run's row: status, exit code, what it loaded (summed from its sources)."""
    if status not in STATUSES:
        raise ValueError(f"unknown run status {status!r}")
    if not db.exists():
        return  # nothing was ever written (a usage error before any step)
    with _connect(db) as con:
        parts = con.execute(
            "select source, rows_loaded, dlt_load_ids from ops.run_sources where run_id = ?",
            [run_id],
        ).fetchall()
        rows = {source: json.loads(r) if r else {} for source, r, _ in parts}
        load_ids = sorted({lid for *_, ids in parts for lid in (ids or [])})
        con.execute(
            """
            update ops.runs set ended_at = ?, status = ?, exit_code = ?, rows_loaded = ?,
                gaps = ?, new_findings = ?, dlt_load_ids = ?, dbt_invocation_id = ?,
                dbt_results = ?, error = ?
            where run_id = ?
            """,
            [
                now(),
                status,
                exit_code,
                json.dumps(rows),
                list(gaps),
                list(new_findings),
                load_ids,
                dbt_invocation_id,
                json.dumps(dict(dbt_results or {})),
                error,
                run_id,
            ],
        )


def recent_runs(db: Path, last: int = 10) -> list[RunRecord]:
    """The last `last` runs, newest first; none if the warehouse never recorded a run."""
    with duckdb.connect(str(db), read_only=True) as con:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'ops' and table_name = 'runs'"
        ).fetchone()
        if not exists or not exists[0]:
            return []
        rows = con.execute(
            """
            select run_id, command, sources, started_at, ended_at, status, exit_code,
                rows_loaded, gaps, new_findings, dlt_load_ids, dbt_invocation_id, dbt_results,
                error
            from ops.runs order by started_at desc limit ?
            """,
            [last],
        ).fetchall()
    return [
        RunRecord(
            run_id=r[0],
            command=r[1],
            sources=list(r[2] or []),
            started_at=r[3],
            ended_at=r[4],
            status=r[5],
            exit_code=r[6],
            rows_loaded=json.loads(r[7]) if r[7] else {},
            gaps=list(r[8] or []),
            new_findings=list(r[9] or []),
            dlt_load_ids=list(r[10] or []),
            dbt_invocation_id=r[11],
            dbt_results=json.loads(r[12]) if r[12] else {},
            error=r[13],
        )
        for r in rows
    ]


def last_successful(db: Path) -> dict[str, datetime]:
    """Per source, when a run last loaded it successfully (`ok` or `ok_with_findings`)."""
    with duckdb.connect(str(db), read_only=True) as con:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'ops' and table_name = 'run_sources'"
        ).fetchone()
        if not exists or not exists[0]:
            return {}
        rows = con.execute(
            "select source, max(ended_at) from ops.run_sources where status = 'ok' group by 1"
        ).fetchall()
    return {source: at for source, at in rows}


@dataclass(frozen=True)
class Finding:
    """One source-data finding of a build: a reconciliation check and the key it flags."""

    check_name: str
    severity: str
    affected_key: str

    def __str__(self) -> str:
        return f"{self.check_name}: {self.affected_key}"


def record_findings(db: Path, run_id: str, findings: Sequence[Finding]) -> list[Finding]:
    """Store this run's findings; return those the previous successful build did not have.

    The previous successful build is the latest other run that ended `ok` or
    `ok_with_findings` after a dbt build (it has a dbt invocation id). With none, every finding
    is new. Standing findings (reported by that run too) are not new.
    """
    with _connect(db) as con:
        previous = con.execute(
            """
            select run_id from ops.runs
            where run_id <> ? and status in ('ok', 'ok_with_findings')
                and dbt_invocation_id is not null
            order by ended_at desc limit 1
            """,
            [run_id],
        ).fetchone()
        known: set[tuple[str, str]] = set()
        if previous is not None:
            known = {
                (check, key)
                for check, key in con.execute(
                    "select check_name, affected_key from ops.run_findings where run_id = ?",
                    [previous[0]],
                ).fetchall()
            }
        con.execute("delete from ops.run_findings where run_id = ?", [run_id])
        if findings:
            con.executemany(
                "insert into ops.run_findings values (?, ?, ?, ?)",
                [[run_id, f.check_name, f.severity, f.affected_key] for f in findings],
            )
    return [f for f in findings if (f.check_name, f.affected_key) not in known]
