"""The demo mirror generator: byte-for-byte reproducible, internally consistent, traps present."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dev.demo import generator
from dev.demo.model import build_truth, check_identities
from dev.demo.profiles import COMPANIES, SNAPSHOT_DATE, Company, company_by_ticker

PROJECT_ROOT = Path(__file__).resolve().parents[4]
MIRROR = PROJECT_ROOT / "dev" / "demo" / "mirror"
SEED = PROJECT_ROOT / "seeds" / "demo_known_answers.csv"
SUBMISSIONS = MIRROR / "data.sec.gov" / "submissions"
FACTS = MIRROR / "data.sec.gov" / "api" / "xbrl" / "companyfacts"

RFC = "RevenueFromContractWithCustomerExcludingAssessedTax"
#: Revenue concepts by priority: a total beats an ASC 606 slice filed with it.
REVENUE_PRIORITY = ("Revenues", RFC, "SalesRevenueNet")
ACCN = re.compile(r"^\d{10}-\d{2}-\d{6}$")


def _load(path: Path) -> Any:
    return json.loads(path.read_bytes())


def _facts(c: Company) -> dict[str, Any]:
    return _load(FACTS / f"CIK{c.cik:010d}.json")


def _rows(doc: dict[str, Any], concept: str, unit: str = "USD", taxonomy: str = "us-gaap"):
    return doc["facts"].get(taxonomy, {}).get(concept, {}).get("units", {}).get(unit, [])


def _revenue_concepts(c: Company) -> tuple[str, ...]:
    return ("Revenue",) if c.ifrs else REVENUE_PRIORITY


def _net_income_concept(c: Company) -> str:
    return "ProfitLossAttributableToOwnersOfParent" if c.ifrs else "NetIncomeLoss"


def _days(fact: dict[str, Any]) -> int:
    return (date.fromisoformat(fact["end"]) - date.fromisoformat(fact["start"])).days + 1


def _filings(c: Company) -> dict[str, dict[str, Any]]:
    """accession -> filing row, from `recent` and every overflow page that exists."""
    doc = _load(SUBMISSIONS / f"CIK{c.cik:010d}.json")
    pages = [doc["filings"]["recent"]]
    for f in doc["filings"]["files"]:
        path = SUBMISSIONS / f["name"]
        if path.exists():
            pages.append(_load(path))
    out = {}
    for page in pages:
        for i, accn in enumerate(page["accessionNumber"]):
            out[accn] = {k: v[i] for k, v in page.items()}
    return out


def _known_answers() -> list[dict[str, str]]:
    with SEED.open(newline="") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------------------------------
# Reproducibility
# ------------------------------------------------------------------------------------------


def test_regenerating_gives_the_committed_bytes(tmp_path: Path) -> None:
    out, seed = tmp_path / "mirror", tmp_path / "seed.csv"
    assert generator.main(["--out", str(out), "--seed-file", str(seed)]) == 0
    produced = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(MIRROR).as_posix() for p in MIRROR.rglob("*") if p.is_file())
    assert produced == committed
    for rel in produced:
        assert (out / rel).read_bytes() == (MIRROR / rel).read_bytes(), rel
    assert seed.read_bytes() == SEED.read_bytes()


def test_no_seed_flag_leaves_the_seed_alone(tmp_path: Path) -> None:
    before = SEED.stat().st_mtime_ns
    assert generator.main(["--out", str(tmp_path), "--no-seed"]) == 0
    assert SEED.stat().st_mtime_ns == before
    assert not list(tmp_path.rglob("demo_known_answers.csv"))


def test_mirror_is_small() -> None:
    total = sum(p.stat().st_size for p in MIRROR.rglob("*") if p.is_file())
    assert total < 5_000_000  # SEC, market, macro, news, policy and 49 documents


# ------------------------------------------------------------------------------------------
# Shapes
# ------------------------------------------------------------------------------------------


def test_ticker_files_and_constituents_list_every_company() -> None:
    tickers = _load(MIRROR / "www.sec.gov" / "files" / "company_tickers.json")
    assert list(tickers) == [str(i) for i in range(len(COMPANIES))]
    assert {v["cik_str"] for v in tickers.values()} == {c.cik for c in COMPANIES}
    exchange = _load(MIRROR / "www.sec.gov" / "files" / "company_tickers_exchange.json")
    assert exchange["fields"] == ["cik", "name", "ticker", "exchange"]
    assert {row[2] for row in exchange["data"]} == {c.ticker for c in COMPANIES}
    path = MIRROR / "raw.githubusercontent.com" / generator.CONSTITUENTS_PATH
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
        "Symbol",
        "Security",
        "GICS Sector",
        "GICS Sub-Industry",
        "Headquarters Location",
        "Date added",
        "CIK",
        "Founded",
    ]
    assert {(r["Symbol"], int(r["CIK"])) for r in rows} == {(c.ticker, c.cik) for c in COMPANIES}


@pytest.mark.corpus
def test_shapes_match_the_real_apis(corpus_mirror: Path) -> None:
    real_sub = _load(corpus_mirror / "data.sec.gov" / "submissions" / "CIK0000320193.json")
    real_facts = _load(
        corpus_mirror / "data.sec.gov" / "api" / "xbrl" / "companyfacts" / "CIK0000320193.json"
    )
    real_page = _load(
        corpus_mirror / "data.sec.gov" / "submissions" / "CIK0001318605-submissions-001.json"
    )
    # the IFRS filer's shape is a real 20-F filer's (LPA): dei and ifrs-full, no labels
    real_ifrs_facts = _load(
        corpus_mirror / "data.sec.gov" / "api" / "xbrl" / "companyfacts" / "CIK0001997711.json"
    )
    real_fact_keys = {
        tuple(f)
        for doc in (real_facts, real_ifrs_facts)
        for taxonomy in doc["facts"].values()
        for concept in taxonomy.values()
        for rows in concept["units"].values()
        for f in rows
    }
    for c in COMPANIES:
        sub = _load(SUBMISSIONS / f"CIK{c.cik:010d}.json")
        assert list(sub) == list(real_sub)
        assert list(sub["filings"]["recent"]) == list(real_sub["filings"]["recent"])
        assert list(sub["addresses"]["mailing"]) == list(real_sub["addresses"]["mailing"])
        for page in sub["filings"]["files"]:
            assert list(page) == list(real_sub["filings"]["files"][0])
        facts = _facts(c)
        assert list(facts) == list(real_facts)
        real = real_ifrs_facts if c.ifrs else real_facts
        assert list(facts["facts"]) == list(real["facts"])
        for taxonomy in facts["facts"].values():
            for concept in taxonomy.values():
                assert list(concept) == ["label", "description", "units"]
                for rows in concept["units"].values():
                    assert all(tuple(f) in real_fact_keys for f in rows)
    page = _load(SUBMISSIONS / "CIK0009990005-submissions-001.json")
    assert list(page) == list(real_page)


@pytest.mark.corpus
def test_ciks_and_tickers_are_not_real(corpus_mirror: Path) -> None:
    real = _load(corpus_mirror / "www.sec.gov" / "files" / "company_tickers.json")
    real_exchange = _load(corpus_mirror / "www.sec.gov" / "files" / "company_tickers_exchange.json")
    tickers = {v["ticker"] for v in real.values()} | {r[2] for r in real_exchange["data"]}
    ciks = {v["cik_str"] for v in real.values()} | {r[0] for r in real_exchange["data"]}
    for c in COMPANIES:
        assert c.ticker not in tickers
        assert c.cik not in ciks
        assert 9990001 <= c.cik <= 9990008


def test_cik_formats_vary_like_the_real_apis() -> None:
    kinds = {type(_facts(c)["cik"]) for c in COMPANIES}
    assert kinds == {int, str}
    subs = [_load(SUBMISSIONS / f"CIK{c.cik:010d}.json")["cik"] for c in COMPANIES]
    assert all(isinstance(s, str) for s in subs)
    assert {len(s) for s in subs} == {10, 7}


# ------------------------------------------------------------------------------------------
# Integrity
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_every_fact_accession_is_a_listed_xbrl_filing(c: Company) -> None:
    filings = _filings(c)
    doc = _facts(c)
    seen = set()
    for taxonomy in doc["facts"].values():
        for concept in taxonomy.values():
            for rows in concept["units"].values():
                for f in rows:
                    assert ACCN.match(f["accn"])
                    row = filings.get(f["accn"])
                    assert row is not None, f"{c.ticker}: {f['accn']} not in submissions"
                    assert row["form"] == f["form"]
                    assert row["filingDate"] == f["filed"]
                    assert row["isXBRL"] == 1
                    seen.add(f["accn"])
    periodic = {a for a, r in filings.items() if r["form"] in ("10-K", "10-Q", "10-K/A", "20-F")}
    first = min(filings[a]["filingDate"] for a in seen)
    assert seen == {a for a in periodic if filings[a]["filingDate"] >= first}
    for row in filings.values():
        assert ACCN.match(row["accessionNumber"])
        assert row["filingDate"] <= SNAPSHOT_DATE


def test_accession_numbers_are_unique_across_companies() -> None:
    seen: dict[str, int] = {}
    for c in COMPANIES:
        for accn in _filings(c):
            assert accn not in seen, accn
            seen[accn] = c.cik


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_natural_keys_are_unique_and_frames_once_per_period(c: Company) -> None:
    doc = _facts(c)
    keys = set()
    for taxonomy, concepts in doc["facts"].items():
        for name, concept in concepts.items():
            for unit, rows in concept["units"].items():
                frames = [f["frame"] for f in rows if "frame" in f]
                assert len(frames) == len(set(frames)), (name, unit)
                for f in rows:
                    key = (doc["cik"], taxonomy, name, unit, f.get("start"), f["end"], f["accn"])
                    assert key not in keys
                    keys.add(key)
                    if "frame" in f and "start" in f:
                        assert 84 <= _days(f) <= 98 or 358 <= _days(f) <= 372
    taxonomy = generator.financial_taxonomy(c)
    assert any("frame" in f for f in _rows(doc, _net_income_concept(c), taxonomy=taxonomy))
    assert any("frame" not in f for f in _rows(doc, _net_income_concept(c), taxonomy=taxonomy))


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_ground_truth_identities(c: Company) -> None:
    truth = build_truth(c)
    check_identities(truth, truth.final)
    for restated in c.restatements:
        check_identities(truth, truth.view((restated,)))
    years = sorted({k[0] for k in truth.keys})
    for fy in years:
        ks = [k for k in truth.keys if k[0] == fy]
        for n in range(1, len(ks) + 1):
            for fld in ("revenue", "net_income", "cash_from_operations"):
                ytd = truth.value(truth.final, fld, ks[:n])
                assert ytd == sum(truth.final[k][fld] for k in ks[:n])
    # EPS and share counts look like real ones.
    for k in truth.keys:
        row = truth.final[k]
        eps = truth.value(truth.final, "eps_basic", [k])
        assert abs(eps) < 20
        assert truth.value(truth.final, "shares_diluted", [k]) >= row["shares_basic"]
        assert row["revenue"] % 1000 == 0 and row["net_income"] % 1000 == 0


@pytest.mark.parametrize("c", [c for c in COMPANIES if c.ifrs], ids=lambda c: c.ticker)
def test_identities_hold_inside_every_ifrs_filing(c: Company) -> None:
    """Each 20-F balances (with its non-controlling interests), attributes its profit, and its
    cash flow statement foots only with the interest and taxes paid below cash generated from
    operations (decision 034): the subtotal alone is not the operating cash flow."""
    by_accn: dict[str, dict[tuple[str, str | None, str], Any]] = defaultdict(dict)
    for name, concept in _facts(c)["facts"]["ifrs-full"].items():
        for rows in concept["units"].values():
            for f in rows:
                by_accn[f["accn"]][(name, f.get("start"), f["end"])] = f["val"]
    checked = 0
    for facts in by_accn.values():
        for (name, start, end), val in facts.items():
            if name == "Assets":
                assert facts[("EquityAndLiabilities", None, end)] == val
                assert facts[("Liabilities", None, end)] + facts[("Equity", None, end)] == val
                assert (
                    facts[("EquityAttributableToOwnersOfParent", None, end)]
                    + facts[("NoncontrollingInterests", None, end)]
                    == facts[("Equity", None, end)]
                )
            if name == "ProfitLoss":
                parts = [
                    facts[(f"ProfitLossAttributableTo{who}", start, end)]
                    for who in ("OwnersOfParent", "NoncontrollingInterests")
                ]
                assert sum(parts) == val and parts[1] != 0
            if name == "CashFlowsFromUsedInOperations":
                paid = (
                    facts[("InterestPaidClassifiedAsOperatingActivities", start, end)]
                    + facts[("IncomeTaxesPaidRefundClassifiedAsOperatingActivities", start, end)]
                )
                others = (
                    facts[("CashFlowsFromUsedInInvestingActivities", start, end)]
                    + facts[("CashFlowsFromUsedInFinancingActivities", start, end)]
                )
                change = facts[("IncreaseDecreaseInCashAndCashEquivalents", start, end)]
                assert val - paid + others == change
                assert paid != 0 and val + others != change
                checked += 1
    assert checked == 3 * len(by_accn)
    assert "CashFlowsFromUsedInOperatingActivities" not in _facts(c)["facts"]["ifrs-full"]


@pytest.mark.parametrize("c", [c for c in COMPANIES if not c.ifrs], ids=lambda c: c.ticker)
def test_identities_hold_inside_every_filing(c: Company) -> None:
    doc = _facts(c)
    by_accn: dict[str, dict[tuple[str, str | None, str], Any]] = defaultdict(dict)
    for name, concept in doc["facts"]["us-gaap"].items():
        for rows in concept["units"].values():
            for f in rows:
                by_accn[f["accn"]][(name, f.get("start"), f["end"])] = f["val"]
    revenue_concept = {"rfc": RFC, "revenues": "Revenues", "revenues+slice": "Revenues"}
    trap = c.revenue_fact_scale_error
    trap_quarter = {  # (accession, start, end) of the trap filing's own quarter
        (f["accn"], f["start"], f["end"])
        for f in _rows(doc, "NetIncomeLoss")
        if trap and (f["form"], f["fy"], f["fp"]) == trap and _days(f) < 100
    }
    trap_quarter = {max(trap_quarter, key=lambda k: k[2])} if trap_quarter else set()
    for accn, facts in by_accn.items():
        for (name, start, end), val in facts.items():
            if name == "Assets":
                assert facts[("LiabilitiesAndStockholdersEquity", None, end)] == val
                if c.tags_liabilities:
                    mezzanine = facts.get((generator.CONVERTIBLE_EQUITY, None, end), 0)
                    assert (
                        facts[("Liabilities", None, end)]
                        + mezzanine
                        + facts[("StockholdersEquity", None, end)]
                        == val
                    )
            if name == c.cost_concept and c.tags_gross_profit:
                rev = revenue_concept.get(c.revenue_concepts)
                rev_val = facts.get((rev, start, end)) if rev else None
                if rev_val is None:
                    rev_val = facts.get(
                        (RFC, start, end), facts.get(("SalesRevenueNet", start, end))
                    )
                if (accn, start, end) in trap_quarter:
                    # the table-scale trap: this filing's quarterly revenue is 1,000x too small
                    assert facts[("GrossProfit", start, end)] == rev_val * 1000 - val
                    continue
                assert facts[("GrossProfit", start, end)] == rev_val - val


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_latest_filed_value_is_the_ground_truth(c: Company) -> None:
    """Resolved per period (latest filing, then concept priority), every fact matches the truth."""
    truth = build_truth(c)
    doc = _facts(c)
    spans = {}
    for fy in sorted({k[0] for k in truth.keys}):
        ks = [k for k in truth.keys if k[0] == fy]
        for i in range(len(ks)):
            for j in range(i, len(ks)):
                start, end = truth.span(ks[i : j + 1])
                spans[(start.isoformat(), end.isoformat())] = ks[i : j + 1]
    ends = {truth.bounds[k][1].isoformat(): k for k in truth.keys}

    lines: dict[str, list[tuple[str, str]]] = defaultdict(list)
    fy = c.last_fy
    taxonomy = generator.financial_taxonomy(c)
    for concept, fld, unit in [
        *generator.income_concepts(c, fy),
        *generator.cash_flow_concepts(c),
        *generator.balance_concepts(c),
    ]:
        if concept in _revenue_concepts(c) and fld == "revenue":
            continue
        lines[fld].append((concept, unit))
    lines["revenue"] = [(concept, "USD") for concept in _revenue_concepts(c)]

    accepted = {
        accn: date.fromisoformat(row["acceptanceDateTime"][:10])
        for accn, row in _filings(c).items()
    }
    checked = 0
    for fld, concepts in lines.items():
        best: dict[tuple[str | None, str], tuple[tuple[str, str, int], Any]] = {}
        for rank, (concept, unit) in enumerate(concepts):
            for f in _rows(doc, concept, unit, taxonomy):
                key = (f.get("start"), f["end"])
                order = (f["filed"], f["accn"], -rank)
                if key not in best or order > best[key][0]:
                    best[key] = (order, f["val"])
        for (first, last), ((_, accn, _), val) in best.items():
            # Share counts and EPS are on the basis of the filing: after a split, restated.
            split = c.split is not None and c.split.applies(accepted[accn])
            data = truth.view(split=split)
            if first is None:
                expected = truth.balance(data, fld, ends[last])
            else:
                expected = truth.value(data, fld, spans[(first, last)])
            if fld == "shares_diluted" and val * 1000 == expected:
                # the 4b trap: a later 10-Q re-reported this quarter in thousands
                assert c.comparative_diluted_shares_in_thousands, (c.ticker, first, last)
                continue
            assert val == expected, (c.ticker, fld, first, last)
            checked += 1
    assert checked > (150 if c.ifrs else 500)


# ------------------------------------------------------------------------------------------
# Traps
# ------------------------------------------------------------------------------------------


def test_trap_10k_amendment_restates_net_income() -> None:
    c = company_by_ticker("HLDG")
    rows = _rows(_facts(c), "NetIncomeLoss")
    fy22 = [f for f in rows if f.get("start") == "2022-01-01" and f["end"] == "2022-12-31"]
    original = [f for f in fy22 if f["form"] == "10-K" and f["fy"] == 2022]
    amended = [f for f in fy22 if f["form"] == "10-K/A"]
    assert len(original) == 1 and len(amended) == 1
    assert original[0]["val"] != amended[0]["val"]
    latest = max(fy22, key=lambda f: f["filed"])
    assert latest["val"] == amended[0]["val"]
    answer = [
        r
        for r in _known_answers()
        if r["ticker"] == "HLDG" and r["fiscal_year"] == "2022" and r["fiscal_period"] == "FY"
    ]
    assert int(answer[0]["net_income"]) == amended[0]["val"]
    # The original 10-K's balance sheet differs from the amended one at the same date.
    equity = [f for f in _rows(_facts(c), "StockholdersEquity") if f["end"] == "2022-12-31"]
    assert len({f["val"] for f in equity}) == 2


def test_trap_later_10k_restates_prior_year_revenue() -> None:
    c = company_by_ticker("QSMC")
    start = c.calendar.year_start(2024).isoformat()
    end = c.calendar.year_end(2024).isoformat()
    rows = [f for f in _rows(_facts(c), "Revenues") if (f["start"], f["end"]) == (start, end)]
    by_fy = {f["fy"]: f["val"] for f in rows}
    assert set(by_fy) == {2024, 2025}
    assert by_fy[2024] != by_fy[2025]
    # A 10-Q comparative restated after the 10-K: Ironvale's Q2 FY2022.
    e = company_by_ticker("IVIH")
    q2 = [
        f for f in _rows(_facts(e), RFC) if (f["start"], f["end"]) == ("2022-04-01", "2022-06-30")
    ]
    assert len({f["val"] for f in q2}) == 2
    assert max(q2, key=lambda f: f["filed"])["fy"] == 2023


def test_trap_revenue_tag_switch_leaves_stale_facts() -> None:
    c = company_by_ticker("PCDV")
    doc = _facts(c)
    old, new = _rows(doc, "SalesRevenueNet"), _rows(doc, RFC)
    assert old and new
    assert max(f["fy"] for f in old) < c.switch_fy <= min(f["fy"] for f in new)
    fy2020 = (c.calendar.year_start(2020).isoformat(), c.calendar.year_end(2020).isoformat())
    stale = [f["val"] for f in old if (f["start"], f["end"]) == fy2020]
    fresh = [f["val"] for f in new if (f["start"], f["end"]) == fy2020]
    assert stale and fresh and set(stale).isdisjoint(fresh)
    # FY2019's quarters exist only under the old tag, its full year under both (same value).
    q1_2019 = tuple(d.isoformat() for d in c.calendar.quarters(2019)[0])
    assert any((f["start"], f["end"]) == q1_2019 for f in old)
    assert not any((f["start"], f["end"]) == q1_2019 for f in new)
    fy2019 = (c.calendar.year_start(2019).isoformat(), c.calendar.year_end(2019).isoformat())
    assert {f["val"] for f in old if (f["start"], f["end"]) == fy2019} == {
        f["val"] for f in new if (f["start"], f["end"]) == fy2019
    }


def test_trap_total_and_slice_revenue_in_the_same_periods() -> None:
    doc = _facts(company_by_ticker("MRWT"))
    total = {(f["start"], f["end"], f["accn"]): f["val"] for f in _rows(doc, "Revenues")}
    slice_ = {(f["start"], f["end"], f["accn"]): f["val"] for f in _rows(doc, RFC)}
    assert total.keys() == slice_.keys()
    assert all(slice_[k] < total[k] for k in total)
    assert "GrossProfit" not in doc["facts"]["us-gaap"]


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_trap_ytd_beside_quarters_and_no_q4_in_10k(c: Company) -> None:
    doc = _facts(c)
    taxonomy = generator.financial_taxonomy(c)
    rows = [f for concept in _revenue_concepts(c) for f in _rows(doc, concept, taxonomy=taxonomy)]
    assert rows
    by_accn: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in rows:
        by_accn[f["accn"]].append(f)
    for facts in by_accn.values():
        form, fp = facts[0]["form"], facts[0]["fp"]
        lengths = sorted({_days(f) for f in facts})
        if form == "10-Q":
            assert any(84 <= d <= 98 for d in lengths)
            if fp == "Q2":
                assert any(175 <= d <= 189 for d in lengths), lengths
            if fp == "Q3":
                assert any(266 <= d <= 280 for d in lengths), lengths
        else:
            assert all(358 <= d <= 372 for d in lengths), lengths
    cfo = _rows(doc, "NetCashProvidedByUsedInOperatingActivities")
    assert not any(f["fp"] in ("Q2", "Q3") and _days(f) < 100 for f in cfo)


def test_trap_fiscal_years_ending_in_january_and_52_53_weeks() -> None:
    c = company_by_ticker("QSMC")
    assert c.calendar.year_end(2025) == date(2025, 1, 26)
    doc = _facts(c)
    tenk = [f for f in _rows(doc, "Revenues") if f["form"] == "10-K" and _days(f) > 300]
    assert all(f["end"][5:7] == "01" for f in tenk)
    assert {f["fy"] for f in tenk if f["accn"] == tenk[-1]["accn"]} == {int(tenk[-1]["end"][:4])}
    answers = [r for r in _known_answers() if r["ticker"] == "QSMC" and r["fiscal_year"] == "2021"]
    q4 = next(r for r in answers if r["fiscal_period"] == "Q4")
    assert (
        date.fromisoformat(q4["period_end"]) - date.fromisoformat(q4["period_start"])
    ).days == 97
    pcdv = [r for r in _known_answers() if r["ticker"] == "PCDV" and r["fiscal_year"] == "2023"]
    q1 = next(r for r in pcdv if r["fiscal_period"] == "Q1")
    assert (q1["period_start"], q1["period_end"]) == ("2022-09-25", "2022-12-31")


def test_trap_overflow_page_and_a_listed_page_that_is_missing() -> None:
    c = company_by_ticker("IVIH")
    doc = _load(SUBMISSIONS / f"CIK{c.cik:010d}.json")
    names = [f["name"] for f in doc["filings"]["files"]]
    assert names == [
        f"CIK{c.cik:010d}-submissions-001.json",
        f"CIK{c.cik:010d}-submissions-002.json",
    ]
    assert (SUBMISSIONS / names[0]).exists()
    assert not (SUBMISSIONS / names[1]).exists()
    page = _load(SUBMISSIONS / names[0])
    assert list(page) == list(doc["filings"]["recent"])
    assert len(page["accessionNumber"]) == doc["filings"]["files"][0]["filingCount"]
    recent = set(doc["filings"]["recent"]["accessionNumber"])
    fact_accns = {f["accn"] for f in _rows(_facts(c), "NetIncomeLoss")}
    assert fact_accns - recent  # some facts come from filings listed only on the overflow page
    assert fact_accns <= recent | set(page["accessionNumber"])


def test_trap_filings_without_xbrl() -> None:
    forms_without = defaultdict(int)
    for c in COMPANIES:
        for row in _filings(c).values():
            if row["isXBRL"] == 0:
                forms_without[row["form"]] += 1
                assert row["core_type"] == row["form"]
            else:
                assert row["core_type"] == "XBRL"
    assert {"4", "8-K", "S-8"} <= set(forms_without)
    empty = [r for c in COMPANIES for r in _filings(c).values() if r["reportDate"] == ""]
    assert empty


def _answer(ticker: str, fiscal_year: int, period: str) -> dict[str, str]:
    return next(
        r
        for r in _known_answers()
        if (r["ticker"], r["fiscal_year"], r["fiscal_period"]) == (ticker, str(fiscal_year), period)
    )


def _chart(ticker: str) -> dict[str, Any]:
    path = MIRROR / "query2.finance.yahoo.com" / "v8" / "finance" / "chart" / ticker
    return _load(path)["chart"]["result"][0]


def test_trap_mezzanine_equity_under_a_convertible_debt_element() -> None:
    """QSMC: assets = liabilities + equity only when the convertible notes' equity component,
    tagged with a debt element (no TemporaryEquity… tag at all), is counted."""
    c = company_by_ticker("QSMC")
    doc = _facts(c)
    assert not [k for k in doc["facts"]["us-gaap"] if "TemporaryEquity" in k]
    mezzanine = _rows(doc, generator.CONVERTIBLE_EQUITY)
    assert mezzanine and {f["val"] for f in mezzanine} == {186_400_000}
    assets = {(f["accn"], f["end"]): f["val"] for f in _rows(doc, "Assets")}
    liabilities = {(f["accn"], f["end"]): f["val"] for f in _rows(doc, "Liabilities")}
    equity = {(f["accn"], f["end"]): f["val"] for f in _rows(doc, "StockholdersEquity")}
    for f in mezzanine:
        key = (f["accn"], f["end"])
        assert liabilities[key] + equity[key] == assets[key] - f["val"]
    dates = {f["end"] for f in mezzanine}
    assert min(dates) == c.calendar.quarters(2024)[2][1].isoformat()  # issued in Q3 FY2024
    rows = [r for r in _known_answers() if r["ticker"] == "QSMC" and r["temporary_equity"]]
    assert {r["period_end"] for r in rows} == dates
    for r in rows:
        parts = int(r["total_liabilities"]) + int(r["temporary_equity"])
        assert parts + int(r["stockholders_equity"]) == int(r["total_assets"])
    before = _answer("QSMC", 2024, "Q2")
    assert before["temporary_equity"] == ""
    assert int(before["total_liabilities"]) + int(before["stockholders_equity"]) == int(
        before["total_assets"]
    )


def test_trap_split_restates_eps_in_later_filings_only() -> None:
    """PCDV's 4:1 split: filings after it restate every period's EPS and shares, earlier ones
    stay as filed; the 10-K and the next 10-Qs tag the ratio; Yahoo lists the split."""
    c = company_by_ticker("PCDV")
    assert c.split is not None
    doc = _facts(c)
    ratios = _rows(doc, generator.SPLIT_RATIO, "pure")
    assert {(f["end"], f["val"]) for f in ratios} == {(c.split.effective.isoformat(), 4)}
    assert [f["form"] for f in ratios] == ["10-K", "10-Q", "10-Q", "10-Q"]
    assert all(f["filed"] > c.split.effective.isoformat() for f in ratios)
    events = _chart("PCDV")["events"]["splits"]
    (event,) = events.values()
    assert (event["numerator"], event["denominator"], event["splitRatio"]) == (4, 1, "4:1")
    assert date.fromtimestamp(event["date"]) == c.split.ex_date
    # FY2022 as first filed (10-K FY2022) and as restated (10-K FY2023, after the split).
    fy2022 = (c.calendar.year_start(2022).isoformat(), c.calendar.year_end(2022).isoformat())
    shares = {
        f["fy"]: f["val"]
        for f in _rows(doc, generator.DILUTED_SHARES, "shares")
        if (f["start"], f["end"]) == fy2022 and f["form"] == "10-K"
    }
    # recomputed on the new basis (whole thousands), so within rounding of 4x the old count
    assert abs(shares[2023] - 4 * shares[2022]) <= 4000 and shares[2024] == shares[2023]
    eps = {
        f["fy"]: f["val"]
        for f in _rows(doc, "EarningsPerShareDiluted", "USD/shares")
        if (f["start"], f["end"]) == fy2022 and f["form"] == "10-K"
    }
    assert eps[2022] / eps[2023] == pytest.approx(4, rel=0.02)
    # Known answers: FY2022 restated, its quarters as filed (latest reporters are pre-split
    # 10-Qs), so quarters and year disagree by the factor unless split-adjusted.
    year = _answer("PCDV", 2022, "FY")
    assert year["eps_diluted"] == year["eps_diluted_split_adjusted"]
    for q in ("Q1", "Q2", "Q3"):
        r = _answer("PCDV", 2022, q)
        assert float(r["eps_diluted"]) / float(r["eps_diluted_split_adjusted"]) == pytest.approx(
            4, rel=0.05
        )
        assert int(r["weighted_shares_diluted"]) * 4 < int(year["weighted_shares_diluted"]) * 1.1
    r = _answer("PCDV", 2023, "Q1")  # reported again by a 10-Q after the split: restated
    assert r["eps_diluted"] == r["eps_diluted_split_adjusted"]


def test_trap_prior_year_diluted_shares_in_thousands() -> None:
    """TLWD (4b): its FY2021-2022 10-Qs re-report the prior-year quarter's weighted diluted
    shares in thousands; the known answer is the figure in units, consistent with EPS."""
    c = company_by_ticker("TLWD")
    doc = _facts(c)
    by_period: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for f in _rows(doc, generator.DILUTED_SHARES, "shares"):
        by_period[(f["start"], f["end"])][f["accn"]] = f
    scaled = []
    for versions in by_period.values():
        values = sorted({f["val"] for f in versions.values()})
        if len(values) == 2:
            assert values[0] * 1000 == values[1]
            small = next(f for f in versions.values() if f["val"] == values[0])
            assert small["form"] == "10-Q" and small["fy"] in (2021, 2022)
            latest = max(versions.values(), key=lambda f: (f["filed"], f["accn"]))
            assert latest is small  # the scale error is the latest filed value
            scaled.append(small)
    assert len(scaled) == 6
    for f in scaled:
        end = date.fromisoformat(f["end"])
        q = next(k for k in build_truth(c).keys if build_truth(c).bounds[k][1] == end)
        r = _answer("TLWD", q[0], f"Q{q[1]}")
        assert int(r["weighted_shares_diluted"]) == f["val"] * 1000
        per_share = int(r["net_income"]) / int(r["weighted_shares_diluted"])
        assert per_share == pytest.approx(float(r["eps_diluted"]), abs=0.006)


def test_trap_revenue_fact_scale_disagrees_with_the_filing_table() -> None:
    """IVIH's Q1 FY2024 10-Q tags its quarter's revenue 1,000x too small (its table, in
    thousands, is right); the next year's 10-Q re-reports it correctly, as the known answer."""
    c = company_by_ticker("IVIH")
    start, end = (d.isoformat() for d in c.calendar.quarters(2024)[0])
    rows = [f for f in _rows(_facts(c), RFC) if (f["start"], f["end"]) == (start, end)]
    by_fy = {f["fy"]: f["val"] for f in rows}
    assert by_fy[2025] == by_fy[2024] * 1000
    assert int(_answer("IVIH", 2024, "Q1")["revenue"]) == by_fy[2025]
    filing = next(f for f in rows if f["fy"] == 2024)
    assert (filing["form"], filing["fp"]) == ("10-Q", "Q1") and filing["filed"] >= "2024-01-01"


def test_trap_ifrs_filer_tags_no_operating_cash_flow_total() -> None:
    """VDHN files 20-Fs only (annual, ifrs-full) and 6-Ks without XBRL; its statements tag cash
    generated from operations and the interest and taxes paid, never the operating total, so
    its known operating cash flow (the truth) is the subtotal less what it paid (decision 034)."""
    c = company_by_ticker("VDHN")
    assert c.ifrs
    forms = {r["form"] for r in _filings(c).values()}
    assert forms == {"20-F", "6-K"}
    doc = _facts(c)
    assert list(doc["facts"]) == ["dei", "ifrs-full"]
    assert all(v["label"] is None for v in doc["facts"]["ifrs-full"].values())

    def latest(concept: str) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], tuple[str, int]] = {}
        for f in _rows(doc, concept, taxonomy="ifrs-full"):
            key = (f["start"], f["end"])
            if key not in out or f["filed"] > out[key][0]:
                out[key] = (f["filed"], f["val"])
        return {k: v for k, (_, v) in out.items()}

    generated = latest("CashFlowsFromUsedInOperations")
    interest = latest("InterestPaidClassifiedAsOperatingActivities")
    taxes = latest("IncomeTaxesPaidRefundClassifiedAsOperatingActivities")
    rows = [r for r in _known_answers() if r["ticker"] == "VDHN"]
    assert {r["fiscal_period"] for r in rows} == {"FY"}
    assert len(rows) == c.last_fy - c.first_fy + 3
    for r in rows:
        key = (r["period_start"], r["period_end"])
        ocf = int(r["operating_cash_flow"])
        assert ocf == generated[key] - interest[key] - taxes[key]
        assert ocf != generated[key]
    # the parent's share of profit, not the consolidated ProfitLoss, is net income
    profit = latest("ProfitLoss")
    for r in rows:
        assert int(r["net_income"]) < profit[(r["period_start"], r["period_end"])]


# ------------------------------------------------------------------------------------------
# Known answers
# ------------------------------------------------------------------------------------------


def test_known_answers_cover_every_company_and_add_up() -> None:
    rows = _known_answers()
    assert list(rows[0]) == list(generator.KNOWN_ANSWER_COLUMNS)
    assert {int(r["cik"]) for r in rows} == {c.cik for c in COMPANIES}
    by_year: dict[tuple[str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    for r in rows:
        by_year[(r["cik"], r["fiscal_year"])][r["fiscal_period"]] = r
        if r["fiscal_period"] == "FY":
            assert date.fromisoformat(r["period_end"]).year == int(r["fiscal_year"])
    assert len(rows) == len({(r["cik"], r["fiscal_year"], r["fiscal_period"]) for r in rows})
    full = 0
    for periods in by_year.values():
        if {"Q1", "Q2", "Q3", "Q4", "FY"} <= set(periods):
            full += 1
            for col in ("revenue", "net_income", "operating_cash_flow"):
                quarters = sum(int(periods[q][col]) for q in ("Q1", "Q2", "Q3", "Q4"))
                assert quarters == int(periods["FY"][col])
            assert periods["Q1"]["period_start"] == periods["FY"]["period_start"]
            assert periods["Q4"]["period_end"] == periods["FY"]["period_end"]
    assert full >= 7 * 6


@pytest.mark.parametrize("c", COMPANIES, ids=lambda c: c.ticker)
def test_known_answers_match_the_latest_filed_facts(c: Company) -> None:
    doc = _facts(c)
    taxonomy = generator.financial_taxonomy(c)
    revenue: dict[tuple[str, str], tuple[tuple[str, str, int], int]] = {}
    for rank, concept in enumerate(_revenue_concepts(c)):
        for f in _rows(doc, concept, taxonomy=taxonomy):
            key, order = (f["start"], f["end"]), (f["filed"], f["accn"], -rank)
            if key not in revenue or order > revenue[key][0]:
                revenue[key] = (order, f["val"])
    net: dict[tuple[str, str], tuple[str, int]] = {}
    for f in _rows(doc, _net_income_concept(c), taxonomy=taxonomy):
        key = (f["start"], f["end"])
        if key not in net or f["filed"] > net[key][0]:
            net[key] = (f["filed"], f["val"])
    rows = [r for r in _known_answers() if int(r["cik"]) == c.cik]
    assert rows
    for r in rows:
        key = (r["period_start"], r["period_end"])
        if r["fiscal_period"] == "Q4":
            assert key not in revenue  # never tagged: derived downstream
            continue
        assert revenue[key][1] == int(r["revenue"]), r
        assert net[key][1] == int(r["net_income"]), r
