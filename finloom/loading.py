"""Load sources in run order: one place that knows which pipeline loads which source.

`finloom run`, `finloom ingest` and `finloom demo` all load through `load_sources`; the order is
fixed because `filings` reads the filing index that `sec` loads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.pipelines.filings import DEFAULT_FORMS, FilingsRunReport, ingest_filings
from ingestion.pipelines.macro import ingest_macro
from ingestion.pipelines.market import ingest_market
from ingestion.pipelines.news import ingest_news
from ingestion.pipelines.policy import ingest_policy
from ingestion.pipelines.sec import ingest_sec
from ingestion.sources.macro import MacroRunReport
from ingestion.sources.market import MarketRunReport
from ingestion.sources.news import NewsRunReport
from ingestion.sources.policy import PolicyRunReport
from ingestion.sources.sec import SecRunReport

#: Every source, in the order a run loads them.
SOURCES = ("sec", "market", "filings", "macro", "news", "policy")
#: What `finloom run` loads by default: the sources that need no API key — every one (macro
#: falls back to FRED's key-less CSV download, news to Yahoo search).
KEYLESS_SOURCES = SOURCES
#: Sources that need a company selection (--tickers or --universe).
COMPANY_SOURCES = frozenset({"sec", "market", "filings", "news"})

RunReport = SecRunReport | MarketRunReport | FilingsRunReport | MacroRunReport | NewsRunReport
SourceReport = RunReport | PolicyRunReport


@dataclass(frozen=True)
class Selection:
    """What one source is asked to load; each source reads the fields that concern it."""

    tickers: Sequence[str] | None = None
    universe: str | None = None
    workers: int | None = None
    progress: bool = True
    forms: Sequence[str] = DEFAULT_FORMS
    since: str | None = None
    limit: int | None = None
    series: Sequence[str] | None = None
    #: filings: request documents known to be missing (404 before) again; None = the config's
    retry_missing: bool | None = None


@dataclass
class Loaded:
    """One source's run: its report and how long it took."""

    source: str
    report: SourceReport
    seconds: float
    gaps: list[str] = field(default_factory=list)


Loader = Callable[[Path, Selection, "str | None", str], SourceReport]


def _sec(db: Path, sel: Selection, mirror: str | None, run_id: str) -> SourceReport:
    return ingest_sec(
        db,
        tickers=sel.tickers,
        universe=sel.universe,
        mirror=mirror,
        workers=sel.workers,
        progress=sel.progress,
        run_id=run_id,
    )


def _market(db: Path, sel: Selection, mirror: str | None, run_id: str) -> SourceReport:
    return ingest_market(
        db, tickers=sel.tickers, universe=sel.universe, mirror=mirror, run_id=run_id
    )


def _filings(db: Path, sel: Selection, mirror: str | None, run_id: str) -> SourceReport:
    return ingest_filings(
        db,
        tickers=sel.tickers,
        universe=sel.universe,
        forms=sel.forms,
        since=sel.since,
        limit=sel.limit,
        mirror=mirror,
        workers=sel.workers,
        progress=sel.progress,
        run_id=run_id,
        retry_missing=sel.retry_missing,
    )


def _macro(db: Path, sel: Selection, mirror: str | None, run_id: str) -> SourceReport:
    return ingest_macro(db, series=sel.series, mirror=mirror, run_id=run_id)


def _news(db: Path, sel: Selection, mirror: str | None, run_id: str) -> SourceReport:
    return ingest_news(db, tickers=sel.tickers, universe=sel.universe, mirror=mirror, run_id=run_id)


def _policy(db: Path, sel: Selection, mirror: str | None, run_id: str) -> SourceReport:
    return ingest_policy(db, mirror=mirror, run_id=run_id)


LOADERS: dict[str, Loader] = {
    "sec": _sec,
    "market": _market,
    "filings": _filings,
    "macro": _macro,
    "news": _news,
    "policy": _policy,
}


def gaps_of(report: SourceReport) -> list[str]:
    """Every gap a source reported (404s, missing documents, parse failures), as lines."""
    if isinstance(report, FilingsRunReport):
        return report.summary_lines()
    return [str(g) for g in report.gaps]


def load_sources(
    db: Path, plan: Sequence[tuple[str, Selection]], mirror: str | None, run_id: str
) -> Iterator[Loaded]:
    """Load each planned source in run order (whatever order the plan lists them in)."""
    for source, selection in sorted(plan, key=lambda item: SOURCES.index(item[0])):
        started = time.monotonic()
        report = LOADERS[source](db, selection, mirror, run_id)
        yield Loaded(source, report, time.monotonic() - started, gaps_of(report))
