"""Parsing of real SEC responses (corpus) and of hand-written edge cases."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import orjson
import pyarrow.compute as pc
import pytest

from ingestion.selection import UnknownTickerError, select_companies
from ingestion.sources.sec.helpers import (
    ParseError,
    filings_table,
    parse_cik,
    parse_company_facts,
    parse_sp500_csv,
    parse_submissions,
    parse_ticker_maps,
)

FACTS = "data.sec.gov/api/xbrl/companyfacts"
SUBS = "data.sec.gov/submissions"


def _count_facts(doc: dict) -> int:
    return sum(
        len(facts)
        for concepts in doc["facts"].values()
        for body in concepts.values()
        for facts in body["units"].values()
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [("CIK0000320193.json", 24_579), ("CIK0001318605.json", 17_718), ("CIK0001997711.json", None)],
)
def test_company_facts_one_row_per_fact(corpus_mirror: Path, name: str, expected: int | None):
    payload = (corpus_mirror / FACTS / name).read_bytes()
    parsed = parse_company_facts(payload)
    in_file = _count_facts(orjson.loads(payload))
    assert parsed.facts_in_file == in_file
    assert parsed.facts.num_rows == in_file
    assert parsed.duplicate_keys == 0
    if expected is not None:
        assert parsed.facts.num_rows == expected
    ids = parsed.facts.column("fact_id").to_pylist()
    assert len(set(ids)) == len(ids)


def test_company_facts_every_taxonomy_and_unit(corpus_mirror: Path):
    parsed = parse_company_facts((corpus_mirror / FACTS / "CIK0001997711.json").read_bytes())
    taxonomies = set(parsed.facts.column("taxonomy").to_pylist())
    units = set(parsed.facts.column("unit").to_pylist())
    assert {"dei", "ifrs-full"} <= taxonomies
    assert len({u for u in units if len(u) == 3 and u.isupper()}) >= 2  # several currencies
    assert parsed.cik == 1997711  # cik arrives as a zero-padded string in this file


def test_values_round_trip_exactly(corpus_mirror: Path):
    payload = (corpus_mirror / FACTS / "CIK0000320193.json").read_bytes()
    doc = json.loads(payload, parse_float=Decimal)
    expected = [
        Decimal(f["val"])
        for concepts in doc["facts"].values()
        for body in concepts.values()
        for facts in body["units"].values()
        for f in facts
    ]
    got = parse_company_facts(payload).facts.column("value").to_pylist()
    assert got == expected
    assert Decimal("0.00001") in got  # Apple's $0.00001 par value
    assert max(abs(v) for v in got) >= Decimal("1e12")  # 13-digit USD amounts


def test_values_exact_for_tiny_and_huge_numbers():
    payload = (
        b'{"cik": "0000000042", "entityName": "X", "facts": {"us-gaap": {"C": {"label": "c",'
        b' "description": "has \\"accn\\": inside", "units": {"USD": ['
        b'{"end": "2024-01-31", "val": 1e-05, "accn": "a", "fy": 2024, "fp": "Q1",'
        b' "form": "10-Q", "filed": "2024-02-01"},'
        b'{"end": "2024-01-31", "val": 1234567890123, "accn": "b"},'
        b'{"start": "2023-11-01", "end": "2024-01-31", "val": -2.35, "accn": "b"},'
        b'{"end": "2024-01-31", "val": 99999999999999999999, "accn": "c"}]}}}}}'
    )
    parsed = parse_company_facts(payload)
    assert parsed.cik == 42
    assert parsed.facts_in_file == parsed.facts.num_rows == 4  # the escaped "accn" is not a fact
    assert parsed.facts.column("value").to_pylist() == [
        Decimal("0.00001"),
        Decimal("1234567890123"),
        Decimal("-2.35"),
        Decimal("99999999999999999999"),
    ]


@pytest.mark.parametrize(
    "payload",
    [
        b'{"cik": 1, "entityName": "X", "facts": {"us-gaap": {"C": {"units": {"USD": [{"end"',
        b"<html>503 Service Unavailable</html>",
        b'{"entityName": "no cik or facts"}',
    ],
    ids=["truncated", "not-json", "wrong-shape"],
)
def test_invalid_company_facts_raise_parse_error(payload: bytes):
    with pytest.raises(ParseError, match="companyfacts"):
        parse_company_facts(payload)


def test_instant_facts_have_no_start(corpus_mirror: Path):
    facts = parse_company_facts((corpus_mirror / FACTS / "CIK0000320193.json").read_bytes()).facts
    rows = facts.filter(pc.equal(facts.column("concept"), "Assets"))
    assert rows.num_rows > 0
    assert rows.column("period_start").null_count == rows.num_rows


def test_cik_int_or_padded_string():
    assert parse_cik(320193) == parse_cik("0000320193") == 320193
    with pytest.raises(ParseError):
        parse_cik("apple")


def test_submissions_recent_and_pages(corpus_mirror: Path):
    doc = orjson.loads((corpus_mirror / SUBS / "CIK0001318605.json").read_bytes())
    subs = parse_submissions(doc)
    assert subs.company["cik"] == 1318605
    assert subs.company["fiscal_year_end"] == "1231"
    assert subs.filings.num_rows == len(doc["filings"]["recent"]["accessionNumber"])
    assert [p["page_name"] for p in subs.pages] == ["CIK0001318605-submissions-001.json"]
    page = orjson.loads((corpus_mirror / SUBS / "CIK0001318605-submissions-001.json").read_bytes())
    table = filings_table(1318605, page, "CIK0001318605-submissions-001.json")
    assert table.num_rows == subs.pages[0]["expected_filings"]
    rows = {r["accession_number"]: r for r in subs.filings.to_pylist()}
    ten_ks = [r for r in rows.values() if r["form"] == "10-K"]
    assert ten_ks and all(r["report_date"] is not None for r in ten_ks)
    assert all(r["acceptance_at"] is not None for r in ten_ks)
    assert any(r["is_xbrl"] for r in ten_ks)


def test_submissions_empty_strings_become_null():
    arrays = {
        "accessionNumber": ["0000000001-24-000001"],
        "filingDate": ["2024-01-02"],
        "reportDate": [""],
        "acceptanceDateTime": ["2024-01-02T16:30:22.000Z"],
        "form": ["8-K"],
        "isXBRL": [0],
        "size": [1234],
        "items": [""],
    }
    row = filings_table(1, arrays, "recent").to_pylist()[0]
    assert row["report_date"] is None and row["items"] is None and row["is_xbrl"] is False
    # the same page as a bare array of records
    records = [{k: v[0] for k, v in arrays.items()}]
    assert (
        filings_table(1, records, "p").to_pylist()[0]["accession_number"] == "0000000001-24-000001"
    )


def test_submissions_ragged_arrays_rejected():
    with pytest.raises(ParseError, match="array form has 0 entries"):
        filings_table(1, {"accessionNumber": ["a"], "form": []}, "recent")


def test_ticker_maps_and_selection(corpus_mirror: Path):
    rows = parse_ticker_maps(
        orjson.loads((corpus_mirror / "www.sec.gov/files/company_tickers.json").read_bytes()),
        orjson.loads(
            (corpus_mirror / "www.sec.gov/files/company_tickers_exchange.json").read_bytes()
        ),
    )
    by = {r["ticker"]: r for r in rows}
    assert by["AAPL"]["cik"] == 320193 and by["AAPL"]["exchange"] == "Nasdaq"
    picked = select_companies(rows, ["aapl", "BRK.B", "TSLA"])
    assert [(c.ticker, c.cik) for c in picked] == [
        ("AAPL", 320193),
        ("BRK-B", 1067983),
        ("TSLA", 1318605),
    ]
    assert len(select_companies(rows, universe="mag7")) == 7
    # two share classes are one filer: fetched and loaded once
    assert [c.cik for c in select_companies(rows, ["BRK-A", "BRK-B"])] == [1067983]
    with pytest.raises(UnknownTickerError, match="unknown tickers: NOPE, ZZZZZZ"):
        select_companies(rows, ["AAPL", "NOPE", "ZZZZZZ"])


def test_sp500_constituents(corpus_mirror: Path):
    path = corpus_mirror / (
        "raw.githubusercontent.com/datasets/s-and-p-500-companies/main/data/constituents.csv"
    )
    rows = parse_sp500_csv(path.read_bytes())
    assert len(rows) == 503
    assert {"symbol": "MMM", "cik": 66740}.items() <= rows[0].items()
    with pytest.raises(ParseError, match="missing columns"):
        parse_sp500_csv(b"a,b\n1,2\n")
