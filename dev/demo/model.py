"""Ground truth of the demo: one internally consistent set of quarterly financials per company.

Flows are whole dollars rounded to thousands (as filings in thousands are); the balance sheet is
double-entry, so assets = liabilities + temporary (mezzanine) equity + equity (the parent's and
non-controlling interests') and cash moves exactly by the three cash flows. Share counts are on
the basis before any stock split;
`Truth.view(pending, split=True)` gives the figures as filings made before a restatement and
after a split saw them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dev.demo.profiles import Company, Restatement

QuarterKey = tuple[int, int]

#: Fields summed over quarters for a duration.
FLOW_FIELDS = (
    "revenue",
    "revenue_slice",
    "cost_of_revenue",
    "gross_profit",
    "research_and_development",
    "selling_general_administrative",
    "operating_income",
    "interest_expense",
    "other_nonoperating",
    "pretax_income",
    "income_tax",
    "profit_loss",
    "profit_nci",
    "net_income",
    "depreciation_amortization",
    "share_based_compensation",
    "capex",
    "other_investing",
    "dividends",
    "buybacks",
    "debt_change",
    "stock_issued",
    "cash_from_operations",
    "cash_from_investing",
    "cash_from_financing",
    "interest_paid",
    "income_taxes_paid",
    "cash_generated_from_operations",
    "net_change_in_cash",
)
#: Fields reported at a quarter's end.
BALANCE_FIELDS = (
    "cash",
    "other_current_assets",
    "current_assets",
    "noncurrent_assets",
    "total_assets",
    "current_liabilities",
    "long_term_debt",
    "other_noncurrent_liabilities",
    "total_liabilities",
    "temporary_equity",
    "equity",
    "noncontrolling_interests",
    "total_equity",
    "liabilities_and_equity",
    "shares_outstanding",
)
#: Per-share and share-count fields, computed per duration (never summed).
SHARE_FIELDS = ("shares_basic", "shares_diluted", "eps_basic", "eps_diluted")
#: Share counts a stock split multiplies (EPS follows, as it is recomputed from them).
SPLIT_FIELDS = ("shares_outstanding", "shares_basic", "shares_diluted")


def _k(x: float) -> int:
    """Round to whole thousands of dollars (or shares)."""
    return round(x / 1000) * 1000


def _eps(net_income: int, shares: int) -> int | float:
    if shares == 0:
        return 0
    v = (Decimal(net_income) / Decimal(shares)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return int(v) if v == v.to_integral_value() else float(v)


@dataclass(frozen=True)
class Truth:
    company: Company
    keys: tuple[QuarterKey, ...]
    bounds: dict[QuarterKey, tuple[date, date]]
    final: dict[QuarterKey, dict[str, int]]

    def view(
        self, pending: tuple[Restatement, ...] = (), *, split: bool = False
    ) -> dict[QuarterKey, dict[str, int]]:
        """The quarters as reported before the `pending` restatements took effect; with `split`,
        every share count on the basis after the company's stock split (all periods restated)."""
        ratio = self.company.split.ratio if split and self.company.split else 1
        if not pending and ratio == 1:
            return self.final
        data = {k: dict(v) for k, v in self.final.items()}
        for row in data.values():
            for f in SPLIT_FIELDS:
                row[f] *= ratio
        for r in pending:
            row = data[r.quarter]
            for f, d in r.deltas.items():
                row[f] += d
            for k in self.keys:
                if k >= r.quarter:
                    for f, d in r.balance_deltas.items():
                        data[k][f] += d
        for row in data.values():
            _derive(row)
        return data

    def span(self, keys: list[QuarterKey]) -> tuple[date, date]:
        return self.bounds[keys[0]][0], self.bounds[keys[-1]][1]

    def value(
        self, data: dict[QuarterKey, dict[str, int]], f: str, keys: list[QuarterKey]
    ) -> int | float:
        """A field over a duration of consecutive quarters (flows sum; shares/EPS recomputed)."""
        if f in FLOW_FIELDS:
            return sum(data[k][f] for k in keys)
        if f in SHARE_FIELDS:
            net = sum(data[k]["net_income"] for k in keys)
            days = [(self.bounds[k][1] - self.bounds[k][0]).days + 1 for k in keys]
            weights = list(zip(keys, days, strict=True))
            basic = _k(sum(data[k]["shares_basic"] * d for k, d in weights) / sum(days))
            diluted = _k(sum(data[k]["shares_diluted"] * d for k, d in weights) / sum(days))
            if net <= 0:
                diluted = basic  # anti-dilutive: diluted EPS equals basic in a loss period
            return {
                "shares_basic": basic,
                "shares_diluted": diluted,
                "eps_basic": _eps(net, basic),
                "eps_diluted": _eps(net, diluted),
            }[f]
        raise KeyError(f)

    def balance(self, data: dict[QuarterKey, dict[str, int]], f: str, key: QuarterKey) -> int:
        return data[key][f]


def _derive(row: dict[str, int]) -> None:
    """Recompute the subtotals from the base fields (after a restatement changed some)."""
    row["gross_profit"] = row["revenue"] - row["cost_of_revenue"]
    row["operating_income"] = (
        row["gross_profit"]
        - row["research_and_development"]
        - row["selling_general_administrative"]
    )
    row["pretax_income"] = (
        row["operating_income"] - row["interest_expense"] + row["other_nonoperating"]
    )
    row["profit_loss"] = row["pretax_income"] - row["income_tax"]
    row["net_income"] = row["profit_loss"] - row["profit_nci"]
    row["total_liabilities"] = (
        row["current_liabilities"] + row["long_term_debt"] + row["other_noncurrent_liabilities"]
    )
    row["total_equity"] = row["equity"] + row["noncontrolling_interests"]
    row["liabilities_and_equity"] = (
        row["total_liabilities"] + row["temporary_equity"] + row["total_equity"]
    )
    # IFRS presentation (IAS 7): cash generated from operations is the operating cash flow
    # before the interest and income taxes paid, which are paid as they are expensed.
    row["interest_paid"] = row["interest_expense"]
    row["income_taxes_paid"] = row["income_tax"]
    row["cash_generated_from_operations"] = (
        row["cash_from_operations"] + row["interest_paid"] + row["income_taxes_paid"]
    )
    row["net_change_in_cash"] = (
        row["cash_from_operations"] + row["cash_from_investing"] + row["cash_from_financing"]
    )


def quarter_keys(c: Company) -> list[QuarterKey]:
    """Every quarter the demo covers: two comparative years before `first_fy`, to the last 10-Q."""
    keys = [(fy, q) for fy in range(c.first_fy - 2, c.last_fy + 1) for q in range(1, 5)]
    keys += [(c.last_fy + 1, q) for q in range(1, c.partial_quarters + 1)]
    return keys


def build_truth(c: Company) -> Truth:
    rng = random.Random(c.seed)
    keys = quarter_keys(c)
    bounds = {}
    for fy in sorted({k[0] for k in keys}):
        for q, b in enumerate(c.calendar.quarters(fy), start=1):
            if (fy, q) in keys:
                bounds[(fy, q)] = b

    annual0 = c.base_revenue * 4
    oca = _k(0.9 * c.base_revenue)
    cl = _k(0.75 * c.base_revenue)
    oncl = _k(0.25 * annual0)
    debt = _k(c.debt0)
    cash = _k(c.cash0)
    nca = _k(1.6 * annual0 + c.debt0 + 0.25 * annual0)
    nci = _k(0.05 * (cash + oca + nca - cl - debt - oncl)) if c.nci_share else 0
    equity = cash + oca + nca - cl - debt - oncl - nci
    temporary_equity = 0
    shares = _k(c.shares0)
    fixed_rnd, fixed_sga = c.fixed_costs

    final: dict[QuarterKey, dict[str, int]] = {}
    for i, (fy, q) in enumerate(keys):
        start, end = bounds[(fy, q)]
        scale = 14 / 13 if (end - start).days + 1 == 98 else 1.0
        normal = c.base_revenue * (1 + c.growth) ** i * c.seasonality[q - 1] * scale
        normal *= 1 + rng.gauss(0, 0.015)
        factor = c.shock.get((fy, q), 1.0)
        revenue = _k(normal * factor)
        share = c.revenue_slice_share
        slice_ratio = share[0] + (share[1] - share[0]) * i / max(1, len(keys) - 1)
        revenue_slice = _k(revenue * slice_ratio) if share[1] else 0
        cost = _k(c.cost_ratio * (0.7 * revenue + 0.3 * normal) * (1 + rng.gauss(0, 0.01)))
        rnd = _k((fixed_rnd * 1.02**i * scale + c.rnd_ratio * normal) * (1 + rng.gauss(0, 0.01)))
        sga = _k(
            (fixed_sga * 1.03**i * scale + c.sga_ratio * (0.6 * revenue + 0.4 * normal))
            * (1 + rng.gauss(0, 0.01))
        )
        interest = _k(debt * c.interest_rate / 4 * scale)
        other = _k(normal * rng.gauss(0.002, 0.003))
        pretax = revenue - cost - rnd - sga - interest + other
        if pretax > 0:
            tax = _k(pretax * c.tax_rate * (1 + rng.gauss(0, 0.05)))
        else:
            tax = 0 if c.valuation_allowance else _k(pretax * c.tax_rate)
        profit = pretax - tax
        profit_nci = _k(profit * c.nci_share) if c.nci_share else 0
        net = profit - profit_nci

        da = _k(c.da_ratio * normal)
        sbc = _k(c.sbc_ratio * normal)
        new_oca = _k(0.9 * (0.5 * revenue + 0.5 * normal))
        new_cl = _k(0.75 * normal)
        cfo = profit + da + sbc - (new_oca - oca) + (new_cl - cl)
        capex = _k(c.capex_ratio * normal * (1 + rng.gauss(0, 0.1)))
        other_inv = _k(normal * rng.gauss(0, 0.02))
        cfi = -capex - other_inv

        price = c.price0 * (1 + c.price_growth) ** i * (1 + rng.gauss(0, 0.05))
        dps = c.dividend_per_share * 1.05 ** (i // 4)
        dividends = 0 if factor < 0.95 else _k(dps * shares)
        exercised = _k(normal * 0.002)
        pre_cash = cash + cfo + cfi - dividends + exercised
        debt_change = 0
        stock_issued = exercised
        if pre_cash < c.min_cash:
            need = round((1.6 * c.min_cash - pre_cash) / 1e6) * 1_000_000
            if c.valuation_allowance:
                stock_issued += need  # a loss-making biotech raises equity
            else:
                debt_change += need
        elif q == 4 and debt > 0.6 * c.debt0 and pre_cash - 0.1 * c.debt0 > c.min_cash:
            debt_change -= round(0.1 * c.debt0 / 1e6) * 1_000_000
        notes = c.convertible_notes
        mezzanine = notes.equity_component if notes and notes.quarter == (fy, q) else 0
        if mezzanine:
            assert notes is not None
            debt_change += notes.principal  # cash in; the equity component is not debt
        buybacks = 0
        if c.buys_back:
            excess = pre_cash + debt_change - c.target_cash
            if excess > 0:
                buybacks = _k(0.6 * excess)
        cff = debt_change + stock_issued - dividends - buybacks

        cash += cfo + cfi + cff
        nca += capex + other_inv - da
        oca, cl = new_oca, new_cl
        debt += debt_change - mezzanine
        temporary_equity += mezzanine
        equity += net - dividends - buybacks + sbc + stock_issued
        nci += profit_nci
        shares_begin = shares
        shares = _k(shares - buybacks / price + stock_issued / price)
        basic = _k((shares_begin + shares) / 2)
        row = {
            "revenue": revenue,
            "revenue_slice": revenue_slice,
            "cost_of_revenue": cost,
            "research_and_development": rnd,
            "selling_general_administrative": sga,
            "interest_expense": interest,
            "other_nonoperating": other,
            "income_tax": tax,
            "profit_nci": profit_nci,
            "depreciation_amortization": da,
            "share_based_compensation": sbc,
            "capex": capex,
            "other_investing": other_inv,
            "dividends": dividends,
            "buybacks": buybacks,
            "debt_change": debt_change,
            "stock_issued": stock_issued,
            "cash_from_operations": cfo,
            "cash_from_investing": cfi,
            "cash_from_financing": cff,
            "cash": cash,
            "other_current_assets": oca,
            "current_assets": cash + oca,
            "noncurrent_assets": nca,
            "total_assets": cash + oca + nca,
            "current_liabilities": cl,
            "long_term_debt": debt,
            "other_noncurrent_liabilities": oncl,
            "temporary_equity": temporary_equity,
            "equity": equity,
            "noncontrolling_interests": nci,
            "shares_outstanding": shares,
            "shares_basic": basic,
            "shares_diluted": _k(basic * (1 + c.dilution)),
        }
        _derive(row)
        if row["net_income"] != net:
            raise AssertionError("income statement does not add up")
        final[(fy, q)] = row
    truth = Truth(company=c, keys=tuple(keys), bounds=bounds, final=final)
    check_identities(truth, final)
    return truth


def check_identities(truth: Truth, data: dict[QuarterKey, dict[str, int]]) -> None:
    """Raise if any accounting identity of the demo's ground truth fails."""
    prev_cash = None
    for k in truth.keys:
        r = data[k]
        ok = (
            r["gross_profit"] == r["revenue"] - r["cost_of_revenue"]
            and r["total_assets"] == r["liabilities_and_equity"]
            and r["total_liabilities"]
            == r["current_liabilities"] + r["long_term_debt"] + r["other_noncurrent_liabilities"]
            and r["current_assets"] == r["cash"] + r["other_current_assets"]
            and r["cash_from_financing"]
            == r["debt_change"] + r["stock_issued"] - r["dividends"] - r["buybacks"]
            and r["cash_from_investing"] == -r["capex"] - r["other_investing"]
            and r["equity"] > 0
            and r["profit_loss"] == r["net_income"] + r["profit_nci"]
            and r["total_equity"] == r["equity"] + r["noncontrolling_interests"]
            and r["cash_from_operations"]
            == r["cash_generated_from_operations"] - r["interest_paid"] - r["income_taxes_paid"]
            and r["noncurrent_assets"] > 0
            and r["long_term_debt"] >= 0
            and r["cash"] > 0
            and r["revenue_slice"] < r["revenue"]
        )
        if prev_cash is not None:
            flows = r["cash_from_operations"] + r["cash_from_investing"] + r["cash_from_financing"]
            ok = ok and r["cash"] == prev_cash + flows
        if not ok:
            raise AssertionError(f"identity fails for {truth.company.ticker} {k}: {r}")
        prev_cash = r["cash"]
