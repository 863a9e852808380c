"""Bench scenarios: what each one is, what it measured, and the targets it is held to.

Pure functions and data only (no dlt, DuckDB or dbt here), so they can be tested on their own.
The scenarios run in this order on one warehouse and one replay server (bench/run.py):

- `cold`: a fresh warehouse: ingest every company, then the planned build (the first build of a
  warehouse is everything) and record it, as `finloom run` does;
- `nochange`: the same ingest + planned build again on the unchanged mirror: every company file
  answers 304 Not Modified, nothing is loaded, the build is skipped;
- `one-filing`: the first company files a new 10-Q (`dev.scenarios.add_quarterly_filing` edits
  the mirror in place), then ingest + planned build: that company's facts and filings are loaded
  and `source:sec+` is built, the company-partitioned models rebuilding that one company.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

SCENARIOS = ("cold", "nochange", "one-filing")

#: Issue 10 targets: a rerun that finds nothing new, and one new filing, as a fraction of `cold`
#: in the same run; a cold 500-company run; peak RSS of the bench process.
RATIO_TARGETS = {"nochange": 0.10, "one-filing": 0.05}
TARGET_SECONDS = 30.0
TARGET_COMPANIES = 500
TARGET_RSS_MB = 1024.0

#: `--check-full-refresh` is on by default up to this many companies (it copies the warehouse
#: and runs a full `dbt build --full-refresh` on the copy: about one more cold build).
AUTO_CHECK_MAX_COMPANIES = 500

#: Which companies a build found changed: differs by design between an incremental build and a
#: full refresh (which marks every company changed), so the comparison leaves it out.
CHANGE_SET = "intermediate.int_sec_companies_to_build"
#: Every such change set of an SEC build: the statement marts' also marks every company after a
#: new ticker file (decision 043).
CHANGE_SETS = (CHANGE_SET, "intermediate.int_sec_company_marts_to_build")


def parse_scenarios(text: str) -> tuple[list[str], str | None]:
    """`--scenarios` → the scenarios in run order, and a note when `cold` had to be added (the
    others run on the warehouse and mirror state that cold leaves). Raises ValueError."""
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in names if s not in SCENARIOS]
    if unknown:
        raise ValueError(
            f"unknown scenario(s): {', '.join(unknown)} (choose from {', '.join(SCENARIOS)})"
        )
    note = None
    if names and "cold" not in names:
        note = "cold runs first anyway: the other scenarios start from the warehouse it builds"
    if not names:
        names = list(SCENARIOS)
    return [s for s in SCENARIOS if s in names or s == "cold"], note


def wants_full_refresh_check(
    flag: bool | None, scenarios: Sequence[str], companies: int, skip_dbt: bool
) -> bool:
    """`--check-full-refresh` / `--no-check-full-refresh`, else on when one-filing runs on at most
    AUTO_CHECK_MAX_COMPANIES companies. Never without dbt."""
    if skip_dbt:
        return False
    if flag is not None:
        return flag
    return "one-filing" in scenarios and companies <= AUTO_CHECK_MAX_COMPANIES


@dataclass
class ScenarioResult:
    """What one scenario took and did."""

    name: str
    ingest_s: float
    #: plan_build + record_build (the bookkeeping `finloom run` does around dbt)
    plan_s: float = 0.0
    #: the dbt build's wall time; None when no build ran (nothing to build, or --skip-dbt)
    build_s: float | None = None
    build_ok: bool = True
    #: the plan as `finloom run` prints it, or why there was none
    plan: str = ""
    #: dbt's own node time (run_results.json elapsed; the rest of build_s is start-up + parse)
    dbt_nodes_s: float | None = None
    #: dbt results by kind and status (model:success, test:pass, ...)
    dbt_counts: Mapping[str, int] = field(default_factory=dict)
    #: the slowest dbt nodes: (seconds, unique id)
    dbt_slowest: Sequence[tuple[float, str]] = ()
    peak_rss_mb: float = 0.0
    #: dlt's steps of the ingest: (step, wall seconds)
    ingest_steps: Sequence[tuple[str, float]] = ()
    #: rows per raw table carrying a load id of this scenario's ingest
    rows_loaded: Mapping[str, int] = field(default_factory=dict)
    #: distinct CIKs among those rows
    companies_loaded: int = 0
    #: (companies with is_changed, companies) in int_sec_companies_to_build after the build
    companies_rebuilt: tuple[int, int] | None = None
    #: replay server responses by HTTP status (None: not known, process mode)
    statuses: Mapping[int, int] | None = None
    #: companies whose facts / submissions file was unchanged (304 or same sha256), of all
    unchanged_facts: int = 0
    unchanged_submissions: int = 0
    companies: int = 0
    #: what the scenario changed upstream first (one-filing: the filing added)
    change: str = ""
    note: str = ""

    @property
    def total_s(self) -> float:
        return self.ingest_s + self.plan_s + (self.build_s or 0.0)

    @property
    def rows(self) -> int:
        return sum(self.rows_loaded.values())


@dataclass
class FullRefreshCheck:
    """A `dbt build --full-refresh` of a copy of the warehouse, compared table by table."""

    seconds: float
    ok: bool
    #: {schema.table: (rows only in the incremental build, rows only in the full refresh)}
    differences: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    note: str = ""

    def verdict(self) -> str:
        if not self.ok:
            return f"incremental equals full refresh: not known (full refresh failed: {self.note})"
        if not self.differences:
            return "incremental equals full refresh: yes"
        tables = ", ".join(
            f"{name} ({a:,} only incremental, {b:,} only full refresh)"
            for name, (a, b) in self.differences.items()
        )
        return f"incremental equals full refresh: no (tables differing: {tables})"


def status(ok: bool | None) -> str:
    return "" if ok is None else ("met" if ok else "NOT MET")


def _seconds(x: float | None) -> str:
    return "skipped" if x is None else f"{x:,.2f}"


def scenario_rows(results: Sequence[ScenarioResult]) -> list[tuple[str, ...]]:
    """The scenario table: header, then one row per scenario (ratios to the cold row)."""
    cold = next((r for r in results if r.name == "cold"), None)
    header = (
        "scenario",
        "ingest s",
        "plan s",
        "build s",
        "total s",
        "x cold",
        "peak RSS MB",
        "rows loaded",
        "companies loaded",
        "companies rebuilt",
    )
    rows: list[tuple[str, ...]] = [header]
    for r in results:
        build = _seconds(r.build_s) + ("" if r.build_ok else " FAILED")
        ratio = f"{r.total_s / cold.total_s:.3f}" if cold and cold.total_s else "-"
        rebuilt = (
            f"{r.companies_rebuilt[0]:,} of {r.companies_rebuilt[1]:,}"
            if r.companies_rebuilt is not None
            else "-"
        )
        rows.append(
            (
                r.name,
                f"{r.ingest_s:,.2f}",
                f"{r.plan_s:,.2f}",
                build,
                f"{r.total_s:,.2f}",
                ratio,
                f"{r.peak_rss_mb:,.0f}",
                f"{r.rows:,}",
                f"{r.companies_loaded:,}",
                rebuilt,
            )
        )
    return rows


def target_rows(results: Sequence[ScenarioResult], companies: int) -> list[tuple[str, str, str]]:
    """(target, value, met / NOT MET / why not judged) for the scenarios that ran."""
    by_name = {r.name: r for r in results}
    cold = by_name.get("cold")
    out: list[tuple[str, str, str]] = []
    if cold is not None:
        judged: bool | None = None
        why = ""
        if not cold.build_ok or cold.build_s is None:
            why = "n/a (no successful build)"
        elif companies != TARGET_COMPANIES:
            why = f"n/a (a target for N={TARGET_COMPANIES})"
        else:
            judged = cold.total_s <= TARGET_SECONDS
        out.append(
            (
                f"cold total <= {TARGET_SECONDS:.0f} s at N={TARGET_COMPANIES}",
                f"{cold.total_s:,.1f} s",
                status(judged) or why,
            )
        )
    for name, limit in RATIO_TARGETS.items():
        r = by_name.get(name)
        if r is None or cold is None or not cold.total_s:
            continue
        ratio = r.total_s / cold.total_s
        out.append(
            (
                f"{name} total <= {limit:.0%} of cold",
                f"{ratio:.1%}",
                status(ratio <= limit if r.build_ok else False),
            )
        )
    if results:
        worst = max(results, key=lambda r: r.peak_rss_mb)
        out.append(
            (
                f"peak RSS <= {TARGET_RSS_MB:,.0f} MB (every scenario)",
                f"{worst.peak_rss_mb:,.0f} MB ({worst.name})",
                status(worst.peak_rss_mb <= TARGET_RSS_MB),
            )
        )
    return out


def expectations(result: ScenarioResult) -> list[str]:
    """What the scenario should have done but did not (empty when it behaved as designed)."""
    problems: list[str] = []
    n = result.companies
    if result.name == "nochange":
        if result.rows:
            problems.append(f"loaded {result.rows:,} rows (expected none)")
        if result.unchanged_facts != n or result.unchanged_submissions != n:
            problems.append(
                f"unchanged files: facts {result.unchanged_facts}/{n}, submissions "
                f"{result.unchanged_submissions}/{n} (expected all)"
            )
        if result.build_s is not None:
            problems.append("a build ran (expected: skipped, nothing new)")
    elif result.name == "one-filing":
        if result.companies_loaded != 1:
            problems.append(f"{result.companies_loaded} companies loaded (expected 1)")
        if result.unchanged_facts != n - 1:
            problems.append(
                f"unchanged facts files {result.unchanged_facts}/{n} (expected {n - 1})"
            )
        if result.companies_rebuilt is not None and result.companies_rebuilt[0] != 1:
            problems.append(f"{result.companies_rebuilt[0]} companies rebuilt (expected 1)")
    if not result.build_ok:
        problems.append("the build failed")
    return problems


def format_table(rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Rows as aligned text lines: the first `left` columns left-aligned, the rest right."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(w) if i < left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
