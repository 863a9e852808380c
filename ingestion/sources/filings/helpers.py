"""Pure helpers around parsing: the form of a raw document and rows for loading a parsed one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ingestion.sources.filings.parsing.chunks import Chunk
from ingestion.sources.filings.parsing.document import ParsedDocument
from ingestion.sources.filings.parsing.sections import form_family

_DEI_TYPE = re.compile(rb"name=\"dei:DocumentType\"[^>]*>(?:<[^>]+>)*\s*([0-9A-Za-z/\-]+)")
_SGML_TYPE = re.compile(rb"<TYPE>\s*([^\s<]+)", re.IGNORECASE)
_COVER_FORM = re.compile(rb"FORM\s+(?:<[^>]+>|&nbsp;|&#160;|\s)*(10-[KQ])\b", re.IGNORECASE)


def detect_form(raw: bytes) -> str | None:
    """The form of a document: inline-XBRL `dei:DocumentType`, SGML `<TYPE>`, or the cover page."""
    for pattern in (_DEI_TYPE, _SGML_TYPE):
        m = pattern.search(raw)
        if m:
            return m.group(1).decode("ascii", "replace").upper()
    m = _COVER_FORM.search(raw[:200_000])
    return form_family(m.group(1).decode("ascii").upper()) if m else None


def document_rows(
    doc: ParsedDocument, accession: str, chunks: Sequence[Chunk]
) -> dict[str, list[dict[str, Any]]]:
    """Rows per table (sections, tables, cells, footnotes, chunks), keyed by accession.

    Natural keys: sections (accession, section_key); tables (accession, table_index); cells
    (accession, table_index, row_index, col_index); footnotes (accession, note_number); chunks
    (chunk_id). A loader replaces all five for an accession together.
    """
    sections = [
        {
            "accession_number": accession,
            "section_key": s.key,
            "section_order": s.order,
            "title": s.title,
            "start_offset": s.start,
            "end_offset": s.end,
            "word_count": s.word_count,
            "text": doc.text[s.start : s.end],
        }
        for s in doc.sections
    ]
    tables = [
        {
            "accession_number": accession,
            "table_index": t.index,
            "section_key": t.section,
            "caption": t.caption,
            "scale": t.scale,
            "scale_text": t.scale_text,
            "header_rows": [" | ".join(r) for r in t.header_rows],
            "n_rows": t.n_rows,
            "n_cols": t.n_cols,
            "is_layout": t.is_layout,
            "start_offset": t.start,
            "end_offset": t.end,
        }
        for t in doc.tables
    ]
    cells = [
        {
            "accession_number": accession,
            "table_index": t.index,
            "row_index": c.row,
            "col_index": c.col,
            "text": c.text,
            "value": c.value,
            "unit": c.unit,
            "is_header": c.is_header,
            "row_label": c.row_label,
            "column_header": c.column_header,
        }
        for t in doc.tables
        for c in t.cells
    ]
    footnotes = [
        {
            "accession_number": accession,
            "note_number": n.number,
            "title": n.title,
            "start_offset": n.start,
            "end_offset": n.end,
            "text": n.text,
        }
        for n in doc.footnotes
    ]
    chunk_rows = [
        {
            "chunk_id": c.chunk_id,
            "accession_number": accession,
            "section_key": c.section,
            "chunk_ordinal": c.ordinal,
            "chunk_order": c.order,
            "start_offset": c.start,
            "end_offset": c.end,
            "word_count": c.word_count,
            "content_hash": c.content_hash,
            "text": c.text,
        }
        for c in chunks
    ]
    return {
        "filing_sections": sections,
        "filing_tables": tables,
        "filing_table_cells": cells,
        "filing_footnotes": footnotes,
        "filing_chunks": chunk_rows,
    }
