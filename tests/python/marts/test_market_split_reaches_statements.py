"""A split the market reports reaches the statement marts (decisions 037, 043, 046).

The statement marts' per-share figures and share counts are put on the company's latest split
basis with `int_stock_splits_combined`, which reads the market's split events. A market load
marks no company changed, so the company-partitioned pivots (`int_income_statement_pivoted`,
`int_balance_sheet_pivoted`) are not rebuilt by it; the thin marts on top of them are plain
tables downstream of the market source, so a `finloom run --sources market` that loads a new
split rebuilds them, and every value filed before the split moves to the new basis. (The
pivots hold the as-filed values and their filing dates only: nothing in them depends on a
split.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from dev.scenarios import add_split
from finloom.cli import main
from finloom.ops.builds import record_built
from finloom.paths import DEMO_MIRROR
from ingestion.http import reset_host_state

from ..support.dbt import warehouse_env

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

#: a demo company with no split of its own: its listing splits 2:1 the day after its last bar
SYMBOL, CIK = "HLDG", 9990001
#: the demo's split filer (4:1 in 2023): its factors must stay as they were
OTHER_CIK = 9990002
#: the dbt test of the demo's known split-adjusted EPS (the generator's truth)
KNOWN_ANSWERS = "assert_demo_known_answers_per_share_and_balances_match"

FACTORS = """
    select 'income' as mart, fiscal_year, fiscal_period, eps_diluted, eps_diluted_split_factor,
        eps_diluted_split_adjusted, weighted_shares_diluted_split_factor
    from marts.fct_income_statement where cik = ?
    union all
    select 'balance', fiscal_year, fiscal_period, null, shares_outstanding_cover_split_factor,
        shares_outstanding_cover_split_adjusted / shares_outstanding_cover, null
    from marts.fct_balance_sheet where cik = ?
    order by 1, 2, 3
"""


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_a_market_split_rebuilds_the_statement_marts_on_the_new_basis(
    demo_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "incremental" / demo_db.name
    db.parent.mkdir()
    shutil.copyfile(demo_db, db)
    # stamp it with the project as it is now: a planned build, not a full rebuild
    record_built(db, {}, None)
    # the SEC change sets as a build that rebuilt no company leaves them (the demo's first build
    # marked every company): only the market load may bring the split to the marts
    with duckdb.connect(str(db)) as con:
        for change_set in ("int_sec_companies_to_build", "int_sec_company_marts_to_build"):
            con.execute(f"update intermediate.{change_set} set is_changed = false")
    before = {cik: _rows(db, FACTORS, cik, cik) for cik in (CIK, OTHER_CIK)}
    assert {factor for _, _, _, _, factor, _, _ in before[CIK]} <= {1.0, None}

    mirror = tmp_path / "mirror"
    shutil.copytree(DEMO_MIRROR / "query2.finance.yahoo.com", mirror / "query2.finance.yahoo.com")
    symbols = json.loads((DEMO_MIRROR / "finloom-demo.json").read_text())["market_symbols"]
    day = add_split(mirror, SYMBOL, 2, 1)
    run = ["run", "--sources", "market", "--tickers", ",".join(symbols), "--no-progress"]
    with warehouse_env(tmp_path, db), pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
        patch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
        reset_host_state()
        try:
            code = main([*run, "--mirror", str(mirror), "--db", str(db)])
        finally:
            reset_host_state()
    # the demo's known answers are the generator's truth, which knows no such split: their check
    # of HLDG's adjusted EPS fails (one row per period), and nothing else does (exit 1)
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    status = {r["unique_id"].split(".")[-1]: r["status"] for r in results}
    failed = {node: s for node, s in status.items() if s not in ("pass", "success")}
    assert (code, failed) == (1, {KNOWN_ANSWERS: "fail"}), failed
    # the thin marts were rebuilt by the market load; the SEC-only pivots were not
    assert status["fct_income_statement"] == status["fct_balance_sheet"] == "success"
    assert "int_income_statement_pivoted" not in status
    assert "int_balance_sheet_pivoted" not in status

    split = _rows(
        db,
        "select split_date, split_factor, split_source, factor_to_latest_basis "
        "from intermediate.int_stock_splits_combined where cik = ?",
        CIK,
    )
    assert split == [(day.trade_date, 2.0, "market", 2.0)]
    after = _rows(db, FACTORS, CIK, CIK)
    assert len(after) == len(before[CIK])
    # every value was filed before the split: the factor doubles, EPS halves, counts double
    for was, now in zip(before[CIK], after, strict=True):
        mart, year, period, eps, factor, adjusted, shares_factor = now
        assert (mart, year, period, eps) == was[:4]
        if was[4] is None:
            assert factor is None
            continue
        assert factor == 2.0, now
        if mart == "income":
            assert adjusted == pytest.approx(float(eps) / 2), now
            assert shares_factor in (None, 2.0), now
        else:
            assert adjusted == pytest.approx(2.0), now
    assert 2.0 in {factor for _, _, _, _, factor, _, _ in after}
    # another company's basis is as it was
    assert _rows(db, FACTORS, OTHER_CIK, OTHER_CIK) == before[OTHER_CIK]
