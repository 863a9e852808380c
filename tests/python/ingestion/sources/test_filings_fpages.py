"""10-K financial statements on F-pages: Item 8 points to them, they become section `8F`."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import duckdb
import pytest
import yaml  # type: ignore[import-untyped]  # PyYAML (via dbt-core) ships no stubs

from finloom.serve.search import SECTION_ALSO_MATCHES, search, section_filter_keys, section_label
from ingestion.sources.filings.parsing import (
    FPAGES_KEY,
    FPAGES_TITLE,
    ParsedDocument,
    chunk_document,
    parse_document,
)
from ingestion.sources.filings.parsing.fpages import POINTER_MAX_WORDS, is_pointer
from ingestion.sources.filings.settings import TEN_K_ITEMS, TEN_Q_ITEMS

ROOT = Path(__file__).resolve().parents[4]
#: Corpus 10-Ks whose Item 8 points to statements after the last item, and the item holding them.
FPAGES_10K = {
    "nflx-10-k-2025-01-27.html": "16",
    "crr-10-k-2018-03-08.htm": "16",
    "gainsco-10-k-2010.0001193125-10-073212.html": "15",
    "commonwealth-income-growth-fund-v-10-k-2016.0001376474-16-000635.html": "15",
}

FILLER = "The Company designs and sells products and services across several markets. " * 40
NOTE_TEXT = "Amounts are in millions unless stated otherwise and are audited. " * 30

TOC = """
<p>TABLE OF CONTENTS</p>
<table>
<tr><td>Item 1.</td><td>Business</td><td>3</td></tr>
<tr><td>Item 8.</td><td>Financial Statements and Supplementary Data</td><td>20</td></tr>
<tr><td>Item 15.</td><td>Exhibits, Financial Statement Schedules</td><td>30</td></tr>
<tr><td></td><td>Report of Independent Registered Public Accounting Firm</td><td>F-1</td></tr>
<tr><td></td><td>Consolidated Balance Sheets</td><td>F-2</td></tr>
</table>
"""

BALANCE_SHEET = """
<p>CONSOLIDATED BALANCE SHEETS</p>
<p>(in millions)</p>
<table>
<tr><td></td><td>2024</td><td>2023</td></tr>
<tr><td>Total assets</td><td>1,234</td><td>1,100</td></tr>
<tr><td>Total liabilities</td><td>(400)</td><td>(380)</td></tr>
</table>
"""

NOTES = "".join(
    f"<p>Note {n} – {title}</p><p>{NOTE_TEXT}</p>"
    for n, title in enumerate(("Summary of Significant Accounting Policies", "Revenue",
                               "Debt", "Income Taxes"), start=1)
)  # fmt: skip

STATEMENTS = f"""
<p>INDEX TO CONSOLIDATED FINANCIAL STATEMENTS</p>
<p>Page</p>
<p>Report of Independent Registered Public Accounting Firm | F-1</p>
<p>Consolidated Balance Sheets | F-2</p>
<p>Notes to Consolidated Financial Statements | F-3</p>
<p>Report of Independent Registered Public Accounting Firm</p>
<p>To the Shareholders and the Board of Directors of Example Corp.</p>
<p>We have audited the accompanying consolidated balance sheets of Example Corp. In our opinion,
the consolidated financial statements present fairly, in all material respects, its position.</p>
{BALANCE_SHEET}
<p>NOTES TO CONSOLIDATED FINANCIAL STATEMENTS</p>
{NOTES}
"""

ICFR_REPORT = """
<p>Report of Independent Registered Public Accounting Firm</p>
<p>We have audited Example Corp.'s internal control over financial reporting as of December 31,
2024. In our opinion, the Company maintained effective internal control over financial reporting.
</p>
"""


def _ten_k(item8: str, item15: str, after_items: str, item9a: str = "") -> str:
    """A synthetic 10-K: TOC, every item in order, then whatever follows the last item."""
    bodies = {key: f"<p>{FILLER}</p>" for key in TEN_K_ITEMS}
    bodies["8"] = item8
    bodies["9A"] = f"<p>{FILLER}</p>{item9a}"
    bodies["15"] = item15
    bodies["16"] = "<p>None.</p>"
    items = "".join(f"<p>Item {key}. Heading of item {key}</p>{bodies[key]}" for key in TEN_K_ITEMS)
    return f"<html><body>{TOC}{items}{after_items}</body></html>"


POINTER_ITEM_8 = (
    "<p>The information required by this item is included in Item 15 of this report, beginning"
    " on page F-1.</p>"
)
LISTING_ITEM_15 = (
    "<p>(a)(1) The following statements are contained in pages F-1 through F-3:</p>"
    "<p>Report of Independent Registered Public Accounting Firm</p>"
    "<p>Consolidated Balance Sheets</p>"
    "<p>Notes to Consolidated Financial Statements</p>"
)
CLOSING = "<p>SIGNATURES</p><p>Pursuant to the requirements of the Exchange Act, signed.</p>"


def _parse(html: str) -> ParsedDocument:
    return parse_document(html.encode(), "10-K")


def _section(doc: ParsedDocument, key: str) -> tuple[int, int, str]:
    s = next(s for s in doc.sections if s.key == key)
    return s.start, s.end, doc.text[s.start : s.end]


def _assert_disjoint(doc: ParsedDocument) -> None:
    spans = [(s.start, s.end) for s in doc.sections]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    assert [s.order for s in doc.sections] == list(range(len(doc.sections)))


# -- synthetic documents --------------------------------------------------------------------------


def test_pointer_item_8_and_fpages_make_an_8f_section() -> None:
    doc = _parse(_ten_k(POINTER_ITEM_8, LISTING_ITEM_15, STATEMENTS + CLOSING, ICFR_REPORT))
    assert [s.key for s in doc.sections] == [*TEN_K_ITEMS, FPAGES_KEY]
    _assert_disjoint(doc)
    fpages = doc.sections[-1]
    assert fpages.title == FPAGES_TITLE
    start, end, body = _section(doc, FPAGES_KEY)
    assert body.startswith("INDEX TO CONSOLIDATED FINANCIAL STATEMENTS\n")
    assert doc.text[end:].startswith("SIGNATURES")  # the signatures are not statements
    assert fpages.word_count == len(body.split()) > POINTER_MAX_WORDS
    # Item 8 keeps its pointer; Item 16 keeps its own text and ends where the F-pages start.
    _, _, item8 = _section(doc, "8")
    assert "included in Item 15" in item8 and "NOTES TO" not in item8
    _, item16_end, item16 = _section(doc, "16")
    assert item16_end == start and item16.split("\n")[1] == "None."
    # The statements list in Item 15 and the ICFR report in Item 9A stay where they are.
    assert "Consolidated Balance Sheets" in _section(doc, "15")[2]
    assert "internal control over financial reporting" in _section(doc, "9A")[2]
    # Notes are found in the F-pages and end with them; the balance sheet belongs to them.
    assert [n.number for n in doc.footnotes] == [1, 2, 3, 4]
    assert all(start <= n.start < n.end <= end for n in doc.footnotes)
    sheet = next(t for t in doc.tables if any(c.row_label == "Total assets" for c in t.cells))
    assert sheet.section == FPAGES_KEY
    chunks = chunk_document(doc, "0000000000-24-000001", size=400, overlap=40)
    spans = {s.key: (s.start, s.end) for s in doc.sections}
    assert any(c.section == FPAGES_KEY for c in chunks)
    for chunk in chunks:
        lo, hi = spans[chunk.section]
        assert lo <= chunk.start < chunk.end <= hi


def test_statements_running_to_the_end_of_the_document() -> None:
    doc = _parse(_ten_k(POINTER_ITEM_8, LISTING_ITEM_15, STATEMENTS))
    _start, end, _ = _section(doc, FPAGES_KEY)
    assert end == len(doc.text)
    assert doc.footnotes[-1].end == end


def test_item_8_holding_the_statements_has_no_fpages_section() -> None:
    # Real statements in Item 8; an auditor's report and balance sheet reprinted after Item 16
    # (as in an exhibit) must not be taken for F-pages.
    doc = _parse(_ten_k(STATEMENTS, LISTING_ITEM_15, STATEMENTS + CLOSING))
    assert FPAGES_KEY not in [s.key for s in doc.sections]
    _, _, item8 = _section(doc, "8")
    assert "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS" in item8
    # The sections are exactly the items, running from heading to heading.
    assert [s.key for s in doc.sections] == list(TEN_K_ITEMS)
    assert all(a.end == b.start for a, b in itertools.pairwise(doc.sections))


def test_toc_and_listing_mentions_of_f_pages_are_not_a_start() -> None:
    # Item 8 points to F-pages, the TOC and Item 15 list the report and statements, but the
    # statements themselves are not in the document (filed separately): no F-pages section.
    doc = _parse(_ten_k(POINTER_ITEM_8, LISTING_ITEM_15, CLOSING, ICFR_REPORT))
    assert [s.key for s in doc.sections] == list(TEN_K_ITEMS)


def test_auditor_report_without_statements_after_it_is_not_a_start() -> None:
    # An ICFR report in Item 9A is followed by Item 9B, not by statements: the F-pages start at
    # the real block after Item 16, never in Item 9A.
    doc = _parse(_ten_k(POINTER_ITEM_8, LISTING_ITEM_15, STATEMENTS, ICFR_REPORT))
    start, _, _ = _section(doc, FPAGES_KEY)
    assert start > _section(doc, "16")[0]


@pytest.mark.parametrize(
    ("item8", "expected"),
    [
        ("Item 8. Financial Statements\nSee pages F-1 through F-30.", True),
        ("Item 8.\nThe information is contained in pages 64 through 112. " + "x " * 150, True),
        ("Item 8. Financial Statements\nIncluded herein.", True),  # very short
        ("Item 8.\n" + "The balance sheet shows assets. " * 30, False),  # no pointer, 150+ words
        ("Item 8.\nSee pages F-1 through F-30. " + "word " * POINTER_MAX_WORDS, False),  # long
    ],
)
def test_is_pointer(item8: str, expected: bool) -> None:
    assert is_pointer(item8) is expected


# -- corpus documents ------------------------------------------------------------------------------


@cache
def _corpus_doc(path: Path) -> ParsedDocument:
    return parse_document(path.read_bytes(), "10-K")


@pytest.mark.parametrize(("name", "holder"), sorted(FPAGES_10K.items()))
def test_corpus_fpages_10ks(corpus: Path, name: str, holder: str) -> None:
    doc = _corpus_doc(corpus / "documents" / name)
    _assert_disjoint(doc)
    keys = [s.key for s in doc.sections]
    assert keys[-1] == FPAGES_KEY and keys[-2] == holder
    start, end, body = _section(doc, FPAGES_KEY)
    words = {s.key: s.word_count for s in doc.sections}
    assert words["8"] < 200 < 5000 < words[FPAGES_KEY]
    assert words[holder] < 3000  # the item that held the statements keeps its own text only
    assert "We have audited" in body[:20000]
    assert "balance sheet" in body.lower()
    # Every note is inside the F-pages section, numbered from 1.
    assert len(doc.footnotes) >= 8 and doc.footnotes[0].number == 1
    assert all(start <= n.start < n.end <= end for n in doc.footnotes)
    tables = [t for t in doc.tables if t.section == FPAGES_KEY and not t.is_layout]
    assert len(tables) >= 15
    # Exhibit index and signatures after the statements are not part of them.
    assert "Exhibit Index".lower() not in body[-3000:].lower()


def test_corpus_fpages_starts(corpus: Path) -> None:
    first_lines = {
        name: _section(_corpus_doc(corpus / "documents" / name), FPAGES_KEY)[2].split("\n", 1)[0]
        for name in FPAGES_10K
    }
    assert first_lines == {
        "nflx-10-k-2025-01-27.html": "INDEX TO FINANCIAL STATEMENTS",
        "crr-10-k-2018-03-08.htm": (
            "MANAGEMENT’S REPORT ON INTERNAL CONTROL OVER FINANCIAL REPORTING"
        ),
        "gainsco-10-k-2010.0001193125-10-073212.html": "Index to Financial Statements",
        "commonwealth-income-growth-fund-v-10-k-2016.0001376474-16-000635.html": (
            "Financial Statements"
        ),
    }


def test_other_corpus_10ks_have_no_fpages_section(corpus: Path) -> None:
    others = sorted(
        p
        for p in (corpus / "documents").iterdir()
        if "-10-k-" in p.name and p.name not in FPAGES_10K
    )
    assert others
    for path in others:
        doc = _corpus_doc(path)
        assert FPAGES_KEY not in [s.key for s in doc.sections], path.name
        # Item sections still run from heading to heading, as before F-pages existed.
        assert all(a.end == b.start for a, b in itertools.pairwise(doc.sections)), path.name


def _evaluation() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "evaluate_documents", ROOT / "bench" / "evaluate_documents.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("evaluate_documents", module)
    spec.loader.exec_module(module)
    return module


def test_evaluation_accepts_item_8_on_fpages(corpus: Path) -> None:
    evaluation = _evaluation()
    for name in FPAGES_10K:
        doc = _corpus_doc(corpus / "documents" / name)
        assert evaluation.placed_elsewhere(doc) == {"8": FPAGES_KEY}
        assert not any(" 8 " in f or f.endswith(" 8") for f in evaluation.flags_for(doc)), name
    medicis = _corpus_doc(corpus / "documents" / "medicis-10-k-1999.0000950153-99-001234.html")
    assert any(f.startswith("tiny 8 ") for f in evaluation.flags_for(medicis))


# -- search and dbt keys --------------------------------------------------------------------------


def test_section_filter_8_includes_fpages() -> None:
    assert SECTION_ALSO_MATCHES["8"] == (FPAGES_KEY,)
    assert section_label(FPAGES_KEY) == "Item 8 (F-pages)"
    assert section_label("II-1A") == "Part II, Item 1A" and section_label("7A") == "Item 7A"
    assert section_filter_keys(["8"]) == ["8", FPAGES_KEY]
    assert section_filter_keys(["8f", "8", "1a"]) == [FPAGES_KEY, "8", "1A"]
    assert section_filter_keys(["II-1A"]) == ["II-1A"]
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        """
        create table marts.fct_filing_chunks as
        select * from (values
            ('a', 'NFLX', 'Netflix', '10-K', date '2025-01-27', '1', '8', 0,
             'revenue recognition policy for streaming revenue'),
            ('b', 'NFLX', 'Netflix', '10-K', date '2025-01-27', '1', '8F', 1,
             'streaming revenue is recognized ratably over each membership'),
            ('c', 'NFLX', 'Netflix', '10-K', date '2025-01-27', '1', '1A', 2,
             'competition for streaming revenue and members')
        ) as t (chunk_id, ticker, company_name, form, filing_date, accession_number,
                section_key, chunk_order, chunk_text)
        """
    )
    assert {h.section for h in search(con, "streaming revenue", sections=["8"])} == {"8", "8F"}
    assert {h.section for h in search(con, "streaming revenue", sections=["8F"])} == {"8F"}
    assert {h.section for h in search(con, "streaming revenue", sections=["1A"])} == {"1A"}


def _yaml_values(path: Path, anchor_key: str) -> list[str]:
    return [str(v) for v in yaml.safe_load(path.read_text())[anchor_key]]


def test_dbt_section_keys_match_the_parser() -> None:
    keys = [*TEN_K_ITEMS[: TEN_K_ITEMS.index("8") + 1], FPAGES_KEY]
    keys += [*TEN_K_ITEMS[TEN_K_ITEMS.index("8") + 1 :], *TEN_Q_ITEMS]
    staging = ROOT / "models" / "staging" / "filings" / "_filings__models.yml"
    marts = ROOT / "models" / "marts" / "filings" / "_filings__models.yml"
    assert _yaml_values(staging, "x-section-keys") == keys
    assert _yaml_values(staging, "x-chunk-section-keys") == [*keys, "document"]
    assert _yaml_values(marts, "x-chunk-section-keys") == [*keys, "document"]
