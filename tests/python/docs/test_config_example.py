"""`.dlt/config.toml.example` lists every setting each source reads, with its default: the
fields of its dlt config spec and the arguments dlt injects into its source function."""

from __future__ import annotations

import dataclasses
import inspect
import re
import tomllib
from collections.abc import Callable
from typing import Any

import pytest
from dlt.common.typing import ConfigValueSentinel

from finloom.ops.retention import RetentionConfig
from ingestion.sources.filings import filings_source
from ingestion.sources.filings.config import FilingsConfig
from ingestion.sources.macro import macro_source
from ingestion.sources.macro.settings import MacroConfig
from ingestion.sources.market import market_source
from ingestion.sources.market.settings import MarketConfig
from ingestion.sources.news import news_source
from ingestion.sources.news.settings import NewsConfig
from ingestion.sources.policy import policy_source
from ingestion.sources.policy.settings import PolicyConfig
from ingestion.sources.sec import sec_source
from ingestion.sources.sec.settings import SecConfig
from tests.python.conftest import PROJECT_ROOT

EXAMPLE = PROJECT_ROOT / ".dlt" / "config.toml.example"
SOURCES: dict[str, tuple[type, Callable[..., Any]]] = {
    "sec": (SecConfig, sec_source),
    "market": (MarketConfig, market_source),
    "filings": (FilingsConfig, filings_source),
    "macro": (MacroConfig, macro_source),
    "news": (NewsConfig, news_source),
    "policy": (PolicyConfig, policy_source),
}
#: Source arguments the pipelines pass themselves (not settings a user configures).
PASSED_BY_PIPELINE = {"progress"}
#: Defaults that depend on the machine (the example says how).
MACHINE_DEPENDENT = {("sec", "workers")}


def settings(name: str) -> dict[str, Any]:
    """Every setting of source `name` with its default."""
    spec, source = SOURCES[name]
    found = {f.name: f.default for f in dataclasses.fields(spec) if not f.name.startswith("_")}
    function = inspect.unwrap(getattr(source, "__wrapped__", source))
    for parameter in inspect.signature(function).parameters.values():
        default, key = parameter.default, parameter.name
        if isinstance(default, ConfigValueSentinel):
            found[key] = None  # injected by dlt with no default: listed as a comment
        elif isinstance(default, (str, int, float, bool)) and key not in PASSED_BY_PIPELINE:
            found[key] = default
    return found


def test_the_example_lists_every_retention_setting_with_its_default() -> None:
    text = EXAMPLE.read_text()
    section = tomllib.loads(text)["retention"]
    block = text.split("[retention]", 1)[1]
    commented = set(re.findall(r"^#\s*(\w+)\s*=", block, re.M))
    defaults = {f.name: f.default for f in dataclasses.fields(RetentionConfig) if f.name[0] != "_"}
    assert set(section) | commented == set(defaults)
    assert all(value == defaults[key] for key, value in section.items())


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_example_lists_every_setting_with_its_default(name: str) -> None:
    text = EXAMPLE.read_text()
    section = tomllib.loads(text)["sources"][name]
    block = text.split(f"[sources.{name}]", 1)[1].split("\n[", 1)[0]
    commented = set(re.findall(r"^#\s*(\w+)(?:\s*=|,|:)", block, re.M))
    commented |= set(re.findall(r"^#\s*\w+, (\w+):", block, re.M))
    expected = settings(name)
    assert set(section) | commented == set(expected)
    for key, value in section.items():
        if (name, key) not in MACHINE_DEPENDENT:
            assert value == expected[key], f"[sources.{name}] {key}"
