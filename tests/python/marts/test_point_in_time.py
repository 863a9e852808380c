"""Point-in-time history on real filings (decision 018): vintage, then mirror, as of a date.

Warehouse A holds the 2024-11 vintage of Apple's SEC data, B the vintage and then the current
mirror, C the mirror only. As of 2024-12-31, B's history must give what A alone gives (no filing
filed after that date may leak in), and B's latest view must be C's.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finloom.cli import main

from ..support.dbt import dbt_select, warehouse_env
from ..support.exits import EXIT_CORPUS_AAPL_OR_LPA
from ..support.shared import copy_warehouse

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

AS_OF = "2024-12-31"
VALID_ON = f"valid_from <= date '{AS_OF}' and (valid_to is null or valid_to > date '{AS_OF}')"
ITEMS = ("revenue", "net_income", "total_assets")
SELECT = [
    "+fct_financial_line_items",
    "+fct_financial_line_items_history",
    "+fct_financial_line_items_as_of",
]

Key = tuple[str, int, str]


def _ingest(mirror: Path, db: Path) -> None:
    args = ["ingest", "sec", "--tickers", "AAPL", "--mirror", str(mirror)]
    assert main([*args, "--db", str(db), "--no-progress"]) == EXIT_CORPUS_AAPL_OR_LPA


def _build(db: Path, work: Path) -> None:
    outcome = dbt_select(db, work, SELECT, cautious=True)  # only tests whose parents are built
    assert outcome.success, outcome.failures


@pytest.fixture(scope="module")
def warehouses(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A = vintage, B = vintage then mirror, C = mirror; each built with dbt."""
    vintage = corpus / "vintages" / "2024-11"
    if not vintage.is_dir():
        pytest.skip(f"vintage not found at {vintage}")
    work = tmp_path_factory.mktemp("point_in_time")
    dbs = {name: work / f"{name}.duckdb" for name in "ABC"}
    with warehouse_env(work, dbs["A"]):  # run_dbt sets FINLOOM_DB per build; restored on exit
        _ingest(vintage, dbs["A"])
        # B's vintage load is A's: a copy of it, with its dlt state, before either is built
        copy_warehouse(dbs["A"], work, dbs["B"].name)
        _ingest(corpus / "mirror", dbs["B"])
        _ingest(corpus / "mirror", dbs["C"])
        for db in dbs.values():
            _build(db, work)
    yield dbs


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def _latest(db: Path) -> dict[Key, tuple[Decimal, str]]:
    """Reported (non-derived) values of fct_financial_line_items, with their accession."""
    rows = _rows(
        db,
        "select line_item, fiscal_year, fiscal_period, value, source_accession_number "
        "from marts.fct_financial_line_items where not is_derived",
    )
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows}


def _history(db: Path, where: str) -> dict[Key, tuple]:
    """Versions by period: value, valid_from, valid_to, accession, version, flags."""
    rows = _rows(
        db,
        "select line_item, fiscal_year, fiscal_period, value, valid_from, valid_to, "
        "source_accession_number, version_number, is_amendment, is_probable_scale_error "
        f"from marts.fct_financial_line_items_history where {where}",
    )
    return {(r[0], r[1], r[2]): r[3:] for r in rows}


def _without_valid_to(versions: dict[Key, tuple]) -> dict[Key, tuple]:
    """valid_to is the one column that knows about later filings (the next version's date)."""
    return {k: v[:2] + v[3:] for k, v in versions.items()}


def test_as_of_end_of_2024_equals_the_vintage_alone(warehouses: dict[str, Path]) -> None:
    as_of_b = _history(warehouses["B"], VALID_ON)
    assert max(row[1] for row in as_of_b.values()).isoformat() <= AS_OF
    # every version of the combined warehouse valid on that date is the vintage's own
    as_of_a = _history(warehouses["A"], VALID_ON)
    assert _without_valid_to(as_of_b) == _without_valid_to(as_of_a)
    # and has the value the vintage's marts show, for the headline items in every period
    latest_a = _latest(warehouses["A"])
    for item in ITEMS:
        a_periods = {k: v[0] for k, v in latest_a.items() if k[0] == item}
        b_periods = {k: v[0] for k, v in as_of_b.items() if k[0] == item}
        assert len(a_periods) > 40, item
        assert b_periods == a_periods, item
    assert as_of_b[("revenue", 2024, "FY")][0] == Decimal(391_035_000_000)
    assert as_of_b[("total_assets", 2024, "FY")][0] == Decimal(364_980_000_000)


def test_filings_after_the_date_only_appear_after_it(warehouses: dict[str, Path]) -> None:
    later = _rows(
        warehouses["B"],
        "select count(*), min(valid_from) from marts.fct_financial_line_items_history "
        f"where valid_from > date '{AS_OF}'",
    )[0]
    assert later[0] > 0  # the mirror adds filings after the vintage...
    as_of_b = _history(warehouses["B"], VALID_ON)
    assert ("revenue", 2025, "FY") not in as_of_b  # ...which the as-of view does not see
    assert ("revenue", 2025, "FY") in _history(warehouses["B"], "is_current")


def test_latest_view_equals_the_mirror_alone(warehouses: dict[str, Path]) -> None:
    # every version, not one per period: a dict keyed by period would keep an arbitrary one
    every_version = (
        "select * exclude (source_fact_id) from marts.fct_financial_line_items_history "
        "order by line_item, fiscal_year, fiscal_period, version_number"
    )
    assert _rows(warehouses["B"], every_version) == _rows(warehouses["C"], every_version)
    current_b = _history(warehouses["B"], "is_current")
    latest_c = _latest(warehouses["C"])
    assert current_b.keys() == latest_c.keys()
    for item in ITEMS:
        assert {k: v[0] for k, v in current_b.items() if k[0] == item} == {
            k: v[0] for k, v in latest_c.items() if k[0] == item
        }, item
