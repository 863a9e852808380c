"""Build planning from dlt's load records: what a run's build has to cover (`ops.builds`)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from finloom.loading import SOURCES
from finloom.ops.builds import (
    BuildPlan,
    describe,
    newest_loads,
    plan_build,
    project_hash,
    record_build,
    record_built,
)
from finloom.paths import PROJECT_ROOT

PROJECT = "p1"


def _load(db: Path, dataset: str, source: str, load_id: str, table: str | None, rows: int) -> None:
    """One completed dlt load of `source` into `dataset`, putting `rows` rows into `table`."""
    with duckdb.connect(str(db)) as con:
        con.execute(f"create schema if not exists {dataset}")
        con.execute(
            f"create table if not exists {dataset}._dlt_loads (load_id varchar, "
            "schema_name varchar, status bigint, inserted_at timestamptz)"
        )
        con.execute(f"insert into {dataset}._dlt_loads values (?, ?, 0, now())", [load_id, source])
        con.execute(
            f"create table if not exists {dataset}._dlt_pipeline_state "
            "(version bigint, _dlt_load_id varchar)"
        )
        con.execute(f"insert into {dataset}._dlt_pipeline_state values (1, ?)", [load_id])
        if table is not None:
            con.execute(
                f"create table if not exists {dataset}.{table} (x integer, _dlt_load_id varchar)"
            )
            for i in range(rows):
                con.execute(f"insert into {dataset}.{table} values (?, ?)", [i, load_id])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    _load(path, "raw_sec", "sec", "100.1", "company_facts", 3)
    _load(path, "raw_sec", "filings", "100.2", "filing_documents", 2)
    _load(path, "raw_market", "market", "100.3", "daily_bars", 5)
    return path


def test_first_build_covers_everything(db: Path) -> None:
    plan = plan_build(db, PROJECT)
    assert plan.everything and plan.dbt_args() == [] and not plan.full_refresh
    assert dict(plan.newest) == {"sec": "100.1", "filings": "100.2", "market": "100.3"}
    assert describe(plan) == "build: everything (first build of this warehouse)"


def test_nothing_new_builds_nothing(db: Path) -> None:
    record_build(db, plan_build(db, PROJECT), "r1", PROJECT)
    plan = plan_build(db, PROJECT)
    assert plan.nothing and not plan.everything
    assert describe(plan) == "build: skipped, nothing new was loaded since the last build"


def test_a_new_load_builds_what_depends_on_its_source(db: Path) -> None:
    record_build(db, plan_build(db, PROJECT), "r1", PROJECT)
    _load(db, "raw_market", "market", "200.1", "daily_bars", 1)
    plan = plan_build(db, PROJECT)
    assert plan.changed == ("market",)
    assert plan.dbt_args() == [
        "--select",
        "source:market+",
        "--exclude",
        "resource_type:unit_test",
    ]
    # sec and filings share a dataset; only the source whose load carried rows is selected
    _load(db, "raw_sec", "filings", "200.2", "filing_documents", 1)
    plan = plan_build(db, PROJECT)
    assert plan.dbt_args() == [
        "--select",
        "source:filings+ source:market+",
        "--exclude",
        "resource_type:unit_test",
    ]
    record_build(db, plan, "r2", PROJECT)
    assert plan_build(db, PROJECT).nothing


def test_a_load_without_data_rows_is_nothing_new(db: Path) -> None:
    """dlt writes a load (and a state row) when only a cursor moved: no data, no build."""
    record_build(db, plan_build(db, PROJECT), "r1", PROJECT)
    _load(db, "raw_sec", "sec", "200.1", None, 0)
    _load(db, "raw_sec", "sec", "200.2", "company_facts", 0)
    assert plan_build(db, PROJECT).nothing


def test_a_failed_build_leaves_its_sources_pending(db: Path) -> None:
    record_build(db, plan_build(db, PROJECT), "r1", PROJECT)
    _load(db, "raw_sec", "sec", "200.1", "company_facts", 1)
    # the build of 200.1 failed: nothing was recorded; the next load comes and goes
    _load(db, "raw_market", "market", "300.1", "daily_bars", 1)
    assert plan_build(db, PROJECT).changed == ("market", "sec")


def test_a_partial_record_marks_only_the_sources_it_built(db: Path) -> None:
    record_build(db, plan_build(db, PROJECT), "r1", PROJECT)
    _load(db, "raw_sec", "sec", "200.1", "company_facts", 1)
    _load(db, "raw_market", "market", "200.2", "daily_bars", 1)
    record_build(db, BuildPlan(False, ("sec",), newest=newest_loads(db)), "r2", PROJECT)
    assert plan_build(db, PROJECT).changed == ("market",)


def test_a_changed_project_builds_everything(db: Path) -> None:
    record_built(db, newest_loads(db), "r1", PROJECT)
    plan = plan_build(db, "p2")
    assert plan.everything and plan.full_refresh
    assert plan.dbt_args() == ["--full-refresh"]
    assert plan.reason.startswith("the dbt project changed since the last build")


def test_project_hash_follows_the_files(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    model = tmp_path / "models" / "m.sql"
    model.write_text("select 1")
    (tmp_path / "dbt_project.yml").write_text("name: x")
    first = project_hash(tmp_path)
    assert project_hash(tmp_path) == first
    model.write_text("select 2")
    assert project_hash(tmp_path) != first
    assert len(project_hash()) == 64  # the real project hashes too


def test_every_source_is_a_dbt_source_of_the_same_name() -> None:
    """`source:<dlt schema name>+` selects a source's models only if the names agree."""
    names = set()
    for path in (PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml"):
        names |= {s["name"] for s in yaml.safe_load(path.read_text())["sources"]}
    assert set(SOURCES) <= names
