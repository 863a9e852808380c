"""Shared run mechanics for every pipeline: the mirror, one dlt pipeline per warehouse, errors.

DuckDB allows one writer, so a dlt run finishes (and releases the file) before dbt starts.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import dlt
import duckdb
from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials
from dlt.pipeline.exceptions import PipelineStepFailed

from ingestion.logs import get_logger
from ingestion.observers import Topic
from ingestion.replay import ReplayServer

log = get_logger(__name__)

#: also the default in profiles.yml (dbt reads the same FINLOOM_DUCKDB_MEMORY_LIMIT)
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"


class PipelineError(RuntimeError):
    """A run failed; the message is one readable line naming the cause."""


@dataclass(frozen=True)
class LoadResult:
    """What one dlt run put in the warehouse: its load ids and rows per table.

    `resumed` marks the packages an interrupted earlier run had left, finished by this one; their
    rows are counted in the destination by `_dlt_load_id`, so the number is what landed.
    """

    pipeline: str
    dataset: str
    load_ids: tuple[str, ...]
    rows: dict[str, int] = field(default_factory=dict)
    resumed: bool = False


_loads: Topic[LoadResult] = Topic()
#: Call a listener with every `LoadResult` from now on; returns the unsubscribe function.
on_load = _loads.subscribe
_publish = _loads.publish


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


def duckdb_memory_limit() -> str:
    """DuckDB's memory cap for loads and dbt (it spills to disk beyond it); 1GB unless
    FINLOOM_DUCKDB_MEMORY_LIMIT says otherwise. DuckDB's window operator, which the
    point-in-time history needs, holds its input: a 500-company build of Apple/Tesla-sized
    filers (10.6 million facts) fails at 512MB and passes at 1GB (about 1.6 GB peak RSS)."""
    return os.environ.get("FINLOOM_DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT


def pipelines_dir(db_path: Path) -> Path:
    """dlt's working state lives beside the DuckDB file it loads, so each warehouse has its own."""
    return db_path.parent / ".dlt_pipelines" / db_path.stem


def _pipeline(name: str, dataset: str, db_path: Path) -> dlt.Pipeline:
    """The dlt pipeline `name` loading `dataset` of the DuckDB file `db_path`."""
    return dlt.pipeline(
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


def run_pipeline(name: str, dataset: str, db_path: Path, source: object) -> None:
    """One dlt run: pending packages from an interrupted run are loaded first, then `source`."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Arrow tables skip dlt's row normalizer, which is what adds `_dlt_load_id`; ask for it, so
    # every raw table carries its load id (dbt source freshness and lineage read it).
    os.environ.setdefault("NORMALIZE__PARQUET_NORMALIZER__ADD_DLT_LOAD_ID", "true")
    pipeline = _pipeline(name, dataset, db_path)
    try:
        _finish_pending_packages(pipeline, db_path)
        pipeline.run(source, loader_file_format="parquet")
    except PipelineStepFailed as exc:
        if interrupted(exc):  # Ctrl-C inside a step: dlt wraps it; it is still an interrupt
            raise KeyboardInterrupt from exc
        raise PipelineError(f"{exc.step} step failed: {root_cause(exc)}") from exc
    _publish(_this_load(pipeline))


def source_state(name: str, dataset: str, db_path: Path, source: str) -> dict[str, Any]:
    """A copy of the dlt state that `source` of pipeline `name` kept at its last load into
    `db_path` (empty before the first): for what a pipeline must know before it extracts, such
    as documents known to be missing. Synced with the warehouse first, as `run` does, so a lost
    working folder is restored from it (an interrupted run's pending state is newer and kept).
    The source itself writes its state while extracting, where dlt commits it with the rows."""
    if not db_path.exists():
        return {}
    pipeline = _pipeline(name, dataset, db_path)
    try:
        pipeline.sync_destination()
    except PipelineStepFailed as exc:
        if interrupted(exc):
            raise KeyboardInterrupt from exc
        raise PipelineError(f"{exc.step} step failed: {root_cause(exc)}") from exc
    sources = pipeline.state.get("sources") or {}
    return copy.deepcopy(dict(sources.get(source) or {}))


def _user_tables(counts: Any) -> dict[str, int]:
    return {t: int(n) for t, n in dict(counts or {}).items() if not t.startswith("_dlt")}


def _this_load(pipeline: dlt.Pipeline) -> LoadResult:
    """Load ids and per-table row counts of the run that just finished (from dlt's trace)."""
    trace = pipeline.last_trace
    load_info = trace.last_load_info if trace else None
    normalize_info = trace.last_normalize_info if trace else None
    return LoadResult(
        pipeline.pipeline_name,
        pipeline.dataset_name,
        tuple(load_info.loads_ids if load_info else ()),
        _user_tables(normalize_info.row_counts if normalize_info else {}),
    )


def _landed_rows(db_path: Path, dataset: str, load_ids: list[str]) -> dict[str, int]:
    """Rows per table of `dataset` that carry one of `load_ids` (read from the DuckDB file, not
    through dlt: after an interrupted first run the pipeline may have no default schema yet)."""
    rows: dict[str, int] = {}
    if not load_ids:
        return rows
    marks = ", ".join("?" for _ in load_ids)
    with duckdb.connect(str(db_path)) as con:
        tables = con.execute(
            "select table_name from information_schema.columns "
            "where table_schema = ? and column_name = '_dlt_load_id' "
            "and table_name not like '_dlt%' order by 1",
            [dataset],
        ).fetchall()
        for (table,) in tables:
            found = con.execute(
                f'select count(*) from "{dataset}"."{table}" where _dlt_load_id in ({marks})',
                load_ids,
            ).fetchone()
            if found and found[0]:
                rows[table] = int(found[0])
    return rows


#: dlt's table hint behind `"deduplicated": True` in a merge write disposition
STAGE_DEDUPLICATED_HINT = "x-stage-data-deduplicated"


def _finish_pending_packages(pipeline: dlt.Pipeline, db_path: Path) -> None:
    """Normalize and load what an interrupted run left, deduplicating its staged rows by key.

    Works around two dlt 1.31 behaviours:

    - `pipeline.run(data)` with a pending package loads only that package and returns without
      extracting `data` (it just logs a warning), so the re-run after a kill loaded nothing new.
    - A load job that committed its file to a staging table, then was killed before dlt recorded
      it as done (the `.pending_transitions` marker is written after the commit and the
      connection close: dlt PR 3767 narrowed this gap, it did not close it), runs again when the
      package resumes, and dlt truncates staging tables only when a package's load first
      begins. The staging table then holds that file's rows twice. A merge declared
      `deduplicated` (x-stage-data-deduplicated) inserts staged rows without its ROW_NUMBER()
      pass, so every row of the file landed twice in the final table (raw_sec.filings after a
      SIGKILL in that gap). Pending packages therefore merge without the hint, so dlt
      deduplicates their staged rows on the primary key; the pipeline's schema keeps it, so
      uninterrupted runs keep the fast path.
    """
    if not pipeline.has_pending_data:
        return
    packages = pipeline._get_load_storage().normalized_packages
    pending = list(packages.list_packages())
    for load_id in pending:
        schema = packages.load_schema(load_id)
        hinted = False
        for table in schema.tables.values():
            hinted |= cast(dict[str, Any], table).pop(STAGE_DEDUPLICATED_HINT, None) is not None
        if hinted:
            packages.save_schema(load_id, schema)
    pipeline.run()  # no data: normalizes and loads the pending packages only
    finished = _this_load(pipeline)
    load_ids = sorted(set(pending) | set(finished.load_ids))
    rows = _landed_rows(db_path, pipeline.dataset_name, load_ids)
    log.info(
        "finished the interrupted load",
        pipeline=pipeline.pipeline_name,
        load_ids=",".join(load_ids),
        rows=sum(rows.values()),
    )
    _publish(LoadResult(pipeline.pipeline_name, pipeline.dataset_name, tuple(load_ids), rows, True))


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc`, then its cause or context, and theirs, outermost first."""
    chain: list[BaseException] = [exc]
    while (nxt := chain[-1].__cause__ or chain[-1].__context__) is not None and nxt not in chain:
        chain.append(nxt)
    return chain


def interrupted(exc: BaseException) -> bool:
    """Whether Ctrl-C caused `exc`: a KeyboardInterrupt (dlt's SignalReceivedException is one)
    or DuckDB's InterruptException (Ctrl-C while a query runs) anywhere in its chain."""
    return any(isinstance(e, KeyboardInterrupt | duckdb.InterruptException) for e in _chain(exc))


def root_cause(exc: BaseException) -> str:
    """One line for the real cause: the first FinLoom error dlt wrapped, else the innermost."""
    chain = _chain(exc)
    chosen = next((e for e in chain if _is_finloom_error(e)), chain[-1])
    text = str(chosen).strip()
    return text.splitlines()[0] if text else type(chosen).__name__


def _is_finloom_error(exc: BaseException) -> bool:
    """Raised by FinLoom's own code (HTTP client, a source's parser), not by dlt or a library."""
    return type(exc).__module__.split(".", 1)[0] in {"ingestion", "finloom"}
