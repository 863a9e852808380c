"""SEC EDGAR source: ticker maps, S&P 500 constituents, submissions and XBRL company facts.

Loads into dataset `raw_sec` (tables and keys in docs/raw_sec.md). Every table merges on its
natural key, so re-running with the same or newer responses never duplicates. Per-company work
(fetch + parse) runs in a bounded thread pool; the rows are written by dlt in the main thread.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource
from tqdm import tqdm

from ingestion.concurrency import map_unordered
from ingestion.http import HttpClient, NotFoundError
from ingestion.selection import Company
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
from ingestion.timing import waiting

log = logging.getLogger(__name__)

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
) -> Iterator[DltResource]:
    """All SEC resources for the selected companies (client/endpoints/report are passed in)."""
    yield dlt.resource(
        list(ticker_rows), name="company_tickers", write_disposition="merge", primary_key="ticker"
    )
    yield dlt.resource(
        list(sp500_rows),
        name="sp500_constituents",
        write_disposition="merge",
        primary_key="symbol",
        columns={"date_added": {"data_type": "date"}},
    )
    yield _submissions_resource(companies, client, endpoints, report, workers, progress)
    yield _company_facts_resource(companies, client, endpoints, report, workers, progress)


def _submissions_resource(
    companies: Sequence[Company],
    client: HttpClient,
    endpoints: SecEndpoints,
    report: SecRunReport,
    workers: int,
    progress: bool,
) -> DltResource:
    def fetch(company: Company) -> tuple[Submissions | None, list[pa.Table], list[dict[str, Any]]]:
        try:
            doc = client.get_json(endpoints.submissions_url(company.cik))
        except NotFoundError as exc:
            report.gaps.append(f"submissions for {company.ticker} (CIK {company.cik}): {exc}")
            return None, [], []
        subs = parse_submissions(doc)
        pages: list[pa.Table] = []
        page_rows: list[dict[str, Any]] = []
        for page in subs.pages:
            url = endpoints.submissions_page_url(page["page_name"])
            try:
                table = filings_table(subs.company["cik"], client.get_json(url), page["page_name"])
            except NotFoundError as exc:
                report.gaps.append(
                    f"submissions page {page['page_name']} ({company.ticker}): {exc}"
                )
                page_rows.append({**page, "status": "missing", "loaded_filings": 0})
                continue
            pages.append(table)
            page_rows.append({**page, "status": "loaded", "loaded_filings": table.num_rows})
        return subs, pages, page_rows

    def rows() -> Iterator[Any]:
        bar = _progress(len(companies), "submissions", progress)
        try:
            for _, (subs, pages, page_rows) in waiting(
                "sec.submissions.wait", map_unordered(fetch, companies, workers)
            ):
                bar.update(1)
                if subs is None:
                    continue
                filings = unique_rows(
                    concat_tables([subs.filings, *pages], FILING_SCHEMA), "accession_number"
                )
                report.filings += filings.num_rows
                yield dlt.mark.with_table_name(subs.company, "companies")
                yield dlt.mark.with_table_name(filings, "filings")
                for row in page_rows:
                    yield dlt.mark.with_table_name(row, "submission_pages")
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
) -> DltResource:
    def fetch(company: Company) -> CompanyFacts | None:
        url = endpoints.company_facts_url(company.cik)
        try:
            # a body the parser rejects (truncated, invalid JSON) is retried by the client
            return client.get_parsed(url, lambda body: parse_company_facts(body, what=url))
        except NotFoundError as exc:
            report.gaps.append(f"company facts for {company.ticker} (CIK {company.cik}): {exc}")
            return None

    def rows() -> Iterator[Any]:
        bar = _progress(len(companies), "company facts", progress)
        try:
            for company, facts in waiting(
                "sec.company_facts.wait", map_unordered(fetch, companies, workers)
            ):
                bar.update(1)
                if facts is None:
                    yield dlt.mark.with_table_name(
                        {"cik": company.cik, "status": "missing"}, "company_facts_files"
                    )
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
