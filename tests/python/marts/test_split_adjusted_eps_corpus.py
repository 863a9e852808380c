"""One share basis for per-share figures (issue 13, item 3; decision 037), on real filings.

One warehouse: SEC data of AAPL and TSLA and their Yahoo charts, loaded from
../shared/corpus/mirror and built by `finloom run` (conftest's corpus_aapl_tsla_run).
Apple split 7:1 (2014, reported only by its filings here) and 4:1 (2020-08-31, also a market
event); Tesla 5:1 (2020) and 3:1 (2022), which the recorded chart's events lack (decision 035).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ..support.exits import EXIT_CORPUS_AAPL_OR_LPA

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

AAPL, TSLA = 320193, 1318605
EPS_CHECK = "assert_quarterly_eps_adds_up_to_fiscal_year"

# Apple FY2018 (year ended 2018-09-29) as published: the 10-Qs and the FY2018 10-K
# (0000320193-18-000145) reported Q1 3.92 / 3.89, Q2 2.75 / 2.73, Q3 2.36 / 2.34, Q4 2.94 / 2.91
# and FY 12.01 / 11.91 (basic / diluted); the FY2019 10-K (0000320193-19-000119, filed
# 2019-10-31) is the latest to report the quarters, before the 4:1 split of 2020-08-31; the
# FY2020 10-K (0000320193-20-000096, filed 2020-10-30) restated the year to 3.00 / 2.98.
# period -> (basic, diluted, accession the mart cites, factor to the latest basis)
FY19_10K, FY20_10K = "0000320193-19-000119", "0000320193-20-000096"
APPLE_2018 = {
    "Q1": (Decimal("3.92"), Decimal("3.89"), FY19_10K, 4),
    "Q2": (Decimal("2.75"), Decimal("2.73"), FY19_10K, 4),
    "Q3": (Decimal("2.36"), Decimal("2.34"), FY19_10K, 4),
    "Q4": (Decimal("2.94"), Decimal("2.91"), FY19_10K, 4),
    "FY": (Decimal("3.00"), Decimal("2.98"), FY20_10K, 1),
}
# (cik, split date, factor, source, date source, factor to the latest basis)
SPLITS = [
    (AAPL, date(2014, 6, 6), 7.0, "filing", "filing instant", 28.0),
    (AAPL, date(2020, 8, 31), 4.0, "market and filing", "market", 4.0),
    (TSLA, date(2020, 8, 10), 5.0, "filing", "filing instant", 15.0),
    (TSLA, date(2022, 8, 5), 3.0, "filing", "filing instant", 3.0),
]


@pytest.fixture(scope="module")
def built(corpus_aapl_tsla_run: tuple[Path, dict]) -> tuple[Path, dict[str, str]]:
    """The warehouse (conftest's run of AAPL and TSLA, sec and market), and each dbt test's
    status by name."""
    db, record = corpus_aapl_tsla_run
    assert record["returncode"] == EXIT_CORPUS_AAPL_OR_LPA
    assert record["failures"] == []
    return db, dict(record["tests"])


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_splits_from_filings_and_market(built: tuple[Path, dict[str, str]]) -> None:
    db, _ = built
    rows = _rows(
        db,
        "select cik, split_date, split_factor, split_source, split_date_source, "
        "factor_to_latest_basis from intermediate.int_stock_splits_combined "
        "where cik in (?, ?) order by cik, split_date",
        AAPL,
        TSLA,
    )
    assert rows == SPLITS


@pytest.mark.parametrize("period", sorted(APPLE_2018))
def test_apple_2018_eps_as_filed_and_adjusted(
    built: tuple[Path, dict[str, str]], period: str
) -> None:
    db, _ = built
    basic, diluted, accession, factor = APPLE_2018[period]
    ((*as_filed, basic_adj, diluted_adj, basic_f, diluted_f, period_end),) = _rows(
        db,
        "select eps_basic, eps_diluted, eps_basic_source_accession, "
        "eps_diluted_source_accession, eps_basic_split_adjusted, eps_diluted_split_adjusted, "
        "eps_basic_split_factor, eps_diluted_split_factor, period_end "
        "from marts.fct_income_statement where cik = ? and fiscal_year = 2018 "
        "and fiscal_period = ?",
        AAPL,
        period,
    )
    # as filed: unchanged, citing the latest filing that reports the period
    assert as_filed == [basic, diluted, accession, accession]
    for concept, value in (("EarningsPerShareBasic", basic), ("EarningsPerShareDiluted", diluted)):
        facts = _rows(
            db,
            "select count(*) from staging.stg_sec__company_facts where cik = ? "
            "and accession_number = ? and concept = ? and period_end = ? and value = ?",
            AAPL,
            accession,
            concept,
            period_end,
            value,
        )
        assert facts == [(1,)], (concept, period)
    # on the latest basis: divided by the splits after the citing filing's date
    assert (basic_f, diluted_f) == (factor, factor)
    assert basic_adj == pytest.approx(float(basic) / factor, abs=1e-12)
    assert diluted_adj == pytest.approx(float(diluted) / factor, abs=1e-12)


def test_apple_2018_restated_year_is_the_original_divided_by_four(
    built: tuple[Path, dict[str, str]],
) -> None:
    """The FY2018 10-K's 12.01 / 11.91, restated for the 4:1 by the FY2020 10-K, round to the
    3.00 / 2.98 the mart shows: the adjusted quarters and the restated year share one basis."""
    db, _ = built
    original = _rows(
        db,
        "select concept, value from staging.stg_sec__company_facts where cik = ? "
        "and accession_number = '0000320193-18-000145' and period_start = '2017-10-01' "
        "and period_end = '2018-09-29' "
        "and concept in ('EarningsPerShareBasic', 'EarningsPerShareDiluted') order by concept",
        AAPL,
    )
    assert original == [
        ("EarningsPerShareBasic", Decimal("12.01")),
        ("EarningsPerShareDiluted", Decimal("11.91")),
    ]
    assert round(Decimal("12.01") / 4, 2) == APPLE_2018["FY"][0]
    assert round(Decimal("11.91") / 4, 2) == APPLE_2018["FY"][1]


def test_apple_2018_quarters_agree_with_year_on_adjusted_basis_only(
    built: tuple[Path, dict[str, str]],
) -> None:
    """Done-when of issue 13: Apple 2018 quarterly and fiscal-year EPS agree on the adjusted
    basis (within the EPS check's tolerance); as filed they differ by the split factor."""
    db, _ = built
    for measure in ("eps_basic", "eps_diluted"):
        rows = {
            period: (float(as_filed), adjusted)
            for period, as_filed, adjusted in _rows(
                db,
                f"select fiscal_period, {measure}, {measure}_split_adjusted "
                "from marts.fct_income_statement where cik = ? and fiscal_year = 2018",
                AAPL,
            )
        }
        quarters = [rows[q] for q in ("Q1", "Q2", "Q3", "Q4")]
        fiscal_year = rows["FY"]
        adjusted = sum(q[1] for q in quarters)
        # the check's tolerance: half a cent per term on its basis, plus 5 %
        tolerance = 4 * 0.005 / 4 + 0.005 + 0.05 * max(abs(fiscal_year[1]), adjusted)
        assert abs(adjusted - fiscal_year[1]) <= tolerance, measure
        assert abs(adjusted - fiscal_year[1]) < 0.015, measure  # 2.9675 vs 2.98 (diluted)
        as_filed = sum(q[0] for q in quarters) / fiscal_year[0]
        assert as_filed == pytest.approx(4, rel=0.01), measure  # 11.87 / 2.98


def test_eps_check_finds_nothing_on_the_corpus(built: tuple[Path, dict[str, str]]) -> None:
    _, tests = built
    assert tests[EPS_CHECK] == "pass"


def test_filing_date_decides_the_basis(built: tuple[Path, dict[str, str]]) -> None:
    """Decision 037's rule, on every reported EPS fact: two filings that report the same period
    and concept from either side of a split differ by that split's factor (up to the rounding
    to cents); the splits' factors come from int_stock_splits_combined, by filing date."""
    db, _ = built
    pairs = _rows(
        db,
        """
        with facts as (
            select cik, concept, unit, period_start, period_end, value, filed_date
            from staging.stg_sec__company_facts
            where cik in (?, ?) and concept in (
                'EarningsPerShareBasic', 'EarningsPerShareDiluted',
                'EarningsPerShareBasicAndDiluted'
            )
        ),
        factored as (
            select facts.*, coalesce(splits.factor_to_latest_basis, 1) as factor
            from facts
            left join intermediate.int_stock_splits_combined as splits
                on facts.cik = splits.cik and facts.filed_date < splits.split_date
                and (splits.previous_split_date is null
                     or facts.filed_date >= splits.previous_split_date)
        )
        select a.cik, a.factor / b.factor, a.value, a.factor, b.value, b.factor
        from factored as a join factored as b
            on a.cik = b.cik and a.concept = b.concept and a.unit = b.unit
            and a.period_start is not distinct from b.period_start
            and a.period_end = b.period_end and a.filed_date < b.filed_date
        where a.factor <> b.factor
        """,
        AAPL,
        TSLA,
    )
    counts: dict[tuple[int, float], int] = {}
    for cik, ratio, old, old_factor, new, new_factor in pairs:
        # each figure is rounded to cents on its own basis
        tolerance = 0.005 / old_factor + 0.005 / new_factor + 1e-9
        assert abs(float(old) / old_factor - float(new) / new_factor) <= tolerance, (cik, old, new)
        counts[(cik, ratio)] = counts.get((cik, ratio), 0) + 1
    assert counts.get((AAPL, 4.0), 0) >= 40
    assert counts.get((AAPL, 7.0), 0) >= 70
    assert counts.get((TSLA, 5.0), 0) >= 15
    assert counts.get((TSLA, 3.0), 0) >= 4
