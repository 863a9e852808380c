"""Raw table keys are declared once, in the sources YAML (`config.meta.primary_key`, plus
`natural_key` where a surrogate key stands for one); the dlt hints that merge on them and the
tables in docs/raw_*.md must say the same. Built without network: each dlt source is created with
empty inputs (resources are lazy) and its hints read back as dlt computes the table schema."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from dlt.common.schema.utils import get_columns_names_with_prop
from dlt.extract.hints import TableNameMeta

from ingestion.sources.filings import STAGED_PREFIX, filings_source
from ingestion.sources.macro import macro_source
from ingestion.sources.market import market_source
from ingestion.sources.news import news_source
from ingestion.sources.policy import policy_source
from ingestion.sources.sec import sec_source

ROOT = Path(__file__).resolve().parents[3]
#: Tables dlt appends to staged_<table>; the filings pipeline then replaces them per accession.
REPLACED = "replace_per_accession"


def dlt_tables() -> dict[str, dict[str, Any]]:
    """{table: {"primary_key": [...], "disposition": str}} for every table the six sources
    declare: each resource's own table and the variants it dispatches rows to."""
    sources = [
        sec_source([], [], [], client=None, endpoints=None, report=None),
        filings_source([], [], 1, []),
        macro_source([], client=None),
        market_source([], client=None),
        news_source([], providers=[]),
        policy_source(client=None),
    ]
    tables: dict[str, dict[str, Any]] = {}
    for source in sources:
        for resource in source.resources.values():
            # dlt keeps the table variants of a resource (create_table_variant=True) here
            variants = list(resource._hints_variants)
            for name, schema in [
                (resource.table_name, resource.compute_table_schema()),
                *[
                    (variant, resource.compute_table_schema(meta=TableNameMeta(variant)))
                    for variant in variants
                ],
            ]:
                assert name not in tables, f"two dlt resources declare table {name}"
                disposition = schema.get("write_disposition")
                tables[name] = {
                    "primary_key": get_columns_names_with_prop(
                        schema, "primary_key", include_incomplete=True
                    ),
                    "disposition": disposition,
                }
    return tables


def yaml_tables() -> dict[str, dict[str, Any]]:
    """{table: table entry} of every sources YAML under models/staging."""
    tables: dict[str, dict[str, Any]] = {}
    for path in sorted(ROOT.glob("models/staging/*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                assert table["name"] not in tables, f"two sources declare {table['name']}"
                tables[table["name"]] = table
    return tables


def yaml_meta(table: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = (table.get("config") or {}).get("meta") or {}
    return meta


def _key_columns(cell: str) -> list[str]:
    """`cik`, `accession_number` / `(symbol, trade_date)` / `fact_id` (note) -> column names."""
    return [
        column.strip()
        for span in re.findall(r"`([^`]+)`", cell)
        for column in span.strip("()").split(",")
    ]


def doc_tables() -> dict[str, dict[str, list[str]]]:
    """{table: {"primary_key": [...], "natural_key": [...]?}} from the key column of every
    `| table | key | columns |` table in docs/raw_*.md, plus "Natural key of `<table>` ...:
    `(a, b)`" sentences."""
    tables: dict[str, dict[str, list[str]]] = {}
    for path in sorted(ROOT.glob("docs/raw_*.md")):
        text = path.read_text()
        in_table = False
        for line in text.splitlines():
            if re.match(r"\| table \| (primary key|key \(merge\)) \|", line):
                in_table = True
                continue
            if not line.startswith("|"):
                in_table = False
            if in_table and not line.startswith("|---"):
                cells = [cell.strip() for cell in line.strip("|").split(" | ")]
                name = cells[0].strip("`")
                assert name not in tables, f"{path.name}: {name} documented twice"
                tables[name] = {"primary_key": _key_columns(cells[1])}
        for name, columns in re.findall(r"Natural key of `(\w+)`[^:\n]*: `\(([^)]*)\)`", text):
            tables[name]["natural_key"] = [c.strip() for c in columns.split(",")]
    return tables


def _merge(disposition: Any) -> bool:
    value = disposition.get("disposition") if isinstance(disposition, dict) else disposition
    return bool(value == "merge")


DLT = dlt_tables()
YAML = yaml_tables()
DOCS = doc_tables()


def test_every_raw_table_is_declared_and_documented() -> None:
    dbt_sources = set(YAML)
    assert set(DOCS) == dbt_sources
    loaded = {name.removeprefix(STAGED_PREFIX) for name in DLT} - {"filing_parses"}
    assert loaded == dbt_sources


@pytest.mark.parametrize("table", sorted(YAML))
def test_primary_key_agrees(table: str) -> None:
    meta = yaml_meta(YAML[table])
    declared = meta.get("primary_key")
    assert declared, f"{table}: no config.meta.primary_key in its sources YAML"
    assert DOCS[table]["primary_key"] == declared, f"{table}: docs/raw_*.md key differs"
    if meta.get("loaded_by") == REPLACED:
        # no dlt key: staged rows are appended, then whole accessions are swapped in
        staged = DLT[STAGED_PREFIX + table]
        assert staged["primary_key"] == [] and not _merge(staged["disposition"])
        assert table not in DLT
    else:
        assert meta.get("loaded_by") is None, f"{table}: unknown loaded_by {meta['loaded_by']}"
        assert _merge(DLT[table]["disposition"]), f"{table}: dlt does not merge it"
        assert DLT[table]["primary_key"] == declared, f"{table}: dlt merges on another key"


@pytest.mark.parametrize("table", sorted(YAML))
def test_natural_key_agrees(table: str) -> None:
    """A surrogate key (company_facts.fact_id, the md5 of the natural key) names its natural key
    in both places, or in neither."""
    assert yaml_meta(YAML[table]).get("natural_key") == DOCS[table].get("natural_key")


@pytest.mark.parametrize("table", sorted(YAML))
def test_key_columns_are_typed_columns(table: str) -> None:
    """Staging casts exactly the declared columns, so every key column must be one of them."""
    columns = {c["name"]: c.get("data_type") for c in YAML[table].get("columns", [])}
    assert columns and all(columns.values()), f"{table}: a column without data_type"
    meta = yaml_meta(YAML[table])
    for column in [*meta["primary_key"], *meta.get("natural_key", [])]:
        assert column in columns, f"{table}: key column {column} is not declared"


def test_parsers_read_the_keys() -> None:
    """The readers above find real keys (guards against a parser that finds nothing)."""
    assert DLT["filings"]["primary_key"] == ["cik", "accession_number"]
    assert DLT["company_concepts"]["primary_key"] == ["cik", "taxonomy", "concept"]
    assert DOCS["daily_bars"]["primary_key"] == ["symbol", "trade_date"]
    assert DOCS["filing_chunks"]["primary_key"] == ["chunk_id"]
    assert DOCS["company_facts"]["natural_key"][0] == "cik"
    assert len(YAML) == 24
