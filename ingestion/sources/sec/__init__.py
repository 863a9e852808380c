"""SEC EDGAR source: ticker maps, S&P 500 constituents, submissions and XBRL company facts.

Loads into dataset `raw_sec` (tables and keys in docs/raw_sec.md). Every table merges on its
natural key, so re-running with the same or newer responses never duplicates. Per-company work
(fetch + parse) runs in a bounded thread pool; the rows are written by dlt in the main thread.
Company facts and submissions are fetched conditionally: a company whose file did not change
since its last load loads nothing (docs/decisions.md, decision 028).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import dlt
import orjson
import pyarrow as pa
from dlt.extract.resource import DltResource
from tqdm import tqdm

from ingestion.concurrency import map_unordered
from ingestion.http import Conditional, HttpClient, NotFoundError, Validators
from ingestion.selection import Company
from ingestion.sources.cursors import CursorState, KeyedCursors, content_hash, rows_if_changed
from ingestion.sources.hints import merge_variant
from ingestion.sources.sec import settings
from ingestion.sources.sec.helpers import (
    FILING_SCHEMA,
    CompanyFacts,
    Submissions,
    concat_tables,
    filings_table,
    parse_company_facts,
    parse_submissions,
    unique_rows,
)
from ingestion.timing import timed, waiting

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Resource state of `company_facts` and of `filings`: per CIK, what the last loaded response was
#: (`etag`, `last_modified`, `sha256`; submissions add `missing_pages`). dlt commits it with the
#: load package, so it never runs ahead of the rows (decision 028).
STATE_KEY = "responses"
_json_loads = timed("http.json_decode")(orjson.loads)
_content_hash = timed("sec.content_hash")(content_hash)

#: Merge on the primary key, telling dlt the staged rows are already unique per key: the source
#: guarantees it (one row per fact id per company, companies loaded once per CIK), which spares a
#: ROW_NUMBER() pass over millions of staged rows. dbt's unique tests guard the result.
DEDUPLICATED_MERGE: Any = {
    "disposition": "merge",
    "strategy": "delete-insert",
    "deduplicated": True,
}


@dataclass(frozen=True)
class SecEndpoints:
    """Base URLs of the three hosts the source reads (real hosts, or a mirror's prefixes)."""

    data_base_url: str = settings.DATA_BASE_URL
    www_base_url: str = settings.WWW_BASE_URL
    sp500_csv_url: str = settings.SP500_CSV_URL

    @property
    def tickers_url(self) -> str:
        return self.www_base_url.rstrip("/") + settings.TICKERS_PATH

    @property
    def tickers_exchange_url(self) -> str:
        return self.www_base_url.rstrip("/") + settings.TICKERS_EXCHANGE_PATH

    def submissions_url(self, cik: int) -> str:
        return self.data_base_url.rstrip("/") + settings.SUBMISSIONS_PATH.format(cik=cik)

    def submissions_page_url(self, name: str) -> str:
        return self.data_base_url.rstrip("/") + settings.SUBMISSIONS_PAGE_PATH.format(name=name)

    def company_facts_url(self, cik: int) -> str:
        return self.data_base_url.rstrip("/") + settings.COMPANY_FACTS_PATH.format(cik=cik)


@dataclass
class SecRunReport:
    """What a run extracted, and every gap it met (404s), for the end-of-run summary."""

    companies: int = 0
    filings: int = 0
    facts: int = 0
    facts_by_cik: dict[int, int] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    #: companies whose company facts / submissions file was unchanged since its last load
    #: (304 Not Modified, or the same sha256): nothing of it was loaded again
    unchanged_facts: int = 0
    unchanged_submissions: int = 0


@dataclass(frozen=True)
class _Fetched(Generic[T]):
    """One company's document: `value` is None when it is unchanged since its last load;
    `state` is what the resource stores for the company once its rows were yielded."""

    value: T | None
    state: CursorState


def _validators(stored: CursorState) -> Validators:
    return Validators(stored.get("etag"), stored.get("last_modified"))


def _fetch_if_changed(
    client: HttpClient, url: str, stored: CursorState, parse: Callable[[bytes], T]
) -> _Fetched[T]:
    """GET `url` unless it is unchanged since `stored` (304, or a body with the stored sha256,
    which is then not parsed); a changed body is `parse`d. Raises `NotFoundError`."""

    def hashed(body: bytes) -> tuple[str, T | None]:
        digest = _content_hash(body)
        return digest, None if digest == stored.get("sha256") else parse(body)

    got: Conditional[tuple[str, T | None]]
    got = client.get_conditional(url, _validators(stored), hashed)
    seen = {"etag": got.validators.etag, "last_modified": got.validators.last_modified}
    if got.not_modified or got.value is None:
        return _Fetched(None, {**stored, **seen})
    digest, value = got.value
    return _Fetched(value, {**stored, **seen, "sha256": digest})


@dlt.source(name="sec", section="sec", max_table_nesting=0)
def sec_source(
    companies: Sequence[Company],
    ticker_rows: Sequence[Mapping[str, object]],
    sp500_rows: Sequence[Mapping[str, object]],
    client: HttpClient,
    endpoints: SecEndpoints,
    report: SecRunReport,
    workers: int = settings.DEFAULT_WORKERS,
    progress: bool = True,
    conditional_requests: bool = True,
) -> Iterator[DltResource]:
    """All SEC resources for the selected companies (client/endpoints/report are passed in).

    With `conditional_requests` (`[sources.sec]`, default true), company facts and submissions
    unchanged since their last load are skipped; false fetches and loads every company again.
    """
    # re-read whole on every run: loaded only when they changed (nothing new, nothing to build)
    yield dlt.resource(
        rows_if_changed("sha256", list(ticker_rows)),
        name="company_tickers",
        write_disposition="merge",
        primary_key="ticker",
    )
    yield dlt.resource(
        rows_if_changed("sha256", list(sp500_rows)),
        name="sp500_constituents",
        write_disposition="merge",
        primary_key="symbol",
        columns={"date_added": {"data_type": "date"}},
    )
    yield _submissions_resource(
        companies, client, endpoints, report, workers, progress, conditional_requests
    )
    yield _company_facts_resource(
        companies, client, endpoints, report, workers, progress, conditional_requests
    )


def _submissions_resource(
    companies: Sequence[Company],
    client: HttpClient,
    endpoints: SecEndpoints,
    report: SecRunReport,
    workers: int,
    progress: bool,
    conditional: bool = True,
) -> DltResource:
    def fetch_pages(
        company: Company, pages: Sequence[Mapping[str, Any]]
    ) -> tuple[list[pa.Table], list[dict[str, Any]], list[dict[str, Any]]]:
        """(filings tables, `submission_pages` rows, pages that are missing)"""
        tables: list[pa.Table] = []
        page_rows: list[dict[str, Any]] = []
        missing: list[dict[str, Any]] = []
        for page in pages:
            url = endpoints.submissions_page_url(page["page_name"])
            try:
                table = filings_table(page["cik"], client.get_json(url), page["page_name"])
            except NotFoundError as exc:
                report.gaps.append(
                    f"submissions page {page['page_name']} ({company.ticker}): {exc}"
                )
                page_rows.append({**page, "status": "missing", "loaded_filings": 0})
                missing.append(dict(page))
                continue
            tables.append(table)
            page_rows.append({**page, "status": "loaded", "loaded_filings": table.num_rows})
        return tables, page_rows, missing

    def fetch(
        company: Company, stored: CursorState
    ) -> tuple[_Fetched[Submissions], list[pa.Table], list[dict[str, Any]]] | None:
        url = endpoints.submissions_url(company.cik)
        try:
            fetched = _fetch_if_changed(client, url, stored, _json_loads)
        except NotFoundError as exc:
            report.gaps.append(f"submissions for {company.ticker} (CIK {company.cik}): {exc}")
            return None
        if fetched.value is None:
            # unchanged: only the overflow pages missing at its last load are asked again, and
            # only those that turned up are loaded (their `missing` rows are already there)
            tables, rows, missing = fetch_pages(company, stored.get("missing_pages") or [])
            rows = [row for row in rows if row["status"] == "loaded"]
            return _Fetched(None, {**fetched.state, "missing_pages": missing}), tables, rows
        subs = parse_submissions(fetched.value)
        tables, rows, missing = fetch_pages(company, subs.pages)
        state = {**fetched.state, "missing_pages": missing}
        return _Fetched(subs, state), [subs.filings, *tables], rows

    def rows() -> Iterator[Any]:
        cursors = KeyedCursors(STATE_KEY)
        known = {c.cik: cursors.get(str(c.cik)) for c in companies} if conditional else {}
        bar = _progress(len(companies), "submissions", progress)
        try:
            for company, result in waiting(
                "sec.submissions.wait",
                map_unordered(lambda c: fetch(c, known.get(c.cik, {})), companies, workers),
            ):
                bar.update(1)
                if result is None:
                    cursors.set(str(company.cik), {})  # the next copy loads in full
                    continue
                fetched, tables, page_rows = result
                if fetched.value is None:
                    report.unchanged_submissions += 1
                else:
                    yield dlt.mark.with_table_name(fetched.value.company, "companies")
                if tables:
                    filings = unique_rows(concat_tables(tables, FILING_SCHEMA), "accession_number")
                    report.filings += filings.num_rows
                    yield dlt.mark.with_table_name(filings, "filings")
                for row in page_rows:
                    yield dlt.mark.with_table_name(row, "submission_pages")
                cursors.set(str(company.cik), fetched.state)
        finally:
            bar.close()

    resource = dlt.resource(rows, name="filings", write_disposition=DEDUPLICATED_MERGE)
    resource.apply_hints(primary_key=["cik", "accession_number"])
    merge_variant(resource, "companies", "cik")
    merge_variant(
        resource,
        "submission_pages",
        ["cik", "page_name"],
        {
            "filing_from": {"data_type": "date"},
            "filing_to": {"data_type": "date"},
            "expected_filings": {"data_type": "bigint"},
            "loaded_filings": {"data_type": "bigint"},
        },
    )
    return resource


def _company_facts_resource(
    companies: Sequence[Company],
    client: HttpClient,
    endpoints: SecEndpoints,
    report: SecRunReport,
    workers: int,
    progress: bool,
    conditional: bool = True,
) -> DltResource:
    def fetch(company: Company, stored: CursorState) -> _Fetched[CompanyFacts] | None:
        url = endpoints.company_facts_url(company.cik)
        try:
            # a body the parser rejects (truncated, invalid JSON) is retried by the client
            return _fetch_if_changed(
                client, url, stored, lambda body: parse_company_facts(body, what=url)
            )
        except NotFoundError as exc:
            report.gaps.append(f"company facts for {company.ticker} (CIK {company.cik}): {exc}")
            return None

    def rows() -> Iterator[Any]:
        cursors = KeyedCursors(STATE_KEY)
        known = {c.cik: cursors.get(str(c.cik)) for c in companies} if conditional else {}
        bar = _progress(len(companies), "company facts", progress)
        try:
            for company, fetched in waiting(
                "sec.company_facts.wait",
                map_unordered(lambda c: fetch(c, known.get(c.cik, {})), companies, workers),
            ):
                bar.update(1)
                if fetched is None:
                    yield dlt.mark.with_table_name(
                        {"cik": company.cik, "status": "missing"}, "company_facts_files"
                    )
                    cursors.set(str(company.cik), {})  # its row says missing: reload in full
                    continue
                facts = fetched.value
                if facts is None:
                    report.unchanged_facts += 1
                    cursors.set(str(company.cik), fetched.state)
                    continue
                _log_fact_counts(company, facts)
                table = facts.facts
                if facts.duplicate_keys:
                    table = unique_rows(table, "fact_id")  # keep the first; the log said so
                report.facts += table.num_rows
                report.facts_by_cik[facts.cik] = table.num_rows
                yield table
                yield dlt.mark.with_table_name(facts.concepts, "company_concepts")
                yield dlt.mark.with_table_name(
                    {
                        "cik": facts.cik,
                        "status": "loaded",
                        "entity_name": facts.entity_name,
                        "facts_in_file": facts.facts_in_file,
                        "rows_loaded": facts.facts.num_rows,
                        "duplicate_keys": facts.duplicate_keys,
                    },
                    "company_facts_files",
                )
                cursors.set(str(company.cik), fetched.state)
        finally:
            bar.close()

    resource = dlt.resource(rows, name="company_facts", write_disposition=DEDUPLICATED_MERGE)
    resource.apply_hints(primary_key="fact_id")
    merge_variant(resource, "company_concepts", ["cik", "taxonomy", "concept"])
    merge_variant(
        resource,
        "company_facts_files",
        "cik",
        {
            "entity_name": {"data_type": "text"},
            "facts_in_file": {"data_type": "bigint"},
            "rows_loaded": {"data_type": "bigint"},
            "duplicate_keys": {"data_type": "bigint"},
        },
    )
    return resource


def _log_fact_counts(company: Company, facts: CompanyFacts) -> None:
    """Nothing dropped silently: the log states file facts vs rows for every company."""
    complete = facts.duplicate_keys == 0 and facts.facts.num_rows == facts.facts_in_file
    level = logging.INFO if complete else logging.ERROR
    log.log(
        level,
        "company facts parsed ticker=%s cik=%s facts_in_file=%d rows=%d duplicate_keys=%d",
        company.ticker,
        facts.cik,
        facts.facts_in_file,
        facts.facts.num_rows,
        facts.duplicate_keys,
    )


def _progress(total: int, what: str, enabled: bool) -> tqdm:
    """done/total, rate and ETA on stderr (tqdm's default bar)."""
    return tqdm(
        total=total,
        desc=what,
        unit="co",
        file=sys.stderr,
        disable=not enabled,
        mininterval=0.5 if sys.stderr.isatty() else 5.0,
        dynamic_ncols=True,
    )
