"""Raw fact keys shared by several rows are found, and only those (decisions 042, 047).

`int_company_fact_key_duplicates` narrows each key by a 64-bit hash of its columns (macro
key_hash) and compares the columns themselves among the rows whose hashes match. On a copy of
the demo's cold run, raw_sec.company_facts gets one exact copy of a fact (a real duplicate of
both keys) and near copies that differ in one natural-key column and in `fact_id` (no
duplicate). The model must report the copy, with its number of rows, and nothing else; and it
must do so when every key of a company hashes alike, as a hash collision would make them: the
model's compiled SQL is run once more with the hash replaced by a constant.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from finloom.transform import run_dbt

from ..support.shared import copy_warehouse

pytestmark = pytest.mark.slow

MODEL = "int_company_fact_key_duplicates"
#: a near copy per natural-key column (after cik): that column changed, fact_id too
NEAR_COPIES = {
    "taxonomy": "taxonomy || '-x'",
    "concept": "concept || 'X'",
    "unit": "unit || 'X'",
    "period_start": "period_start - 1",
    "period_end": "period_end + 1",
    "accession_number": "accession_number || '9'",
}


def _plant(db: Path) -> tuple[int, str, str]:
    """One exact copy of a fact and its near copies; (cik, fact_id, natural key as reported)."""
    with duckdb.connect(str(db)) as con:
        row = con.execute(
            "select cik, fact_id, concat_ws(' ', cik, taxonomy, concept, unit, period_start, "
            "period_end, accession_number) from raw_sec.company_facts "
            "where period_start is not null order by cik, fact_id limit 1"
        ).fetchone()
        assert row is not None
        cik, fact_id, natural_key = row
        columns = [
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() "
                "where schema_name = 'raw_sec' and table_name = 'company_facts' "
                "order by column_index"
            ).fetchall()
        ]
        source = f"from raw_sec.company_facts where fact_id = '{fact_id}'"
        con.execute(f"insert into raw_sec.company_facts select * {source}")
        for column, changed in NEAR_COPIES.items():
            values = [
                changed
                if c == column
                else "md5(fact_id || " + repr(column) + ")"
                if c == "fact_id"
                else c
                for c in columns
            ]
            con.execute(
                f"insert into raw_sec.company_facts ({', '.join(columns)}) "
                f"select {', '.join(values)} {source} limit 1"
            )
    return cik, fact_id, natural_key


def _found(con: duckdb.DuckDBPyConnection, sql: str) -> set[tuple[object, ...]]:
    return set(
        con.execute(f"select check_suffix, cik, duplicated_key, n_rows from ({sql})").fetchall()
    )


def test_planted_duplicate_found_and_near_copies_not(
    tmp_path: Path, demo_sec_cold_run: tuple[Path, dict]
) -> None:
    db = copy_warehouse(demo_sec_cold_run[0], tmp_path / "work")
    cik, fact_id, natural_key = _plant(db)
    target = tmp_path / "target"
    args = ["run", "--select", MODEL, "--full-refresh", "--target-path", str(target)]
    built = run_dbt([*args, "--log-path", str(tmp_path / "logs")], db, quiet=True)
    assert built.success, built.failures
    expected = {
        ("raw_sec__company_facts", cik, fact_id, 2),
        ("raw_sec__company_facts__natural_key", cik, natural_key, 2),
    }
    with duckdb.connect(str(db), read_only=True) as con:
        assert _found(con, f"select * from intermediate.{MODEL}") == expected

        # every key of every company hashing alike: the exact comparison alone decides
        results = json.loads((target / "run_results.json").read_text())["results"]
        (sql,) = [r["compiled_code"] for r in results if r["unique_id"].endswith("." + MODEL)]
        assert len(re.findall(r"\bhash\(", sql)) == 2, sql
        colliding = re.sub(r"\bhash\(", "0 * hash(", sql)
        assert _found(con, colliding) == expected
