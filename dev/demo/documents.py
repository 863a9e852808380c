"""Synthetic 10-K and 10-Q primary documents for the demo mirror (recorded EDGAR shape).

`document_files(company, truth, filings, pending_of)` returns the mirror files
`www.sec.gov/Archives/edgar/data/<cik>/<accession without dashes>/<primary document>` of every
10-K and 10-Q with XBRL facts filed on or after 2024-01-01: HTML with a cover page, a table of
contents (whose "Item" lines the parser must not take for headings), every Regulation S-K item,
statements in thousands and numbered notes. Figures are the filing's view of the ground truth,
the same numbers its XBRL facts carry; the cover's share count and public float are read from the
company facts the generator builds, so cover and dei facts agree. Same inputs, same bytes.
"""

from __future__ import annotations

import random
from calendar import day_name
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dev.demo import documents_html as h
from dev.demo import documents_statements as st
from dev.demo.documents_html import Column
from dev.demo.documents_text import COMMON_RISKS, NARRATIVES
from dev.demo.model import QuarterKey, Truth
from dev.demo.profiles import CATEGORY_LARGE, Company, Restatement

if TYPE_CHECKING:
    from dev.demo.generator import Filing

#: Documents are written for periodic reports filed from this date on.
FIRST_FILED = date(2024, 1, 1)
PERIODIC_FORMS = ("10-K", "10-Q")
ARCHIVES = "www.sec.gov/Archives/edgar/data"
IN_THOUSANDS = "(in thousands, except per share amounts)"
AUDITOR = "Harrowgate & Lisle LLP"

TEN_K_ITEMS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("PART I", (
        ("1", "Business"), ("1A", "Risk Factors"), ("1B", "Unresolved Staff Comments"),
        ("1C", "Cybersecurity"), ("2", "Properties"), ("3", "Legal Proceedings"),
        ("4", "Mine Safety Disclosures"),
    )),
    ("PART II", (
        ("5", "Market for Registrant’s Common Equity, Related Stockholder Matters and Issuer"
              " Purchases of Equity Securities"),
        ("6", "[Reserved]"),
        ("7", "Management’s Discussion and Analysis of Financial Condition and Results of"
              " Operations"),
        ("7A", "Quantitative and Qualitative Disclosures About Market Risk"),
        ("8", "Financial Statements and Supplementary Data"),
        ("9", "Changes in and Disagreements with Accountants on Accounting and Financial"
              " Disclosure"),
        ("9A", "Controls and Procedures"), ("9B", "Other Information"),
        ("9C", "Disclosure Regarding Foreign Jurisdictions that Prevent Inspections"),
    )),
    ("PART III", (
        ("10", "Directors, Executive Officers and Corporate Governance"),
        ("11", "Executive Compensation"),
        ("12", "Security Ownership of Certain Beneficial Owners and Management and Related"
               " Stockholder Matters"),
        ("13", "Certain Relationships and Related Transactions, and Director Independence"),
        ("14", "Principal Accountant Fees and Services"),
    )),
    ("PART IV", (("15", "Exhibit and Financial Statement Schedules"), ("16", "Form 10-K Summary"))),
)  # fmt: skip

TEN_Q_ITEMS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("PART I — FINANCIAL INFORMATION", (
        ("1", "Financial Statements"),
        ("2", "Management’s Discussion and Analysis of Financial Condition and Results of"
              " Operations"),
        ("3", "Quantitative and Qualitative Disclosures About Market Risk"),
        ("4", "Controls and Procedures"),
    )),
    ("PART II — OTHER INFORMATION", (
        ("1", "Legal Proceedings"), ("1A", "Risk Factors"),
        ("2", "Unregistered Sales of Equity Securities and Use of Proceeds"),
        ("3", "Defaults Upon Senior Securities"), ("4", "Mine Safety Disclosures"),
        ("5", "Other Information"), ("6", "Exhibits"),
    )),
)  # fmt: skip

_FIRST_NAMES = ("Avery", "Jordan", "Morgan", "Rowan", "Elena", "Priya", "Marcus", "Helen", "Tobias")
_LAST_NAMES = ("Calloway", "Ashdown", "Brennick", "Okafor", "Lindqvist", "Marchetti", "Pryor")


def document_path(c: Company, f: Filing) -> str:
    """Mirror path of a filing's primary document (EDGAR Archives layout)."""
    return f"{ARCHIVES}/{c.cik}/{f.accn.replace('-', '')}/{f.primary_document}"


def wants_document(f: Filing) -> bool:
    """10-Ks and 10-Qs (not amendments) with XBRL facts, filed on or after FIRST_FILED."""
    return f.form in PERIODIC_FORMS and f.has_facts and f.filed >= FIRST_FILED


def document_files(
    c: Company,
    truth: Truth,
    filings: list[Filing],
    pending_of: Callable[[Filing], tuple[Restatement, ...]],
) -> dict[str, bytes]:
    """Mirror path → HTML bytes of every 10-K/10-Q primary document the demo carries."""
    wanted = [f for f in filings if wants_document(f)]
    if not wanted:
        return {}
    cover = _cover_facts(c, truth, filings)
    out: dict[str, bytes] = {}
    for f in wanted:
        pending = pending_of(f)
        split = c.split is not None and c.split.applies(f.accepted.date())
        data = truth.view(pending, split=split)
        ctx = _Context(c, truth, f, st.Figures(c, truth, data, NARRATIVES[c.cik]), pending,
                       cover.get(f.accn, {}))  # fmt: skip
        out[document_path(c, f)] = _ten_k(ctx) if f.form == "10-K" else _ten_q(ctx)
    return out


def _cover_facts(c: Company, truth: Truth, filings: list[Filing]) -> dict[str, dict[str, int]]:
    """accession → dei cover values (shares outstanding, public float) from the company facts."""
    from dev.demo.generator import build_facts  # the generator imports this module

    dei = build_facts(c, truth, filings)["facts"]["dei"]
    out: dict[str, dict[str, int]] = {}
    for concept, unit in (("EntityCommonStockSharesOutstanding", "shares"),
                          ("EntityPublicFloat", "USD")):  # fmt: skip
        for fact in dei.get(concept, {}).get("units", {}).get(unit, []):
            out.setdefault(fact["accn"], {})[concept] = int(fact["val"])
    return out


@dataclass(frozen=True)
class _Context:
    company: Company
    truth: Truth
    filing: Filing
    fig: st.Figures
    pending: tuple[Restatement, ...]
    cover: dict[str, int]

    @property
    def quarter(self) -> QuarterKey:
        assert self.filing.quarter is not None
        return self.filing.quarter

    @property
    def rng(self) -> random.Random:
        """Stable per company and filing (phrasing choices, page numbers)."""
        fy, q = self.quarter
        return random.Random(self.company.cik * 1000 + fy * 10 + q)

    def year(self, fy: int) -> st.Period:
        return tuple(k for k in self.truth.keys if k[0] == fy)

    def end(self, k: QuarterKey) -> date:
        return self.truth.bounds[k][1]

    def footer(self) -> str:
        fy = self.quarter[0]
        if self.filing.form == "10-K":
            return f"{self.company.name} | {fy} Form 10-K"
        return f"{self.company.name} | Q{self.quarter[1]} {fy} Form 10-Q"


# ------------------------------------------------------------------------------------------------
# Shared pieces
# ------------------------------------------------------------------------------------------------


def _people(c: Company) -> tuple[str, str]:
    rng = random.Random(c.cik)
    first = rng.sample(_FIRST_NAMES, 2)
    last = rng.sample(_LAST_NAMES, 2)
    return f"{first[0]} {last[0]}", f"{first[1]} {last[1]}"


def _exchange(c: Company) -> str:
    return "The Nasdaq Stock Market LLC" if c.exchange == "Nasdaq" else "New York Stock Exchange"


def _cover(ctx: _Context) -> list[str]:
    c, f = ctx.company, ctx.filing
    end = ctx.end(ctx.quarter)
    annual = f.form == "10-K"
    report = "ANNUAL" if annual else "QUARTERLY"
    period = "fiscal year" if annual else "quarterly period"
    state = "Ohio" if c.overflow else "Delaware"
    large = c.category == CATEGORY_LARGE
    mark = ("☒", "☐") if large else ("☐", "☒")
    parts = [
        h.centered("UNITED STATES"),
        h.heading("SECURITIES AND EXCHANGE COMMISSION", center=True),
        h.centered("Washington, D.C. 20549"),
        h.heading(f"FORM {f.form}", center=True),
        h.centered("(Mark One)"),
        h.para(f"☒ {report} REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE"
               " ACT OF 1934"),
        h.centered(f"For the {period} ended {h.long_date(end)}"),
        h.centered("or"),
        h.para("☐ TRANSITION REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE"
               " ACT OF 1934"),
        h.centered(f"Commission File Number: {c.file_number}"),
        h.heading(c.name, center=True),
        h.centered("(Exact name of Registrant as specified in its charter)"),
        h.text_table([
            [state, f"{c.ein[:2]}-{c.ein[2:]}"],
            ["(State or other jurisdiction of incorporation or organization)",
             "(I.R.S. Employer Identification No.)"],
            [f"{c.street.title()}, {c.city.title()}, {c.state_name}", c.zip_code],
            ["(Address of principal executive offices)", "(Zip Code)"],
        ]),
        h.centered(c.phone),
        h.centered("(Registrant’s telephone number, including area code)"),
        h.para("Securities registered pursuant to Section 12(b) of the Act:"),
        h.text_table(
            [["Common Stock, $0.001 par value per share", c.ticker, _exchange(c)]],
            header=["Title of each class", "Trading symbol(s)",
                    "Name of each exchange on which registered"],
        ),
        h.para("Indicate by check mark whether the registrant is a large accelerated filer, an"
               " accelerated filer, a non-accelerated filer, a smaller reporting company, or an"
               " emerging growth company."),
        h.text_table([
            ["Large accelerated filer", mark[0], "Accelerated filer", "☐"],
            ["Non-accelerated filer", mark[1], "Smaller reporting company", mark[1]],
            ["Emerging growth company", "☐", "", ""],
        ]),
    ]  # fmt: skip
    float_ = ctx.cover.get("EntityPublicFloat")
    if annual and float_ is not None:
        q2_end = ctx.end((ctx.quarter[0], 2))
        parts.append(h.para(
            "The aggregate market value of the voting and non-voting stock held by"
            f" non-affiliates of the registrant, as of {h.long_date(q2_end)}, the last business"
            " day of the registrant’s most recently completed second fiscal quarter, was"
            f" approximately ${float_:,}."
        ))  # fmt: skip
    shares = ctx.cover.get("EntityCommonStockSharesOutstanding")
    if shares is not None and f.cover_date is not None:
        parts.append(h.para(
            f"{shares:,} shares of common stock were issued and outstanding as of"
            f" {h.long_date(f.cover_date)}."
        ))  # fmt: skip
    if annual:
        parts += [
            h.heading("DOCUMENTS INCORPORATED BY REFERENCE", center=True),
            h.para("Portions of the registrant’s definitive Proxy Statement relating to its"
                   " annual meeting of stockholders are incorporated by reference into Part III"
                   " of this Annual Report on Form 10-K where indicated."),
        ]  # fmt: skip
    return parts


def _contents(items: Sequence[tuple[str, Sequence[tuple[str, str]]]], rng: random.Random) -> str:
    """TABLE OF CONTENTS: PART rows and "Item N." | title | page rows."""
    rows = []
    page = 2 + rng.randint(0, 2)
    for part, entries in items:
        rows.append([part, "", ""])
        for key, title in entries:
            rows.append([f"Item {key}.", title, str(page)])
            page += rng.randint(1, 6)
    return h.heading("TABLE OF CONTENTS", center=True) + h.text_table(rows, header=["", "", "Page"])


class _Pages:
    """Running page numbers for the footers closing each item."""

    def __init__(self, footer: str, first: int) -> None:
        self.footer, self.page = footer, first

    def close(self) -> str:
        self.page += 1
        return h.page_footer(self.footer, self.page - 1)


def _item(key: str, title: str) -> str:
    return h.heading(f"Item {key}. {title}")


def _signatures(ctx: _Context) -> list[str]:
    ceo, cfo = _people(ctx.company)
    return [
        h.heading("SIGNATURES", center=True),
        h.para("Pursuant to the requirements of the Securities Exchange Act of 1934, the"
               " registrant has duly caused this report to be signed on its behalf by the"
               " undersigned, thereunto duly authorized."),
        h.text_table([
            [ctx.company.name, ""],
            [f"Date: {h.long_date(ctx.filing.filed)}", f"By: /s/ {ceo}"],
            ["", "Chief Executive Officer"],
            [f"Date: {h.long_date(ctx.filing.filed)}", f"By: /s/ {cfo}"],
            ["", "Chief Financial Officer"],
        ]),
    ]  # fmt: skip


def _exhibits(annual: bool) -> str:
    rows = [
        ["31.1", "Certification of Chief Executive Officer pursuant to Rule 13a-14(a)"],
        ["31.2", "Certification of Chief Financial Officer pursuant to Rule 13a-14(a)"],
        ["32.1", "Certifications pursuant to 18 U.S.C. Section 1350"],
        ["101.INS", "Inline XBRL Instance Document"],
        ["104", "Cover Page Interactive Data File (embedded within the Inline XBRL document)"],
    ]
    if annual:
        rows.insert(0, ["21.1", "Subsidiaries of the Registrant"])
        rows.insert(1, ["23.1", f"Consent of {AUDITOR}, independent registered public"
                                " accounting firm"])  # fmt: skip
    return h.text_table(rows, header=["Exhibit Number", "Exhibit Description"])


def _trading_plans(ctx: _Context) -> str:
    quarter = "fourth quarter of fiscal" if ctx.filing.form == "10-K" else "quarter ended"
    when = (
        f"{quarter} {ctx.quarter[0]}"
        if ctx.filing.form == "10-K"
        else f"{quarter} {h.long_date(ctx.end(ctx.quarter))}"
    )
    return h.para(
        f"During the {when}, none of our directors or officers adopted or terminated a Rule"
        " 10b5-1 trading arrangement or a non-Rule 10b5-1 trading arrangement."
    )


def _controls(ctx: _Context) -> list[str]:
    ceo_cfo = "our Chief Executive Officer and Chief Financial Officer"
    end = h.long_date(ctx.end(ctx.quarter))
    parts = [
        h.para(f"Our management, with the participation of {ceo_cfo}, evaluated the"
               f" effectiveness of our disclosure controls and procedures as of {end}. Based on"
               " that evaluation, they concluded that our disclosure controls and procedures were"
               " effective at the reasonable assurance level."),
        h.para("There were no changes in our internal control over financial reporting during the"
               " most recent fiscal quarter that materially affected, or are reasonably likely to"
               " materially affect, our internal control over financial reporting."),
    ]  # fmt: skip
    if ctx.filing.form == "10-K":
        parts.insert(1, h.para(
            "Management assessed the effectiveness of our internal control over financial"
            f" reporting as of {end} using the criteria of the Internal Control — Integrated"
            " Framework (2013) issued by the Committee of Sponsoring Organizations of the Treadway"
            f" Commission and concluded that it was effective. {AUDITOR} has audited the"
            " effectiveness of our internal control over financial reporting."
        ))  # fmt: skip
    return parts


def _results_table(ctx: _Context, cur: st.Period, prior: st.Period, cur_h: str, prior_h: str,
                   group: str) -> str:  # fmt: skip
    """MD&A comparison: key lines for two periods and the percentage change."""
    fig = ctx.fig
    columns = [Column(group, cur_h), Column(group, prior_h), Column("", "Change")]
    fields = [("revenue", fig.narrative.revenue_label)]
    if ctx.company.tags_gross_profit:
        fields.append(("gross_profit", "Gross profit"))
    fields += [("operating_income", "Operating income (loss)"), ("net_income", "Net income (loss)")]
    rows = []
    for field, label in fields:
        a, b = fig.flow(field, cur), fig.flow(field, prior)
        sign = "$" if field == "revenue" else ""
        values = (sign + h.thousands(a), sign + h.thousands(b), h.percent(h.change(a, b)))
        rows.append(h.Row(label, values, kind=h.TEXT))
    return h.centered("(dollars in thousands)") + h.statement_table(columns, rows)


def _results_prose(ctx: _Context, cur: st.Period, prior: st.Period, label: str) -> str:
    fig = ctx.fig
    rev, rev0 = fig.flow("revenue", cur), fig.flow("revenue", prior)
    net, net0 = fig.flow("net_income", cur), fig.flow("net_income", prior)
    delta = h.change(rev, rev0) or 0.0
    direction = "increased" if rev >= rev0 else "decreased"
    income = "net income" if net >= 0 else "a net loss"
    income0 = "net income" if net0 >= 0 else "a net loss"
    return h.para(
        f"{fig.narrative.revenue_label} {direction} {abs(delta):.1f}% to"
        f" {h.millions(rev)} for {label}, compared with {h.millions(rev0)} a year earlier."
        f" {fig.narrative.drivers} We reported {income} of {h.millions(abs(net))}, compared with"
        f" {income0} of {h.millions(abs(net0))}."
    )


def _margins_prose(ctx: _Context, cur: st.Period, prior: st.Period, label: str) -> str:
    """Gross margin, operating expenses and the tax rate, with the prior-year comparison."""
    fig = ctx.fig
    rev, rev0 = fig.flow("revenue", cur), fig.flow("revenue", prior)
    cost, cost0 = fig.flow("cost_of_revenue", cur), fig.flow("cost_of_revenue", prior)
    opex = fig.flow("selling_general_administrative", cur)
    if fig.has_rnd:
        opex += fig.flow("research_and_development", cur)
    operating = fig.flow("operating_income", cur)
    pretax, tax = fig.flow("pretax_income", cur), fig.flow("income_tax", cur)
    margin = f"{(rev - cost) / rev * 100:.1f}%" if rev else "—"
    margin0 = f"{(rev0 - cost0) / rev0 * 100:.1f}%" if rev0 else "—"
    tax_text = (
        f"Our effective tax rate was {tax / pretax * 100:.1f}%."
        if pretax > 0
        else f"We recorded an income tax {'benefit' if tax < 0 else 'expense'} of"
        f" {h.millions(abs(tax))} on a pre-tax loss."
    )
    return h.para(
        f"Gross margin was {margin} of {fig.narrative.revenue_label.lower()} for {label},"
        f" compared with {margin0} a year earlier. Operating expenses were {h.millions(opex)}, or"
        f" {opex / rev * 100:.1f}% of {fig.narrative.revenue_label.lower()}, and operating"
        f" {'income' if operating >= 0 else 'loss'} was {h.millions(abs(operating))}. {tax_text}"
    )


def _capital_prose(ctx: _Context, period: st.Period, label: str) -> str:
    """Capital expenditure, shareholder returns and the investing and financing totals."""
    fig = ctx.fig
    uses = [f"invested {h.millions(fig.flow('capex', period))} in property and equipment"]
    if buybacks := fig.flow("buybacks", period):
        uses.append(f"repurchased common stock for {h.millions(buybacks)}")
    if dividends := fig.flow("dividends", period):
        uses.append(f"paid dividends of {h.millions(dividends)}")
    if debt := fig.flow("debt_change", period):
        verb = "borrowed" if debt > 0 else "repaid"
        uses.append(f"{verb} {h.millions(abs(debt))} of debt")
    listed = ", ".join(uses[:-1]) + (" and " if len(uses) > 1 else "") + uses[-1]
    cfi, cff = fig.flow("cash_from_investing", period), fig.flow("cash_from_financing", period)
    return h.para(
        f"During {label} we {listed}. Net cash {'used in' if cfi < 0 else 'provided by'}"
        f" investing activities was {h.millions(abs(cfi))}, and net cash"
        f" {'used in' if cff < 0 else 'provided by'} financing activities was"
        f" {h.millions(abs(cff))}."
    )


# ------------------------------------------------------------------------------------------------
# Form 10-K
# ------------------------------------------------------------------------------------------------


def _ten_k(ctx: _Context) -> bytes:
    c, f, fig = ctx.company, ctx.filing, ctx.fig
    n = fig.narrative
    fy = ctx.quarter[0]
    years = [ctx.year(y) for y in (fy, fy - 1, fy - 2)]
    dates = [(fy, 4), (fy - 1, 4)]
    year_cols = [Column("Fiscal Year Ended", h.long_date(ctx.end(p[-1]))) for p in years]
    date_cols = [Column("As of", h.long_date(ctx.end(k))) for k in dates]
    rng = ctx.rng
    pages = _Pages(ctx.footer(), 3)
    items = {key: title for _, entries in TEN_K_ITEMS for key, title in entries}
    ceo, _ = _people(c)
    days = (ctx.end(years[0][-1]) - ctx.truth.bounds[years[0][0]][0]).days + 1
    weeks = days // 7 if c.calendar.kind == "last_weekday" else 0  # 0: a calendar-month year
    restated = tuple(r for r in c.restatements if r.effective == (f.form, f.fy, f.fp))

    body = [
        *_cover(ctx),
        _contents(TEN_K_ITEMS, rng),
        h.heading("FORWARD-LOOKING STATEMENTS"),
        h.para("This Annual Report on Form 10-K contains forward-looking statements that involve"
               " risks and uncertainties. Actual results could differ materially; factors that"
               " could cause such differences include those discussed in Part I, Item 1A of this"
               " Form 10-K under the heading “Risk Factors.” We assume no obligation to update"
               " any forward-looking statements."),
        pages.close(),
        h.heading("PART I", center=True),
        _item("1", items["1"]),
        h.para(n.summary + f" Our common stock trades on {_exchange(c)} under the symbol"
               f" {c.ticker}. Our fiscal year {fy} ended on {h.long_date(ctx.end((fy, 4)))}."),
        *(h.para(p) for p in n.business),
        h.subheading("Intellectual Property and Regulation"),
        h.para("We rely on a combination of patents, trademarks, copyrights, trade secrets and"
               " contractual restrictions to protect our proprietary technology and brands. Our"
               " operations are subject to laws on employment, environmental matters, competition,"
               " data protection and taxation in the jurisdictions where we do business;"
               " complying with them has not had a material effect on our capital expenditures,"
               " earnings or competitive position."),
        h.subheading("Human Capital"),
        h.para(f"As of the end of fiscal {fy} we had approximately"
               f" {n.employees + rng.randint(-3, 3) * n.employees // 100:,} full-time employees."
               " We invest in training, competitive pay and benefits, and we survey employee"
               " engagement every year."),
        h.subheading("Available Information"),
        h.para("We file annual, quarterly and current reports, proxy statements and other"
               " information with the SEC. Our reports are available free of charge on our"
               " investor relations website as soon as reasonably practicable after filing."),
        pages.close(),
        _item("1A", items["1A"]),
        h.para("An investment in our common stock involves risks. You should carefully consider"
               " the risks described below, together with the other information in this report,"
               " including our consolidated financial statements and related notes."),
        h.subheading("Risks Related to Our Business and Industry"),
        *_risks(n.risks),
        h.subheading("Risks Related to Economic Conditions and Our Common Stock"),
        *_risks(COMMON_RISKS),
        pages.close(),
        _item("1B", items["1B"]), h.para("None."),
        _item("1C", items["1C"]),
        h.para("We maintain a cybersecurity risk management program designed to identify, assess"
               " and manage material risks from cybersecurity threats to our information systems"
               " and data. The program follows recognized frameworks, includes regular"
               " penetration testing and tabletop exercises, and oversees the cybersecurity"
               " practices of third-party service providers."),
        h.para("Our Chief Information Security Officer leads the program and reports at least"
               " quarterly to the Audit Committee of our Board of Directors. We are not aware of"
               " any cybersecurity incident that has materially affected, or is reasonably likely"
               f" to materially affect, {c.name}, its results of operations or financial"
               " condition."),
        _item("2", items["2"]),
        h.para(f"Our corporate headquarters is located at {c.street.title()}, {c.city.title()},"
               f" {c.state_name}, and occupies approximately"
               f" {random.Random(c.cik).randint(90, 420) * 1000:,} square feet. {n.properties}"),
        _item("3", items["3"]),
        h.para(n.legal + " For more information, see Note 7 – Commitments and Contingencies in"
               " Part II, Item 8 of this report."),
        _item("4", items["4"]), h.para("Not applicable."),
        pages.close(),
        h.heading("PART II", center=True),
        _item("5", items["5"]),
        *_market_for_equity(ctx, years[0]),
        _item("6", items["6"]), h.para("[Reserved]"),
        pages.close(),
        _item("7", items["7"]),
        *_mdna_annual(ctx, years, weeks, restated),
        pages.close(),
        _item("7A", items["7A"]),
        h.para(n.market_risk + " As of " + h.long_date(ctx.end((fy, 4))) + ", our long-term debt"
               f" was {h.millions(fig.balances('long_term_debt', [(fy, 4)])[0])}."),
        pages.close(),
        _item("8", items["8"]),
        h.heading("REPORT OF INDEPENDENT REGISTERED PUBLIC ACCOUNTING FIRM", center=True),
        h.para(f"To the Stockholders and Board of Directors of {c.name}: We have audited the"
               f" accompanying consolidated balance sheets of {c.name} as of"
               f" {h.long_date(ctx.end(dates[0]))} and {h.long_date(ctx.end(dates[1]))}, and the"
               " related consolidated statements of operations and cash flows for each of the"
               f" three fiscal years in the period ended {h.long_date(ctx.end(dates[0]))}. In our"
               " opinion, the financial statements present fairly, in all material respects, the"
               " financial position of the Company and the results of its operations and its cash"
               " flows in conformity with U.S. generally accepted accounting principles."),
        h.para(f"/s/ {AUDITOR}. We have served as the Company’s auditor since"
               f" {1990 + c.cik % 25}."),
        pages.close(),
        h.centered(c.name),
        h.statement("CONSOLIDATED STATEMENTS OF OPERATIONS", IN_THOUSANDS, year_cols,
                    st.income_rows(fig, years)),
        h.para("See accompanying Notes to Consolidated Financial Statements."),
        pages.close(),
        h.centered(c.name),
        h.statement("CONSOLIDATED BALANCE SHEETS", "(in thousands)", date_cols,
                    st.balance_rows(fig, dates)),
        pages.close(),
        h.centered(c.name),
        h.statement("CONSOLIDATED STATEMENTS OF CASH FLOWS", "(in thousands)", year_cols,
                    st.cash_flow_rows(fig, years)),
        pages.close(),
        h.heading("NOTES TO CONSOLIDATED FINANCIAL STATEMENTS", center=True),
        *_annual_notes(ctx, years, dates, year_cols, date_cols, weeks, restated),
        pages.close(),
        _item("9", items["9"]), h.para("None."),
        _item("9A", items["9A"]), *_controls(ctx),
        _item("9B", items["9B"]), _trading_plans(ctx),
        _item("9C", items["9C"]), h.para("Not applicable."),
        pages.close(),
        h.heading("PART III", center=True),
        *_part_three(items),
        pages.close(),
        h.heading("PART IV", center=True),
        _item("15", items["15"]),
        h.para("(a) The consolidated financial statements listed in Part II, Item 8 are filed as"
               " part of this report. Financial statement schedules are omitted because they are"
               " not required or the information is shown in the financial statements or notes."),
        _exhibits(annual=True),
        _item("16", items["16"]), h.para("None."),
        *_signatures(ctx),
        h.para(f"/s/ {ceo}, Chief Executive Officer and Director"),
    ]  # fmt: skip
    return h.document(f.primary_document.removesuffix(".htm"), body)


def _risks(risks: Sequence[tuple[str, str]]) -> list[str]:
    out = []
    for title, text in risks:
        out += [h.heading(title), h.para(text)]
    return out


def _market_for_equity(ctx: _Context, year: st.Period) -> list[str]:
    c, fig = ctx.company, ctx.fig
    holders = random.Random(c.cik).randint(180, 2400)
    parts = [
        h.para(f"Our common stock is traded on {_exchange(c)} under the symbol {c.ticker}. As of"
               f" {h.long_date(ctx.filing.cover_date or ctx.filing.filed)}, there were"
               f" {holders:,} holders of record of our common stock."),
    ]  # fmt: skip
    dividends = fig.flow("dividends", year)
    if c.dividend_per_share and dividends:
        parts.append(
            h.para(
                f"We paid cash dividends totaling {h.millions(dividends)} during"
                f" fiscal {ctx.quarter[0]} and expect to continue paying quarterly"
                " dividends, subject to approval by our Board of Directors."
            )
        )
    elif c.dividend_per_share:
        parts.append(
            h.para(
                f"We suspended our quarterly dividend during fiscal"
                f" {ctx.quarter[0]} to preserve liquidity."
            )
        )
    else:
        parts.append(
            h.para(
                "We have never declared or paid cash dividends on our common stock"
                " and do not expect to do so in the foreseeable future."
            )
        )
    buybacks = fig.flow("buybacks", year)
    if buybacks:
        parts.append(h.para(f"During fiscal {ctx.quarter[0]} we repurchased shares of our common"
                            f" stock for {h.millions(buybacks)} under our share repurchase"
                            " program."))  # fmt: skip
    return parts


def _mdna_annual(ctx: _Context, years: list[st.Period], weeks: int,
                 restated: tuple[Restatement, ...]) -> list[str]:  # fmt: skip
    fig, fy = ctx.fig, ctx.quarter[0]
    n = fig.narrative
    cur, prior = years[0], years[1]
    cash, debt = (fig.balances(k, [(fy, 4)])[0] for k in ("cash", "long_term_debt"))
    parts = [
        h.subheading("Overview"),
        h.para(n.summary + (f" Fiscal {fy} was a 53-week year." if weeks == 53 else "")),
        h.subheading("Results of Operations"),
        _results_table(ctx, cur, prior, f"Fiscal {fy}", f"Fiscal {fy - 1}", "Fiscal Year"),
        _results_prose(ctx, cur, prior, f"fiscal {fy}"),
        _margins_prose(ctx, cur, prior, f"fiscal {fy}"),
    ]
    if restated:
        parts.append(
            h.para(
                f"Amounts for fiscal {restated[0].quarter[0]} have been restated, as described in"
                " Note 8 – Restatement of Previously Issued Financial Statements."
            )
        )
    parts += [
        h.subheading("Liquidity and Capital Resources"),
        h.para(
            f"As of {h.long_date(ctx.end((fy, 4)))}, we had cash and cash equivalents of"
            f" {h.millions(cash)} and long-term debt of {h.millions(debt)}. Cash provided by"
            f" operating activities was {h.millions(fig.flow('cash_from_operations', cur))} in"
            f" fiscal {fy}, and we invested {h.millions(fig.flow('capex', cur))} in property and"
            " equipment. We believe our cash, cash flows from operations and available credit"
            " will be sufficient to meet our needs for at least the next twelve months."
        ),
        _capital_prose(ctx, cur, f"fiscal {fy}"),
        h.subheading("Critical Accounting Estimates"),
        h.para("Preparing financial statements requires estimates that affect reported amounts."
               " Our most significant estimates relate to revenue recognition, income taxes and"
               " the recoverability of long-lived assets; see Note 1 – Summary of Significant"
               " Accounting Policies."),
    ]  # fmt: skip
    return parts


def _annual_notes(ctx: _Context, years: list[st.Period], dates: list[QuarterKey],
                  year_cols: list[Column], date_cols: list[Column], weeks: int,
                  restated: tuple[Restatement, ...]) -> list[str]:  # fmt: skip
    c, fig = ctx.company, ctx.fig
    fy = ctx.quarter[0]
    month = f"{ctx.end((fy, 4)):%B}"
    if weeks:
        calendar = (
            f" Our fiscal year is a 52- or 53-week year ending on the last"
            f" {day_name[c.calendar.weekday]} of {month}; fiscal {fy} had {weeks} weeks."
        )
    else:
        calendar = f" Our fiscal year ends on the last day of {month}."
    parts = [
        h.heading("Note 1 – Summary of Significant Accounting Policies"),
        h.para(fig.narrative.summary + calendar + " The consolidated financial statements include"
               " the accounts of"
               f" {c.name} and its wholly owned subsidiaries; intercompany balances are"
               " eliminated."),
        h.para("We recognize revenue when control of promised goods or services transfers to"
               " customers, in an amount reflecting the consideration we expect to receive. Cash"
               " equivalents are highly liquid investments with original maturities of three"
               " months or less."),
        h.heading("Note 2 – Revenue"),
        h.para("The following table disaggregates our revenue (in thousands):"),
        h.statement_table(year_cols, st.revenue_rows(fig, years)),
        h.heading("Note 3 – Debt"),
        h.para("Long-term debt consisted of the following (in thousands):"),
        h.statement_table(date_cols, st.debt_rows(fig, dates)),
        h.para(f"Interest expense was {h.millions(fig.flow('interest_expense', years[0]))} in"
               f" fiscal {fy}. We were in compliance with all debt covenants as of"
               f" {h.long_date(ctx.end(dates[0]))}." + _convertible_sentence(ctx, dates[0])),
        h.heading("Note 4 – Income Taxes"),
        h.para("Income before income taxes and the provision for income taxes were as follows"
               " (in thousands):"),
        h.statement_table(year_cols, st.tax_rows(fig, years)),
        h.heading("Note 5 – Earnings Per Share"),
        h.para(_eps_sentence(ctx, years[0], f"fiscal {fy}")),
        h.heading("Note 6 – Stockholders’ Equity"),
        h.para(_equity_sentence(ctx, years[0])),
        h.heading("Note 7 – Commitments and Contingencies"),
        h.para("We have purchase commitments and lease obligations arising in the ordinary course"
               " of business. " + fig.narrative.legal),
    ]  # fmt: skip
    if restated:
        parts += _restatement_note(ctx, restated)
    return parts


def _equity_sentence(ctx: _Context, year: st.Period) -> str:
    fig, fy = ctx.fig, ctx.quarter[0]
    buybacks, dividends = fig.flow("buybacks", year), fig.flow("dividends", year)
    issued = fig.flow("stock_issued", year)
    text = f"In fiscal {fy} we issued common stock for proceeds of {h.millions(issued)}"
    if buybacks:
        text += f", repurchased common stock for {h.millions(buybacks)}"
    if dividends:
        text += f" and paid dividends of {h.millions(dividends)}"
    return text + "."


def _eps_sentence(ctx: _Context, period: st.Period, label: str) -> str:
    fig = ctx.fig
    basic, diluted = (int(fig.share(k, period)) for k in ("shares_basic", "shares_diluted"))
    eps = fig.share("eps_diluted", period)
    return (
        f"Diluted net income (loss) per share for {label} was"
        f" ${h.per_share(eps)}, computed on {diluted:,} weighted-average diluted shares"
        f" ({basic:,} basic shares plus the dilutive effect of share-based awards, which is"
        " excluded in periods with a net loss)." + _split_sentence(ctx)
    )


def _convertible_sentence(ctx: _Context, k: QuarterKey) -> str:
    """Convertible notes outstanding at `k`: why their equity component is mezzanine equity."""
    notes = ctx.company.convertible_notes
    mezzanine = ctx.fig.balances("temporary_equity", [k])[0]
    if notes is None or not mezzanine:
        return ""
    issued = h.long_date(ctx.end(notes.quarter))
    return (
        f" In the quarter ended {issued} we issued {h.millions(notes.principal)} of convertible"
        " senior notes. Because the notes are currently convertible and we may settle"
        " conversions in cash, the equity component of"
        f" {h.millions(mezzanine)} is presented as convertible senior notes in mezzanine equity,"
        " between liabilities and stockholders’ equity; the liability component is included in"
        " long-term debt."
    )


def _split_sentence(ctx: _Context) -> str:
    """The stock split, in every report filed after it (all periods are on the new basis)."""
    split = ctx.company.split
    if split is None or not split.applies(ctx.filing.accepted.date()):
        return ""
    return (
        f" On {h.long_date(split.effective)} we effected a {split.ratio}-for-1 stock split of our"
        " common stock; share and per-share amounts for all periods presented reflect it."
    )


def _restatement_note(ctx: _Context, restated: tuple[Restatement, ...]) -> list[str]:
    """Previously reported vs restated figures for a restatement this filing first reports."""
    fig = ctx.fig
    before = st.Figures(ctx.company, ctx.truth, ctx.truth.view(ctx.pending + restated),
                        fig.narrative)  # fmt: skip
    fy = restated[0].quarter[0]
    period = ctx.year(fy)
    cols = [Column(f"Fiscal {fy}", t) for t in ("As Previously Reported", "Adjustment",
                                                 "As Restated")]  # fmt: skip
    labels = {"revenue": fig.narrative.revenue_label, "cost_of_revenue": fig.narrative.cost_label,
              "income_tax": "provision for income taxes"}  # fmt: skip
    moved = sorted({f for r in restated for f in r.deltas}, key=list(labels).index)
    what = " and ".join(labels[f].lower() for f in moved)
    return [
        h.heading("Note 8 – Restatement of Previously Issued Financial Statements"),
        h.para(f"We restated our consolidated financial statements for fiscal {fy} to correct"
               f" previously reported {what}. The effects on the consolidated statement of"
               " operations were as follows (in thousands):"),
        h.statement_table(cols, st.restatement_rows(before, fig, period)),
    ]  # fmt: skip


def _part_three(items: dict[str, str]) -> list[str]:
    parts = []
    for key, subject in (
        ("10", "our directors, executive officers and corporate governance"),
        ("11", "executive compensation"),
        ("12", "security ownership of certain beneficial owners and management"),
        ("13", "certain relationships, related transactions and director independence"),
        ("14", "principal accountant fees and services"),
    ):
        parts += [
            _item(key, items[key]),
            h.para(f"Information about {subject} is incorporated by reference to our"
                   " definitive Proxy Statement."),
        ]  # fmt: skip
    return parts


# ------------------------------------------------------------------------------------------------
# Form 10-Q
# ------------------------------------------------------------------------------------------------


def _ten_q(ctx: _Context) -> bytes:
    c, f, fig = ctx.company, ctx.filing, ctx.fig
    n = fig.narrative
    fy, q = ctx.quarter
    cur, prior = ((fy, q),), ((fy - 1, q),)
    ytd = tuple((fy, i) for i in range(1, q + 1))
    prior_ytd = tuple((fy - 1, i) for i in range(1, q + 1))
    end, end0 = ctx.end((fy, q)), ctx.end((fy - 1, q))
    month_words = {1: "Three", 2: "Six", 3: "Nine"}
    is_periods: list[st.Period] = [cur, prior]
    is_cols = [Column("Three Months Ended", h.long_date(d)) for d in (end, end0)]
    if q > 1:
        is_periods += [ytd, prior_ytd]
        is_cols += [Column(f"{month_words[q]} Months Ended", h.long_date(d)) for d in (end, end0)]
    cf_cols = [Column(f"{month_words[q]} Months Ended", h.long_date(d)) for d in (end, end0)]
    dates = [(fy, q), (fy - 1, 4)]
    date_cols = [Column("As of", h.long_date(ctx.end(k))) for k in dates]
    items1 = dict(TEN_Q_ITEMS[0][1])
    items2 = dict(TEN_Q_ITEMS[1][1])
    pages = _Pages(ctx.footer(), 2)
    rng = ctx.rng
    highlighted = n.risks[(q + fy) % len(n.risks)]
    last_10k = h.long_date(ctx.end((fy - 1, 4)))
    buybacks = fig.flow("buybacks", cur)
    small = c.category != CATEGORY_LARGE
    cash, debt = (fig.balances(k, [(fy, q)])[0] for k in ("cash", "long_term_debt"))

    body = [
        *_cover(ctx),
        _contents(TEN_Q_ITEMS, rng),
        pages.close(),
        h.heading(TEN_Q_ITEMS[0][0], center=True),
        _item("1", items1["1"]),
        h.centered(c.name),
        h.statement("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS", IN_THOUSANDS, is_cols,
                    st.income_rows(fig, is_periods), unaudited=True),
        pages.close(),
        h.statement("CONDENSED CONSOLIDATED BALANCE SHEETS", "(in thousands)", date_cols,
                    st.balance_rows(fig, dates), unaudited=True),
        pages.close(),
        h.statement("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS", "(in thousands)",
                    cf_cols, st.cash_flow_rows(fig, [ytd, prior_ytd]), unaudited=True),
        pages.close(),
        h.heading("NOTES TO CONDENSED CONSOLIDATED FINANCIAL STATEMENTS (Unaudited)",
                  center=True),
        h.heading("Note 1 – Basis of Presentation"),
        h.para(n.summary + " The unaudited condensed consolidated financial statements have been"
               " prepared on the same basis as the annual financial statements and include all"
               " adjustments, consisting of normal recurring adjustments, necessary for a fair"
               " presentation. They should be read together with the consolidated financial"
               f" statements in our Annual Report on Form 10-K for the fiscal year ended"
               f" {last_10k}."),
        h.heading("Note 2 – Revenue"),
        h.para("The following table disaggregates our revenue for the quarter (in thousands):"),
        h.statement_table(is_cols[:2], st.revenue_rows(fig, [cur, prior])),
        h.heading("Note 3 – Debt"),
        h.para(f"Long-term debt, net, was {h.millions(debt)} as of {h.long_date(end)}, compared"
               f" with {h.millions(fig.balances('long_term_debt', [(fy - 1, 4)])[0])} as of"
               f" {last_10k}. We were in compliance with all debt covenants."
               + _convertible_sentence(ctx, (fy, q))),
        h.heading("Note 4 – Earnings Per Share"),
        h.para(_eps_sentence(ctx, cur, "the quarter")),
        h.heading("Note 5 – Commitments and Contingencies"),
        h.para(n.legal),
        pages.close(),
        _item("2", items1["2"]),
        h.para("The following discussion should be read with the condensed consolidated"
               " financial statements and notes in Part I, Item 1 of this report."),
        h.subheading("Results of Operations"),
        _results_prose(ctx, cur, prior, f"the quarter ended {h.long_date(end)}"),
        _margins_prose(ctx, cur, prior, "the quarter"),
        h.subheading("Liquidity and Capital Resources"),
        h.para(f"As of {h.long_date(end)}, we had cash and cash equivalents of {h.millions(cash)}"
               f" and long-term debt of {h.millions(debt)}. Cash provided by (used in) operating"
               " activities was"
               f" {h.millions(fig.flow('cash_from_operations', ytd))} for the"
               f" {month_words[q].lower()} months ended {h.long_date(end)}."),
        _capital_prose(ctx, ytd, f"the {month_words[q].lower()} months"),
        h.subheading("Critical Accounting Estimates"),
        h.para("There have been no material changes to our critical accounting estimates from"
               " those described in our Annual Report on Form 10-K for the fiscal year ended"
               f" {last_10k}."),
        pages.close(),
        _item("3", items1["3"]),
        h.para("As a smaller reporting company we are not required to provide this information."
               if small else
               "There have been no material changes to our market risk during the quarter. For a"
               " discussion of our exposure to market risk, refer to Part II, Item 7A of our"
               " Annual Report on Form 10-K."),
        _item("4", items1["4"]),
        *_controls(ctx),
        pages.close(),
        h.heading(TEN_Q_ITEMS[1][0], center=True),
        _item("1", items2["1"]),
        h.para("For a description of legal proceedings, see Note 5 – Commitments and"
               " Contingencies to the condensed consolidated financial statements in Part I of"
               " this report."),
        _item("1A", items2["1A"]),
        h.para("There have been no material changes to the risk factors disclosed in Part I, Item"
               f" 1A of our Annual Report on Form 10-K for the fiscal year ended {last_10k}. We"
               " continue to consider the following risk among the most significant we face:"),
        *_risks([highlighted]),
        _item("2", items2["2"]),
        h.para(f"During the quarter we repurchased shares of our common stock for"
               f" {h.millions(buybacks)} under our publicly announced repurchase program."
               if buybacks else "None."),
        _item("3", items2["3"]), h.para("None."),
        _item("4", items2["4"]), h.para("Not applicable."),
        _item("5", items2["5"]), _trading_plans(ctx),
        _item("6", items2["6"]),
        _exhibits(annual=False),
        *_signatures(ctx),
    ]  # fmt: skip
    return h.document(f.primary_document.removesuffix(".htm"), body)
