"""Bench report: the printed figures, breakdown and comparison."""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from env import RATE_ENV
from measure import SamplingProfiler, StageTimer, ThreadCpu
from phases import FACTS_DISPOSITION, Phase
from scenarios import (
    TARGET_RSS_MB,
    TARGET_SECONDS,
    FullRefreshCheck,
    ScenarioResult,
    expectations,
    format_table,
    scenario_rows,
    target_rows,
)
from workload import Workload

from finloom.paths import PROJECT_ROOT
from ingestion.sources.sec import SecRunReport

TARGET_RATIO = 20.0


def code_version() -> str:
    """`git describe --always --dirty` of the repository, so figures can be tied to code."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def _fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def _status(ok: bool | None) -> str:
    return "" if ok is None else ("met" if ok else "NOT MET")


def print_report(
    args: argparse.Namespace,
    work: Workload,
    workers: int,
    ingest: Phase,
    facts: int,
    build: Phase | None,
    peak_after_build: float,
    cmp: dict[str, Any] | None,
    scenarios: Sequence[ScenarioResult] = (),
    full_refresh: FullRefreshCheck | None = None,
) -> None:
    p = functools.partial(print, flush=True)
    total = ingest.seconds + (build.seconds if build else 0.0)
    n = len(work.companies)
    p()
    p(
        f"FinLoom ingestion benchmark  N={n} companies  workers={workers}  CPUs={os.cpu_count()}"
        f"  code {code_version()}"
    )
    p(
        f"  templates: {work.templates_from}, rotated: "
        + "; ".join(
            f"{t.label} {rows:,} rows"
            for t, rows in zip(work.facts_templates, work.rows_per_template, strict=True)
        )
    )
    p(
        f"  workload: {work.bytes_written / 2**20:,.0f} MB written in {work.seconds:.1f} s "
        f"under {work.root}"
    )
    p(
        f"  {RATE_ENV}={os.environ[RATE_ENV]}: SEC's default 8 req/s is politeness toward the real "
        f"host and would dominate ({2 * n + 3}+ requests = {(2 * n + 3) / 8:.0f}+ s)."
    )
    where = {
        "thread": "in this process (shares its CPU and GIL)",
        "process": "in a child process (shares the CPUs only)",
    }
    p(
        f"  replay server: {where[args.server]}; GIL switch interval "
        f"{sys.getswitchinterval() * 1000:g} ms"
    )
    if facts != work.expected_rows:
        p(f"  WARNING: raw_sec.company_facts has {facts:,} rows, expected {work.expected_rows:,}")
    p()
    rows: list[tuple[str, str, str, str]] = [
        ("companies", f"{n:,}", "", ""),
        ("facts (raw_sec.company_facts)", f"{facts:,}", "", ""),
        ("ingest s (fetch+parse+dlt)", _fmt(ingest.seconds), "", ""),
    ]
    if build is None:
        rows.append(("dbt build s", "skipped", "", ""))
    else:
        rows.append(
            ("dbt build s", _fmt(build.seconds) + ("" if build.ok else " (FAILED)"), "", "")
        )
    within = total <= TARGET_SECONDS if build is not None and build.ok else None
    rows += [
        ("ingest + build s", _fmt(total), f"<= {TARGET_SECONDS:.0f} s", _status(within)),
        ("companies/min (ingest)", _fmt(n / ingest.seconds * 60, 0), "", ""),
        ("companies/min (ingest + build)", _fmt(n / total * 60, 0), "", ""),
        ("facts/s (ingest)", _fmt(facts / ingest.seconds, 0), "", ""),
        ("facts/s (ingest + build)", _fmt(facts / total, 0), "", ""),
        ("peak RSS MB, ingest (psutil)", _fmt(ingest.peak_rss_mb, 0), "", ""),
    ]
    if build is not None:
        rows.append(("peak RSS MB, dbt build (psutil)", _fmt(build.peak_rss_mb, 0), "", ""))
        rows.append(("RSS MB when the build began", _fmt(build.start_rss_mb, 0), "", ""))
    rows.append(
        (
            "peak RSS MB, overall (ru_maxrss)",
            _fmt(peak_after_build, 0),
            f"<= {TARGET_RSS_MB:.0f} MB",
            _status(peak_after_build <= TARGET_RSS_MB),
        )
    )
    if cmp is not None:
        m = cmp["m"]
        rates = {k: v.details["facts"] / v.seconds for k, v in cmp["runs"].items()}
        arrow_label, *dict_labels = rates
        rows.append((f"facts/s M={m}: {arrow_label}", _fmt(rates[arrow_label], 0), "", ""))
        for label in dict_labels:
            ratio = rates[arrow_label] / rates[label]
            rows += [
                (f"facts/s M={m}: {label}", _fmt(rates[label], 0), "", ""),
                (
                    f"  arrow / {label.split(' ', 1)[1]}",
                    f"{ratio:.1f}x",
                    f">= {TARGET_RATIO:.0f}x",
                    _status(ratio >= TARGET_RATIO),
                ),
            ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    p(f"  {'metric':<{widths[0]}}  {'value':>{widths[1]}}  {'target':<{widths[2]}}  status")
    for r in rows:
        p(f"  {r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip())
    if build is not None and not build.ok:
        p(f"  dbt build failed: {build.note}")
    if build is not None and build.details.get("counts"):
        counts = ", ".join(f"{k}={v}" for k, v in sorted(build.details["counts"].items()))
        p(f"  dbt nodes: {counts}")

    if scenarios:
        print_scenarios(scenarios, full_refresh, n)
    print_breakdown(ingest, build, args.top)
    if cmp is not None:
        print_comparison(cmp)


def print_scenarios(
    results: Sequence[ScenarioResult], full_refresh: FullRefreshCheck | None, n: int
) -> None:
    p = functools.partial(print, flush=True)
    p()
    p(
        "Scenarios on one warehouse and one replay server, in this order (total = ingest + plan "
        "+ build; plan = plan_build + record_build; ratios to cold in this run)"
    )
    for line in format_table(scenario_rows(results)):
        p(f"  {line}")
    for r in results:
        p(f"  {r.name}:")
        if r.change:
            p(f"    change: {r.change}")
        statuses = (
            ", ".join(f"{code} x{count:,}" for code, count in sorted(r.statuses.items()))
            if r.statuses is not None
            else "not counted (process mode)"
        )
        p(
            f"    fetch: unchanged files (304 or same sha256): company facts "
            f"{r.unchanged_facts:,}/{r.companies:,}, submissions {r.unchanged_submissions:,}/"
            f"{r.companies:,}; replay responses {statuses or 'none'}"
        )
        steps = ", ".join(f"{step} {s:.2f} s" for step, s in r.ingest_steps if step != "run")
        p(f"    ingest dlt steps: {steps or 'none'}")
        loaded = ", ".join(f"{t}={c:,}" for t, c in sorted(r.rows_loaded.items())) or "nothing"
        p(f"    loaded: {loaded}")
        p(f"    {r.plan}" + (f" -- FAILED: {r.note}" if not r.build_ok else ""))
        if r.build_s is not None:
            nodes = f"{r.dbt_nodes_s:,.1f} s" if r.dbt_nodes_s is not None else "?"
            counts = ", ".join(f"{k}={v:,}" for k, v in sorted(r.dbt_counts.items()))
            p(f"    dbt: wall {r.build_s:,.1f} s, nodes {nodes}; {counts}")
            slowest = ", ".join(f"{uid.split('.')[-1]} {s:.2f} s" for s, uid in r.dbt_slowest[:4])
            if slowest:
                p(f"    dbt slowest nodes: {slowest}")
        for problem in expectations(r):
            p(f"    UNEXPECTED: {problem}")
    if full_refresh is not None:
        p(
            f"  full refresh of a copy: dbt build --full-refresh {full_refresh.seconds:,.1f} s; "
            + full_refresh.verdict()
        )
    p()
    rows = [("target", "value", "status"), *target_rows(results, n)]
    for line in format_table(rows, left=1):
        p(f"  {line}")


def print_breakdown(ingest: Phase, build: Phase | None, top: int) -> None:
    p = functools.partial(print, flush=True)
    p()
    p(f"Ingest time breakdown (wall {ingest.seconds:.1f} s)")
    p("  dlt steps: wall, peak RSS, process CPU (all threads) and cores busy on average:")
    for step, seconds, peak, cpu in ingest.details["steps"]:
        busy = cpu / seconds if seconds else 0.0
        p(f"    {step:<10} {seconds:7.2f} s  {peak:7,.0f} MB  {cpu:7.2f} CPU-s  {busy:4.2f} cores")
    rows = ingest.details.get("rows") or {}
    if rows:
        p("  rows normalized: " + ", ".join(f"{k}={v:,}" for k, v in sorted(rows.items())))
    timer: StageTimer = ingest.details["timer"]
    p(
        "  instrumented stages, summed over threads (elapsed includes waits for the GIL/a core; "
        "CPU is the calling thread's):"
    )
    p(f"    {'stage':<52} {'elapsed':>9} {'CPU':>9} {'calls':>7}")
    names = [n for n in timer.order if n in timer.seconds]
    names += sorted(n for n in timer.seconds if n not in names)
    for name in names:
        p(
            f"    {name:<52} {timer.seconds[name]:8.2f}s {timer.cpu[name]:8.2f}s "
            f"{timer.calls[name]:>7,}"
        )
    thread_cpu: ThreadCpu = ingest.details["thread_cpu"]
    groups = thread_cpu.by_group()
    p(f"  CPU seconds by thread group (kernel counters; {sum(groups.values()):.1f} CPU-s in all):")
    for group, cpu in groups.most_common():
        if cpu >= 0.05:
            p(f"    {group:<52} {cpu:8.2f} s")
    sql_timer: StageTimer = ingest.details["sql_timer"]
    if sql_timer.seconds:
        total = sum(sql_timer.seconds.values())
        p(f"  DuckDB statements run by dlt (load step, {total:.2f} s summed over loader threads):")
        ranked = sorted(sql_timer.seconds.items(), key=lambda kv: -kv[1])
        for name, seconds in ranked[:8]:
            p(f"    {seconds:7.2f} s  {sql_timer.calls[name]:>4} x  {name}")
    report: SecRunReport = ingest.details["report"]
    if report.gaps:
        p(f"  gaps: {len(report.gaps)} (first: {report.gaps[0]})")
    profiler: SamplingProfiler | None = ingest.details.get("profiler")
    if profiler is not None and profiler.ticks:
        scale = ingest.seconds / profiler.ticks  # seconds per tick (actual sampling rate)
        p(
            f"  sampling profile: {profiler.ticks:,} ticks of ~{scale * 1000:.1f} ms over all "
            "threads (blocking waits excluded; a sample counts while its thread waits for the GIL "
            "or a core, so read it as elapsed thread-seconds, not CPU)"
        )
        p(f"    top {top} functions by inclusive thread-seconds:")
        for (path, func), count in profiler.cumulative.most_common(top):
            p(f"      {count * scale:7.2f} s  {func:<38} {path}")
        p(f"    top {top} functions by self thread-seconds (C calls count in their caller):")
        for (path, func), count in profiler.own.most_common(top):
            p(f"      {count * scale:7.2f} s  {func:<38} {path}")
    if build is not None and build.details.get("slowest"):
        p()
        elapsed = build.details.get("elapsed", 0.0)
        p(
            f"dbt build: wall {build.seconds:.1f} s, nodes {elapsed:.1f} s "
            f"(the rest is dbt start-up + full parse); slowest nodes:"
        )
        for seconds, uid in build.details["slowest"]:
            p(f"    {seconds:7.2f} s  {uid}")
        if build.details.get("heaviest"):
            p("  peak RSS while a node executed (nodes run concurrently: a peak is shared):")
            for mb, uid in build.details["heaviest"]:
                p(f"    {mb:7,.0f} MB  {uid}")


def print_comparison(cmp: dict[str, Any]) -> None:
    p = functools.partial(print, flush=True)
    p()
    p(
        f"Arrow vs dict path on the same {cmp['m']} companies (company_facts resource only; fetch "
        "from the replay server + parse + dlt extract/normalize/load into its own DuckDB)"
    )
    p(
        "  dict path: dicts built straight from the orjson-decoded JSON (same columns, types and "
        "md5 fact_id), one list per company, dlt's default relational normalizer"
    )
    p(f"  both: primary key fact_id, write disposition {FACTS_DISPOSITION}, same DuckDB settings")
    for label, phase in cmp["runs"].items():
        steps = "  ".join(f"{s} {t:.2f}s" for s, t, *_ in phase.details["steps"] if s != "run")
        p(
            f"  {label:<34} {phase.details['facts']:>9,} facts {phase.seconds:7.2f} s "
            f"{phase.details['facts'] / phase.seconds:>9,.0f} facts/s  "
            f"peak RSS {phase.peak_rss_mb:,.0f} MB  [{steps}]"
        )
        if "rows" in phase.details:
            total, same = phase.details["rows"]
            verdict = "identical to arrow" if same == total else "DIFFERENT from arrow"
            p(f"  {'':<34} rows {verdict} ({same:,} of {total:,} match on every column)")
