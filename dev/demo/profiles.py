"""The eight fictional demo companies and the XBRL concepts their filings use.

Every name, ticker and CIK here is invented (CIKs 0009990001-0009990008 are far above any CIK the
SEC has assigned; the tickers are not listed on any US exchange). Nothing is copied from real data.
Seven are US filers (10-K, 10-Q, us-gaap); one, VDHN, is a foreign private issuer filing 20-F
annual reports tagged in ifrs-full.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dev.demo.fiscal import FiscalCalendar

#: The mirror describes the world as of this date: nothing is filed after it.
SNAPSHOT_DATE = "2025-09-15"


@dataclass(frozen=True)
class Restatement:
    """A correction: filings accepted before `effective` reported `deltas` more than the truth.

    `quarter` is (fiscal_year, quarter). `deltas` are original minus restated, for base fields of
    that quarter; `balance_deltas` apply to every balance sheet from that quarter's end onward.
    `effective` names the first filing that reports the corrected values: (form, fiscal_year, fp).
    """

    quarter: tuple[int, int]
    deltas: dict[str, int]
    effective: tuple[str, int, str]
    balance_deltas: dict[str, int] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class ConvertibleNotes:
    """Convertible senior notes issued in `quarter` for `principal` dollars of cash.

    The equity component (`equity_component` dollars) is presented in mezzanine (temporary)
    equity, because the notes are convertible and may be settled in cash; the filer tags it with
    `DebtInstrumentConvertibleCarryingAmountOfTheEquityComponent` (as Tesla did), not with a
    `TemporaryEquity…` element, so assets = liabilities + equity holds only when it is counted.
    The liability component (principal minus equity component) is long-term debt.
    """

    quarter: tuple[int, int]
    principal: int
    equity_component: int


@dataclass(frozen=True)
class StockSplit:
    """A forward stock split effective after the close of `effective` (`ratio` new per old).

    Filings accepted after it report every period's share counts and EPS on the new basis
    (ASC 260 retroactive adjustment, comparatives restated); filings before it stay as filed.
    The 10-K and 10-Qs of the following year tag the ratio
    (`StockholdersEquityNoteStockSplitConversionRatio1`); Yahoo lists the split on `ex_date`.
    """

    effective: date
    ex_date: date
    ratio: int

    def applies(self, accepted: date) -> bool:
        """Whether a filing accepted on `accepted` reports on the post-split basis."""
        return accepted > self.effective


@dataclass(frozen=True)
class Company:
    cik: int
    ticker: str
    name: str
    sic: str
    sic_description: str
    owner_org: str
    exchange: str
    calendar: FiscalCalendar
    first_fy: int  # first fiscal year whose 10-Qs and 10-K are in the mirror
    last_fy: int  # last complete fiscal year (10-K filed)
    partial_quarters: int  # 10-Qs filed for fiscal year last_fy + 1
    category: str
    state: str
    city: str
    state_name: str
    zip_code: str
    street: str
    phone: str
    ein: str
    file_number: str
    gics_sector: str
    gics_sub_industry: str
    sp_date_added: str
    founded: str
    seed: int
    # income statement shape (fractions of revenue unless stated)
    base_revenue: float  # first quarter's revenue, dollars
    growth: float  # quarterly growth
    seasonality: tuple[float, float, float, float]
    cost_ratio: float
    rnd_ratio: float
    sga_ratio: float
    tax_rate: float
    interest_rate: float
    da_ratio: float
    sbc_ratio: float
    capex_ratio: float
    # balance sheet and capital policy
    cash0: float
    min_cash: float
    target_cash: float  # buy back above this (when `buys_back`)
    debt0: float
    shares0: float
    price0: float
    price_growth: float
    dividend_per_share: float  # quarterly, first year; grows 5%/year
    buys_back: bool
    dilution: float  # diluted minus basic weighted shares, fraction
    # tags
    revenue_concepts: str  # "rfc", "revenues", "switch", "revenues+slice"
    cost_concept: str
    tags_gross_profit: bool = True
    tags_liabilities: bool = True
    revenue_slice_share: tuple[float, float] = (0.0, 0.0)  # slice/total, first and last quarter
    fixed_costs: tuple[float, float] = (0.0, 0.0)  # R&D and SG&A floors per quarter, dollars
    shock: dict[tuple[int, int], float] = field(default_factory=dict)  # (fy, q) -> revenue factor
    valuation_allowance: bool = False  # no tax benefit on losses
    restatements: tuple[Restatement, ...] = ()
    amendment_fy: int | None = None  # fiscal year whose 10-K is amended (10-K/A)
    switch_fy: int | None = None  # first fiscal year tagged with the ASC 606 revenue concept
    facts_cik_as_string: bool = False
    submissions_cik_unpadded: bool = False
    overflow: bool = False
    former_name: str | None = None
    form4_per_quarter: int = 2
    convertible_notes: ConvertibleNotes | None = None
    split: StockSplit | None = None
    #: 10-Qs of these fiscal years tag the prior-year quarter's weighted diluted shares in
    #: thousands (a scale error: the other filings, and their current quarters, use units).
    comparative_diluted_shares_in_thousands: tuple[int, ...] = ()
    #: (form, fiscal year, fp) of a filing whose XBRL revenue for its own quarter has the wrong
    #: scale (1,000x too small: tagged as units while the printed table is in thousands).
    revenue_fact_scale_error: tuple[str, int, str] | None = None
    #: A foreign private issuer reporting under IFRS: files only 20-F annual reports (no 10-Qs;
    #: 6-Ks carry its press releases, without XBRL), tagged in ifrs-full, in USD. Its statement
    #: of cash flows tags cash generated from operations and the interest and income taxes paid
    #: below it, never the operating total (decision 034 derives it).
    ifrs: bool = False
    #: Share of profit attributable to non-controlling interests (a partly owned subsidiary);
    #: tagged as the profit attribution and as NCI equity on the balance sheet.
    nci_share: float = 0.0
    #: (country, EDGAR country code) of a company located and incorporated outside the US.
    country: tuple[str, str] | None = None


CATEGORY_LARGE = "Large accelerated filer"
CATEGORY_SMALL = "Non-accelerated filer<br>Smaller reporting company"

COMPANIES: tuple[Company, ...] = (
    Company(
        cik=9990001,
        ticker="HLDG",
        name="Halcyon Ledger Software, Inc.",
        sic="7372",
        sic_description="Services-Prepackaged Software",
        owner_org="06 Technology",
        exchange="Nasdaq",
        calendar=FiscalCalendar("month_end", 12),
        first_fy=2019,
        last_fy=2024,
        partial_quarters=2,
        category=CATEGORY_LARGE,
        state="WA",
        city="TACOMA",
        state_name="Washington",
        zip_code="98402",
        street="1200 LEDGER WAY",
        phone="253-555-0101",
        ein="990000101",
        file_number="001-49901",
        gics_sector="Information Technology",
        gics_sub_industry="Application Software",
        sp_date_added="2021-03-22",
        founded="2006",
        seed=9990001,
        base_revenue=310e6,
        growth=0.03,
        seasonality=(0.96, 0.99, 1.0, 1.07),
        cost_ratio=0.22,
        rnd_ratio=0.24,
        sga_ratio=0.33,
        tax_rate=0.19,
        interest_rate=0.035,
        da_ratio=0.04,
        sbc_ratio=0.06,
        capex_ratio=0.03,
        cash0=900e6,
        min_cash=400e6,
        target_cash=1.2e9,
        debt0=750e6,
        shares0=142e6,
        price0=88.0,
        price_growth=0.035,
        dividend_per_share=0.0,
        buys_back=True,
        dilution=0.021,
        revenue_concepts="rfc",
        cost_concept="CostOfRevenue",
        restatements=(
            Restatement(
                quarter=(2022, 4),
                deltas={"income_tax": -18_400_000},
                effective=("10-K/A", 2022, "FY"),
                balance_deltas={"current_liabilities": -18_400_000, "equity": 18_400_000},
                note="10-K/A: income tax expense of Q4 FY2022 was understated",
            ),
        ),
        amendment_fy=2022,
        form4_per_quarter=3,
    ),
    Company(
        cik=9990002,
        ticker="PCDV",
        name="Pinecrest Devices Corp.",
        sic="3571",
        sic_description="Electronic Computers",
        owner_org="06 Technology",
        exchange="Nasdaq",
        calendar=FiscalCalendar("last_weekday", 9, weekday=5, extra_week_quarter=1),
        first_fy=2019,
        last_fy=2024,
        partial_quarters=3,
        category=CATEGORY_LARGE,
        state="OR",
        city="BEAVERTON",
        state_name="Oregon",
        zip_code="97005",
        street="400 PINECREST PARKWAY",
        phone="(503) 555-0102",
        ein="990000102",
        file_number="001-49902",
        gics_sector="Information Technology",
        gics_sub_industry="Technology Hardware, Storage & Peripherals",
        sp_date_added="2012-06-18",
        founded="1984",
        seed=9990002,
        base_revenue=2.1e9,
        growth=0.015,
        seasonality=(1.34, 0.95, 0.85, 0.96),
        cost_ratio=0.62,
        rnd_ratio=0.07,
        sga_ratio=0.09,
        tax_rate=0.16,
        interest_rate=0.03,
        da_ratio=0.03,
        sbc_ratio=0.02,
        capex_ratio=0.025,
        cash0=3.1e9,
        min_cash=1.5e9,
        target_cash=3.5e9,
        debt0=2.4e9,
        shares0=610e6,
        price0=41.0,
        price_growth=0.03,
        dividend_per_share=0.12,
        buys_back=True,
        dilution=0.008,
        revenue_concepts="switch",
        cost_concept="CostOfGoodsAndServicesSold",
        switch_fy=2021,
        restatements=tuple(
            Restatement(
                quarter=(2020, q),
                deltas={"revenue": d, "cost_of_revenue": d},
                effective=("10-Q", 2021, "Q1"),
                note="ASC 606 adoption (full retrospective) recast FY2020 revenue, gross basis",
            )
            for q, d in ((1, 41_200_000), (2, 27_600_000), (3, 24_900_000), (4, 30_300_000))
        ),
        # 4:1, as Apple's in August 2020: the FY2023 10-K restates FY2021-2022 EPS while the
        # FY2023 10-Qs keep FY2022's quarters as filed.
        split=StockSplit(effective=date(2023, 8, 25), ex_date=date(2023, 8, 28), ratio=4),
        form4_per_quarter=3,
    ),
    Company(
        cik=9990003,
        ticker="QSMC",
        name="Quillon Semiconductor Corp.",
        sic="3674",
        sic_description="Semiconductors & Related Devices",
        owner_org="04 Manufacturing",
        exchange="Nasdaq",
        calendar=FiscalCalendar("last_weekday", 1, weekday=6, extra_week_quarter=4),
        first_fy=2020,
        last_fy=2025,
        partial_quarters=2,
        category=CATEGORY_LARGE,
        state="CA",
        city="SAN JOSE",
        state_name="California",
        zip_code="95134",
        street="77 QUILLON DRIVE",
        phone="408-555-0103",
        ein="990000103",
        file_number="000-49903",
        gics_sector="Information Technology",
        gics_sub_industry="Semiconductors",
        sp_date_added="2019-11-04",
        founded="1997",
        seed=9990003,
        base_revenue=600e6,
        growth=0.05,
        seasonality=(0.97, 1.0, 1.02, 1.01),
        cost_ratio=0.41,
        rnd_ratio=0.21,
        sga_ratio=0.08,
        tax_rate=0.12,
        interest_rate=0.032,
        da_ratio=0.035,
        sbc_ratio=0.05,
        capex_ratio=0.04,
        cash0=1.6e9,
        min_cash=800e6,
        target_cash=3.0e9,
        debt0=2.0e9,
        shares0=410e6,
        price0=36.0,
        price_growth=0.06,
        dividend_per_share=0.04,
        buys_back=True,
        dilution=0.015,
        revenue_concepts="revenues",
        cost_concept="CostOfRevenue",
        shock={(2023, 3): 0.86, (2023, 4): 0.8, (2024, 1): 0.84, (2024, 2): 0.93},
        restatements=(
            Restatement(
                quarter=(2024, 4),
                deltas={"revenue": 63_500_000, "cost_of_revenue": 63_500_000},
                effective=("10-K", 2025, "FY"),
                note="FY2025 10-K restated FY2024 revenue (agent, not principal, for one program)",
            ),
        ),
        convertible_notes=ConvertibleNotes(
            quarter=(2024, 3), principal=1_150_000_000, equity_component=186_400_000
        ),
        form4_per_quarter=2,
    ),
    Company(
        cik=9990004,
        ticker="MRWT",
        name="Marrowind Therapeutics, Inc.",
        sic="2834",
        sic_description="Pharmaceutical Preparations",
        owner_org="03 Life Sciences",
        exchange="Nasdaq",
        calendar=FiscalCalendar("month_end", 6),
        first_fy=2020,
        last_fy=2025,
        partial_quarters=0,
        category=CATEGORY_SMALL,
        state="MA",
        city="WORCESTER",
        state_name="Massachusetts",
        zip_code="01608",
        street="9 MARROWIND PLACE, SUITE 300",
        phone="508-555-0104",
        ein="990000104",
        file_number="001-49904",
        gics_sector="Health Care",
        gics_sub_industry="Biotechnology",
        sp_date_added="2024-03-18",
        founded="2011",
        seed=9990004,
        base_revenue=24e6,
        growth=0.085,
        seasonality=(1.0, 1.0, 1.0, 1.0),
        cost_ratio=0.16,
        rnd_ratio=0.0,
        sga_ratio=0.0,
        tax_rate=0.08,
        interest_rate=0.045,
        da_ratio=0.02,
        sbc_ratio=0.08,
        capex_ratio=0.02,
        cash0=420e6,
        min_cash=250e6,
        target_cash=10e9,
        debt0=300e6,
        shares0=88e6,
        price0=27.0,
        price_growth=0.04,
        dividend_per_share=0.0,
        buys_back=False,
        dilution=0.03,
        revenue_concepts="revenues+slice",
        cost_concept="CostOfGoodsAndServicesSold",
        tags_gross_profit=False,
        revenue_slice_share=(0.68, 0.9),
        fixed_costs=(62e6, 21e6),
        valuation_allowance=True,
        form4_per_quarter=1,
    ),
    Company(
        cik=9990005,
        ticker="IVIH",
        name="Ironvale Industrial Holdings, Inc.",
        sic="3560",
        sic_description="General Industrial Machinery & Equipment",
        owner_org="04 Manufacturing",
        exchange="NYSE",
        calendar=FiscalCalendar("month_end", 12),
        first_fy=2019,
        last_fy=2024,
        partial_quarters=2,
        category=CATEGORY_LARGE,
        state="OH",
        city="AKRON",
        state_name="Ohio",
        zip_code="44308",
        street="3100 FOUNDRY STREET",
        phone="330-555-0105",
        ein="990000105",
        file_number="001-04905",
        gics_sector="Industrials",
        gics_sub_industry="Industrial Machinery & Supplies & Components",
        sp_date_added="1976-06-30",
        founded="1911",
        seed=9990005,
        base_revenue=1.0e9,
        growth=0.01,
        seasonality=(0.95, 1.03, 1.0, 1.02),
        cost_ratio=0.66,
        rnd_ratio=0.03,
        sga_ratio=0.17,
        tax_rate=0.23,
        interest_rate=0.045,
        da_ratio=0.035,
        sbc_ratio=0.01,
        capex_ratio=0.035,
        cash0=700e6,
        min_cash=450e6,
        target_cash=1.1e9,
        debt0=1.8e9,
        shares0=95e6,
        price0=96.0,
        price_growth=0.015,
        dividend_per_share=0.52,
        buys_back=True,
        dilution=0.006,
        revenue_concepts="rfc",
        cost_concept="CostOfGoodsAndServicesSold",
        restatements=(
            Restatement(
                quarter=(2022, 2),
                deltas={"revenue": 22_700_000, "cost_of_revenue": 22_700_000},
                effective=("10-K", 2022, "FY"),
                note="Q2 FY2022 freight pass-through restated net in the FY2022 10-K",
            ),
        ),
        revenue_fact_scale_error=("10-Q", 2024, "Q1"),
        facts_cik_as_string=True,
        overflow=True,
        former_name="IRONVALE FOUNDRY & MACHINE CO",
        form4_per_quarter=9,
    ),
    Company(
        cik=9990006,
        ticker="TLWD",
        name="Tallowmere Data Services, Ltd.",
        sic="7374",
        sic_description="Services-Computer Processing & Data Preparation",
        owner_org="06 Technology",
        exchange="NYSE",
        calendar=FiscalCalendar("month_end", 3),
        first_fy=2020,
        last_fy=2025,
        partial_quarters=1,
        category=CATEGORY_LARGE,
        state="TX",
        city="AUSTIN",
        state_name="Texas",
        zip_code="78701",
        street="600 TALLOWMERE AVENUE",
        phone="512-555-0106",
        ein="990000106",
        file_number="001-49906",
        gics_sector="Industrials",
        gics_sub_industry="Data Processing & Outsourced Services",
        sp_date_added="2017-09-18",
        founded="1999",
        seed=9990006,
        base_revenue=280e6,
        growth=0.02,
        seasonality=(0.98, 1.0, 1.03, 0.99),
        cost_ratio=0.48,
        rnd_ratio=0.08,
        sga_ratio=0.22,
        tax_rate=0.24,
        interest_rate=0.04,
        da_ratio=0.06,
        sbc_ratio=0.03,
        capex_ratio=0.05,
        cash0=380e6,
        min_cash=200e6,
        target_cash=520e6,
        debt0=900e6,
        shares0=118e6,
        price0=52.0,
        price_growth=0.02,
        dividend_per_share=0.0,
        buys_back=True,
        dilution=0.012,
        revenue_concepts="rfc",
        cost_concept="CostOfRevenue",
        facts_cik_as_string=True,
        submissions_cik_unpadded=True,
        comparative_diluted_shares_in_thousands=(2021, 2022),
        form4_per_quarter=2,
    ),
    Company(
        cik=9990007,
        ticker="CBKG",
        name="Cobblestone Kitchen Group, Inc.",
        sic="5812",
        sic_description="Retail-Eating Places",
        owner_org="07 Trade & Services",
        exchange="Nasdaq",
        calendar=FiscalCalendar("last_weekday", 12, weekday=5, extra_week_quarter=4),
        first_fy=2019,
        last_fy=2024,
        partial_quarters=2,
        category=CATEGORY_LARGE,
        state="TN",
        city="NASHVILLE",
        state_name="Tennessee",
        zip_code="37203",
        street="25 COBBLESTONE ROW",
        phone="615-555-0107",
        ein="990000107",
        file_number="000-49907",
        gics_sector="Consumer Discretionary",
        gics_sub_industry="Restaurants",
        sp_date_added="2015-07-01",
        founded="1993",
        seed=9990007,
        base_revenue=420e6,
        growth=0.015,
        seasonality=(0.96, 1.02, 1.01, 1.01),
        cost_ratio=0.78,
        rnd_ratio=0.0,
        sga_ratio=0.115,
        tax_rate=0.25,
        interest_rate=0.05,
        da_ratio=0.045,
        sbc_ratio=0.01,
        capex_ratio=0.06,
        cash0=160e6,
        min_cash=90e6,
        target_cash=10e9,
        debt0=650e6,
        shares0=58e6,
        price0=61.0,
        price_growth=0.012,
        dividend_per_share=0.34,
        buys_back=False,
        dilution=0.009,
        revenue_concepts="rfc",
        cost_concept="CostOfRevenue",
        tags_liabilities=False,
        shock={(2020, 2): 0.52, (2020, 3): 0.8, (2020, 4): 0.9, (2021, 1): 0.94},
        form4_per_quarter=2,
    ),
    Company(
        cik=9990008,
        ticker="VDHN",
        name="Veldhaven Agritech N.V.",
        sic="3523",
        sic_description="Farm Machinery & Equipment",
        owner_org="04 Manufacturing",
        exchange="NYSE",
        calendar=FiscalCalendar("month_end", 12),
        first_fy=2020,
        last_fy=2024,
        partial_quarters=0,
        category="",
        state="",
        city="EINDHOVEN",
        state_name="Netherlands",
        zip_code="5611 AZ",
        street="STRIJPSEWEG 140",
        phone="31 40 555 0108",
        ein="000000000",
        file_number="001-49908",
        gics_sector="Industrials",
        gics_sub_industry="Agricultural & Farm Machinery",
        sp_date_added="2022-12-19",
        founded="1962",
        seed=9990008,
        base_revenue=520e6,
        growth=0.012,
        seasonality=(0.92, 1.12, 1.04, 0.92),
        cost_ratio=0.71,
        rnd_ratio=0.04,
        sga_ratio=0.14,
        tax_rate=0.255,
        interest_rate=0.04,
        da_ratio=0.04,
        sbc_ratio=0.005,
        capex_ratio=0.045,
        cash0=640e6,
        min_cash=380e6,
        target_cash=10e9,
        debt0=1.1e9,
        shares0=212e6,
        price0=23.0,
        price_growth=0.01,
        dividend_per_share=0.09,
        buys_back=False,
        dilution=0.004,
        revenue_concepts="ifrs",
        cost_concept="CostOfSales",
        ifrs=True,
        nci_share=0.08,
        country=("Netherlands", "P7"),
        form4_per_quarter=0,
    ),
)


def company_by_ticker(ticker: str) -> Company:
    for c in COMPANIES:
        if c.ticker == ticker:
            return c
    raise KeyError(ticker)


#: us-gaap / dei concepts used by the demo: name -> (label, description). Labels follow the
#: taxonomy's standard labels (as the SEC API shows them); descriptions are short paraphrases.
CONCEPTS: dict[str, tuple[str, str]] = {
    "Revenues": (
        "Revenues",
        "Amount of revenue recognized from goods sold, services rendered, insurance premiums, or"
        " other activities that constitute an earning process.",
    ),
    "RevenueFromContractWithCustomerExcludingAssessedTax": (
        "Revenue from Contract with Customer, Excluding Assessed Tax",
        "Amount, excluding tax collected from customer, of revenue from satisfaction of"
        " performance obligation by transferring promised good or service to customer.",
    ),
    "SalesRevenueNet": (
        "Revenue, Net (Deprecated 2018-01-31)",
        "Total revenue from sale of goods and services rendered during the reporting period,"
        " reduced by sales returns and allowances, and sales discounts.",
    ),
    "CostOfRevenue": (
        "Cost of Revenue",
        "Amount of cost of product sold and service rendered, related to revenue generating"
        " activities.",
    ),
    "CostOfGoodsAndServicesSold": (
        "Cost of Goods and Services Sold",
        "Amount of product and service cost related to goods produced and sold and services"
        " rendered during the reporting period.",
    ),
    "GrossProfit": (
        "Gross Profit",
        "Aggregate revenue less cost of goods and services sold or operating expenses directly"
        " attributable to the revenue generation activity.",
    ),
    "ResearchAndDevelopmentExpense": (
        "Research and Development Expense",
        "Amount of expense for research and development, including costs of products for"
        " research and development purposes.",
    ),
    "SellingGeneralAndAdministrativeExpense": (
        "Selling, General and Administrative Expense",
        "Amount of expense related to selling products or services and to managing the"
        " business, excluding those included in cost of revenue.",
    ),
    "OperatingIncomeLoss": (
        "Operating Income (Loss)",
        "The net result for the period of deducting operating expenses from operating revenues.",
    ),
    "InterestExpense": (
        "Interest Expense",
        "Amount of the cost of borrowed funds accounted for as interest expense.",
    ),
    "OtherNonoperatingIncomeExpense": (
        "Other Nonoperating Income (Expense)",
        "Amount of income (expense) related to nonoperating activities, classified as other.",
    ),
    "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest": (
        "Income (Loss) from Continuing Operations before Income Taxes, Noncontrolling Interest",
        "Amount of income (loss) from continuing operations, including income (loss) from"
        " equity method investments, before deduction of income tax expense (benefit).",
    ),
    "IncomeTaxExpenseBenefit": (
        "Income Tax Expense (Benefit)",
        "Amount of current income tax expense (benefit) and deferred income tax expense"
        " (benefit) pertaining to continuing operations.",
    ),
    "NetIncomeLoss": (
        "Net Income (Loss) Attributable to Parent",
        "The portion of profit or loss for the period, net of income taxes, which is"
        " attributable to the parent.",
    ),
    "EarningsPerShareBasic": (
        "Earnings Per Share, Basic",
        "The amount of net income (loss) for the period per each share of common stock"
        " outstanding during the reporting period.",
    ),
    "EarningsPerShareDiluted": (
        "Earnings Per Share, Diluted",
        "The amount of net income (loss) for the period per each share of common stock and"
        " dilutive common stock equivalents outstanding during the reporting period.",
    ),
    "WeightedAverageNumberOfSharesOutstandingBasic": (
        "Weighted Average Number of Shares Outstanding, Basic",
        "Number of weighted average shares outstanding used to calculate basic earnings per share.",
    ),
    "WeightedAverageNumberOfDilutedSharesOutstanding": (
        "Weighted Average Number of Shares Outstanding, Diluted",
        "Number of weighted average shares and dilutive potential shares used to calculate"
        " diluted earnings per share.",
    ),
    "StockholdersEquityNoteStockSplitConversionRatio1": (
        "Stockholders' Equity Note, Stock Split, Conversion Ratio",
        "Ratio applied to the conversion of stock split, for example, one share converted to"
        " two or two shares converted to one.",
    ),
    "CashAndCashEquivalentsAtCarryingValue": (
        "Cash and Cash Equivalents, at Carrying Value",
        "Amount of currency on hand as well as demand deposits with banks and short-term,"
        " highly liquid investments.",
    ),
    "AssetsCurrent": (
        "Assets, Current",
        "Sum of the carrying amounts of all assets expected to be realized in cash, sold, or"
        " consumed within one year or the normal operating cycle.",
    ),
    "Assets": (
        "Assets",
        "Sum of the carrying amounts as of the balance sheet date of all assets that are"
        " recognized.",
    ),
    "LiabilitiesCurrent": (
        "Liabilities, Current",
        "Total obligations incurred as part of normal operations that are expected to be paid"
        " within one year or the normal operating cycle.",
    ),
    "Liabilities": (
        "Liabilities",
        "Sum of the carrying amounts as of the balance sheet date of all liabilities that are"
        " recognized.",
    ),
    "LongTermDebtNoncurrent": (
        "Long-term Debt, Excluding Current Maturities",
        "Amount, after deduction of unamortized premium (discount) and debt issuance costs, of"
        " long-term debt classified as noncurrent.",
    ),
    "DebtInstrumentConvertibleCarryingAmountOfTheEquityComponent": (
        "Debt Instrument, Convertible, Carrying Amount of Equity Component",
        "The carrying amount of the equity component of convertible debt which may be settled"
        " in cash upon conversion.",
    ),
    "StockholdersEquity": (
        "Stockholders' Equity Attributable to Parent",
        "Amount of equity (deficit) attributable to the parent, excluding noncontrolling interest.",
    ),
    "LiabilitiesAndStockholdersEquity": (
        "Liabilities and Equity",
        "Amount of liabilities and equity items, including the portion of equity attributable"
        " to noncontrolling interests, if any.",
    ),
    "NetCashProvidedByUsedInOperatingActivities": (
        "Net Cash Provided by (Used in) Operating Activities",
        "Amount of cash inflow (outflow) from operating activities.",
    ),
    "NetCashProvidedByUsedInInvestingActivities": (
        "Net Cash Provided by (Used in) Investing Activities",
        "Amount of cash inflow (outflow) from investing activities.",
    ),
    "NetCashProvidedByUsedInFinancingActivities": (
        "Net Cash Provided by (Used in) Financing Activities",
        "Amount of cash inflow (outflow) from financing activities.",
    ),
    "PaymentsToAcquirePropertyPlantAndEquipment": (
        "Payments to Acquire Property, Plant, and Equipment",
        "The cash outflow for purchases of and capital improvements on property, plant and"
        " equipment held for productive use.",
    ),
    "DepreciationDepletionAndAmortization": (
        "Depreciation, Depletion and Amortization",
        "Amount of expense recognized in the current period that reflects the allocation of the"
        " cost of tangible and intangible assets over their useful lives.",
    ),
    "PaymentsOfDividends": (
        "Payments of Dividends",
        "Cash outflow in the form of capital distributions and dividends to common"
        " shareholders, preferred shareholders and noncontrolling interests.",
    ),
    "PaymentsForRepurchaseOfCommonStock": (
        "Payments for Repurchase of Common Stock",
        "The cash outflow to reacquire common stock during the period.",
    ),
    "EntityCommonStockSharesOutstanding": (
        "Entity Common Stock, Shares Outstanding",
        "Number of shares of the registrant's common stock outstanding, as stated on the"
        " cover of the related periodic report.",
    ),
    "EntityPublicFloat": (
        "Entity Public Float",
        "The aggregate market value of the voting and non-voting common equity held by"
        " non-affiliates, as of the last business day of the second fiscal quarter.",
    ),
}

#: ifrs-full concepts used by the IFRS filer. The SEC's companyfacts API gives ifrs-full elements
#: no label and no description (both null, as in real 20-F filers' files), so neither do we.
IFRS_CONCEPTS: frozenset[str] = frozenset(
    {
        "Revenue",
        "CostOfSales",
        "GrossProfit",
        "ProfitLossFromOperatingActivities",
        "FinanceCosts",
        "ProfitLossBeforeTax",
        "IncomeTaxExpenseContinuingOperations",
        "ProfitLoss",
        "ProfitLossAttributableToOwnersOfParent",
        "ProfitLossAttributableToNoncontrollingInterests",
        "BasicEarningsLossPerShare",
        "DilutedEarningsLossPerShare",
        "WeightedAverageShares",
        "AdjustedWeightedAverageShares",
        "CashAndCashEquivalents",
        "CurrentAssets",
        "Assets",
        "CurrentLiabilities",
        "Liabilities",
        "EquityAttributableToOwnersOfParent",
        "NoncontrollingInterests",
        "Equity",
        "EquityAndLiabilities",
        "CashFlowsFromUsedInOperations",
        "InterestPaidClassifiedAsOperatingActivities",
        "IncomeTaxesPaidRefundClassifiedAsOperatingActivities",
        "CashFlowsFromUsedInInvestingActivities",
        "CashFlowsFromUsedInFinancingActivities",
        "IncreaseDecreaseInCashAndCashEquivalents",
        "PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities",
        "AdjustmentsForDepreciationAndAmortisationExpense",
        "DividendsPaidClassifiedAsFinancingActivities",
    }
)
