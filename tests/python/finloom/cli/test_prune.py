"""`finloom prune` as a user runs it: the per-table report, or one `finloom: error:` line."""

from __future__ import annotations

from pathlib import Path

import pytest

from finloom.paths import missing_warehouse

from ..ops.test_retention import AS_OF, write_news_warehouse
from .conftest import RunCli


def test_dry_and_real_runs_print_the_same_summary(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    write_news_warehouse(db)
    monkeypatch.setenv("RETENTION__NEWS_DAYS", "60")
    common = ("--dataset", "news", "--as-of", AS_OF.isoformat(), "--db", str(db))
    code, out, _ = run_cli("prune", "--dry-run", *common)
    assert code == 0
    dry = out.splitlines()
    code, out, _ = run_cli("prune", *common)
    assert code == 0
    real = out.splitlines()
    assert dry[0] == "prune (dry run, as of 2025-03-31 UTC): rows dated before the cutoff go"
    assert "  news: keep 60 days, cutoff 2025-01-30" in dry
    assert dry[-1] == "dry run: 7 rows would go; nothing was changed"
    assert "deleted 7 rows in one transaction" in real
    assert any("finloom build" in line for line in real)
    articles = next(line for line in dry if line.lstrip().startswith("raw_news.articles "))
    assert "would delete         2" in articles and "keep         3" in articles
    assert "2024-11-02 08:00:00+00:00 … 2025-01-29 23:59:59+00:00" in articles
    real_articles = next(line for line in real if line.lstrip().startswith("raw_news.articles "))
    assert real_articles.replace("deleted", "would delete") == articles


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "31/03/2025"], "--as-of: expected YYYY-MM-DD, got '31/03/2025'"),
        (["--dataset", "prices"], "unknown dataset(s): prices (available: news, market, macro)"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, tmp_path: Path, run_cli: RunCli
) -> None:
    db = tmp_path / "w.duckdb"
    write_news_warehouse(db)
    assert run_cli("prune", *argv, "--db", str(db)) == (2, "", f"finloom: error: {message}\n")


def test_a_missing_warehouse(tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "none.duckdb"
    assert run_cli("prune", "--db", str(missing)) == (
        1,
        "",
        f"finloom: error: {missing_warehouse(missing)}\n",
    )
