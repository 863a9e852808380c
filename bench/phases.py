"""Bench phases: ingest and dbt build of the workload, and the Arrow-vs-dict comparison."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import dlt
import duckdb
from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials
from measure import RssSampler, SamplingProfiler, StageTimer, ThreadCpu, instrumented
from scenarios import CHANGE_SET, CHANGE_SETS, FullRefreshCheck, ScenarioResult
from workload import Workload

import ingestion.runner as finloom_config
import ingestion.sources.sec as sec_source_module
from finloom.ops.builds import describe, plan_build, record_build
from finloom.transform import run_dbt
from finloom.warehouse import quote, table_exists
from ingestion.concurrency import map_unordered
from ingestion.http import HttpClient, HttpSettings
from ingestion.pipelines.sec import ingest_sec, sec_endpoints
from ingestion.replay import ReplayServer
from ingestion.runner import pipelines_dir
from ingestion.selection import Company
from ingestion.sources.sec import SecEndpoints, SecRunReport
from ingestion.sources.sec.helpers import parse_cik
from ingestion.sources.sec.settings import sec_config

# --------------------------------------------------------------------------- phases


@dataclass
class Phase:
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    start_rss_mb: float = 0.0
    ok: bool = True
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def dlt_steps(pipeline: dlt.Pipeline, rss: RssSampler) -> list[tuple[str, float, float, float]]:
    """(step, wall s, peak RSS MB, process CPU s) per step of the pipeline's last trace."""
    trace = pipeline.last_trace
    if trace is None:
        return []
    out = []
    for step in trace.steps:
        if step.finished_at is None:
            continue
        start, end = step.started_at.timestamp(), step.finished_at.timestamp()
        out.append(
            (step.step, end - start, rss.peak_between(start, end), rss.cpu_between(start, end))
        )
    return out


@dataclass(frozen=True)
class Replay:
    """A running replay server: its base URL and, in thread mode, its response counts."""

    url: str
    mode: str
    status_counts: Callable[[], dict[int, int]] | None = None


@contextlib.contextmanager
def replay(root: Path, mode: str) -> Iterator[Replay]:
    """The replay server: in this process (a thread), or in a child process. It stats and reads
    each file per request (ETag from the current mtime and size), so it serves edits made to the
    mirror while it runs."""
    if mode == "thread":
        with ReplayServer(root) as server:
            yield Replay(server.url, mode, server.status_counts)
        return
    code = (
        "import sys; from ingestion.replay import ReplayServer; "
        "s = ReplayServer(sys.argv[1]); print(s.url, flush=True); s.serve_forever()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        yield Replay(child.stdout.readline().strip(), mode)
    finally:
        child.terminate()
        child.wait(timeout=10)


def run_ingest(
    db: Path,
    work: Workload,
    workers: int | None,
    profile_interval: float,
    server: Replay,
    require_stages: bool = True,
) -> Phase:
    """The real `ingest_sec` of every workload company through `server`, instrumented."""
    timer = StageTimer()
    sql_timer = StageTimer()
    profiler = SamplingProfiler(profile_interval) if profile_interval > 0 else None
    phase = Phase()
    statuses_before = server.status_counts() if server.status_counts else {}
    with (
        RssSampler() as rss,
        ThreadCpu() as thread_cpu,
        instrumented(timer, sql_timer, require_stages),
        profiler or contextlib.nullcontext(),
    ):
        if profiler is not None:
            profiler.exclude(rss._thread)
        started = time.perf_counter()
        report = ingest_sec(
            db,
            tickers=[c.ticker for c in work.companies],
            mirror=server.url,
            workers=workers,
            progress=True,
        )
        phase.seconds = time.perf_counter() - started
    phase.peak_rss_mb = rss.peak_mb
    pipeline = dlt.attach(pipeline_name="finloom_sec", pipelines_dir=str(pipelines_dir(db)))
    phase.details.update(
        report=report,
        timer=timer,
        sql_timer=sql_timer,
        thread_cpu=thread_cpu,
        profiler=profiler,
        steps=dlt_steps(pipeline, rss),
        rows=_row_counts(pipeline),
        statuses=_status_delta(server, statuses_before),
    )
    return phase


def _status_delta(server: Replay, before: dict[int, int]) -> dict[int, int] | None:
    """Responses the server sent since `before`, by status (None: not known, process mode)."""
    if server.status_counts is None:
        return None
    now = server.status_counts()
    return {code: n - before.get(code, 0) for code, n in now.items() if n > before.get(code, 0)}


def _row_counts(pipeline: dlt.Pipeline) -> dict[str, int]:
    trace = pipeline.last_trace
    info = trace.last_normalize_info if trace is not None else None
    return dict(info.row_counts) if info is not None else {}


def count_facts(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("select count(*) from raw_sec.company_facts").fetchone()
    return int(row[0]) if row else 0


def run_build(
    db: Path,
    scratch: Path,
    dbt_args: Sequence[str] = (),
    run_id: str | None = None,
    target_name: str = "dbt-target",
) -> Phase:
    """`dbt build [dbt_args]` on `db`, with its own target and log paths under `scratch`."""
    phase = Phase()
    target = scratch / target_name  # not the repo's target/: other work may be using it
    args = ["build", *dbt_args, "--target-path", str(target)]
    args += ["--log-path", str(scratch / "dbt-logs")]
    (target / "run_results.json").unlink(missing_ok=True)  # a reused target: not the last build's
    with RssSampler() as rss:
        started = time.perf_counter()
        try:
            outcome = run_dbt(args, db, quiet=True, run_id=run_id)
            phase.ok = outcome.success
            phase.details["counts"] = dict(outcome.counts)
            if not outcome.success:
                first = outcome.failures[:3] or ["dbt reported failure"]
                phase.note = "; ".join(first) + (
                    f" (+{len(outcome.failures) - 3} more)" if len(outcome.failures) > 3 else ""
                )
        except Exception as exc:  # report it and keep the ingest figures
            phase.ok = False
            phase.note = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        phase.seconds = time.perf_counter() - started
    phase.peak_rss_mb = rss.peak_mb
    phase.start_rss_mb = rss.start_mb
    results = target / "run_results.json"
    if results.is_file():
        data = json.loads(results.read_text())
        phase.details["elapsed"] = float(data.get("elapsed_time") or 0.0)
        nodes = sorted(
            ((r.get("execution_time") or 0.0, r["unique_id"]) for r in data.get("results", [])),
            reverse=True,
        )
        phase.details["slowest"] = nodes[:8]
        phase.details["heaviest"] = heaviest_nodes(data.get("results", []), rss)[:8]
    return phase


def heaviest_nodes(results: Sequence[dict[str, Any]], rss: RssSampler) -> list[tuple[float, str]]:
    """(peak RSS MB of the process while the node executed, unique id), highest first. dbt runs
    several nodes at once (its threads), so a peak is shared by the nodes running then: read
    the top nodes together, not the first alone as the culprit."""
    peaks = []
    for result in results:
        for step in result.get("timing") or ():
            if step.get("name") == "execute" and step.get("started_at"):
                started = datetime.fromisoformat(step["started_at"].replace("Z", "+00:00"))
                ended = datetime.fromisoformat(step["completed_at"].replace("Z", "+00:00"))
                peak = rss.peak_between(started.timestamp(), ended.timestamp())
                peaks.append((peak, result["unique_id"]))
    return sorted(peaks, reverse=True)


# --------------------------------------------------------------------------- scenarios


def run_scenario(
    name: str,
    db: Path,
    work: Workload,
    workers: int | None,
    profile_interval: float,
    server: Replay,
    scratch: Path,
    build: bool,
) -> tuple[ScenarioResult, Phase, Phase | None]:
    """One scenario (bench/scenarios.py): its upstream change, ingest, then the planned build."""
    change = ""
    if name == "one-filing":
        from dev.scenarios import add_quarterly_filing

        company = work.companies[0]
        filing = add_quarterly_filing(work.root, company.cik)
        concept, period_end, before, after = filing.restated
        change = (
            f"{company.ticker} (CIK {filing.cik}) files 10-Q {filing.accession_number} "
            f"({filing.fiscal_period} {filing.fiscal_year}, {filing.facts:,} facts), restating "
            f"{concept} for {period_end}: {before:,} -> {after:,}"
        )
    newest = newest_sec_load(db)
    ingest = run_ingest(db, work, workers, profile_interval, server, require_stages=name == "cold")
    rows, companies = loaded_since(db, newest)
    report: SecRunReport = ingest.details["report"]
    result = ScenarioResult(
        name=name,
        ingest_s=ingest.seconds,
        peak_rss_mb=ingest.peak_rss_mb,
        rows_loaded=rows,
        companies_loaded=companies,
        statuses=ingest.details["statuses"],
        unchanged_facts=report.unchanged_facts,
        unchanged_submissions=report.unchanged_submissions,
        companies=len(work.companies),
        change=change,
        ingest_steps=[(step, seconds) for step, seconds, *_ in ingest.details["steps"]],
    )
    if not build:
        result.plan = "build: not planned (--skip-dbt)"
        return result, ingest, None
    built, result.plan, result.plan_s = run_planned_build(db, scratch, f"bench-{name}")
    if built is not None:
        result.build_s = built.seconds
        result.build_ok = built.ok
        result.note = built.note
        result.peak_rss_mb = max(result.peak_rss_mb, built.peak_rss_mb)
        result.dbt_nodes_s = built.details.get("elapsed")
        result.dbt_counts = built.details.get("counts") or {}
        result.dbt_slowest = built.details.get("slowest") or ()
        result.companies_rebuilt = companies_rebuilt(db)
    return result, ingest, built


def run_planned_build(db: Path, scratch: Path, run_id: str) -> tuple[Phase | None, str, float]:
    """As `finloom run` builds: plan, build the plan's selection (none: skip), record a success.
    Returns (the build, or None when skipped; the plan as `finloom run` prints it; seconds spent
    planning and recording)."""
    started = time.perf_counter()
    plan = plan_build(db)
    bookkeeping = time.perf_counter() - started
    if plan.nothing:
        return None, describe(plan), bookkeeping
    build = run_build(db, scratch, plan.dbt_args(), run_id=run_id)
    if build.ok:
        started = time.perf_counter()
        record_build(db, plan, run_id)
        bookkeeping += time.perf_counter() - started
    return build, describe(plan), bookkeeping


def newest_sec_load(db: Path) -> str:
    """The newest load id in `raw_sec._dlt_loads` ("" before the first load)."""
    if not db.exists():
        return ""
    with duckdb.connect(str(db), read_only=True) as con:
        if not table_exists(con, "raw_sec", "_dlt_loads"):
            return ""
        row = con.execute("select max(load_id) from raw_sec._dlt_loads").fetchone()
    return str(row[0]) if row and row[0] else ""


def loaded_since(db: Path, after: str) -> tuple[dict[str, int], int]:
    """Rows per `raw_sec` data table from completed loads newer than `after`, and the number of
    distinct CIKs among them."""
    with duckdb.connect(str(db), read_only=True) as con:
        if not table_exists(con, "raw_sec", "_dlt_loads"):
            return {}, 0
        load_ids = [
            load_id
            for (load_id,) in con.execute(
                "select load_id from raw_sec._dlt_loads where status = 0 and load_id > ?",
                [after],
            ).fetchall()
        ]
        if not load_ids:
            return {}, 0
        tables = con.execute(
            "select table_name, bool_or(column_name = 'cik') from information_schema.columns "
            "where table_schema = 'raw_sec' and table_name not like '\\_dlt%' escape '\\' "
            "group by 1 having bool_or(column_name = '_dlt_load_id') order by 1"
        ).fetchall()
        marks = ", ".join("?" for _ in load_ids)
        rows: dict[str, int] = {}
        with_cik: list[str] = []
        for table, has_cik in tables:
            where = f"from raw_sec.{quote(table)} where _dlt_load_id in ({marks})"
            found = con.execute(f"select count(*) {where}", load_ids).fetchone()
            if found and found[0]:
                rows[table] = int(found[0])
                if has_cik:
                    with_cik.append(f"select cik {where}")
        if not with_cik:
            return rows, 0
        union = " union ".join(with_cik)
        ciks = con.execute(
            f"select count(distinct cik) from ({union})", load_ids * len(with_cik)
        ).fetchone()
    return rows, int(ciks[0]) if ciks else 0


def companies_rebuilt(db: Path) -> tuple[int, int] | None:
    """(companies marked is_changed, companies) in the build's int_sec_companies_to_build."""
    schema, table = CHANGE_SET.split(".")
    with duckdb.connect(str(db), read_only=True) as con:
        if not table_exists(con, schema, table):
            return None
        row = con.execute(f"select count(*) filter (where is_changed), count(*) from {CHANGE_SET}")
        found = row.fetchone()
    return (int(found[0]), int(found[1])) if found else None


def run_full_refresh_check(db: Path, scratch: Path) -> FullRefreshCheck:
    """Copy the warehouse, `dbt build --full-refresh` the copy, compare intermediate + marts."""
    from dev.warehouse_diff import table_differences  # dev/ sits beside bench/ (env.py)

    copy = scratch / "warehouse-full-refresh" / db.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".wal"):
        source = db.with_name(db.name + suffix)
        if source.exists():
            shutil.copyfile(source, copy.with_name(copy.name + suffix))
    build = run_build(
        copy, scratch, ["--full-refresh"], "bench-full-refresh", "dbt-target-full-refresh"
    )
    if not build.ok:
        return FullRefreshCheck(build.seconds, False, note=build.note)
    differences = table_differences(db, copy, exclude=list(CHANGE_SETS))
    return FullRefreshCheck(build.seconds, True, differences)


# --------------------------------------------------------------------------- dict path


FACT_COLUMNS: dict[str, Any] = {
    "fact_id": {"data_type": "text", "nullable": False},
    "cik": {"data_type": "bigint", "nullable": False},
    "taxonomy": {"data_type": "text", "nullable": False},
    "concept": {"data_type": "text", "nullable": False},
    "unit": {"data_type": "text", "nullable": False},
    "period_start": {"data_type": "date"},
    "period_end": {"data_type": "date", "nullable": False},
    "accession_number": {"data_type": "text", "nullable": False},
    "value": {"data_type": "decimal", "precision": 38, "scale": 10},
    "fy": {"data_type": "bigint"},
    "fp": {"data_type": "text"},
    "form": {"data_type": "text"},
    "filed": {"data_type": "date"},
    "frame": {"data_type": "text"},
}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def fact_dicts(doc: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Straight from the decoded JSON to one dict per fact (same columns and fact_id as Arrow)."""
    cik = parse_cik(doc["cik"])
    facts: list[dict[str, Any]] = []
    concepts: list[dict[str, Any]] = []
    for taxonomy, by_concept in (doc.get("facts") or {}).items():
        for concept, body in by_concept.items():
            concepts.append(
                {
                    "cik": cik,
                    "taxonomy": taxonomy,
                    "concept": concept,
                    "label": body.get("label"),
                    "description": body.get("description"),
                }
            )
            for unit, items in (body.get("units") or {}).items():
                for f in items:
                    start = f.get("start")
                    key = f"{cik}|{taxonomy}|{concept}|{unit}|{start or ''}|{f['end']}|{f['accn']}"
                    val = f["val"]
                    facts.append(
                        {
                            "fact_id": hashlib.md5(key.encode()).hexdigest(),
                            "cik": cik,
                            "taxonomy": taxonomy,
                            "concept": concept,
                            "unit": unit,
                            "period_start": _date(start),
                            "period_end": date.fromisoformat(f["end"]),
                            "accession_number": f["accn"],
                            "value": Decimal(repr(val) if isinstance(val, float) else val),
                            "fy": f.get("fy"),
                            "fp": f.get("fp"),
                            "form": f.get("form"),
                            "filed": _date(f.get("filed")),
                            "frame": f.get("frame"),
                        }
                    )
    seen: set[str] = set()
    unique = [f for f in facts if not (f["fact_id"] in seen or seen.add(f["fact_id"]))]
    return unique, concepts, len(facts) - len(unique)


def dict_facts_resource(
    companies: Sequence[Company], client: HttpClient, endpoints: SecEndpoints, workers: int
) -> Any:
    """The company-facts resource rebuilt on dicts: one list of fact dicts per company."""

    def fetch(company: Company) -> tuple[Any, ...]:
        doc = client.get_json(endpoints.company_facts_url(company.cik))
        facts, concepts, duplicates = fact_dicts(doc)
        return doc.get("entityName"), facts, concepts, duplicates

    def rows() -> Iterator[Any]:
        for company, (name, facts, concepts, duplicates) in map_unordered(
            fetch, companies, workers
        ):
            yield facts
            yield dlt.mark.with_table_name(concepts, "company_concepts")
            yield dlt.mark.with_table_name(
                {
                    "cik": company.cik,
                    "status": "loaded",
                    "entity_name": name,
                    "facts_in_file": len(facts),
                    "rows_loaded": len(facts),
                    "duplicate_keys": duplicates,
                },
                "company_facts_files",
            )

    res = dlt.resource(
        rows,
        name="company_facts",
        write_disposition=FACTS_DISPOSITION,
        primary_key="fact_id",
        max_table_nesting=0,
    )
    res.apply_hints(
        table_name="company_concepts",
        primary_key=["cik", "taxonomy", "concept"],
        write_disposition="merge",
        create_table_variant=True,
    )
    res.apply_hints(
        table_name="company_facts_files",
        primary_key="cik",
        write_disposition="merge",
        columns={"entity_name": {"data_type": "text"}},
        create_table_variant=True,
    )
    res.apply_hints(columns=FACT_COLUMNS)  # after the variants, which would copy these columns
    return res


#: The company-facts write disposition of the real resource (a deduplicated-stage merge since
#: 4b0e616), so both paths load the same way.
FACTS_DISPOSITION: Any = getattr(sec_source_module, "DEDUPLICATED_MERGE", "merge")


def duckdb_destination(db: Path) -> Any:
    """A DuckDB destination configured as `ingestion.runner` configures its own."""
    memory_limit = getattr(finloom_config, "duckdb_memory_limit", None)
    if memory_limit is None:
        return dlt.destinations.duckdb(str(db))
    credentials = DuckDbCredentials(str(db), global_config={"memory_limit": memory_limit()})
    return dlt.destinations.duckdb(credentials)


def run_facts_only(
    label: str,
    make_resource: Callable[[HttpClient, SecEndpoints], Any],
    server_url: str,
    db: Path,
    scratch: Path,
    file_format: str | None,
) -> Phase:
    """One dlt run of a company-facts resource into its own DuckDB; wall time from fetch to load."""
    config = sec_config()
    settings = HttpSettings(requests_per_second=config.requests_per_second)
    phase = Phase()
    pipeline = dlt.pipeline(
        pipeline_name=f"bench_{label}",
        destination=duckdb_destination(db),
        dataset_name="raw_sec",
        pipelines_dir=str(scratch / "dlt-pipelines"),
    )
    with HttpClient(settings) as client, RssSampler() as rss:
        res = make_resource(client, sec_endpoints(config, server_url))
        started = time.perf_counter()
        if file_format:
            pipeline.run(res, loader_file_format=file_format)
        else:
            pipeline.run(res)
        phase.seconds = time.perf_counter() - started
    phase.peak_rss_mb = rss.peak_mb
    phase.details["steps"] = dlt_steps(pipeline, rss)
    phase.details["facts"] = count_facts(db)
    return phase


#: What dlt writes for DuckDB when no loader_file_format is given.
DEFAULT_FORMAT = dlt.destinations.duckdb().capabilities().preferred_loader_file_format


def compare_rows(arrow_db: Path, dict_db: Path) -> tuple[int, int]:
    """(rows in the Arrow DB, rows whose every column matches a dict-path row by fact_id)."""
    cols = ", ".join(c for c in FACT_COLUMNS if c != "fact_id")
    with duckdb.connect(str(arrow_db), read_only=True) as con:
        con.execute(f"attach '{dict_db}' as d (read_only)")
        total = con.execute("select count(*) from raw_sec.company_facts").fetchone()
        same = con.execute(
            f"""
            select count(*) from (
                select fact_id, {cols} from raw_sec.company_facts
                intersect
                select fact_id, {cols} from d.raw_sec.company_facts
            )
            """
        ).fetchone()
    return int(total[0]) if total else 0, int(same[0]) if same else 0


def run_comparison(
    work: Workload, m: int, workers: int, scratch: Path, formats: Sequence[str]
) -> dict[str, Any]:
    """The real Arrow resource, then the dict resource once per loader file format."""
    companies = work.companies[:m]
    arrow_db = scratch / "compare_arrow.duckdb"
    runs: dict[str, Phase] = {}
    with ReplayServer(work.root) as server:
        runs["arrow (real resource, parquet)"] = run_facts_only(
            "arrow",
            lambda client, ep: sec_source_module._company_facts_resource(
                companies, client, ep, SecRunReport(), workers, False
            ),
            server.url,
            arrow_db,
            scratch,
            "parquet",
        )
        for fmt in formats:
            dict_db = scratch / f"compare_dict_{fmt}.duckdb"
            phase = run_facts_only(
                f"dict_{fmt}",
                lambda client, ep: dict_facts_resource(companies, client, ep, workers),
                server.url,
                dict_db,
                scratch,
                None if fmt == "default" else fmt,
            )
            phase.details["rows"] = compare_rows(arrow_db, dict_db)
            shown = f"{DEFAULT_FORMAT} = dlt default" if fmt == "default" else fmt
            runs[f"dict ({shown})"] = phase
    return {"m": m, "runs": runs}
