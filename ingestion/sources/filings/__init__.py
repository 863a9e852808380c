"""SEC filing documents (10-K/10-Q): parsing into sections, tables, footnotes and chunks.

`filings_source` loads into dataset `raw_sec` (contract in docs/raw_sec.md, "Filing documents"):
`filing_documents` (one row per accession, merged) and, per parsed filing, its sections, tables,
cells, footnotes and chunks into `staged_filing_*` tables (append). `load.apply_staged` then
swaps each staged filing into the five `filing_*` tables in one DuckDB transaction, so a filing's
text rows are always replaced together. Documents are parsed in worker processes (pure functions);
rows are written by dlt in the main thread. Documents that answered 404 are remembered in the
`staged_filing_parses` resource's state (`MISSING_DOCUMENTS`), committed with the load.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from ingestion.sources.cursors import KeyedCursors
from ingestion.sources.filings.helpers import document_rows
from ingestion.sources.filings.parsing import chunk_document, parse_document

#: The five text tables of a filing, all keyed by (and replaced per) accession number.
TEXT_TABLES: tuple[str, ...] = (
    "filing_sections",
    "filing_tables",
    "filing_table_cells",
    "filing_footnotes",
    "filing_chunks",
)
STAGED_PREFIX = "staged_"
#: One row per filing parsed by a load: the set `apply_staged` replaces.
STAGED_PARSES = "staged_filing_parses"
#: Documents that answered 404, kept in the dlt state of the `STAGED_PARSES` resource:
#: `{accession: {"path": archives path, "first_seen": ISO date of the first 404}}`.
MISSING_DOCUMENTS = "missing_documents"
#: One remembered 404: `{"path", "first_seen"}` (`documents.missing_updates` makes them).
MissingEntry = Mapping[str, str]

_ACC = ("accession_number", pa.string())
SCHEMAS: dict[str, pa.Schema] = {
    "filing_sections": pa.schema(
        [
            _ACC,
            ("section_key", pa.string()),
            ("section_order", pa.int64()),
            ("title", pa.string()),
            ("start_offset", pa.int64()),
            ("end_offset", pa.int64()),
            ("word_count", pa.int64()),
            ("text", pa.string()),
        ]
    ),
    "filing_tables": pa.schema(
        [
            _ACC,
            ("table_index", pa.int64()),
            ("section_key", pa.string()),
            ("caption", pa.string()),
            ("scale", pa.int64()),
            ("scale_text", pa.string()),
            ("header_rows", pa.string()),
            ("n_rows", pa.int64()),
            ("n_cols", pa.int64()),
            ("is_layout", pa.bool_()),
            ("start_offset", pa.int64()),
            ("end_offset", pa.int64()),
        ]
    ),
    "filing_table_cells": pa.schema(
        [
            _ACC,
            ("table_index", pa.int64()),
            ("row_index", pa.int64()),
            ("col_index", pa.int64()),
            ("text", pa.string()),
            ("value", pa.float64()),
            ("unit", pa.string()),
            ("is_header", pa.bool_()),
            ("row_label", pa.string()),
            ("column_header", pa.string()),
        ]
    ),
    "filing_footnotes": pa.schema(
        [
            _ACC,
            ("note_number", pa.int64()),
            ("title", pa.string()),
            ("start_offset", pa.int64()),
            ("end_offset", pa.int64()),
            ("text", pa.string()),
        ]
    ),
    "filing_chunks": pa.schema(
        [
            ("chunk_id", pa.string()),
            _ACC,
            ("section_key", pa.string()),
            ("chunk_ordinal", pa.int64()),
            ("chunk_order", pa.int64()),
            ("start_offset", pa.int64()),
            ("end_offset", pa.int64()),
            ("word_count", pa.int64()),
            ("content_hash", pa.string()),
            ("text", pa.string()),
        ]
    ),
}


@dataclass(frozen=True)
class ParseTask:
    """One cached document to parse: picklable, so it can go to a worker process."""

    accession_number: str
    form: str
    path: str


@dataclass
class ParsedFiling:
    """Arrow tables of one filing (all five, possibly empty) or the error that stopped it."""

    accession_number: str
    tables: dict[str, pa.Table] = field(default_factory=dict)
    source_format: str | None = None
    error: str | None = None

    def counts(self) -> dict[str, int]:
        return {name: t.num_rows for name, t in self.tables.items()}


def parse_filing(task: ParseTask) -> ParsedFiling:
    """Parse + chunk one document into the five tables; any parser failure becomes `error`."""
    try:
        doc = parse_document(Path(task.path).read_bytes(), task.form)
        chunks = chunk_document(doc, task.accession_number)
        rows = document_rows(doc, task.accession_number, chunks)
    except Exception as exc:  # one bad document must not stop the others
        return ParsedFiling(task.accession_number, error=f"{type(exc).__name__}: {exc}")
    for row in rows["filing_tables"]:
        row["header_rows"] = "\n".join(row["header_rows"]) or None
    tables = {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TEXT_TABLES}
    return ParsedFiling(task.accession_number, tables, doc.source_format)


def parse_all(tasks: Sequence[ParseTask], workers: int) -> Iterator[ParsedFiling]:
    """Parse documents in a process pool (inline for one document), yielding as each finishes."""
    if workers <= 1 or len(tasks) <= 1:
        yield from (parse_filing(t) for t in tasks)
        return
    # spawn: the parent runs HTTP threads, which a forked child must not inherit mid-request
    context = multiprocessing.get_context("spawn")
    pool: Executor = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context)
    try:
        futures: list[Future[ParsedFiling]] = [pool.submit(parse_filing, t) for t in tasks]
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def known_missing_documents(source_state: Mapping[str, Any]) -> dict[str, MissingEntry]:
    """The remembered 404s in the source's dlt state (as `runner.source_state` returns it):
    `{accession: {"path", "first_seen"}}`, empty before the first 404."""
    resources = source_state.get("resources") or {}
    return dict((resources.get(STAGED_PARSES) or {}).get(MISSING_DOCUMENTS) or {})


@dlt.source(name="filings", section="filings", max_table_nesting=0)
def filings_source(
    document_rows: Sequence[Mapping[str, object]],
    tasks: Sequence[ParseTask],
    workers: int,
    parsed: list[ParsedFiling],
    missing: Mapping[str, MissingEntry | None] | None = None,
) -> Iterator[DltResource]:
    """Staged text tables of every document parsed without error, then `filing_documents`.

    `document_rows` are the fetch records keyed by accession; each gets its parse outcome
    (`source_format`, `parse_error`, row counts) once parsed. Parsed filings are appended to
    `parsed` (without their tables) for the run report. `missing` updates the remembered 404s
    (`documents.missing_updates`: an entry to remember, or None to forget one).
    """
    yield _filing_text_resource(document_rows, tasks, workers, parsed, missing or {})


def _filing_text_resource(
    document_rows: Sequence[Mapping[str, object]],
    tasks: Sequence[ParseTask],
    workers: int,
    parsed: list[ParsedFiling],
    missing: Mapping[str, MissingEntry | None],
) -> DltResource:
    def rows() -> Iterator[Any]:
        outcome: dict[str, dict[str, Any]] = {}
        for filing in parse_all(tasks, workers):
            outcome[filing.accession_number] = _outcome(filing)
            parsed.append(
                ParsedFiling(filing.accession_number, {}, filing.source_format, filing.error)
            )
            if filing.error is not None:
                continue
            for name, table in filing.tables.items():
                if table.num_rows:
                    yield dlt.mark.with_table_name(table, STAGED_PREFIX + name)
            yield dlt.mark.with_table_name(
                {
                    "accession_number": filing.accession_number,
                    "source_format": filing.source_format,
                    **{f"n_{k}": v for k, v in filing.counts().items()},
                },
                STAGED_PARSES,
            )
        empty = _outcome(None)
        for row in document_rows:
            documents_row = {**row, **outcome.get(str(row["accession_number"]), empty)}
            yield dlt.mark.with_table_name(documents_row, "filing_documents")
        remembered = KeyedCursors(MISSING_DOCUMENTS)  # written last: with the rows, or not at all
        for accession, entry in missing.items():
            if entry is None:
                remembered.forget(accession)
            else:
                remembered.set(accession, entry)

    resource = dlt.resource(rows, name=STAGED_PARSES, write_disposition="append")
    for name in TEXT_TABLES:
        resource.apply_hints(
            table_name=STAGED_PREFIX + name, write_disposition="append", create_table_variant=True
        )
    resource.apply_hints(
        table_name="filing_documents",
        write_disposition="merge",
        primary_key="accession_number",
        create_table_variant=True,
        columns={
            "filing_date": {"data_type": "date"},
            "fetched_at": {"data_type": "timestamp"},
            "size": {"data_type": "bigint"},
            "http_status": {"data_type": "bigint"},
            "sha256": {"data_type": "text"},
            "previous_sha256": {"data_type": "text"},
            "source_format": {"data_type": "text"},
            "parse_error": {"data_type": "text"},
            **{f"n_{name}": {"data_type": "bigint"} for name in TEXT_TABLES},
        },
    )
    return resource


def _outcome(filing: ParsedFiling | None) -> dict[str, Any]:
    """Parse columns of a document row: format, error and row counts (NULL when not parsed)."""
    counts = filing.counts() if filing is not None and filing.error is None else {}
    return {
        "source_format": filing.source_format if filing else None,
        "parse_error": filing.error if filing else None,
        **{f"n_{name}": counts.get(name) for name in TEXT_TABLES},
    }
