"""Filing selection from the warehouse's filing index, document fetch and the on-disk cache.

The selection reads `raw_sec` (ticker map and filing index loaded by the SEC source) with a
read-only connection before anything is written, so the document source needs no second copy of
the submissions API. Documents are stored content-addressed (`<root>/<sha[:2]>/<sha>`): identical
bytes are stored once, and a changed checksum for an accession is detected against the last fetch.
A document that answered 404 is remembered (in the source's dlt state) and not requested again
until asked to (`retry_missing`): it stays a known, reported gap.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from ingestion.http import HttpClient, NotFoundError
from ingestion.selection import Company, select_companies

#: EDGAR Archives path of a filing's primary document (accession without dashes).
ARCHIVES_PATH = "/Archives/edgar/data/{cik}/{accession}/{document}"

#: One remembered 404 (the source's `MISSING_DOCUMENTS` state): `{"path", "first_seen"}`.
MissingEntry = Mapping[str, str]


class MissingFilingIndexError(RuntimeError):
    """The warehouse has no SEC filing index to select documents from."""


@dataclass(frozen=True)
class SelectedFiling:
    """One filing whose primary document the run fetches."""

    cik: int
    ticker: str
    accession_number: str
    form: str
    filing_date: date | None
    primary_document: str

    def archives_path(self) -> str:
        return ARCHIVES_PATH.format(
            cik=self.cik,
            accession=self.accession_number.replace("-", ""),
            document=self.primary_document,
        )


@dataclass(frozen=True)
class FetchedDocument:
    """Metadata of one fetch (a row of `raw_sec.filing_documents`) and where its bytes are.

    `known_missing`: the document answered 404 on an earlier run and was not requested again;
    it has no row to load (its `missing` row from that run stays)."""

    filing: SelectedFiling
    url: str
    status: str  # fetched | missing | changed | known_missing
    http_status: int | None
    sha256: str | None
    size: int | None
    fetched_at: datetime
    previous_sha256: str | None
    from_cache: bool
    path: Path | None

    def row(self) -> dict[str, Any]:
        return {
            "accession_number": self.filing.accession_number,
            "cik": self.filing.cik,
            "ticker": self.filing.ticker,
            "form": self.filing.form,
            "filing_date": self.filing.filing_date,
            "primary_document": self.filing.primary_document,
            "url": self.url,
            "size": self.size,
            "sha256": self.sha256,
            "previous_sha256": self.previous_sha256,
            "fetched_at": self.fetched_at,
            "http_status": self.http_status,
            "status": self.status,
            "from_cache": self.from_cache,
        }


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    sql = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    row = con.execute(sql, [schema, table]).fetchone()
    return bool(row and row[0])


@dataclass(frozen=True)
class WarehouseIndex:
    """What the selection needs from `raw_sec`: ticker map, S&P 500 rows, filings, last fetches."""

    ticker_rows: list[dict[str, Any]]
    sp500_rows: list[dict[str, Any]]
    filings: list[tuple[int, str, str, date | None, str | None]]
    previous_sha256: dict[str, str]


def read_warehouse_index(db_path: Path, forms: Sequence[str]) -> WarehouseIndex:
    """Read the SEC source's tables (read-only); raise when the filing index is not loaded."""
    hint = "load the SEC source first (finloom ingest sec --tickers …)"
    if not db_path.exists():
        raise MissingFilingIndexError(f"no warehouse at {db_path}: {hint}")
    with duckdb.connect(str(db_path), read_only=True) as con:
        for table in ("filings", "company_tickers"):
            if not _table_exists(con, "raw_sec", table):
                raise MissingFilingIndexError(f"raw_sec.{table} is missing: {hint}")
        ticker_rows = [
            {"ticker": t, "cik": c}
            for t, c in con.execute("select ticker, cik from raw_sec.company_tickers").fetchall()
        ]
        sp500_rows: list[dict[str, Any]] = []
        if _table_exists(con, "raw_sec", "sp500_constituents"):
            sp500_rows = [
                {"symbol": s, "cik": c}
                for s, c in con.execute(
                    "select symbol, cik from raw_sec.sp500_constituents where cik is not null"
                ).fetchall()
            ]
        placeholders = ", ".join("?" for _ in forms)
        filings = con.execute(
            "select cik, accession_number, form, filing_date, primary_document "
            f"from raw_sec.filings where form in ({placeholders})",
            list(forms),
        ).fetchall()
        previous: dict[str, str] = {}
        if _table_exists(con, "raw_sec", "filing_documents"):
            previous = dict(
                con.execute(
                    "select accession_number, sha256 from raw_sec.filing_documents "
                    "where sha256 is not null"
                ).fetchall()
            )
    return WarehouseIndex(ticker_rows, sp500_rows, filings, previous)


def select_filings(
    index: WarehouseIndex,
    companies: Sequence[Company],
    since: date | None = None,
    limit: int | None = None,
) -> list[SelectedFiling]:
    """Filings of the companies (forms already filtered), on or after `since`, the `limit`
    latest per company; filings without a primary document cannot be fetched and are skipped."""
    by_cik = {c.cik: c for c in companies}
    per_company: dict[int, list[SelectedFiling]] = {}
    for cik, accession, form, filed, document in index.filings:
        company = by_cik.get(cik)
        if company is None or not document:
            continue
        if since is not None and (filed is None or filed < since):
            continue
        per_company.setdefault(cik, []).append(
            SelectedFiling(cik, company.ticker, accession, form, filed, document)
        )
    selected: list[SelectedFiling] = []
    for company in companies:
        rows = sorted(
            per_company.get(company.cik, []),
            key=lambda f: (f.filing_date or date.min, f.accession_number),
            reverse=True,
        )
        selected.extend(rows[:limit] if limit else rows)
    return selected


def resolve_companies(
    index: WarehouseIndex, tickers: Sequence[str] | None, universe: str | None
) -> list[Company]:
    """`--tickers` / `--universe` resolved with the SEC ticker map, exactly as the SEC source."""
    return select_companies(index.ticker_rows, tickers, universe, index.sp500_rows)


def cache_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def store(root: Path, body: bytes) -> tuple[str, Path]:
    """Write `body` under its sha256 (atomically: temp file + rename); return (sha, path)."""
    sha = hashlib.sha256(body).hexdigest()
    path = cache_path(root, sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return sha, path


def fetch_document(
    client: HttpClient,
    www_base_url: str,
    filing: SelectedFiling,
    cache_root: Path,
    previous_sha256: str | None,
    refetch: bool = False,
    known_missing: bool = False,
) -> FetchedDocument:
    """Fetch (or reuse from the cache) one primary document; a 404 is a `missing` record.
    `known_missing`: it answered 404 before, so instead of a request it is a `known_missing`
    record (a cached copy is still used)."""
    url = www_base_url.rstrip("/") + filing.archives_path()
    now = datetime.now(UTC)
    if previous_sha256 and not refetch:
        cached = cache_path(cache_root, previous_sha256)
        if cached.is_file():
            return FetchedDocument(
                filing,
                url,
                "fetched",
                None,
                previous_sha256,
                cached.stat().st_size,
                now,
                None,
                True,
                cached,
            )
    if known_missing:
        return FetchedDocument(
            filing, url, "known_missing", None, None, None, now, previous_sha256, False, None
        )
    try:
        body = client.get_bytes(url)
    except NotFoundError:
        return FetchedDocument(
            filing, url, "missing", 404, None, None, now, previous_sha256, False, None
        )
    sha, path = store(cache_root, body)
    changed = previous_sha256 is not None and previous_sha256 != sha
    return FetchedDocument(
        filing,
        url,
        "changed" if changed else "fetched",
        200,
        sha,
        len(body),
        now,
        previous_sha256 if changed else None,
        False,
        path,
    )


def remembered_404(
    filing: SelectedFiling, known: Mapping[str, MissingEntry]
) -> MissingEntry | None:
    """`filing`'s remembered 404, if the document that answered it is still its primary
    document (an index that now names another document gets that one requested)."""
    entry = known.get(filing.accession_number)
    if entry and entry.get("path") == filing.archives_path():
        return entry
    return None


def missing_updates(
    fetched: Sequence[FetchedDocument], known: Mapping[str, MissingEntry]
) -> dict[str, MissingEntry | None]:
    """How the remembered 404s change with this run's fetches, per accession: a new 404 is
    remembered with the day it was seen (one already remembered keeps its first day); a document
    that answered 200 is forgotten (None). Skipped and cached documents change nothing."""
    updates: dict[str, MissingEntry | None] = {}
    for doc in fetched:
        accession = doc.filing.accession_number
        if doc.status == "missing" and remembered_404(doc.filing, known) is None:
            updates[accession] = {
                "path": doc.filing.archives_path(),
                "first_seen": doc.fetched_at.date().isoformat(),
            }
        elif doc.http_status == 200 and accession in known:
            updates[accession] = None
    return updates
