"""`ingest_filings`: select filings from the warehouse, fetch + cache documents, parse, load.

Order of a run: read the selection from `raw_sec` (read-only) → fetch documents through the shared
HTTP client into the content-addressed cache → parse in worker processes → one dlt load
(`filing_documents` merged, text rows into `staged_filing_*`) → `apply_staged`, which replaces
every staged filing's rows in the five `filing_*` tables inside ONE DuckDB transaction.

Documents that answered 404 on an earlier run are remembered in the source's dlt state and not
requested again unless `retry_missing` (`--retry-missing`, `[sources.filings] retry_missing`):
a new 404 is a gap of the run (exit 3 from the CLI), a known one only a note.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
from tqdm import tqdm

from ingestion.concurrency import map_unordered
from ingestion.http import HttpClient, HttpSettings
from ingestion.pipelines.sec import sec_endpoints, sec_http_settings
from ingestion.runner import mirror_base, run_pipeline, source_state
from ingestion.sources.filings import (
    STAGED_PARSES,
    STAGED_PREFIX,
    TEXT_TABLES,
    ParsedFiling,
    ParseTask,
    filings_source,
    known_missing_documents,
)
from ingestion.sources.filings.config import filings_config
from ingestion.sources.filings.documents import (
    FetchedDocument,
    SelectedFiling,
    fetch_document,
    missing_updates,
    read_warehouse_index,
    remembered_404,
    resolve_companies,
    select_filings,
)
from ingestion.sources.sec import SecEndpoints
from ingestion.sources.sec.settings import SecConfig, sec_config

log = logging.getLogger(__name__)

DEFAULT_FORMS: tuple[str, ...] = ("10-K", "10-Q")
PIPELINE_NAME = "finloom_filings"


@dataclass
class FilingsRunReport:
    """What a filings run selected, fetched, parsed and loaded, and every gap it met."""

    companies: int = 0
    selected: int = 0
    fetched: int = 0
    from_cache: int = 0
    missing: list[str] = field(default_factory=list)  # "TICKER FORM ACCESSION", new 404s
    changed: list[str] = field(default_factory=list)
    parse_errors: list[str] = field(default_factory=list)
    parsed: int = 0
    loaded_filings: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    #: documents that answered 404 on an earlier run (not requested, or still 404 when retried)
    known_missing: list[str] = field(default_factory=list)
    #: the first day any of them answered 404 (ISO date)
    known_missing_since: str | None = None
    #: whether known-missing documents were requested again (`retry_missing`)
    retried_missing: bool = False
    #: known-missing documents that a retry found and loaded
    found_again: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        """One line per kind of gap: missing (404, new this run), changed checksum, parse
        failures. These are the run's gaps (the CLI exits 3); known 404s are `notes`."""
        lines = []
        if self.missing:
            lines.append(
                f"{len(self.missing)} of {self.selected} selected documents missing (404): "
                + _listing(self.missing)
            )
        if self.changed:
            lines.append(
                f"{len(self.changed)} documents changed since their last fetch (sha256 differs): "
                + "; ".join(self.changed)
            )
        if self.parse_errors:
            lines.append(
                f"{len(self.parse_errors)} documents failed to parse (previous rows kept): "
                + "; ".join(self.parse_errors)
            )
        return lines

    def notes(self) -> list[str]:
        """What is worth saying but is no new gap: documents known to be missing (reported
        when first seen) and known-missing documents a retry found."""
        lines = []
        if self.known_missing:
            n, since = len(self.known_missing), self.known_missing_since
            if self.retried_missing:
                lines.append(
                    f"{n} documents known missing since {since} still missing "
                    "(requested again: --retry-missing)"
                )
            else:
                lines.append(
                    f"{n} documents known missing since {since} "
                    "(not requested; --retry-missing to try again)"
                )
        if self.found_again:
            lines.append(
                f"{len(self.found_again)} documents known missing were found and loaded: "
                + _listing(self.found_again)
            )
        return lines


def _listing(items: Sequence[str], limit: int = 10, where: str = "status = 'missing'") -> str:
    """The first `limit` items, then how many more and where the full list is."""
    more = len(items) - limit
    tail = f"; … +{more} more (raw_sec.filing_documents where {where})"
    return "; ".join(items[:limit]) + (tail if more > 0 else "")


def ingest_filings(
    db_path: Path,
    *,
    tickers: Sequence[str] | None = None,
    universe: str | None = None,
    forms: Sequence[str] = DEFAULT_FORMS,
    since: date | str | None = None,
    limit: int | None = None,
    mirror: str | None = None,
    workers: int | None = None,
    progress: bool = True,
    run_id: str | None = None,
    accessions: Sequence[str] | None = None,
    refetch: bool = False,
    cache_dir: Path | None = None,
    retry_missing: bool | None = None,
) -> FilingsRunReport:
    """Fetch, parse and load the primary documents of the selected filings into `raw_sec`.

    Selection comes from `raw_sec.filings` (load the SEC source first); `limit` keeps the N latest
    per company after the form and `since` filters; `accessions` narrows it to those filings (to
    re-load a subset). Cached documents are reused unless `refetch`;
    a re-fetched document whose sha256 differs is recorded as `changed`. A 404 is recorded as
    `missing` and summarised in `report.summary_lines()`, never raised, and remembered: later
    runs do not request it again but list it in `report.notes()`, unless `retry_missing`
    (None: `[sources.filings] retry_missing`, default false).
    """
    since_date = date.fromisoformat(since) if isinstance(since, str) else since
    config = sec_config()
    if retry_missing is None:
        retry_missing = filings_config().retry_missing
    index = read_warehouse_index(db_path, list(forms))
    companies = resolve_companies(index, tickers, universe)
    selected = select_filings(index, companies, since_date, limit)
    if accessions is not None:
        wanted = set(accessions)
        selected = [f for f in selected if f.accession_number in wanted]
    report = FilingsRunReport(
        companies=len(companies), selected=len(selected), retried_missing=retry_missing
    )
    log.info("selected %d filings of %d companies", len(selected), len(companies))
    cache_root = cache_dir or db_path.parent / "documents"
    workers = workers or config.workers

    apply_staged(db_path)  # a run interrupted between its load and its swap is finished first
    known = known_missing_documents(source_state(PIPELINE_NAME, "raw_sec", db_path, "filings"))
    with mirror_base(mirror) as base:
        endpoints, http_settings = _sec_http(config, base)

        def fetch(filing: SelectedFiling) -> FetchedDocument:
            return fetch_document(
                client,
                endpoints.www_base_url,
                filing,
                cache_root,
                index.previous_sha256.get(filing.accession_number),
                refetch,
                known_missing=not retry_missing and remembered_404(filing, known) is not None,
            )

        bar = tqdm(
            total=len(selected),
            desc="documents",
            unit="doc",
            file=sys.stderr,
            disable=not progress,
            mininterval=0.5 if sys.stderr.isatty() else 5.0,
            dynamic_ncols=True,
        )
        fetched = []
        with bar, HttpClient(http_settings, run_id=run_id, mirror=base) as client:
            for _, doc in map_unordered(fetch, selected, workers):
                fetched.append(doc)
                bar.update(1)
    fetched.sort(key=lambda d: (d.filing.ticker, d.filing.filing_date or date.min))
    tasks = []
    first_seen: list[str] = []
    for doc in fetched:
        f = doc.filing
        label = f"{f.ticker} {f.form} {f.accession_number}"
        remembered = remembered_404(f, known)
        if doc.status in ("missing", "known_missing"):
            if remembered is None:
                report.missing.append(label)
            else:
                report.known_missing.append(label)
                first_seen.append(remembered["first_seen"])
            continue
        if remembered is not None and doc.http_status == 200:
            report.found_again.append(label)
        report.fetched += 1
        report.from_cache += doc.from_cache
        if doc.status == "changed":
            report.changed.append(f"{label} ({doc.previous_sha256} -> {doc.sha256})")
        assert doc.path is not None
        tasks.append(ParseTask(f.accession_number, f.form, str(doc.path)))
    report.known_missing_since = min(first_seen, default=None)
    parsed: list[ParsedFiling] = []
    rows = [d.row() for d in fetched if d.status != "known_missing"]
    source = filings_source(rows, tasks, workers, parsed, missing_updates(fetched, known))
    run_pipeline(PIPELINE_NAME, "raw_sec", db_path, source)
    report.parsed = sum(p.error is None for p in parsed)
    report.parse_errors = [f"{p.accession_number}: {p.error}" for p in parsed if p.error]
    report.loaded_filings = apply_staged(db_path)
    report.rows = text_row_counts(db_path)
    for line in report.summary_lines():
        log.info("%s", line)  # the CLI prints these lines itself
    for line in report.notes():
        log.info("%s", line)
    return report


def _sec_http(config: SecConfig, base: str | None) -> tuple[SecEndpoints, HttpSettings]:
    """The SEC endpoints (mirror-aware) and HTTP settings, built as the SEC source builds them."""
    endpoints = sec_endpoints(config, base)
    settings = sec_http_settings(config, endpoints)
    return endpoints, settings


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'raw_sec'"
    ).fetchall()
    return {r[0] for r in rows}


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'raw_sec' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def apply_staged(db_path: Path) -> int:
    """Replace every staged filing's rows in the five text tables, in one DuckDB transaction.

    Only filings of completed dlt loads (in `_dlt_loads`) are applied, so a load that died
    half-way is never swapped in: dlt finishes it on the next run. For each such accession (its
    latest load): delete its rows from all five `filing_*` tables, insert the staged rows of that
    load, then remove them (and superseded loads of them) from the staged tables, which dlt
    appends to and never truncates. A filing with no rows of some kind (no
    footnotes) loses its old rows of that kind too. Returns the number of filings replaced.
    """
    if not db_path.exists():
        return 0
    with duckdb.connect(str(db_path)) as con:
        tables = _tables(con)
        if STAGED_PARSES not in tables or "_dlt_loads" not in tables:
            return 0
        con.execute("begin transaction")
        try:
            con.execute(
                "create temp table ready as "
                f"select accession_number, _dlt_load_id from raw_sec.{STAGED_PARSES} "
                "where _dlt_load_id in "
                "(select load_id from raw_sec._dlt_loads where status = 0) "
                "qualify row_number() over "
                "(partition by accession_number order by _dlt_load_id desc) = 1"
            )
            row = con.execute("select count(*) from ready").fetchone()
            ready = int(row[0]) if row else 0
            if ready:
                for name in TEXT_TABLES:
                    _swap_table(con, name, STAGED_PREFIX + name, tables)
                _consume(con, STAGED_PARSES)
            con.execute("drop table ready")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return ready


def _swap_table(con: duckdb.DuckDBPyConnection, target: str, staged: str, tables: set[str]) -> None:
    """Inside the caller's transaction: the `ready` filings' rows of `target` := staged rows."""
    if staged in tables:
        if target not in tables:
            con.execute(f"create table raw_sec.{target} as select * from raw_sec.{staged} limit 0")
        else:  # columns a newer parser added
            have = {c for c, _ in _columns(con, target)}
            for column, data_type in _columns(con, staged):
                if column not in have:
                    con.execute(f'alter table raw_sec.{target} add column "{column}" {data_type}')
    elif target not in tables:
        return
    con.execute(
        f"delete from raw_sec.{target} where accession_number in "
        "(select accession_number from ready)"
    )
    if staged in tables:
        con.execute(
            f"insert into raw_sec.{target} by name select s.* from raw_sec.{staged} as s "
            "semi join ready as r on s.accession_number = r.accession_number "
            "and s._dlt_load_id = r._dlt_load_id"
        )
        _consume(con, staged)


def _consume(con: duckdb.DuckDBPyConnection, staged: str) -> None:
    """Drop the staged rows just applied, and older (superseded) loads of the same filings;
    rows of later, not yet completed loads stay for their own swap."""
    con.execute(
        f"delete from raw_sec.{staged} as s using ready as r "
        "where s.accession_number = r.accession_number and s._dlt_load_id <= r._dlt_load_id"
    )


def text_row_counts(db_path: Path) -> dict[str, int]:
    """Rows per text table (0 for a table not created yet)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = _tables(con)
        counts = {}
        for name in TEXT_TABLES:
            row = (
                con.execute(f"select count(*) from raw_sec.{name}").fetchone()
                if name in tables
                else (0,)
            )
            counts[name] = int(row[0]) if row else 0
    return counts
