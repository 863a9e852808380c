"""Deterministic generator of FinLoom's demo HTTP mirror (eight fictional companies).

Writes, in the real APIs' shapes, the SEC ticker files, an S&P-500-style constituents CSV, EDGAR
submissions (with an overflow page, and one listed page left out on purpose) and XBRL company facts,
plus `seeds/demo_known_answers.csv`: what the marts must show. Same code, same bytes, every run.

    python -m dev.demo.generator [--out DIR] [--seed-file FILE] [--no-seed]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from dev.demo import documents
from dev.demo import macro as demo_macro
from dev.demo import market as demo_market
from dev.demo import news as demo_news
from dev.demo.fiscal import frame_for, next_business_day
from dev.demo.model import QuarterKey, Truth, build_truth
from dev.demo.policy_feed import policy_feed_xml
from dev.demo.profiles import (
    COMPANIES,
    CONCEPTS,
    IFRS_CONCEPTS,
    SNAPSHOT_DATE,
    Company,
    Restatement,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = PACKAGE_DIR / "mirror"
DEFAULT_SEED = PACKAGE_DIR.parents[1] / "seeds" / "demo_known_answers.csv"

#: The Federal Reserve's monetary-policy RSS feed; its body is the policy source's sample.
#: What `finloom demo` asks of this mirror (`finloom.cli.demo` reads it).
DEMO_PLAN_FILE = "finloom-demo.json"
POLICY_FEED_PATH = "www.federalreserve.gov/feeds/press_monetary.xml"
SEC_DATA = "data.sec.gov"
SEC_WWW = "www.sec.gov"
GITHUB_RAW = "raw.githubusercontent.com"
CONSTITUENTS_PATH = "datasets/s-and-p-500-companies/main/data/constituents.csv"

#: Fictional filer agents (accession-number prefixes) for filings a company does not self-file.
AGENT_PROXY = 9990900  # DEF 14A, S-8
AGENT_INSIDER = 9990901  # Forms 3/4/5
AGENT_HOLDER = 9990902  # Schedule 13G/A

#: Overflow layout of the one company that has it: `recent` from RECENT_FROM, page 001 from
#: PAGE1_FROM (written), page 002 before that (listed in `files[]`, deliberately not written).
RECENT_FROM = date(2022, 1, 1)
PAGE1_FROM = date(2017, 1, 1)
HISTORY_FROM_FY = 2012

SUBMISSION_KEYS = (
    "accessionNumber",
    "filingDate",
    "reportDate",
    "acceptanceDateTime",
    "act",
    "form",
    "fileNumber",
    "filmNumber",
    "items",
    "core_type",
    "size",
    "isXBRL",
    "isInlineXBRL",
    "primaryDocument",
    "primaryDocDescription",
)

PRETAX = (
    "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"
)
RFC = "RevenueFromContractWithCustomerExcludingAssessedTax"
CONVERTIBLE_EQUITY = "DebtInstrumentConvertibleCarryingAmountOfTheEquityComponent"
SPLIT_RATIO = "StockholdersEquityNoteStockSplitConversionRatio1"
DILUTED_SHARES = "WeightedAverageNumberOfDilutedSharesOutstanding"


@dataclass
class Filing:
    company: Company
    form: str
    filed: date
    accepted: datetime
    report_date: str
    fy: int | None = None  # fiscal year / period of the filing (facts carry these)
    fp: str | None = None
    quarter: QuarterKey | None = None  # the period a 10-Q/10-K covers
    has_facts: bool = False
    items: str = ""
    is_xbrl: int = 0
    is_inline: int = 0
    size: int = 0
    primary_document: str = ""
    description: str = ""
    prefix: int = 0
    accn: str = ""
    film: str = ""
    cover_date: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.accepted.isoformat(), self.company.cik, self.form)


# --------------------------------------------------------------------------------------------
# Filing schedule
# --------------------------------------------------------------------------------------------


def _prev_business_day(d: date) -> date:
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d


def _at(d: date, hour: int, rng: random.Random) -> datetime:
    return datetime(d.year, d.month, d.day, hour, rng.randrange(60), rng.randrange(60))


def _xbrl_cover_from(c: Company) -> date:
    """Cover-page inline XBRL phase-in: large accelerated filers first, small ones two years on."""
    return date(2019, 6, 15) if c.category.startswith("Large") else date(2021, 6, 15)


def schedule(c: Company, truth: Truth) -> list[Filing]:
    """Every filing of a company up to the snapshot date, periodic reports first, then events."""
    rng = random.Random(c.seed * 7 + 1)
    small = not c.category.startswith("Large")
    q_lag = 44 if small else 30 + rng.randint(2, 9)
    k_lag = 68 if small else 51 + rng.randint(0, 6)
    snapshot = date.fromisoformat(SNAPSHOT_DATE)
    tkr = c.ticker.lower()
    inline_from = _xbrl_cover_from(c)

    first_fy = HISTORY_FROM_FY if c.overflow else c.first_fy
    annual_form = "20-F" if c.ifrs else "10-K"
    periodic: list[Filing] = []
    for fy in range(first_fy, c.last_fy + 2):
        n_q = 4 if fy <= c.last_fy else c.partial_quarters
        for q in range(1, n_q + 1):
            if c.ifrs and q != 4:
                continue  # a foreign private issuer files no quarterly reports
            has_facts = fy >= c.first_fy
            end = c.calendar.quarters(fy)[q - 1][1]
            form = annual_form if q == 4 else "10-Q"
            lag = (k_lag if q == 4 else q_lag) + rng.randint(-2, 2)
            if c.ifrs:
                lag += 50  # a 20-F is due four months after the year end
            filed = next_business_day(end + timedelta(days=lag))
            inline = has_facts and filed >= date(2019, 6, 15)
            doc = f"{tkr}-{end:%Y%m%d}.htm" if inline else f"{tkr}-{form.lower()}_{end:%Y%m%d}.htm"
            if c.ifrs:
                doc = f"{tkr}-{end:%Y%m%d}x20f.htm"
            periodic.append(
                Filing(
                    company=c,
                    form=form,
                    filed=filed,
                    accepted=_at(filed, 20, rng),
                    report_date=end.isoformat(),
                    fy=fy,
                    fp="FY" if q == 4 else f"Q{q}",
                    quarter=(fy, q),
                    has_facts=has_facts,
                    is_xbrl=1,
                    is_inline=int(inline),
                    size=(8_000_000 if q == 4 else 4_200_000) + rng.randrange(2_500_000),
                    primary_document=doc,
                    description=form,
                    prefix=c.cik,
                    cover_date=filed - timedelta(days=rng.randint(7, 15)),
                )
            )
            if form == "10-K" and fy == c.amendment_fy:
                filed_a = next_business_day(filed + timedelta(days=52))
                periodic.append(
                    Filing(
                        company=c,
                        form="10-K/A",
                        filed=filed_a,
                        accepted=_at(filed_a, 21, rng),
                        report_date=end.isoformat(),
                        fy=fy,
                        fp="FY",
                        quarter=(fy, 4),
                        has_facts=True,
                        is_xbrl=1,
                        is_inline=1,
                        size=9_000_000 + rng.randrange(1_000_000),
                        primary_document=f"{tkr}-{end:%Y%m%d}x10ka.htm",
                        description="10-K/A AMENDMENT NO. 1",
                        prefix=c.cik,
                        cover_date=filed_a - timedelta(days=rng.randint(5, 9)),
                    )
                )

    events: list[Filing] = []
    for p in periodic:
        if p.form == "10-K/A":
            continue
        if c.ifrs:
            events += _foreign_issuer_events(c, p, rng)
            continue
        # Earnings release (8-K 2.02) a few days before the report, insider Forms 4 after it.
        d = _prev_business_day(p.filed - timedelta(days=rng.randint(0, 6)))
        xbrl = d >= inline_from
        events.append(
            Filing(
                company=c,
                form="8-K",
                filed=d,
                accepted=_at(d, 20, rng),
                report_date=d.isoformat(),
                items="2.02,9.01",
                is_xbrl=int(xbrl),
                is_inline=int(xbrl),
                size=180_000 + rng.randrange(400_000),
                primary_document=f"{tkr}-{d:%Y%m%d}.htm" if xbrl else f"{tkr}8k_{d:%Y%m%d}.htm",
                description="8-K",
                prefix=c.cik,
            )
        )
        for j in range(c.form4_per_quarter):
            f4 = next_business_day(d + timedelta(days=3 + 2 * j + rng.randint(0, 1)))
            acc = _at(f4, 22, rng)
            series = "X03" if f4.year < 2023 else "X05"
            events.append(
                Filing(
                    company=c,
                    form="4",
                    filed=f4,
                    accepted=acc,
                    report_date=(f4 - timedelta(days=2)).isoformat(),
                    size=4_500 + rng.randrange(4_000),
                    primary_document=f"xslF345{series}/wk-form4_{int(acc.replace(tzinfo=UTC).timestamp())}.xml",
                    description="FORM 4",
                    prefix=AGENT_INSIDER,
                )
            )
        if p.form != "10-K":
            continue
        # Proxy statement, then the annual meeting's voting results (8-K 5.07).
        proxy = next_business_day(p.filed + timedelta(days=38 + rng.randint(0, 5)))
        meeting = next_business_day(proxy + timedelta(days=42))
        pvp = proxy >= date(2023, 1, 1)  # pay-versus-performance tagging
        events.append(
            Filing(
                company=c,
                form="DEF 14A",
                filed=proxy,
                accepted=_at(proxy, 20, rng),
                report_date=meeting.isoformat(),
                is_xbrl=int(pvp),
                is_inline=int(pvp),
                size=3_000_000 + rng.randrange(6_000_000),
                primary_document=f"{tkr}-def14a_{proxy.year}.htm",
                description="DEF 14A",
                prefix=AGENT_PROXY,
            )
        )
        vote = next_business_day(meeting + timedelta(days=3))
        xbrl = vote >= inline_from
        events.append(
            Filing(
                company=c,
                form="8-K",
                filed=vote,
                accepted=_at(vote, 21, rng),
                report_date=meeting.isoformat(),
                items="5.07",
                is_xbrl=int(xbrl),
                is_inline=int(xbrl),
                size=120_000 + rng.randrange(100_000),
                primary_document=f"{tkr}-{vote:%Y%m%d}.htm"
                if xbrl
                else f"{tkr}8k_{vote:%Y%m%d}.htm",
                description="8-K",
                prefix=c.cik,
            )
        )
        # A large holder's annual Schedule 13G/A (form name changed on EDGAR in December 2024).
        feb = next_business_day(date(p.filed.year, 2, 6 + rng.randint(0, 8)))
        new_form = feb >= date(2024, 12, 19)
        events.append(
            Filing(
                company=c,
                form="SCHEDULE 13G/A" if new_form else "SC 13G/A",
                filed=feb,
                accepted=_at(feb, 15, rng),
                report_date="",
                size=6_000 + rng.randrange(40_000),
                primary_document="xslSCHEDULE_13G_X01/primary_doc.xml"
                if new_form
                else f"{tkr}-sc13ga_{feb:%Y%m%d}.htm",
                description="" if new_form else "SC 13G/A",
                prefix=AGENT_HOLDER,
            )
        )
        # An S-8 every third year, accepted after 17:30 ET so it is filed the next business day.
        if (p.fy or 0) % 3 == c.cik % 3:
            accepted_day = _prev_business_day(p.filed + timedelta(days=100))
            s8 = next_business_day(accepted_day + timedelta(days=1))
            events.append(
                Filing(
                    company=c,
                    form="S-8",
                    filed=s8,
                    accepted=_at(accepted_day, 22, rng),
                    report_date="",
                    size=90_000 + rng.randrange(150_000),
                    primary_document=f"{tkr}-s8_{s8:%Y%m%d}.htm",
                    description="S-8",
                    prefix=AGENT_PROXY,
                )
            )
    filings = [f for f in periodic + events if f.filed <= snapshot]
    filings.sort(key=lambda f: f.sort_key)
    return filings


def _foreign_issuer_events(c: Company, p: Filing, rng: random.Random) -> list[Filing]:
    """A foreign private issuer's 6-Ks (no XBRL): the year's results a few weeks after the year
    end, then the next half-year's results. No Forms 3/4/5 and no proxy: it is exempt."""
    assert p.fy is not None
    tkr = c.ticker.lower()
    annual = next_business_day(c.calendar.year_end(p.fy) + timedelta(days=45 + rng.randint(0, 9)))
    half_end = c.calendar.quarters(p.fy + 1)[1][1]
    half = next_business_day(half_end + timedelta(days=35 + rng.randint(0, 7)))
    return [
        Filing(
            company=c,
            form="6-K",
            filed=d,
            accepted=_at(d, 11, rng),
            report_date=d.isoformat(),
            size=250_000 + rng.randrange(500_000),
            primary_document=f"{tkr}-6k_{d:%Y%m%d}.htm",
            description="6-K",
            prefix=c.cik,
        )
        for d in (annual, half)
    ]


def assign_accessions(filings: Iterable[Filing]) -> None:
    """Accession numbers `PPPPPPPPPP-YY-NNNNNN`: per filer prefix and year, in acceptance order."""
    counters: dict[tuple[int, int], int] = {}
    film_rng = random.Random(20250915)
    for f in sorted(filings, key=lambda f: f.sort_key):
        yy = f.accepted.year % 100
        n = counters.get((f.prefix, yy), 0) + 1
        counters[(f.prefix, yy)] = n
        f.accn = f"{f.prefix:010d}-{yy:02d}-{n:06d}"
        f.film = "" if f.form == "4" else f"{yy:02d}{film_rng.randrange(10**7):07d}"


# --------------------------------------------------------------------------------------------
# Company facts
# --------------------------------------------------------------------------------------------


def revenue_concepts(c: Company, filing_fy: int) -> list[tuple[str, str]]:
    if c.revenue_concepts == "ifrs":
        return [("Revenue", "revenue")]
    if c.revenue_concepts == "rfc":
        return [(RFC, "revenue")]
    if c.revenue_concepts == "revenues":
        return [("Revenues", "revenue")]
    if c.revenue_concepts == "switch":
        assert c.switch_fy is not None
        return [("SalesRevenueNet" if filing_fy < c.switch_fy else RFC, "revenue")]
    if c.revenue_concepts == "revenues+slice":
        return [("Revenues", "revenue"), (RFC, "revenue_slice")]
    raise ValueError(c.revenue_concepts)


def income_concepts(c: Company, filing_fy: int) -> list[tuple[str, str, str]]:
    """(concept, ground-truth field, unit) of the income statement a filing tags."""
    if c.ifrs:
        return [
            ("Revenue", "revenue", "USD"),
            (c.cost_concept, "cost_of_revenue", "USD"),
            ("GrossProfit", "gross_profit", "USD"),
            ("ProfitLossFromOperatingActivities", "operating_income", "USD"),
            ("FinanceCosts", "interest_expense", "USD"),
            ("ProfitLossBeforeTax", "pretax_income", "USD"),
            ("IncomeTaxExpenseContinuingOperations", "income_tax", "USD"),
            ("ProfitLoss", "profit_loss", "USD"),
            ("ProfitLossAttributableToOwnersOfParent", "net_income", "USD"),
            ("ProfitLossAttributableToNoncontrollingInterests", "profit_nci", "USD"),
            ("BasicEarningsLossPerShare", "eps_basic", "USD/shares"),
            ("DilutedEarningsLossPerShare", "eps_diluted", "USD/shares"),
            ("WeightedAverageShares", "shares_basic", "shares"),
            ("AdjustedWeightedAverageShares", "shares_diluted", "shares"),
        ]
    rows = [(concept, f, "USD") for concept, f in revenue_concepts(c, filing_fy)]
    rows.append((c.cost_concept, "cost_of_revenue", "USD"))
    if c.tags_gross_profit:
        rows.append(("GrossProfit", "gross_profit", "USD"))
    if c.rnd_ratio or c.fixed_costs[0]:
        rows.append(("ResearchAndDevelopmentExpense", "research_and_development", "USD"))
    rows += [
        ("SellingGeneralAndAdministrativeExpense", "selling_general_administrative", "USD"),
        ("OperatingIncomeLoss", "operating_income", "USD"),
        ("InterestExpense", "interest_expense", "USD"),
        ("OtherNonoperatingIncomeExpense", "other_nonoperating", "USD"),
        (PRETAX, "pretax_income", "USD"),
        ("IncomeTaxExpenseBenefit", "income_tax", "USD"),
        ("NetIncomeLoss", "net_income", "USD"),
        ("EarningsPerShareBasic", "eps_basic", "USD/shares"),
        ("EarningsPerShareDiluted", "eps_diluted", "USD/shares"),
        ("WeightedAverageNumberOfSharesOutstandingBasic", "shares_basic", "shares"),
        ("WeightedAverageNumberOfDilutedSharesOutstanding", "shares_diluted", "shares"),
    ]
    return rows


def cash_flow_concepts(c: Company) -> list[tuple[str, str, str]]:
    if c.ifrs:
        # IAS 7 as many 20-F filers present it: cash generated from operations, then the
        # interest and income taxes paid; the operating total itself is not tagged (decision 034).
        return [
            ("CashFlowsFromUsedInOperations", "cash_generated_from_operations", "USD"),
            ("InterestPaidClassifiedAsOperatingActivities", "interest_paid", "USD"),
            ("IncomeTaxesPaidRefundClassifiedAsOperatingActivities", "income_taxes_paid", "USD"),
            ("CashFlowsFromUsedInInvestingActivities", "cash_from_investing", "USD"),
            ("CashFlowsFromUsedInFinancingActivities", "cash_from_financing", "USD"),
            ("IncreaseDecreaseInCashAndCashEquivalents", "net_change_in_cash", "USD"),
            (
                "PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities",
                "capex",
                "USD",
            ),
            (
                "AdjustmentsForDepreciationAndAmortisationExpense",
                "depreciation_amortization",
                "USD",
            ),
            ("DividendsPaidClassifiedAsFinancingActivities", "dividends", "USD"),
        ]
    rows = [
        ("NetCashProvidedByUsedInOperatingActivities", "cash_from_operations", "USD"),
        ("NetCashProvidedByUsedInInvestingActivities", "cash_from_investing", "USD"),
        ("NetCashProvidedByUsedInFinancingActivities", "cash_from_financing", "USD"),
        ("PaymentsToAcquirePropertyPlantAndEquipment", "capex", "USD"),
        ("DepreciationDepletionAndAmortization", "depreciation_amortization", "USD"),
    ]
    if c.dividend_per_share:
        rows.append(("PaymentsOfDividends", "dividends", "USD"))
    if c.buys_back:
        rows.append(("PaymentsForRepurchaseOfCommonStock", "buybacks", "USD"))
    return rows


def balance_concepts(c: Company) -> list[tuple[str, str, str]]:
    if c.ifrs:
        return [
            ("CashAndCashEquivalents", "cash", "USD"),
            ("CurrentAssets", "current_assets", "USD"),
            ("Assets", "total_assets", "USD"),
            ("CurrentLiabilities", "current_liabilities", "USD"),
            ("Liabilities", "total_liabilities", "USD"),
            ("EquityAttributableToOwnersOfParent", "equity", "USD"),
            ("NoncontrollingInterests", "noncontrolling_interests", "USD"),
            ("Equity", "total_equity", "USD"),
            ("EquityAndLiabilities", "liabilities_and_equity", "USD"),
        ]
    rows = [
        ("CashAndCashEquivalentsAtCarryingValue", "cash", "USD"),
        ("AssetsCurrent", "current_assets", "USD"),
        ("Assets", "total_assets", "USD"),
        ("LiabilitiesCurrent", "current_liabilities", "USD"),
    ]
    if c.tags_liabilities:
        rows.append(("Liabilities", "total_liabilities", "USD"))
    rows.append(("LongTermDebtNoncurrent", "long_term_debt", "USD"))
    if c.convertible_notes:
        # Mezzanine equity under an element the taxonomy files with debt (tagged only at dates
        # with a balance; see ConvertibleNotes).
        rows.append((CONVERTIBLE_EQUITY, "temporary_equity", "USD"))
    rows += [
        ("StockholdersEquity", "equity", "USD"),
        ("LiabilitiesAndStockholdersEquity", "liabilities_and_equity", "USD"),
    ]
    return rows


def filing_view(
    c: Company,
    truth: Truth,
    filing: Filing,
    by_id: dict[tuple[str, int | None, str | None], Filing],
) -> dict[QuarterKey, dict[str, int]]:
    """The figures as `filing` reports them: before later restatements, on its split basis."""
    split = c.split is not None and c.split.applies(filing.accepted.date())
    return truth.view(_pending(c, filing, by_id), split=split)


def _split_ratio_filings(c: Company, filings: list[Filing]) -> set[str]:
    """Accessions that tag the split ratio: the first 10-K after the split and the 10-Qs
    between it and the next 10-K (as Apple tagged its 2020 4:1 split)."""
    if c.split is None:
        return set()
    after = sorted(
        (f for f in filings if f.has_facts and c.split.applies(f.accepted.date())),
        key=lambda f: f.sort_key,
    )
    first_10k = next(i for i, f in enumerate(after) if f.form == "10-K")
    out = {after[first_10k].accn}
    for f in after[first_10k + 1 :]:
        if f.form != "10-Q":
            break
        out.add(f.accn)
    return out


def _pending(
    c: Company, filing: Filing, by_id: dict[tuple[str, int | None, str | None], Filing]
) -> tuple[Restatement, ...]:
    """Restatements a filing does not know about yet (accepted before the correcting filing)."""
    pending: list[Restatement] = []
    for r in c.restatements:
        eff = by_id[r.effective]
        if filing.sort_key < eff.sort_key:
            pending.append(r)
    return tuple(pending)


def build_facts(c: Company, truth: Truth, filings: list[Filing]) -> dict[str, Any]:
    """The companyfacts document of one company, in the API's shape and key order."""
    fact_filings = [f for f in filings if f.has_facts]
    by_id = {(f.form, f.fy, f.fp): f for f in fact_filings}
    facts: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    keys = list(truth.keys)
    rng = random.Random(c.seed * 11 + 3)
    ratio_filings = _split_ratio_filings(c, fact_filings)
    taxonomy = financial_taxonomy(c)

    def emit(
        taxonomy: str,
        concept: str,
        unit: str,
        start: date | None,
        end: date,
        val: int | float,
        f: Filing,
    ) -> None:
        fact: dict[str, Any] = {}
        if start is not None:
            fact["start"] = start.isoformat()
        fact["end"] = end.isoformat()
        fact["val"] = val
        fact["accn"] = f.accn
        fact["fy"] = f.fy
        fact["fp"] = f.fp
        fact["form"] = f.form
        fact["filed"] = f.filed.isoformat()
        facts.setdefault((taxonomy, concept, unit), []).append(fact)

    for f in fact_filings:
        assert f.quarter is not None and f.fy is not None
        data = filing_view(c, truth, f, by_id)
        fy, q = f.quarter
        year = [k for k in keys if k[0] == fy]
        prior = [k for k in keys if k[0] == fy - 1]
        if q == 4:
            durations = [[k for k in keys if k[0] == y] for y in (fy, fy - 1, fy - 2)]
            is_periods = cf_periods = durations
            instants = [(fy, 4), (fy - 1, 4)]
        else:
            ytd, prior_ytd = year[:q], prior[:q]
            is_periods = [[(fy, q)], [(fy - 1, q)]]
            if q > 1:
                is_periods += [ytd, prior_ytd]
            cf_periods = [ytd, prior_ytd]
            instants = [(fy, q), (fy - 1, 4)]
        for concepts, periods in (
            (income_concepts(c, fy), is_periods),
            (cash_flow_concepts(c), cf_periods),
        ):
            for concept, fld, unit in concepts:
                for ks in periods:
                    start, end = truth.span(ks)
                    val = truth.value(data, fld, ks)
                    if _comparative_in_thousands(c, f, concept, ks):
                        assert int(val) % 1000 == 0
                        val = int(val) // 1000
                    if _revenue_scale_error(c, f, fld, ks):
                        assert int(val) % 1000 == 0
                        val = int(val) // 1000
                    emit(taxonomy, concept, unit, start, end, val, f)
        for concept, fld, unit in balance_concepts(c):
            for k in instants:
                end = truth.bounds[k][1]
                val = truth.balance(data, fld, k)
                if concept == CONVERTIBLE_EQUITY and val == 0:
                    continue  # no notes outstanding at that date: nothing tagged
                emit(taxonomy, concept, unit, None, end, val, f)
        if f.accn in ratio_filings:
            assert c.split is not None
            emit("us-gaap", SPLIT_RATIO, "pure", None, c.split.effective, c.split.ratio, f)
        # Cover page: shares outstanding a week or two before filing; public float in 10-Ks.
        assert f.cover_date is not None
        latest = max(k for k in keys if truth.bounds[k][1] <= f.cover_date)
        outstanding = data[latest]["shares_outstanding"] - rng.randrange(250_000)
        emit(
            "dei",
            "EntityCommonStockSharesOutstanding",
            "shares",
            None,
            f.cover_date,
            outstanding,
            f,
        )
        if q == 4 and not c.ifrs:  # a 20-F cover states no public float
            i = keys.index((fy, 2))
            price = c.price0 * (1 + c.price_growth) ** i
            # Shares on the basis of `price0` (before any split): the float is in dollars.
            shares = truth.final[(fy, 2)]["shares_outstanding"]
            public_float = round(shares * price * 0.97 / 1e6) * 10**6
            end = truth.bounds[(fy, 2)][1]
            emit("dei", "EntityPublicFloat", "USD", None, end, public_float, f)

    for rows in facts.values():
        rows.sort(key=lambda x: (x["end"], x.get("start", ""), x["filed"], x["accn"]))
        _assign_frames(rows)

    doc: dict[str, Any] = {
        "cik": f"{c.cik:010d}" if c.facts_cik_as_string else c.cik,
        "entityName": c.name,
        "facts": {},
    }
    for section_taxonomy in ("dei", taxonomy):
        concept_names = sorted({k[1] for k in facts if k[0] == section_taxonomy})
        section: dict[str, Any] = {}
        for concept in concept_names:
            label, description = _label(section_taxonomy, concept)
            units = {
                u: facts[(t, cc, u)]
                for (t, cc, u) in sorted(facts)
                if t == section_taxonomy and cc == concept
            }
            section[concept] = {"label": label, "description": description, "units": units}
        doc["facts"][section_taxonomy] = section
    return doc


def financial_taxonomy(c: Company) -> str:
    """The taxonomy of a company's financial statement facts."""
    return "ifrs-full" if c.ifrs else "us-gaap"


def _label(taxonomy: str, concept: str) -> tuple[str | None, str | None]:
    if taxonomy == "ifrs-full":
        assert concept in IFRS_CONCEPTS, concept
        return None, None  # companyfacts carries no ifrs-full labels
    return CONCEPTS[concept]


def _comparative_in_thousands(c: Company, f: Filing, concept: str, ks: list[QuarterKey]) -> bool:
    """The 4b trap: this 10-Q tags its prior-year quarter's diluted shares in thousands."""
    assert f.fy is not None and f.quarter is not None
    return (
        concept == DILUTED_SHARES
        and f.form == "10-Q"
        and f.fy in c.comparative_diluted_shares_in_thousands
        and ks == [(f.fy - 1, f.quarter[1])]
    )


def _revenue_scale_error(c: Company, f: Filing, fld: str, ks: list[QuarterKey]) -> bool:
    """The table-scale trap: this filing's own-quarter revenue fact is 1,000x too small."""
    return (
        fld == "revenue"
        and c.revenue_fact_scale_error == (f.form, f.fy, f.fp)
        and ks == [f.quarter]
    )


def _assign_frames(rows: list[dict[str, Any]]) -> None:
    """Give at most one fact per calendar frame its `frame`: the latest filed of the best period."""
    by_frame: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = {}
    for r in rows:
        start = date.fromisoformat(r["start"]) if "start" in r else None
        frame = frame_for(start, date.fromisoformat(r["end"]))
        if frame:
            by_frame.setdefault(frame, {}).setdefault((r.get("start", ""), r["end"]), []).append(r)
    for frame in sorted(by_frame):
        periods = by_frame[frame]
        best = max(periods, key=lambda p: (len(periods[p]), p[1], p[0]))
        winner = max(periods[best], key=lambda x: (x["filed"], x["accn"]))
        winner["frame"] = frame


# --------------------------------------------------------------------------------------------
# Submissions, tickers, constituents
# --------------------------------------------------------------------------------------------


def _act(f: Filing) -> str:
    if f.form == "4":
        return ""
    return "33" if f.form == "S-8" else "34"


def _file_number(f: Filing) -> str:
    c = f.company
    if f.form == "4":
        return ""
    if f.form == "S-8":
        return f"333-{200000 + (c.cik % 1000) * 97 + f.filed.year % 100:06d}"
    if "13G" in f.form:
        return f"005-9{c.cik % 10000:04d}"
    return c.file_number


def _submission_rows(filings: list[Filing]) -> dict[str, list[Any]]:
    rows = sorted(
        filings, key=lambda f: (f.filed.isoformat(), f.accepted.isoformat(), f.accn), reverse=True
    )
    cols: dict[str, list[Any]] = {k: [] for k in SUBMISSION_KEYS}
    for f in rows:
        values = {
            "accessionNumber": f.accn,
            "filingDate": f.filed.isoformat(),
            "reportDate": f.report_date,
            "acceptanceDateTime": f.accepted.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "act": _act(f),
            "form": f.form,
            "fileNumber": _file_number(f),
            "filmNumber": f.film,
            "items": f.items,
            "core_type": "XBRL" if f.is_xbrl else f.form,
            "size": f.size,
            "isXBRL": f.is_xbrl,
            "isInlineXBRL": f.is_inline,
            "primaryDocument": f.primary_document,
            "primaryDocDescription": f.description,
        }
        for k in SUBMISSION_KEYS:
            cols[k].append(values[k])
    return cols


def _address(c: Company, foreign_flag: int | None) -> dict[str, Any]:
    if c.country is not None:
        country, code = c.country
        return {
            "street1": c.street,
            "street2": None,
            "city": c.city,
            "stateOrCountry": code,
            "zipCode": c.zip_code,
            "stateOrCountryDescription": country,
            "isForeignLocation": 1,
            "foreignStateTerritory": None,
            "country": country,
            "countryCode": code,
        }
    return {
        "street1": c.street,
        "street2": None,
        "city": c.city,
        "stateOrCountry": c.state,
        "zipCode": c.zip_code,
        "stateOrCountryDescription": c.state,
        "isForeignLocation": foreign_flag,
        "foreignStateTerritory": None,
        "country": None,
        "countryCode": None,
    }


def build_submissions(c: Company, filings: list[Filing]) -> dict[str, dict[str, Any] | None]:
    """`CIK##########.json` and overflow pages (value None = listed in `files[]`, not written)."""
    if c.overflow:
        recent = [f for f in filings if f.filed >= RECENT_FROM]
        page1 = [f for f in filings if PAGE1_FROM <= f.filed < RECENT_FROM]
        page2 = [f for f in filings if f.filed < PAGE1_FROM]
        pages = [(f"CIK{c.cik:010d}-submissions-001.json", page1, True)]
        pages.append((f"CIK{c.cik:010d}-submissions-002.json", page2, False))
    else:
        recent, pages = filings, []
    files = [
        {
            "name": name,
            "filingCount": len(rows),
            "filingFrom": min(f.filed for f in rows).isoformat(),
            "filingTo": max(f.filed for f in rows).isoformat(),
        }
        for name, rows, _ in pages
    ]
    former = []
    if c.former_name:
        former.append(
            {
                "name": c.former_name,
                "from": "1994-03-01T00:00:00.000Z",
                "to": "2016-05-20T00:00:00.000Z",
            }
        )
    last_fye = c.calendar.fye_mmdd(c.last_fy)
    incorporation = "OH" if c.overflow else "DE"
    if c.country is not None:
        incorporation = c.country[1]
    doc: dict[str, Any] = {
        "cik": str(c.cik) if c.submissions_cik_unpadded else f"{c.cik:010d}",
        "entityType": "operating",
        "sic": c.sic,
        "sicDescription": c.sic_description,
        "ownerOrg": c.owner_org,
        "insiderTransactionForOwnerExists": 0,
        "insiderTransactionForIssuerExists": 1,
        "name": c.name,
        "tickers": [c.ticker],
        "exchanges": [c.exchange],
        "ein": c.ein,
        "lei": None,
        "description": "",
        "website": "",
        "investorWebsite": "",
        "category": c.category,
        "fiscalYearEnd": last_fye,
        "stateOfIncorporation": incorporation,
        "stateOfIncorporationDescription": incorporation,
        "addresses": {"mailing": _address(c, 0), "business": _address(c, None)},
        "phone": c.phone,
        "flags": "",
        "formerNames": former,
        "filings": {"recent": _submission_rows(recent), "files": files},
    }
    out: dict[str, dict[str, Any] | None] = {f"CIK{c.cik:010d}.json": doc}
    for name, rows, written in pages:
        out[name] = _submission_rows(rows) if written else None
    return out


def _market_cap(c: Company, truth: Truth) -> float:
    last = truth.keys[-1]
    return (
        truth.final[last]["shares_outstanding"] * c.price0 * (1 + c.price_growth) ** len(truth.keys)
    )


def ticker_files(truths: dict[int, Truth]) -> tuple[dict[str, Any], dict[str, Any]]:
    """`company_tickers.json` and `company_tickers_exchange.json`, largest company first."""
    order = sorted(COMPANIES, key=lambda c: (-_market_cap(c, truths[c.cik]), c.cik))

    def title(c: Company) -> str:
        # EDGAR's conformed names are often upper case without punctuation; keep one like that.
        return c.name.upper().replace(",", "").replace(".", "") if c.overflow else c.name

    tickers = {
        str(i): {"cik_str": c.cik, "ticker": c.ticker, "title": title(c)}
        for i, c in enumerate(order)
    }
    exchange = {
        "fields": ["cik", "name", "ticker", "exchange"],
        "data": [[c.cik, title(c), c.ticker, c.exchange] for c in order],
    }
    return tickers, exchange


def constituents_csv() -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "Symbol",
            "Security",
            "GICS Sector",
            "GICS Sub-Industry",
            "Headquarters Location",
            "Date added",
            "CIK",
            "Founded",
        ]
    )
    for c in sorted(COMPANIES, key=lambda c: c.name):
        security = c.name.replace(", Inc.", "").replace(" Inc.", "").replace(", Ltd.", "")
        security = security.replace(" N.V.", "")
        hq = f"{c.city.title()}, {c.state_name}"
        w.writerow(
            [
                c.ticker,
                security,
                c.gics_sector,
                c.gics_sub_industry,
                hq,
                c.sp_date_added,
                c.cik,
                c.founded,
            ]
        )
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# Known answers
# --------------------------------------------------------------------------------------------

KNOWN_ANSWER_COLUMNS = (
    "cik",
    "ticker",
    "fiscal_year",
    "fiscal_period",
    "period_start",
    "period_end",
    "revenue",
    "net_income",
    "eps_diluted",
    "eps_diluted_split_adjusted",
    "weighted_shares_diluted",
    "total_assets",
    "total_liabilities",
    "temporary_equity",
    "stockholders_equity",
    "operating_cash_flow",
)


def _latest_reporters(
    facts: dict[str, Any], taxonomy: str, concept: str, unit: str
) -> dict[tuple[str, str], str]:
    """(start or "", end) -> accession of the latest filing (filed, then accession) that tags it."""
    rows = facts["facts"][taxonomy].get(concept, {}).get("units", {}).get(unit, [])
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for f in rows:
        key = (f.get("start", ""), f["end"])
        if key not in latest or (f["filed"], f["accn"]) > latest[key]:
            latest[key] = (f["filed"], f["accn"])
    return {key: accn for key, (_, accn) in latest.items()}


def known_answers(
    c: Company, truth: Truth, filings: list[Filing], facts: dict[str, Any]
) -> list[list[Any]]:
    """Rows per fiscal period the mirror covers, with the values the marts must show.

    Revenue and net income: after every restatement. Diluted EPS and weighted diluted shares:
    as the latest filing that reports the period reports them (EPS as filed, so on that
    filing's split basis; shares as that filing meant them, i.e. with a scale error repaired);
    split-adjusted EPS on the basis after every split. Balances (at the period's end): as the
    latest filing reporting that date, with temporary equity where the company has any.
    Empty where no filing reports the figure (Q4 EPS and shares, the earliest year's balances).
    Operating cash flow: the statement's total, which the IFRS filer never tags (the marts
    derive it from cash generated from operations, decision 034); every period has one.
    """
    quarters: set[QuarterKey] = set()
    years: set[int] = set()
    for f in filings:
        if not f.has_facts:
            continue
        assert f.quarter is not None
        fy, q = f.quarter
        if q == 4:
            years.update((fy, fy - 1, fy - 2))
        else:
            quarters.update({(fy, q), (fy - 1, q)})
    for fy in years:
        if all((fy, q) in quarters for q in (1, 2, 3)):
            quarters.add((fy, 4))
    by_accn = {f.accn: f for f in filings if f.has_facts}
    by_id = {(f.form, f.fy, f.fp): f for f in by_accn.values()}
    taxonomy = financial_taxonomy(c)
    eps_concept = "DilutedEarningsLossPerShare" if c.ifrs else "EarningsPerShareDiluted"
    eps_facts = {
        (f.get("start", ""), f["end"], f["accn"]): f["val"]
        for f in facts["facts"][taxonomy][eps_concept]["units"]["USD/shares"]
    }
    eps_by = _latest_reporters(facts, taxonomy, eps_concept, "USD/shares")
    balance_by = _latest_reporters(facts, taxonomy, "Assets", "USD")
    adjusted = truth.view(split=True)
    rows = []
    data = truth.final
    for fy in sorted({k[0] for k in quarters} | years):
        for period in ("Q1", "Q2", "Q3", "Q4", "FY"):
            if period == "FY":
                if fy not in years:
                    continue
                ks = [k for k in truth.keys if k[0] == fy]
            else:
                k = (fy, int(period[1]))
                if k not in quarters:
                    continue
                ks = [k]
            start, end = truth.span(ks)
            per_share: list[Any] = ["", "", ""]
            eps_accn = eps_by.get((start.isoformat(), end.isoformat()))
            if eps_accn is not None:
                view = filing_view(c, truth, by_accn[eps_accn], by_id)
                per_share = [
                    eps_facts[(start.isoformat(), end.isoformat(), eps_accn)],
                    truth.value(adjusted, "eps_diluted", ks),
                    truth.value(view, "shares_diluted", ks),
                ]
            balances: list[Any] = ["", "", "", ""]
            balance_accn = balance_by.get(("", end.isoformat()))
            if balance_accn is not None:
                view = filing_view(c, truth, by_accn[balance_accn], by_id)
                row = view[ks[-1]]
                balances = [
                    row["total_assets"],
                    row["total_liabilities"],
                    row["temporary_equity"] or "",
                    row["equity"],
                ]
            rows.append(
                [
                    c.cik,
                    c.ticker,
                    fy,
                    period,
                    start.isoformat(),
                    end.isoformat(),
                    truth.value(data, "revenue", ks),
                    truth.value(data, "net_income", ks),
                    *per_share,
                    *balances,
                    truth.value(data, "cash_from_operations", ks),
                ]
            )
    return rows


# --------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------


def _json(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def generate() -> tuple[dict[str, bytes], bytes]:
    """All mirror files (relative path -> bytes) and the known-answers CSV."""
    truths = {c.cik: build_truth(c) for c in COMPANIES}
    filings = {c.cik: schedule(c, truths[c.cik]) for c in COMPANIES}
    assign_accessions(f for fs in filings.values() for f in fs)

    files: dict[str, bytes] = {}
    tickers, exchange = ticker_files(truths)
    files[f"{SEC_WWW}/files/company_tickers.json"] = _json(tickers)
    files[f"{SEC_WWW}/files/company_tickers_exchange.json"] = _json(exchange)
    files[f"{GITHUB_RAW}/{CONSTITUENTS_PATH}"] = constituents_csv().encode("utf-8")
    answers: list[list[Any]] = []
    for c in COMPANIES:
        truth, fs = truths[c.cik], filings[c.cik]
        for name, doc in build_submissions(c, fs).items():
            if doc is not None:
                files[f"{SEC_DATA}/submissions/{name}"] = _json(doc)
        by_id = {(f.form, f.fy, f.fp): f for f in fs if f.has_facts}
        files |= documents.document_files(c, truth, fs, partial(_pending, c, by_id=by_id))
        facts = build_facts(c, truth, fs)
        files[f"{SEC_DATA}/api/xbrl/companyfacts/CIK{c.cik:010d}.json"] = _json(facts)
        answers += known_answers(c, truth, fs, facts)
    files |= {path: _json(doc) for path, doc in demo_market.chart_files(truths).items()}
    files |= demo_macro.series_files()
    files |= {path: _json(doc) for path, doc in demo_news.search_files().items()}
    files[POLICY_FEED_PATH] = policy_feed_xml()
    files[DEMO_PLAN_FILE] = _json(demo_plan())

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(KNOWN_ANSWER_COLUMNS)
    w.writerows(answers)
    return dict(sorted(files.items())), buf.getvalue().encode("utf-8")


def demo_plan() -> dict[str, Any]:
    """What `finloom demo` loads from this mirror (it reads this file, not the generator)."""
    return {
        "tickers": [c.ticker for c in COMPANIES],
        "market_symbols": demo_market.market_symbols(),
        "filings_since": documents.FIRST_FILED.isoformat(),
    }


def write(out: Path, seed_file: Path | None) -> list[Path]:
    files, seed = generate()
    written = []
    for rel, body in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        written.append(path)
    if seed_file is not None:
        seed_file.parent.mkdir(parents=True, exist_ok=True)
        seed_file.write_bytes(seed)
        written.append(seed_file)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dev.demo.generator", description=__doc__)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="mirror root to write into")
    p.add_argument("--seed-file", type=Path, default=DEFAULT_SEED, help="known-answers CSV path")
    p.add_argument("--no-seed", action="store_true", help="do not write the known-answers CSV")
    args = p.parse_args(argv)
    written = write(args.out, None if args.no_seed else args.seed_file)
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files, {total:,} bytes, under {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
