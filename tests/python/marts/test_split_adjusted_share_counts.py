"""Share counts on one split basis (issue 13, item 3; decisions 037, 045).

fct_balance_sheet gives the balance-sheet and cover-page share counts as filed and on the
company's latest split basis. On the demo, PCDV split 4:1 on 2023-08-25: its cover counts (the
demo tags no balance-sheet count) must match the generator's ground truth on the post-split
basis for every period, whichever side of the split their filing is on. On the corpus, Apple
(4:1, 2020-08-31) and Tesla (5:1, 2020; 3:1, 2022) balance-sheet counts on either side of their
splits must land on one basis.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import duckdb
import pytest

from dev.demo.model import build_truth
from dev.demo.profiles import company_by_ticker

from ..support.exits import EXIT_CORPUS_AAPL_OR_LPA

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

AAPL, TSLA = 320193, 1318605
COLUMNS = (
    "fiscal_year, fiscal_period, shares_outstanding, shares_outstanding_split_adjusted, "
    "shares_outstanding_split_factor, shares_outstanding_source_accession, "
    "shares_outstanding_cover, shares_outstanding_cover_split_adjusted, "
    "shares_outstanding_cover_split_factor, shares_outstanding_cover_source_accession"
)


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _filed(db: Path, accession: str) -> date:
    ((filed,),) = _rows(
        db,
        "select distinct filed_date from staging.stg_sec__company_facts where accession_number = ?",
        accession,
    )
    return filed


def test_demo_split_filer_cover_counts_on_the_post_split_basis(demo_db: Path) -> None:
    """PCDV's cover count is its filing's quarter-end count less up to 250,000 shares (the
    generator's noise), on the filing's basis: filed before the 4:1 it is 4 x as filed once
    adjusted, after it unchanged, and either way the post-split truth less the noise."""
    company = company_by_ticker("PCDV")
    assert company.split is not None
    post_split = build_truth(company).view(split=True)
    rows = _rows(
        demo_db,
        f"select {COLUMNS} from marts.fct_balance_sheet where cik = ? "
        "and shares_outstanding_cover is not null and fiscal_period <> 'FY'",
        company.cik,
    )
    assert rows
    factors_seen = set()
    for fy, period, *_, cover, adjusted, factor, accession in rows:
        before_split = not company.split.applies(_filed(demo_db, accession))
        assert factor == (4 if before_split else 1), (fy, period, accession)
        expected = post_split[(fy, int(period[1]))]["shares_outstanding"]
        assert float(cover) * factor == adjusted, (fy, period)
        assert 0 <= expected - adjusted < 250_000 * factor, (fy, period, cover, adjusted)
        factors_seen.add(factor)
    assert factors_seen == {1, 4}, factors_seen


@pytest.fixture(scope="module")
def corpus_db(corpus_aapl_tsla_run: tuple[Path, dict]) -> Path:
    """conftest's run of AAPL and TSLA (sec and market) from the corpus. Read only."""
    db, record = corpus_aapl_tsla_run
    assert record["returncode"] == EXIT_CORPUS_AAPL_OR_LPA
    assert record["failures"] == []
    return db


def _corpus_counts(db: Path, cik: int, first: str, last: str) -> list[tuple]:
    return _rows(
        db,
        "select period_end, shares_outstanding, shares_outstanding_split_factor, "
        "shares_outstanding_split_adjusted from marts.fct_balance_sheet where cik = ? "
        "and fiscal_period <> 'FY' and shares_outstanding is not null "
        "and period_end between ? and ? order by period_end",
        cik,
        first,
        last,
    )


@pytest.mark.parametrize(
    ("cik", "first", "last", "factors"),
    [
        # Apple around the 4:1 of 2020-08-31: the 10-Qs to June 2020 (filed before it) cite
        # pre-split counts; the FY2020 10-K restated its comparatives
        (AAPL, "2019-06-01", "2021-06-30", {1.0, 4.0}),
        # Tesla around the 5:1 of 2020 and the 3:1 of 2022: 15, 3 and 1
        (TSLA, "2019-06-01", "2022-09-30", {1.0, 3.0, 15.0}),
    ],
)
def test_corpus_share_counts_continuous_across_splits(
    corpus_db: Path, cik: int, first: str, last: str, factors: set[float]
) -> None:
    """Quarter to quarter, adjusted counts move by buybacks and issuance (under 10 %), never by a
    split factor, while the as-filed counts jump by it."""
    rows = _corpus_counts(corpus_db, cik, first, last)
    assert {factor for *_, factor, _ in rows} == factors
    adjusted = [value for *_, value in rows]
    as_filed = [value for _, value, *_ in rows]
    steps = [b / a for a, b in pairwise(adjusted)]
    assert all(0.9 < step < 1.1 for step in steps), list(zip(rows, [None, *steps], strict=True))
    filed_steps = [float(b) / float(a) for a, b in pairwise(as_filed)]
    assert any(step > 2.5 for step in filed_steps), "no split visible in the as-filed counts"
