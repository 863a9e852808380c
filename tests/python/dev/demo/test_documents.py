"""Demo 10-K/10-Q documents: parse into every item, tables equal the XBRL facts, stable bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dev.demo import documents, generator
from dev.demo.generator import Filing
from dev.demo.model import Truth, build_truth
from dev.demo.profiles import COMPANIES, Company, company_by_ticker
from ingestion.sources.filings import ParseTask, parse_filing
from ingestion.sources.filings.parsing import ParsedDocument, Table, parse_document
from ingestion.sources.filings.settings import MIN_KEY_SECTION_WORDS, TEN_K_ITEMS, TEN_Q_ITEMS

DATE = re.compile(r"([A-Z][a-z]+ \d{1,2}, \d{4})")


@dataclass(frozen=True)
class Doc:
    company: Company
    filing: Filing
    path: str
    raw: bytes

    @property
    def name(self) -> str:
        return self.filing.primary_document


@dataclass(frozen=True)
class World:
    """The demo inputs built as `generator.generate()` builds them, plus each company's facts."""

    truths: dict[int, Truth]
    filings: dict[int, list[Filing]]
    facts: dict[int, dict[str, Any]]
    docs: dict[str, Doc]  # primary document name -> document


def _pending_of(c: Company, fs: list[Filing]):
    by_id = {(f.form, f.fy, f.fp): f for f in fs if f.has_facts}
    return lambda f: generator._pending(c, f, by_id)


def _generate(truths: dict[int, Truth], filings: dict[int, list[Filing]]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for c in COMPANIES:
        fs = filings[c.cik]
        out |= documents.document_files(c, truths[c.cik], fs, _pending_of(c, fs))
    return out


@cache
def world() -> World:
    truths = {c.cik: build_truth(c) for c in COMPANIES}
    filings = {c.cik: generator.schedule(c, truths[c.cik]) for c in COMPANIES}
    generator.assign_accessions(f for fs in filings.values() for f in fs)
    facts = {c.cik: generator.build_facts(c, truths[c.cik], filings[c.cik]) for c in COMPANIES}
    files = _generate(truths, filings)
    docs = {}
    for c in COMPANIES:
        for f in filings[c.cik]:
            path = documents.document_path(c, f)
            if path in files:
                docs[f.primary_document] = Doc(c, f, path, files[path])
    return World(truths, filings, facts, docs)


@cache
def parsed(name: str) -> ParsedDocument:
    doc = world().docs[name]
    return parse_document(doc.raw, doc.filing.form)


def _names(form: str | None = None) -> list[str]:
    return sorted(n for n, d in world().docs.items() if form is None or d.filing.form == form)


def _section_text(doc: ParsedDocument, key: str) -> str:
    s = next(s for s in doc.sections if s.key == key)
    return doc.text[s.start : s.end]


def _table(doc: ParsedDocument, caption: str) -> Table:
    return next(t for t in doc.tables if t.caption == caption)


def _cells(table: Table, label: str) -> dict[str, float | None]:
    """column header -> value of the first row labelled `label`."""
    row = min(c.row for c in table.cells if c.row_label == label and not c.is_header)
    return {c.column_header: c.value for c in table.cells if c.row == row and c.col > 0}


def _fact(doc: Doc, concept: str, header: str, unit: str = "USD") -> float:
    """The XBRL fact of the document's accession for the period a column header names."""
    end = date.fromisoformat(_iso(DATE.search(header).group(1)))  # type: ignore[union-attr]
    rows = world().facts[doc.company.cik]["facts"]["us-gaap"][concept]["units"][unit]
    matches = [r for r in rows if r["accn"] == doc.filing.accn and r["end"] == end.isoformat()]
    if "start" in matches[0]:
        days = {
            "Three Months Ended": range(80, 101),
            "Fiscal Year Ended": range(350, 381),
            "Six Months Ended": range(175, 200),
            "Nine Months Ended": range(265, 290),
        }[header[: header.index(" Ended") + 6]]
        matches = [r for r in matches if (end - date.fromisoformat(r["start"])).days + 1 in days]
    assert len(matches) == 1, (doc.name, concept, header, matches)
    return float(matches[0]["val"])


def _iso(text: str) -> str:
    """ "December 31, 2024" → "2024-12-31"."""
    return datetime.strptime(text, "%B %d, %Y").date().isoformat()


def _revenue_concept(doc: Doc) -> str:
    """The total-revenue concept the generator tags for this filing (never the ASC 606 slice)."""
    assert doc.filing.fy is not None
    return next(
        concept
        for concept, field in generator.revenue_concepts(doc.company, doc.filing.fy)
        if field == "revenue"
    )


# ------------------------------------------------------------------------------------------
# Which documents
# ------------------------------------------------------------------------------------------


def test_one_document_per_periodic_report_with_facts_filed_since_2024() -> None:
    w = world()
    expected = {
        documents.document_path(c, f)
        for c in COMPANIES
        for f in w.filings[c.cik]
        if f.form in ("10-K", "10-Q") and f.has_facts and f.filed >= date(2024, 1, 1)
    }
    assert {d.path for d in w.docs.values()} == expected
    for c in COMPANIES:
        forms = {d.filing.form for d in w.docs.values() if d.company is c}
        # the filings source parses 10-K/10-Q only: the IFRS filer's 20-Fs get no document
        assert forms == (set() if c.ifrs else {"10-K", "10-Q"}), c.ticker
    sample = w.docs["hldg-20241231.htm"]
    assert sample.path == (
        f"www.sec.gov/Archives/edgar/data/9990001/{sample.filing.accn.replace('-', '')}/"
        "hldg-20241231.htm"
    )


def test_no_documents_for_other_forms_or_older_filings() -> None:
    w = world()
    for d in w.docs.values():
        assert d.filing.form in ("10-K", "10-Q") and d.filing.filed >= date(2024, 1, 1)
    c = company_by_ticker("HLDG")
    fs = w.filings[c.cik]
    amendment = next(f for f in fs if f.form == "10-K/A")
    old_10k = next(f for f in fs if f.form == "10-K" and f.has_facts)
    no_facts = next(f for f in fs if f.form == "10-Q" and f.filed >= date(2024, 1, 1))
    others = [
        replace(amendment, filed=date(2024, 6, 3)),  # even when recent, an amendment gets none
        replace(no_facts, has_facts=False),
        old_10k,  # filed before 2024
        *(f for f in fs if f.form in ("8-K", "4", "DEF 14A") and f.filed.year >= 2024),
    ]
    assert documents.document_files(c, w.truths[c.cik], others, _pending_of(c, fs)) == {}


def test_same_inputs_give_the_same_bytes() -> None:
    w = world()
    first = {d.path: d.raw for d in w.docs.values()}
    assert _generate(w.truths, w.filings) == first


def test_document_sizes_stay_small() -> None:
    sizes = [len(d.raw) for d in world().docs.values()]
    assert all(10_000 <= s <= 40_000 for s in sizes), sorted(sizes)
    assert sum(sizes) < 1_100_000


# ------------------------------------------------------------------------------------------
# Sections
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", _names())
def test_every_item_is_found_in_order(name: str) -> None:
    doc = parsed(name)
    expected = TEN_K_ITEMS if doc.form == "10-K" else TEN_Q_ITEMS
    assert tuple(s.key for s in doc.sections) == expected
    for s in doc.sections:
        assert doc.text.startswith("Item ", s.start), (s.key, doc.text[s.start : s.start + 40])


@pytest.mark.parametrize("name", _names())
def test_key_sections_are_long_enough_to_be_plausible(name: str) -> None:
    """The project's document evaluation flags key sections under MIN_KEY_SECTION_WORDS."""
    doc = parsed(name)
    keys = ("1", "1A", "7", "8") if doc.form == "10-K" else ("I-1", "I-2")
    words = {s.key: s.word_count for s in doc.sections if s.key in keys}
    assert min(words.values()) >= MIN_KEY_SECTION_WORDS, words


@pytest.mark.parametrize("name", _names("10-K"))
def test_risk_factors_start_at_the_real_heading_not_the_contents(name: str) -> None:
    doc = parsed(name)
    toc_line = doc.text.index("Item 1A. | Risk Factors")  # the contents row, a table cell
    assert any(t.start <= toc_line <= t.end for t in doc.tables)
    risk = next(s for s in doc.sections if s.key == "1A")
    assert risk.start > toc_line
    assert doc.text.startswith("Item 1A. Risk Factors\n", risk.start)
    assert risk.title == "Risk Factors"
    assert not any(t.start <= risk.start <= t.end for t in doc.tables)
    body = _section_text(doc, "1A")
    assert risk.word_count > 250
    # a mid-paragraph cross-reference stays inside Item 1A and does not start Item 7
    assert "see Item 7 of this Form 10-K" in body
    item7 = next(s for s in doc.sections if s.key == "7")
    assert doc.text.startswith("Item 7. Management", item7.start)


@pytest.mark.parametrize("name", _names("10-Q"))
def test_quarterly_risk_factors_are_in_part_two(name: str) -> None:
    doc = parsed(name)
    part2 = doc.text.index("PART II — OTHER INFORMATION", doc.text.index("Item 4. Controls"))
    risk = next(s for s in doc.sections if s.key == "II-1A")
    assert risk.start > part2
    assert "no material changes to the risk factors" in _section_text(doc, "II-1A")
    statements = next(s for s in doc.sections if s.key == "I-1")
    assert "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS" in _section_text(doc, "I-1")
    assert statements.start < risk.start


SIGNATURE_RISKS = {
    "HLDG": "data privacy",
    "PCDV": "supply chain concentration",
    "QSMC": "export controls",
    "MRWT": "clinical trials",
    "IVIH": "credit losses",
    "TLWD": "data-center availability",
    "CBKG": "food safety",
}


def test_each_company_has_a_distinctive_risk_theme() -> None:
    for ticker, phrase in SIGNATURE_RISKS.items():
        holders = {
            world().docs[n].company.ticker
            for n in _names("10-K")
            if phrase in _section_text(parsed(n), "1A").lower()
        }
        assert holders == {ticker}, (phrase, holders)


# ------------------------------------------------------------------------------------------
# Tables equal the XBRL facts of the same accession
# ------------------------------------------------------------------------------------------


def _income_caption(doc: Doc) -> str:
    prefix = "" if doc.filing.form == "10-K" else "CONDENSED "
    return f"{prefix}CONSOLIDATED STATEMENTS OF OPERATIONS"


@pytest.mark.parametrize("name", _names())
def test_income_statement_equals_the_filing_facts(name: str) -> None:
    d, doc = world().docs[name], parsed(name)
    table = _table(doc, _income_caption(d))
    assert table.scale == 1000
    assert table.scale_text is not None and "except per share" in table.scale_text
    assert table.section == ("8" if d.filing.form == "10-K" else "I-1")
    revenue = _cells(table, _revenue_label(d, table))
    assert d.filing.quarter is not None
    n_columns = 3 if d.filing.form == "10-K" else (2 if d.filing.quarter[1] == 1 else 4)
    assert len(revenue) == n_columns
    f = d.filing
    trap = d.company.revenue_fact_scale_error == (f.form, f.fy, f.fp)
    for i, (header, value) in enumerate(revenue.items()):
        assert value is not None
        fact = _fact(d, _revenue_concept(d), header)
        if trap and i == 0:
            # The table-scale trap: the filing's own quarter is tagged as units (1,000x too
            # small) while its table, in thousands, shows the true figure.
            assert value == fact, header
            continue
        assert value * 1000 == fact, header
    for header, value in _cells(table, "Net income (loss)").items():
        assert (value or 0) * 1000 == _fact(d, "NetIncomeLoss", header), header
    for header, value in _cells(table, "Operating income (loss)").items():
        assert (value or 0) * 1000 == _fact(d, "OperatingIncomeLoss", header), header
    diluted = next(
        c for c in table.cells if c.row_label == "Diluted" and c.unit == "$" and c.col == 1
    )
    eps = _fact(d, "EarningsPerShareDiluted", diluted.column_header, "USD/shares")
    assert diluted.value == pytest.approx(eps, abs=1e-9)


@pytest.mark.parametrize("name", _names())
def test_balance_sheet_and_cash_flow_equal_the_filing_facts(name: str) -> None:
    d, doc = world().docs[name], parsed(name)
    prefix = "" if d.filing.form == "10-K" else "CONDENSED "
    balance = _table(doc, f"{prefix}CONSOLIDATED BALANCE SHEETS")
    for label, concept in (
        ("Total assets", "Assets"),
        ("Cash and cash equivalents", "CashAndCashEquivalentsAtCarryingValue"),
        ("Total stockholders’ equity", "StockholdersEquity"),
        ("Long-term debt, net", "LongTermDebtNoncurrent"),
    ):
        cells = _cells(balance, label)
        assert len(cells) == 2
        for header, value in cells.items():
            assert (value or 0) * 1000 == _fact(d, concept, header), (label, header)
    flows = _table(doc, f"{prefix}CONSOLIDATED STATEMENTS OF CASH FLOWS")
    label = "Net cash provided by (used in) operating activities"
    for header, value in _cells(flows, label).items():
        assert (value or 0) * 1000 == _fact(d, "NetCashProvidedByUsedInOperatingActivities", header)


def test_annual_revenue_is_the_known_answer_unless_restated_later() -> None:
    """A 10-K shows what it reported: the known answer, or the pre-restatement figure."""
    w = world()
    for name in _names("10-K"):
        d = w.docs[name]
        assert d.filing.quarter is not None
        c, fy = d.company, d.filing.quarter[0]
        answers = {
            (row[2], row[3]): row[6]
            for row in generator.known_answers(c, w.truths[c.cik], w.filings[c.cik], w.facts[c.cik])
        }
        header, value = _first_revenue(name)
        end = w.truths[c.cik].bounds[(fy, 4)][1]
        assert header == f"Fiscal Year Ended {end:%B} {end.day}, {end.year}"
        pending = _pending_of(c, w.filings[c.cik])(d.filing)
        restated = sum(r.deltas.get("revenue", 0) for r in pending if r.quarter[0] == fy)
        assert value * 1000 == answers[(fy, "FY")] + restated, name
    qsmc_2024 = _first_revenue("qsmc-20240128.htm")[1]
    qsmc_2025_prior = list(
        _cells(_table(parsed("qsmc-20250126.htm"), "CONSOLIDATED STATEMENTS OF OPERATIONS"),
               "Revenues").values()
    )[1]  # fmt: skip
    assert (qsmc_2024 - (qsmc_2025_prior or 0)) * 1000 == 63_500_000


def _revenue_label(d: Doc, table: Table) -> str:
    """The total-revenue row: the first "$" row, or the total after product/collaboration lines."""
    if d.company.revenue_concepts == "revenues+slice":
        return "Total revenues"
    return next(c.row_label for c in table.cells if c.unit == "$" and c.col == 1)


def _first_revenue(name: str) -> tuple[str, float]:
    """(column header, value) of the current period's total revenue in the income statement."""
    d = world().docs[name]
    table = _table(parsed(name), _income_caption(d))
    header, value = next(iter(_cells(table, _revenue_label(d, table)).items()))
    assert value is not None
    return header, value


def test_restatement_note_only_in_the_restating_filing() -> None:
    with_note = [n for n in _names() if "Restatement of Previously Issued" in parsed(n).text]
    assert with_note == ["qsmc-20250126.htm"]
    doc = parsed("qsmc-20250126.htm")
    table = next(
        t for t in doc.tables if "As Restated" in " ".join(" ".join(r) for r in t.header_rows)
    )
    before, adjustment, after = _cells(table, "Revenues").values()
    assert before == _first_revenue("qsmc-20240128.htm")[1]
    assert adjustment == -63_500
    assert after == (before or 0) + adjustment


# ------------------------------------------------------------------------------------------
# Notes and the filings source end to end
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", _names())
def test_notes_are_found_inside_the_financial_statements(name: str) -> None:
    d, doc = world().docs[name], parsed(name)
    numbers = [n.number for n in doc.footnotes]
    expected = 7 if d.filing.form == "10-K" else 5
    if name == "qsmc-20250126.htm":
        expected = 8
    assert numbers == list(range(1, expected + 1))
    titles = [n.title for n in doc.footnotes]
    first = "Summary of Significant Accounting Policies" if d.filing.form == "10-K" else (
        "Basis of Presentation"
    )  # fmt: skip
    assert titles[:3] == [first, "Revenue", "Debt"]
    key = "8" if d.filing.form == "10-K" else "I-1"
    section = next(s for s in doc.sections if s.key == key)
    assert all(section.start <= n.start and n.end <= section.end for n in doc.footnotes)


@pytest.mark.parametrize("name", ["ivih-20241231.htm", "mrwt-20241231.htm"])
def test_filings_source_parses_a_demo_document(name: str, tmp_path: Path) -> None:
    d = world().docs[name]
    path = tmp_path / name
    path.write_bytes(d.raw)
    result = parse_filing(ParseTask(d.filing.accn, d.filing.form, str(path)))
    assert result.error is None
    counts = result.counts()
    assert counts["filing_sections"] == (23 if d.filing.form == "10-K" else 11)
    assert counts["filing_footnotes"] >= 5
    assert counts["filing_table_cells"] > 100
    assert counts["filing_chunks"] >= counts["filing_sections"]


@pytest.mark.parametrize("name", _names())
def test_cover_page_agrees_with_the_dei_facts(name: str) -> None:
    d, doc = world().docs[name], parsed(name)
    dei = world().facts[d.company.cik]["facts"]["dei"]
    shares = next(
        r
        for r in dei["EntityCommonStockSharesOutstanding"]["units"]["shares"]
        if r["accn"] == d.filing.accn
    )
    assert d.filing.cover_date is not None and shares["end"] == d.filing.cover_date.isoformat()
    found = re.search(
        r"^([\d,]+) shares of common stock were issued and outstanding", doc.text, re.M
    )
    assert found is not None and int(found.group(1).replace(",", "")) == shares["val"]
    if d.filing.form == "10-K":
        float_ = next(
            r for r in dei["EntityPublicFloat"]["units"]["USD"] if r["accn"] == d.filing.accn
        )
        assert f"approximately ${float_['val']:,}." in doc.text
    end = d.filing.report_date
    assert f"ended {datetime.fromisoformat(end):%B} {int(end[8:])}, {end[:4]}" in doc.text
