"""quality_model_keys() and quality_raw_keys() read their keys from the project (model grain
tests, sources YAML meta) rather than a hand list. This compiles both macros with dbt and checks
every key against the YAML read independently here: a model grain or raw key that changes in
YAML changes the reconciliation checks, and a listed model without exactly one grain test fails
to compile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.python.contracts.test_raw_contracts import ROOT, yaml_meta, yaml_tables

GRAIN_TESTS = ("unique", "unique_combination_of_columns")


def yaml_grains() -> dict[str, list[list[str]]]:
    """{model: [key columns, ...]} from the `unique` column tests and model-level
    `unique_combination_of_columns` tests of every model YAML."""
    grains: dict[str, list[list[str]]] = {}
    for path in sorted(ROOT.glob("models/**/*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            keys = grains.setdefault(model["name"], [])
            for test in model.get("data_tests", []):
                if isinstance(test, dict) and "unique_combination_of_columns" in test:
                    keys.append(
                        test["unique_combination_of_columns"]["arguments"]["combination_of_columns"]
                    )
            for column in model.get("columns", []):
                if "unique" in column.get("data_tests", []):
                    keys.append([column["name"]])
    return grains


def compile_inline(sql: str, work: Path) -> Any:
    """Compile one Jinja expression in this project (empty warehouse) and return its JSON."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner

    args = ["--quiet", "compile", "--inline", sql]
    args += ["--project-dir", str(ROOT), "--profiles-dir", str(ROOT)]
    args += ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    try:
        result = dbtRunner().invoke(args)
    finally:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
        DuckDBConnectionManager.close_all_connections()
    assert result.success, result.exception
    return json.loads(result.result.results[0].node.compiled_code)


@pytest.fixture(scope="module")
def quality_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("dbt")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FINLOOM_DB", str(work / "empty.duckdb"))
        patch.delenv("DUCKDB_PATH", raising=False)
        keys: dict[str, Any] = compile_inline(
            '{{ tojson({"raw": quality_raw_keys(), "model": quality_model_keys()}) }}', work
        )
    return keys


def test_model_keys_are_the_grain_tests(quality_keys: dict[str, Any]) -> None:
    grains = yaml_grains()
    pairs = quality_keys["model"]
    assert len(pairs) == 18
    for model, key in pairs:
        assert grains.get(model) == [key], f"{model}: grain tests {grains.get(model)} vs {key}"


def test_raw_keys_are_the_sources_meta(quality_keys: dict[str, Any]) -> None:
    tables = yaml_tables()
    expected = []
    for table, _key, _suffix in quality_keys["raw"]:
        meta = yaml_meta(tables[table])
        triple = [table, meta["primary_key"], f"raw_sec__{table}"]
        if triple not in expected:
            expected.append(triple)
            if "natural_key" in meta:
                expected.append([table, meta["natural_key"], f"raw_sec__{table}__natural_key"])
    assert quality_keys["raw"] == expected
    assert ["company_facts", ["fact_id"], "raw_sec__company_facts"] in expected
    assert any(suffix == "raw_sec__company_facts__natural_key" for _, _, suffix in expected)
