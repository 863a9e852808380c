"""`parse_document`: raw 10-K/10-Q bytes (HTML, SGML-wrapped HTML or a .txt submission) to parts."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingestion.sources.filings.parsing.chunks import Chunk, chunk_sections
from ingestion.sources.filings.parsing.footnotes import Footnote, find_footnotes
from ingestion.sources.filings.parsing.fpages import FPAGES_KEY
from ingestion.sources.filings.parsing.html import Extracted, extract_html, extract_plain
from ingestion.sources.filings.parsing.sections import Section, find_sections, form_family
from ingestion.sources.filings.parsing.tables import Table, build_table
from ingestion.sources.filings.settings import (
    DEFAULT_CHUNK_OVERLAP,
    DEFAULT_CHUNK_SIZE,
    DEFAULT_CHUNK_UNIT,
    FINANCIAL_STATEMENTS_SECTION,
)

_SGML_DOCUMENT = re.compile(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.IGNORECASE | re.DOTALL)
_SGML_TYPE = re.compile(r"<TYPE>\s*([^\s<]+)", re.IGNORECASE)
_SGML_TEXT = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.IGNORECASE | re.DOTALL)
#: Fewer notes than this in the statements' section means they were not found there.
MIN_NOTES = 3
_HTML_MARKER = re.compile(r"<(?:html|body|div|p|font|br)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedDocument:
    """Everything parsed from one filing document; offsets refer to `text`."""

    form: str
    source_format: str  # "html", "sgml-html" or "sgml-text"
    document_type: str | None  # the SGML <TYPE> of the chosen document, when wrapped
    text: str
    sections: list[Section]
    tables: list[Table]
    footnotes: list[Footnote]

    def section_at(self, offset: int) -> Section | None:
        """The section holding `offset`, if any."""
        return _section_at(self.sections, offset)


def decode(raw: bytes) -> str:
    """UTF-8 when valid, else Windows-1252 (old EDGAR documents)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def unwrap_sgml(raw: str, form: str) -> tuple[str, str | None]:
    """The body of the primary document in an SGML submission (the first whose type is `form`)."""
    head = raw[:5000].upper()
    if "<DOCUMENT>" not in head and "<SEC-DOCUMENT>" not in head:
        return raw, None
    documents = [m.group(1) for m in _SGML_DOCUMENT.finditer(raw)]
    if not documents:
        return raw, None
    family = form_family(form)
    typed: list[tuple[str, str | None]] = []
    for document in documents:
        m = _SGML_TYPE.search(document[:2000])
        typed.append((document, m.group(1).upper() if m else None))
    body, doc_type = next(
        ((d, t) for d, t in typed if t is not None and form_family(t) == family), typed[0]
    )
    text = _SGML_TEXT.search(body)
    return (text.group(1) if text else body), doc_type


def _section_at(sections: list[Section], offset: int) -> Section | None:
    i = bisect.bisect_right([s.start for s in sections], offset) - 1
    return sections[i] if i >= 0 and offset < sections[i].end else None


def _statement_notes(text: str, sections: list[Section], form: str) -> list[Footnote]:
    """Notes to the financial statements: in the F-pages section when there is one (Item 8 only
    points to it), else in Item 8 (10-Q: Part I Item 1), else anywhere after it."""
    fpages = next((s for s in sections if s.key == FPAGES_KEY), None)
    if fpages is not None:
        notes = find_footnotes(text, fpages.start, fpages.end)
        if len(notes) >= MIN_NOTES:
            return notes
    fs_key = FINANCIAL_STATEMENTS_SECTION.get(form_family(form))
    fs = next((s for s in sections if s.key == fs_key), None)
    footnotes = find_footnotes(text, fs.start, fs.end) if fs else []
    if len(footnotes) < MIN_NOTES:  # statements placed elsewhere and not found as a block
        wider = find_footnotes(text, fs.start if fs else 0, len(text))
        footnotes = wider if len(wider) > len(footnotes) else footnotes
    return footnotes


def parse_document(raw: bytes, form: str) -> ParsedDocument:
    """Parse a 10-K or 10-Q document into clean text, sections, tables and footnotes."""
    decoded = decode(raw)
    body, doc_type = unwrap_sgml(decoded, form)
    extracted: Extracted
    if doc_type is None:
        extracted, source_format = extract_html(body), "html"
    elif _HTML_MARKER.search(body[:20000]):
        extracted, source_format = extract_html(body), "sgml-html"
    else:
        extracted, source_format = extract_plain(body), "sgml-text"
    text = extracted.text
    sections = find_sections(text, form, [(t.start, t.end) for t in extracted.tables])
    tables: list[Table] = []
    prev_end = 0
    for raw_table in extracted.tables:
        if not raw_table.rows:
            continue
        section = _section_at(sections, raw_table.start)
        table = build_table(
            raw_table, len(tables), section.key if section else None, text, prev_end
        )
        prev_end = raw_table.end
        if table.n_rows:
            tables.append(table)
    footnotes = _statement_notes(text, sections, form)
    return ParsedDocument(
        form=form,
        source_format=source_format,
        document_type=doc_type,
        text=text,
        sections=sections,
        tables=tables,
        footnotes=footnotes,
    )


def chunk_document(
    doc: ParsedDocument,
    accession: str,
    size: int = DEFAULT_CHUNK_SIZE,
    overlap: int = DEFAULT_CHUNK_OVERLAP,
    unit: str = DEFAULT_CHUNK_UNIT,
) -> list[Chunk]:
    """Retrieval chunks per section (the whole text as "document" when no section was found)."""
    regions = [(s.key, s.start, s.end) for s in doc.sections] or [("document", 0, len(doc.text))]
    return chunk_sections(doc.text, regions, accession, size=size, overlap=overlap, unit=unit)
