"""The bench's scenario bookkeeping (bench/scenarios.py): pure functions, no ingest or dbt."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"


def _load(name: str) -> ModuleType:
    """A bench module (bench/ is a directory of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


sc = _load("scenarios")


def _result(name: str, total: float, **kwargs: object) -> object:
    return sc.ScenarioResult(name=name, ingest_s=total, companies=20, **kwargs)


def test_parse_scenarios_orders_and_adds_cold() -> None:
    assert sc.parse_scenarios("one-filing,cold,nochange") == (list(sc.SCENARIOS), None)
    assert sc.parse_scenarios("") == (list(sc.SCENARIOS), None)
    names, note = sc.parse_scenarios(" nochange ")
    assert names == ["cold", "nochange"]
    assert note is not None and "cold" in note
    with pytest.raises(ValueError, match="warm"):
        sc.parse_scenarios("cold,warm")


def test_full_refresh_check_default() -> None:
    everything = list(sc.SCENARIOS)
    limit = sc.AUTO_CHECK_MAX_COMPANIES
    assert sc.wants_full_refresh_check(None, everything, limit, skip_dbt=False)
    assert not sc.wants_full_refresh_check(None, everything, limit + 1, skip_dbt=False)
    assert not sc.wants_full_refresh_check(None, ["cold", "nochange"], 20, skip_dbt=False)
    assert sc.wants_full_refresh_check(True, everything, 2000, skip_dbt=False)
    assert not sc.wants_full_refresh_check(False, everything, 20, skip_dbt=False)
    assert not sc.wants_full_refresh_check(True, everything, 20, skip_dbt=True)


def test_targets_are_ratios_to_cold_in_the_same_run() -> None:
    results = [
        _result("cold", 20.0, build_s=10.0, peak_rss_mb=900.0),  # total 30 s
        _result("nochange", 2.0, peak_rss_mb=500.0),  # 6.7 %
        _result("one-filing", 2.0, build_s=1.0, peak_rss_mb=1100.0),  # 10 %
    ]
    rows = {target: (value, verdict) for target, value, verdict in sc.target_rows(results, 500)}
    assert rows["cold total <= 30 s at N=500"] == ("30.0 s", "met")
    assert rows["nochange total <= 10% of cold"] == ("6.7%", "met")
    assert rows["one-filing total <= 5% of cold"] == ("10.0%", "NOT MET")
    assert rows["peak RSS <= 1,024 MB (every scenario)"] == ("1,100 MB (one-filing)", "NOT MET")
    # the seconds target is for 500 companies only
    other = {t: v for t, _, v in sc.target_rows(results, 20)}
    assert other["cold total <= 30 s at N=500"].startswith("n/a")


def test_scenario_table() -> None:
    results = [
        _result("cold", 4.0, build_s=4.0, companies_rebuilt=(20, 20), rows_loaded={"a": 1000}),
        _result("nochange", 0.4),
    ]
    header, cold, nochange = sc.scenario_rows(results)
    assert header[0] == "scenario" and len(header) == len(cold) == len(nochange)
    assert cold[3:6] == ("4.00", "8.00", "1.000")
    assert cold[7] == "1,000" and cold[-1] == "20 of 20"
    assert nochange[3:6] == ("skipped", "0.40", "0.050")
    assert nochange[-1] == "-"
    lines = sc.format_table([header, cold, nochange])
    assert len({len(line) for line in lines[:2]}) == 1  # aligned


def test_expectations_name_what_went_wrong() -> None:
    quiet = _result("nochange", 0.4, unchanged_facts=20, unchanged_submissions=20)
    assert sc.expectations(quiet) == []
    noisy = _result(
        "nochange", 0.4, unchanged_facts=19, unchanged_submissions=20, rows_loaded={"x": 5}
    )
    assert len(sc.expectations(noisy)) == 2
    one = _result(
        "one-filing",
        1.0,
        build_s=1.0,
        unchanged_facts=19,
        companies_loaded=1,
        companies_rebuilt=(1, 20),
    )
    assert sc.expectations(one) == []
    many = _result("one-filing", 1.0, unchanged_facts=18, companies_loaded=2)
    assert len(sc.expectations(many)) == 2


def test_full_refresh_verdict() -> None:
    assert sc.FullRefreshCheck(1.0, True).verdict() == "incremental equals full refresh: yes"
    differing = sc.FullRefreshCheck(1.0, True, {"marts.fct_x": (2, 3)}).verdict()
    assert differing.startswith("incremental equals full refresh: no (tables differing: ")
    assert "marts.fct_x (2 only incremental, 3 only full refresh)" in differing


def test_a_missing_tmp_directory_is_named_before_any_work(tmp_path: Path) -> None:
    import subprocess

    missing = tmp_path / "no" / "such"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--tmp", str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert f"--tmp {missing}: no such directory" in done.stderr
