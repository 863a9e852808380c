"""The end-of-run summary: dbt's counts, each warning with why it is expected, what to type next;
and no ANSI colour unless a terminal asks for it."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from finloom.cli.summary import dbt_lines, next_commands
from finloom.transform import DbtOutcome, DbtWarning, use_colour


def test_each_warning_is_named_with_why_it_is_expected() -> None:
    outcome = DbtOutcome(
        success=True,
        counts=Counter({"model:success": 94, "test:pass": 567, "test:warn": 2}),
        warnings=[
            DbtWarning("assert_filing_index_has_no_gaps", "Got 1 result", "a page was missing"),
            DbtWarning("assert_new_check", "Got 3 results"),
        ],
    )
    lines = dbt_lines(outcome)
    assert lines[0] == "dbt models: 94 success; tests: 567 pass, 2 warn"
    assert (
        lines[1] == "  warned: assert_filing_index_has_no_gaps (Got 1 result): a page was missing"
    )
    assert (
        lines[2] == "  warned: assert_new_check (Got 3 results): no reason recorded for this test"
    )
    assert "never stop a build" in lines[3]


def test_every_warn_severity_test_says_why_it_is_expected() -> None:
    """A warning the summary cannot explain is one a user has to guess about."""
    root = Path(__file__).resolve().parents[4]
    silent = [
        str(path.relative_to(root))
        for path in sorted((root / "tests" / "dbt").rglob("*.sql"))
        if "severity='warn'" in (text := path.read_text()) and "expected_because" not in text
    ]
    assert silent == []


def test_next_commands_name_the_warehouse_unless_it_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FINLOOM_DB")
    assert next_commands(tmp_path / "warehouse" / "finloom.duckdb")[0] == "finloom status"
    assert next_commands(tmp_path / "x.duckdb")[0] == "finloom status --db x.duckdb"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(_Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Tty())
