"""Pure parsing of 10-K/10-Q documents into sections, tables, footnotes and retrieval chunks.

`parse_document(raw, form)` takes the bytes of a primary document (inline-XBRL HTML, HTML wrapped
in an SGML `<DOCUMENT>` header, or a whole `.txt` submission, whose 10-K/10-Q document is picked)
and returns a `ParsedDocument`; `chunk_document(doc, accession)` cuts its sections into chunks.
No I/O, no globals: results pickle, so documents can be parsed in worker processes and written by
one writer. Decisions:
- Text is one line per block (paragraph, heading, table row with cells joined by " | "); hidden
  inline-XBRL headers and running page numbers are dropped. All offsets refer to this text.
- A section starts at a line-start "Item N" heading; among the TOC entries, cross-references and
  real headings, `headings.select_ordered` keeps the in-order sequence followed by the most text.
- A 10-K whose Item 8 only points to statements filed after the last item ("F-pages") gets them
  as their own section, key `FPAGES_KEY` ("8F"); their notes are looked for there.
- Table cells are anchored to the last grid column they cover, so "$" | "1,234" | ")" and a
  colspan-2 "1,234" line up under the same header.
"""

from ingestion.sources.filings.parsing.chunks import Chunk, chunk_sections
from ingestion.sources.filings.parsing.document import (
    ParsedDocument,
    chunk_document,
    parse_document,
    unwrap_sgml,
)
from ingestion.sources.filings.parsing.footnotes import Footnote, find_footnotes
from ingestion.sources.filings.parsing.fpages import FPAGES_KEY, FPAGES_TITLE
from ingestion.sources.filings.parsing.sections import Section, find_sections, form_family
from ingestion.sources.filings.parsing.tables import Cell, ParsedNumber, Table, parse_number

__all__ = [
    "FPAGES_KEY",
    "FPAGES_TITLE",
    "Cell",
    "Chunk",
    "Footnote",
    "ParsedDocument",
    "ParsedNumber",
    "Section",
    "Table",
    "chunk_document",
    "chunk_sections",
    "find_footnotes",
    "find_sections",
    "form_family",
    "parse_document",
    "parse_number",
    "unwrap_sgml",
]
