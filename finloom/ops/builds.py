"""Build what the loads touched: which sources have data no successful build has seen yet.

Every dlt load writes a row to its dataset's `_dlt_loads` (`schema_name` is the source: `sec`,
`filings`, `market`, …, the same names as the dbt sources). After a successful build FinLoom
records, per source, the newest load id that build covered, together with a fingerprint of the
dbt project (`ops.built_loads`). The next `finloom run` then plans its build:

- no successful build yet: build everything; the project changed since (models, macros, seeds,
  tests, config): build everything with `--full-refresh`, so incremental models hold no row
  built by the old code;
- otherwise build `source:<name>+` for each source with a load newer than its mark that put
  rows in a table (a load that only moved dlt's state is not new data);
- no such source: build nothing, and say so.

A failed or interrupted build records nothing, so its sources stay pending for the next run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from finloom.ops.runs import now
from finloom.paths import PROJECT_ROOT
from finloom.warehouse import quote, table_exists

#: What a build depends on besides the data: a change in any of these builds everything.
PROJECT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")

DDL = """
create schema if not exists ops;
create table if not exists ops.built_loads (
    source varchar primary key,
    load_id varchar not null,
    project_hash varchar not null,
    run_id varchar,
    built_at timestamptz not null
);
"""


@dataclass(frozen=True)
class BuildPlan:
    """What the next build has to cover."""

    #: build every model: first build, or the project changed since the last one
    everything: bool
    #: sources with data newer than the last successful build (empty with `everything`)
    changed: tuple[str, ...] = ()
    #: why: one line for the run's output
    reason: str = ""
    #: per source, the newest load id now in the warehouse (what a successful build covers)
    newest: Mapping[str, str] = field(default_factory=dict)
    #: rebuild incremental models from scratch: the project changed since their last build,
    #: so rows of companies whose data did not change were built by other code (decision 029)
    full_refresh: bool = False

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.changed

    def dbt_args(self) -> list[str]:
        """dbt selection for this plan: none for everything, else each changed source's subgraph
        without dbt's unit tests. Those test the SQL on fixed inputs, not the data, so they run
        when the project changed (a full refresh) or on a first build, not after every load
        (decision 042)."""
        if self.full_refresh:
            return ["--full-refresh"]
        if self.everything or not self.changed:
            return []
        return [
            "--select",
            " ".join(f"source:{source}+" for source in self.changed),
            "--exclude",
            "resource_type:unit_test",
        ]


def project_hash(root: Path = PROJECT_ROOT) -> str:
    """sha256 over the path and bytes of every file the dbt project builds from."""
    digest = hashlib.sha256()
    for name in PROJECT_INPUTS:
        top = root / name
        files = sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]
        for path in files:
            if not path.exists() or "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def plan_build(db: Path, project: str | None = None) -> BuildPlan:
    """The build the warehouse at `db` needs now (read-only)."""
    project = project or project_hash()
    with duckdb.connect(str(db), read_only=True) as con:
        newest = _newest_loads(con)
        built = _built(con)
        if not built:
            return BuildPlan(True, reason="first build of this warehouse", newest=newest)
        if any(h != project for _, h in built.values()):
            return BuildPlan(
                True,
                reason="the dbt project changed since the last build; incremental models rebuilt "
                "from scratch",
                newest=newest,
                full_refresh=True,
            )
        changed = tuple(
            source
            for source, load_id in sorted(newest.items())
            if source not in built or load_id > built[source][0]
            if _loaded_rows(con, source, built.get(source, ("", ""))[0])
        )
    if not changed:
        return BuildPlan(False, reason="nothing new was loaded since the last build", newest=newest)
    return BuildPlan(False, changed, f"new data from {', '.join(changed)}", newest)


def record_build(db: Path, plan: BuildPlan, run_id: str | None, project: str | None = None) -> None:
    """A build covering `plan` succeeded: mark its sources' newest loads as built."""
    sources = plan.newest.keys() if plan.everything else plan.changed
    record_built(db, {s: plan.newest[s] for s in sources if s in plan.newest}, run_id, project)


def record_built(
    db: Path, loads: Mapping[str, str], run_id: str | None, project: str | None = None
) -> None:
    """Store `loads` (source → newest load id built) and the project fingerprint of the build."""
    project = project or project_hash()
    with duckdb.connect(str(db)) as con:
        con.execute(DDL)
        con.execute("begin")
        # every mark carries the project it was built with; a full build re-marks them all
        con.execute("update ops.built_loads set project_hash = ?", [project])
        for source, load_id in loads.items():
            con.execute(
                "insert or replace into ops.built_loads values (?, ?, ?, ?, ?)",
                [source, load_id, project, run_id, now()],
            )
        con.execute("commit")


def forget_built(con: duckdb.DuckDBPyConnection, sources: Iterable[str]) -> None:
    """Rows of `sources` were deleted outside a load (retention): drop their marks, so the next
    build treats every row of theirs as new and rebuilds the models they reach, partitioned ones
    for every key (a deletion makes no load id an incremental build could see). Runs in the
    caller's transaction."""
    for source in sorted(set(sources)):
        if table_exists(con, "ops", "built_loads"):
            con.execute("delete from ops.built_loads where source = ?", [source])


def newest_loads(db: Path) -> dict[str, str]:
    """Per source, the newest completed dlt load id in the warehouse."""
    with duckdb.connect(str(db), read_only=True) as con:
        return _newest_loads(con)


def _load_schemas(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_schema from information_schema.tables where table_name = '_dlt_loads' "
        "order by 1"
    ).fetchall()
    return [schema for (schema,) in rows]


def _newest_loads(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    newest: dict[str, str] = {}
    for schema in _load_schemas(con):
        rows = con.execute(
            f"select schema_name, max(load_id) from {quote(schema)}._dlt_loads "
            "where status = 0 group by 1"
        ).fetchall()
        for source, load_id in rows:
            newest[source] = max(newest.get(source, ""), load_id)
    return newest


def _built(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    if not table_exists(con, "ops", "built_loads"):
        return {}
    rows = con.execute("select source, load_id, project_hash from ops.built_loads").fetchall()
    return {source: (load_id, project) for source, load_id, project in rows}


def _loaded_rows(con: duckdb.DuckDBPyConnection, source: str, after: str) -> bool:
    """Whether a load of `source` newer than `after` put rows into any data table."""
    for schema in _load_schemas(con):
        load_ids = [
            load_id
            for (load_id,) in con.execute(
                f"select load_id from {quote(schema)}._dlt_loads "
                "where schema_name = ? and status = 0 and load_id > ?",
                [source, after],
            ).fetchall()
        ]
        if not load_ids:
            continue
        marks = ", ".join("?" for _ in load_ids)
        for table in _data_tables(con, schema):
            hit = con.execute(
                f"select 1 from {quote(schema)}.{quote(table)} "
                f"where _dlt_load_id in ({marks}) limit 1",
                load_ids,
            ).fetchone()
            if hit:
                return True
    return False


def _data_tables(con: duckdb.DuckDBPyConnection, schema: str) -> Iterable[str]:
    """Tables of a dlt dataset that carry data (`_dlt_load_id`), not dlt's own bookkeeping."""
    rows = con.execute(
        "select table_name from information_schema.columns "
        "where table_schema = ? and column_name = '_dlt_load_id' "
        "and table_name not like '\\_dlt%' escape '\\' order by 1",
        [schema],
    ).fetchall()
    return [table for (table,) in rows]


def describe(plan: BuildPlan) -> str:
    """One line for the run output."""
    if plan.everything:
        return f"build: everything ({plan.reason})"
    if plan.nothing:
        return f"build: skipped, {plan.reason}"
    selected: Sequence[str] = plan.changed
    return f"build: models downstream of {', '.join(selected)} ({plan.reason})"
