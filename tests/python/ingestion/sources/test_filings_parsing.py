"""Filing documents: sections, tables, footnotes and chunks on real corpus files and snippets."""

from __future__ import annotations

import itertools
import pickle
import re
import time
from functools import cache
from pathlib import Path

import pytest

from ingestion.sources.filings.helpers import detect_form, document_rows
from ingestion.sources.filings.parsing import (
    ParsedDocument,
    chunk_document,
    chunk_sections,
    parse_document,
    parse_number,
    unwrap_sgml,
)
from ingestion.sources.filings.settings import TEN_K_ITEMS

ARCHIVES = "mirror/www.sec.gov/Archives/edgar/data"
APPLE_10K_2024 = f"{ARCHIVES}/320193/000032019324000123/aapl-20240928.htm"
APPLE_10Q_2025 = f"{ARCHIVES}/320193/000032019325000073/aapl-20250628.htm"
TESLA_10Q_2025 = f"{ARCHIVES}/1318605/000162828025035806/tsla-20250630.htm"
#: Documents older than Item 1A (2005) or from smaller reporting companies, which may omit it.
LEGACY_10K = {"medicis-10-k-1999.0000950153-99-001234.html"}


@cache
def _parse(path: Path, form: str) -> ParsedDocument:
    return parse_document(path.read_bytes(), form)


def _section(doc: ParsedDocument, key: str) -> str:
    section = next(s for s in doc.sections if s.key == key)
    return doc.text[section.start : section.end]


# -- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,234", 1234.0, None),
        ("(1,234)", -1234.0, None),
        ("$(1,234)", -1234.0, "$"),
        ("$ 391,035", 391035.0, "$"),
        ("(3)%", -3.0, "%"),
        ("12.5 %", 12.5, "%"),
        ("-7", -7.0, None),
        ("0.25", 0.25, None),
        ("—", None, None),
        ("-", None, None),
        ("–", None, None),
        ("", None, None),
        ("Total net sales", None, None),
        ("(1,234", -1234.0, None),
    ],
)
def test_parse_number(text: str, value: float | None, unit: str | None) -> None:
    parsed = parse_number(text)
    assert parsed.value == value
    assert parsed.unit == unit


SPLIT_CELLS = """
<html><body>
<div style="display:none"><ix:header><ix:hidden>secret hidden fact</ix:hidden></ix:header></div>
<p>Item 7. Management's Discussion</p>
<p>The following table shows results (in millions, except per share amounts):</p>
<table>
<tr><td></td><td colspan="3">2024</td><td colspan="3">2023</td></tr>
<tr><td>Net sales</td><td>$</td><td>1,234</td><td></td><td>$</td><td>1,000</td><td></td></tr>
<tr><td>Net loss</td><td>$</td><td>(56</td><td>)</td><td></td><td>—</td><td></td></tr>
<tr><td>Margin</td><td></td><td>12.5</td><td>%</td><td></td><td>(3</td><td>)%</td></tr>
</table>
<p>Item 8. Financial Statements</p><p>See the notes.</p>
</body></html>
"""


def test_split_cells_merge_into_numbers_with_headers_and_scale() -> None:
    doc = parse_document(SPLIT_CELLS.encode(), "10-K")
    assert "secret hidden fact" not in doc.text
    (table,) = doc.tables
    assert table.section == "7"
    assert table.scale == 1_000_000
    assert table.header_rows == [["2024", "2023"]]
    values = {(c.row_label, c.column_header): (c.value, c.unit) for c in table.cells}
    assert values[("Net sales", "2024")] == (1234.0, "$")
    assert values[("Net sales", "2023")] == (1000.0, "$")
    assert values[("Net loss", "2024")] == (-56.0, "$")
    assert values[("Net loss", "2023")] == (None, None)
    assert values[("Margin", "2024")] == (12.5, "%")
    assert values[("Margin", "2023")] == (-3.0, "%")
    assert "Net sales | $1,234 | $1,000" in doc.text


def test_unclosed_head_does_not_hide_the_body() -> None:
    doc = parse_document(b"<HTML><HEAD><TITLE>10-K</TITLE><BODY><P>Item 1. Business<P>Text", "10-K")
    assert doc.text == "Item 1. Business\nText"
    assert [s.key for s in doc.sections] == ["1"]


def test_layout_tables_are_flagged() -> None:
    html = b"<table><tr><td>Item 1.</td></tr><tr><td>Just words</td></tr></table>"
    (table,) = parse_document(html, "10-K").tables
    assert table.is_layout


def test_sgml_wrapper_picks_the_primary_document() -> None:
    raw = (
        "<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99\n<TEXT>exhibit</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>10-Q\n<TEXT>\nPART I\nITEM 1. FINANCIAL STATEMENTS\nbody\n</TEXT>\n"
        "</DOCUMENT>\n</SEC-DOCUMENT>"
    )
    body, doc_type = unwrap_sgml(raw, "10-Q")
    assert doc_type == "10-Q"
    assert "FINANCIAL STATEMENTS" in body and "exhibit" not in body


def test_chunks_respect_size_overlap_and_sections() -> None:
    text = "alpha " * 500 + "\n" + "beta " * 300
    regions = [("1", 0, 3000), ("2", 3000, len(text))]
    chunks = chunk_sections(text, regions, "0000000000-00-000000", size=400, overlap=50)
    for chunk in chunks:
        lo, hi = next((r[1], r[2]) for r in regions if r[0] == chunk.section)
        assert lo <= chunk.start < chunk.end <= hi
        assert chunk.end - chunk.start <= 400
        assert chunk.text == text[chunk.start : chunk.end]
    first, second = chunks[0], chunks[1]
    assert second.start < first.end  # overlap
    words = chunk_sections(text, regions, "x", size=100, overlap=10, unit="words")
    assert max(c.word_count for c in words) == 100
    with pytest.raises(ValueError):
        chunk_sections(text, regions, "x", size=100, overlap=100)


TOC_AND_CROSS_REFERENCES = """
<html><body>
<table>
<tr><td>Item 1.</td><td>Business</td><td>3</td></tr>
<tr><td>Item 1A.</td><td>Risk Factors</td><td>5</td></tr>
<tr><td>Item 2.</td><td>Management's Discussion</td><td>9</td></tr>
</table>
<p>PART I — FINANCIAL INFORMATION</p>
<p>Item 1. Financial Statements</p>
<p>Statements here. See Part I, Item 2 of this Form 10-Q for a discussion.</p>
<p>Item 2 of this Form 10-Q discusses results, see also Item 1A of this Form 10-K.</p>
<p>Item 2, "Management's Discussion", explains more.</p>
<p>Item 2. Management's Discussion</p>
<p>Discussion here. {filler}</p>
<p>PART II — OTHER INFORMATION</p>
<p>Item 1A. Risk Factors</p>
<p>Risks here. {filler}</p>
<p>Part II, Item 6. Exhibits</p><p>Exhibit list.</p>
</body></html>
"""


def test_toc_and_cross_references_are_not_section_starts() -> None:
    html = TOC_AND_CROSS_REFERENCES.format(filler="words " * 300)
    doc = parse_document(html.encode(), "10-Q")
    assert [s.key for s in doc.sections] == ["I-1", "I-2", "II-1A", "II-6"]
    starts = {s.key: doc.text[s.start : s.end].split("\n", 1)[0] for s in doc.sections}
    assert starts == {
        "I-1": "Item 1. Financial Statements",
        "I-2": "Item 2. Management's Discussion",
        "II-1A": "Item 1A. Risk Factors",
        "II-6": "Part II, Item 6. Exhibits",
    }
    assert doc.sections[0].title == "Financial Statements"


# -- real documents ------------------------------------------------------------------------------


def test_apple_10k_item_1a_is_the_real_risk_factors(corpus: Path) -> None:
    doc = _parse(corpus / APPLE_10K_2024, "10-K")
    keys = [s.key for s in doc.sections]
    assert keys == list(TEN_K_ITEMS)  # every item once, in filing order
    for key in ("1", "1A", "7", "7A", "8"):
        assert key in keys
    words = {s.key: s.word_count for s in doc.sections}
    assert words["1A"] > 5000 and words["7"] > 1000 and words["8"] > 5000
    assert words["1"] > 1000 and words["7A"] > 200
    risk = _section(doc, "1A")
    first_lines = risk.split("\n", 2)
    assert first_lines[0].startswith("Item 1A") and "Risk Factors" in first_lines[0]
    assert first_lines[1].startswith("The Company’s business, reputation, results of operations")
    toc_end = doc.text.find("Item 16. | Form 10-K Summary")
    assert 0 < toc_end < next(s.start for s in doc.sections)


def test_apple_10k_total_net_sales(corpus: Path) -> None:
    doc = _parse(corpus / APPLE_10K_2024, "10-K")
    statement = next(t for t in doc.tables if t.caption == "CONSOLIDATED STATEMENTS OF OPERATIONS")
    assert statement.section == "8"
    assert statement.scale == 1_000_000
    total = [c for c in statement.cells if c.row_label == "Total net sales" and c.value]
    assert [c.value for c in total] == [391_035, 383_285, 394_328]
    assert "2024" in total[0].column_header
    holding = [
        t
        for t in doc.tables
        if any(c.row_label == "Total net sales" and c.value == 391_035 for c in t.cells)
    ]
    assert len(holding) >= 2 and all(t.scale == 1_000_000 for t in holding)


def test_apple_10k_footnotes(corpus: Path) -> None:
    doc = _parse(corpus / APPLE_10K_2024, "10-K")
    notes = doc.footnotes
    assert [n.number for n in notes] == list(range(1, len(notes) + 1))
    assert len(notes) >= 12
    assert notes[0].title == "Summary of Significant Accounting Policies"
    item8 = next(s for s in doc.sections if s.key == "8")
    assert all(item8.start <= n.start < n.end <= item8.end for n in notes)


@pytest.mark.parametrize("relpath", [APPLE_10Q_2025, TESLA_10Q_2025])
def test_10q_parts_and_items(corpus: Path, relpath: str) -> None:
    doc = _parse(corpus / relpath, "10-Q")
    words = {s.key: s.word_count for s in doc.sections}
    assert words["I-1"] > 2000 and words["I-2"] > 2000
    assert {"I-4", "II-1A", "II-6"} <= set(words)
    assert len(doc.footnotes) >= 5
    assert detect_form((corpus / relpath).read_bytes()) == "10-Q"


def _modern_10ks(corpus: Path) -> list[Path]:
    docs = corpus / "documents"
    return sorted(
        p for p in docs.iterdir() if re.search(r"-10-k-", p.name) and p.name not in LEGACY_10K
    )


def test_every_modern_10k_has_items_1_1a_7_8(corpus: Path) -> None:
    failures = []
    for path in _modern_10ks(corpus):
        keys = [s.key for s in _parse(path, "10-K").sections]
        missing = {"1", "1A", "7", "8"} - set(keys)
        if missing:
            failures.append(f"{path.name}: missing {sorted(missing)}")
    assert not failures


def test_every_modern_10k_has_numbered_notes(corpus: Path) -> None:
    failures = []
    for path in _modern_10ks(corpus):
        numbers = [n.number for n in _parse(path, "10-K").footnotes]
        steps = [b - a for a, b in itertools.pairwise(numbers)]
        in_order = numbers[:1] == [1] and all(0 < step <= 2 for step in steps)
        if len(numbers) < 8 or not in_order:
            failures.append(f"{path.name}: notes {numbers}")
    assert not failures


def test_sgml_text_submission(corpus: Path) -> None:
    path = corpus / "documents" / "apple-10-q-2000-05-12.0000912057-00-023442.txt"
    doc = _parse(path, "10-Q")
    assert doc.source_format == "sgml-text" and doc.document_type == "10-Q"
    assert [s.key for s in doc.sections][:2] == ["I-1", "I-2"]
    statement = doc.tables[0]
    net_sales = [c.value for c in statement.cells if c.row_label == "Net sales" and c.value]
    assert net_sales == [1945, 1530, 4288, 3240]
    assert statement.scale == 1_000_000


def test_sgml_header_document(corpus: Path) -> None:
    doc = _parse(corpus / "documents" / "crr-10-k-2018-03-08.htm", "10-K")
    assert doc.source_format == "sgml-html" and doc.document_type == "10-K"
    assert {"1", "1A", "7", "8"} <= {s.key for s in doc.sections}


def test_chunk_ids_are_stable_and_stay_in_sections(corpus: Path) -> None:
    raw = (corpus / APPLE_10K_2024).read_bytes()
    accession = "0000320193-24-000123"
    first = chunk_document(parse_document(raw, "10-K"), accession)
    second = chunk_document(parse_document(raw, "10-K"), accession)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert pickle.loads(pickle.dumps(first)) == first  # results cross process boundaries
    assert len({c.chunk_id for c in first}) == len(first)
    doc = _parse(corpus / APPLE_10K_2024, "10-K")
    spans = {s.key: (s.start, s.end) for s in doc.sections}
    for chunk in first:
        lo, hi = spans[chunk.section]
        assert lo <= chunk.start < chunk.end <= hi
    assert [c.order for c in first] == list(range(len(first)))
    other = chunk_document(doc, accession, size=300, overlap=30, unit="words")
    assert max(c.word_count for c in other) == 300


def test_parsing_is_fast_on_the_largest_10k(corpus: Path) -> None:
    raw = (corpus / "documents" / "ko-10-k-2025-02-20.html").read_bytes()
    started = time.perf_counter()
    doc = parse_document(raw, "10-K")
    chunk_document(doc, "0000021344-25-000008")
    assert time.perf_counter() - started < 3.0


def test_document_rows_have_unique_keys(corpus: Path) -> None:
    doc = _parse(corpus / APPLE_10K_2024, "10-K")
    rows = document_rows(doc, "0000320193-24-000123", chunk_document(doc, "0000320193-24-000123"))
    keys = {
        "filing_sections": ("section_key",),
        "filing_tables": ("table_index",),
        "filing_table_cells": ("table_index", "row_index", "col_index"),
        "filing_footnotes": ("note_number",),
        "filing_chunks": ("chunk_id",),
    }
    for table, columns in keys.items():
        assert rows[table], table
        seen = [tuple(r[c] for c in columns) for r in rows[table]]
        assert len(seen) == len(set(seen)), table
