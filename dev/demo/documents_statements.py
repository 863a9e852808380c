"""Financial statement rows of the demo's filing documents, computed from the ground truth.

Every amount comes from `Truth.value`/`Truth.balance` on the view a filing saw (before restatements
it did not know about), so the printed statements equal the XBRL facts of the same accession.
Subtotals that filings print but do not tag (total operating expenses, the working-capital line of
the cash flow statement) are computed from the same figures, so every statement adds up.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from dev.demo.documents_html import EPS, TEXT, Row
from dev.demo.documents_text import Narrative
from dev.demo.model import QuarterKey, Truth
from dev.demo.profiles import Company

Data = dict[QuarterKey, dict[str, int]]
Period = tuple[QuarterKey, ...]  # consecutive quarters of one duration column


@dataclass(frozen=True)
class Figures:
    """One filing's view of a company's figures, with accessors per duration or balance date."""

    company: Company
    truth: Truth
    data: Data
    narrative: Narrative

    def flow(self, field: str, period: Period) -> int:
        return int(self.truth.value(self.data, field, list(period)))

    def share(self, field: str, period: Period) -> int | float:
        return self.truth.value(self.data, field, list(period))

    def flows(self, field: str, periods: Sequence[Period]) -> tuple[int, ...]:
        return tuple(self.flow(field, p) for p in periods)

    def balances(self, field: str, dates: Sequence[QuarterKey]) -> tuple[int, ...]:
        return tuple(self.truth.balance(self.data, field, k) for k in dates)

    @property
    def has_rnd(self) -> bool:
        """Whether the company reports an R&D line (and tags it), as the generator decides."""
        c = self.company
        return bool(c.rnd_ratio or c.fixed_costs[0])

    @property
    def has_slice(self) -> bool:
        return self.company.revenue_concepts == "revenues+slice"


def income_rows(fig: Figures, periods: Sequence[Period]) -> list[Row]:
    """Statement of operations: revenue through diluted EPS and weighted-average shares."""
    c, n = fig.company, fig.narrative
    rev = fig.flows("revenue", periods)
    rows: list[Row] = []
    if fig.has_slice:
        product = fig.flows("revenue_slice", periods)
        rows += [
            Row("Revenues:"),
            Row(n.revenue_lines[0], product, dollar=True, indent=1),
            Row(
                n.revenue_lines[1],
                tuple(r - p for r, p in zip(rev, product, strict=True)),
                indent=1,
            ),
            Row(n.revenue_label, rev, total=True),
        ]
    else:
        rows.append(Row(n.revenue_label, rev, dollar=True, total=True))
    rows.append(Row(n.cost_label, fig.flows("cost_of_revenue", periods)))
    if c.tags_gross_profit:
        rows.append(Row("Gross profit", fig.flows("gross_profit", periods), total=True))
    rows.append(Row("Operating expenses:"))
    opex = fig.flows("selling_general_administrative", periods)
    if fig.has_rnd:
        rnd = fig.flows("research_and_development", periods)
        rows.append(Row("Research and development", rnd, indent=1))
        opex = tuple(a + b for a, b in zip(opex, rnd, strict=True))
    rows += [
        Row(
            "Selling, general and administrative",
            fig.flows("selling_general_administrative", periods),
            indent=1,
        ),
        Row("Total operating expenses", opex, total=True),
        Row("Operating income (loss)", fig.flows("operating_income", periods), total=True),
        Row("Interest expense", tuple(-v for v in fig.flows("interest_expense", periods))),
        Row("Other income (expense), net", fig.flows("other_nonoperating", periods)),
        Row("Income (loss) before income taxes", fig.flows("pretax_income", periods), total=True),
        Row("Provision for (benefit from) income taxes", fig.flows("income_tax", periods)),
        Row("Net income (loss)", fig.flows("net_income", periods), dollar=True, total=True),
        Row("Net income (loss) per share:"),
        Row("Basic", _shares(fig, "eps_basic", periods), kind=EPS, dollar=True, indent=1),
        Row("Diluted", _shares(fig, "eps_diluted", periods), kind=EPS, dollar=True, indent=1),
        Row("Weighted-average shares used in computing per share amounts:"),
        Row("Basic", _shares(fig, "shares_basic", periods), indent=1),
        Row("Diluted", _shares(fig, "shares_diluted", periods), indent=1),
    ]
    return rows


def _shares(fig: Figures, field: str, periods: Sequence[Period]) -> tuple[int | float, ...]:
    return tuple(fig.share(field, p) for p in periods)


def balance_rows(fig: Figures, dates: Sequence[QuarterKey]) -> list[Row]:
    """Balance sheet at the given quarter ends."""
    b = fig.balances
    rows = [
        Row("ASSETS"),
        Row("Current assets:"),
        Row("Cash and cash equivalents", b("cash", dates), dollar=True, indent=1),
        Row(
            "Accounts receivable, inventories and other current assets",
            b("other_current_assets", dates),
            indent=1,
        ),
        Row("Total current assets", b("current_assets", dates), total=True),
        Row("Property, equipment and other long-term assets, net", b("noncurrent_assets", dates)),
        Row("Total assets", b("total_assets", dates), dollar=True, total=True),
        Row("LIABILITIES AND STOCKHOLDERS’ EQUITY"),
        Row("Total current liabilities", b("current_liabilities", dates), total=True),
        Row("Long-term debt, net", b("long_term_debt", dates)),
        Row("Other long-term liabilities", b("other_noncurrent_liabilities", dates)),
    ]
    if fig.company.tags_liabilities:
        rows.append(Row("Total liabilities", b("total_liabilities", dates), total=True))
    rows.append(Row("Commitments and contingencies"))
    mezzanine = b("temporary_equity", dates)
    if any(mezzanine):
        # Mezzanine: the equity component of convertible notes that may be settled in cash.
        rows.append(Row("Convertible senior notes (Note 3)", mezzanine))
    rows += [
        Row("Total stockholders’ equity", b("equity", dates), total=True),
        Row(
            "Total liabilities, convertible senior notes and stockholders’ equity"
            if any(mezzanine)
            else "Total liabilities and stockholders’ equity",
            b("liabilities_and_equity", dates),
            dollar=True,
            total=True,
        ),
    ]
    return rows


def cash_flow_rows(fig: Figures, periods: Sequence[Period]) -> list[Row]:
    """Cash flow statement; working-capital changes are the remainder of operating cash flow."""
    f = fig.flows
    c = fig.company
    net = f("net_income", periods)
    da = f("depreciation_amortization", periods)
    sbc = f("share_based_compensation", periods)
    cfo = f("cash_from_operations", periods)
    working = tuple(o - n - d - s for o, n, d, s in zip(cfo, net, da, sbc, strict=True))
    cfi, cff = f("cash_from_investing", periods), f("cash_from_financing", periods)
    change = tuple(a + b + d for a, b, d in zip(cfo, cfi, cff, strict=True))
    end = fig.balances("cash", [p[-1] for p in periods])
    begin = tuple(e - ch for e, ch in zip(end, change, strict=True))
    rows = [
        Row("Operating activities:"),
        Row("Net income (loss)", net, dollar=True, indent=1),
        Row("Depreciation and amortization", da, indent=1),
        Row("Share-based compensation", sbc, indent=1),
        Row("Changes in operating assets and liabilities, net", working, indent=1),
        Row("Net cash provided by (used in) operating activities", cfo, total=True),
        Row("Investing activities:"),
        Row("Purchases of property and equipment", _neg(f("capex", periods)), indent=1),
        Row("Other investing activities, net", _neg(f("other_investing", periods)), indent=1),
        Row("Net cash provided by (used in) investing activities", cfi, total=True),
        Row("Financing activities:"),
    ]
    debt = f("debt_change", periods)
    if any(debt):
        rows.append(Row("Proceeds from (repayments of) debt, net", debt, indent=1))
    rows.append(Row("Proceeds from issuance of common stock", f("stock_issued", periods), indent=1))
    if c.dividend_per_share:
        rows.append(Row("Dividends paid", _neg(f("dividends", periods)), indent=1))
    if c.buys_back:
        rows.append(Row("Repurchases of common stock", _neg(f("buybacks", periods)), indent=1))
    rows += [
        Row("Net cash provided by (used in) financing activities", cff, total=True),
        Row("Net increase (decrease) in cash and cash equivalents", change),
        Row("Cash and cash equivalents at beginning of period", begin),
        Row("Cash and cash equivalents at end of period", end, dollar=True, total=True),
    ]
    return rows


def _neg(values: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(-v for v in values)


def split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` in parts proportional to `weights`, whole thousands, summing exactly to `total`."""
    norm = sum(weights)
    parts = [round(total * w / norm / 1000) * 1000 for w in weights[:-1]]
    return [*parts, total - sum(parts)]


def revenue_rows(fig: Figures, periods: Sequence[Period]) -> list[Row]:
    """Note 2 disaggregation: the tagged slice where there is one, else a stable invented mix."""
    n = fig.narrative
    rev = fig.flows("revenue", periods)
    if fig.has_slice:
        product = fig.flows("revenue_slice", periods)
        lines = [product, tuple(r - p for r, p in zip(rev, product, strict=True))]
    else:
        base = random.Random(fig.company.cik).sample(range(2, 9), len(n.revenue_lines))
        columns = []
        for period in periods:
            jitter = random.Random(fig.company.cik * 100_000 + period[0][0] * 10 + period[0][1])
            weights = [w * (1 + jitter.uniform(-0.04, 0.04)) for w in base]
            columns.append(split(fig.flow("revenue", period), weights))
        lines = [tuple(col[i] for col in columns) for i in range(len(n.revenue_lines))]
    rows = [
        Row(label, values, dollar=i == 0)
        for i, (label, values) in enumerate(zip(n.revenue_lines, lines, strict=False))
    ]
    rows.append(Row(n.revenue_label, rev, dollar=True, total=True))
    return rows


def debt_rows(fig: Figures, dates: Sequence[QuarterKey]) -> list[Row]:
    """Note 3: long-term debt by instrument (an invented, stable split of the balance)."""
    totals = fig.balances("long_term_debt", dates)
    parts = [split(t, (0.35, 0.65)) for t in totals]
    return [
        Row("Term loan", tuple(p[0] for p in parts), dollar=True),
        Row("Senior notes", tuple(p[1] for p in parts)),
        Row("Total long-term debt, net", totals, dollar=True, total=True),
    ]


def tax_rows(fig: Figures, periods: Sequence[Period]) -> list[Row]:
    """Note 4: pre-tax income, provision and effective tax rate."""
    pretax = fig.flows("pretax_income", periods)
    tax = fig.flows("income_tax", periods)
    rates = tuple(f"{t / p * 100:.1f}%" if p > 0 else "—" for t, p in zip(tax, pretax, strict=True))
    return [
        Row("Income (loss) before income taxes", pretax, dollar=True),
        Row("Provision for (benefit from) income taxes", tax),
        Row("Effective tax rate", rates, kind=TEXT),
    ]


def eps_rows(fig: Figures, periods: Sequence[Period]) -> list[Row]:
    """Note on earnings per share: numerator, denominators, and the per-share amounts."""
    basic = _shares(fig, "shares_basic", periods)
    diluted = _shares(fig, "shares_diluted", periods)
    return [
        Row("Net income (loss)", fig.flows("net_income", periods), dollar=True),
        Row("Weighted-average shares — basic", basic),
        Row(
            "Effect of dilutive securities",
            tuple(int(d) - int(b) for d, b in zip(diluted, basic, strict=True)),
        ),
        Row("Weighted-average shares — diluted", diluted, total=True),
        Row("Net income (loss) per share — basic", _shares(fig, "eps_basic", periods), kind=EPS,
            dollar=True),
        Row("Net income (loss) per share — diluted", _shares(fig, "eps_diluted", periods),
            kind=EPS, dollar=True),
    ]  # fmt: skip


def restatement_rows(before: Figures, after: Figures, period: Period) -> list[Row]:
    """As previously reported, adjustment and as restated, for the lines a restatement moved."""
    rows = []
    labels = (
        ("revenue", before.narrative.revenue_label),
        ("cost_of_revenue", before.narrative.cost_label),
        ("gross_profit", "Gross profit"),
        ("operating_income", "Operating income (loss)"),
        ("income_tax", "Provision for (benefit from) income taxes"),
        ("net_income", "Net income (loss)"),
    )
    for field, label in labels:
        old, new = before.flow(field, period), after.flow(field, period)
        if old != new or field in ("revenue", "net_income"):
            rows.append(Row(label, (old, new - old, new), dollar=field == "revenue"))
    return rows
