"""The command line's own rules: bad input is one line on stderr and exit 1 (2 for usage), and
`finloom build` hands the options it does not know to dbt."""

from __future__ import annotations

from pathlib import Path

import pytest

from finloom import cli
from finloom.cli import load
from finloom.paths import missing_warehouse


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message", "exit_code"),
    [
        (["ingest", "news"], "choose companies with --tickers A,B or --universe", 2),
        (["ingest", "bogus", "--tickers", "AAPL"], "unknown source(s): bogus (available: sec", 2),
        (["ingest", "sec", "--tickers", " , "], "--tickers is empty", 2),
        (["ingest", "macro", "--series", " , "], "--series is empty", 2),
        (["ingest", "filings", "--tickers", "A", "--since", "2024-13-01"], "--since: expected", 2),
        (["run", "--sources", "", "--tickers", "A"], "--sources '' names no source", 2),
        (["run", "--sources", " , ", "--tickers", "A"], "--sources ' , ' names no source", 2),
        (
            ["run", "--tickers", "../../etc/passwd"],
            "--tickers: '../../etc/passwd' is not a ticker",
            2,
        ),
        (["ingest", "sec", "--tickers", "AAPL,$(id)"], "--tickers: '$(id)' is not a ticker", 2),
        (["status"], "no warehouse at", 1),
        (["build"], "no warehouse at", 1),
    ],
)
def test_bad_input_is_one_line_and_its_exit_code(
    argv: list[str],
    message: str,
    exit_code: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "typo"
    code, err = _run([*argv, "--db", str(folder / "none.duckdb")], capsys)
    assert code == exit_code
    assert err.startswith("finloom: error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert not folder.exists()  # nothing half-written: no warehouse, lock file or folder


def test_unknown_option_outside_build_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(["status", "--select", "x", "--db", str(tmp_path / "w.duckdb")], capsys)
    assert code == 2
    assert "unrecognized arguments: --select x" in err


def test_build_passes_unknown_options_to_dbt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[list[str]] = []

    def fake_build(
        db: Path, dbt_args: list[str], quiet: bool, run_id: str | None = None, plan: object = None
    ) -> int:
        seen.append(list(dbt_args))
        return 0

    monkeypatch.setattr(load, "build", fake_build)
    argv = ["build", "--db", str(tmp_path / "w.duckdb"), "--select", "fct_income_statement+"]
    code, _ = _run([*argv, "--vars", "{financials_as_of_date: 2024-12-31}"], capsys)
    assert code == 0
    assert seen == [
        ["--select", "fct_income_statement+", "--vars", "{financials_as_of_date: 2024-12-31}"]
    ]


def test_run_loads_every_source_that_needs_no_key_by_default() -> None:
    args = cli._parser().parse_args(["run", "--tickers", "AAPL"])
    assert load._sources(args) == ["sec", "market", "filings", "macro", "news", "policy"]


def test_read_commands_read_the_demo_warehouse_until_there_is_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FINLOOM_DB")
    (tmp_path / "warehouse").mkdir()
    default = (tmp_path / "warehouse" / "finloom.duckdb").resolve()
    code, err = _run(["runs"], capsys)
    assert (code, err.splitlines()[-1]) == (1, f"finloom: error: {missing_warehouse(default)}")

    import duckdb

    duckdb.connect("warehouse/demo.duckdb").close()
    code, err = _run(["runs"], capsys)
    demo = (tmp_path / "warehouse" / "demo.duckdb").resolve()
    assert f"finloom: reading the demo warehouse {demo} (no {default} yet)" in err
    assert "no warehouse" not in err

    duckdb.connect("warehouse/finloom.duckdb").close()
    code, err = _run(["runs"], capsys)
    assert "demo" not in err


def test_a_write_command_says_when_it_creates_the_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped `--db` is not created silently; an existing warehouse is not announced."""

    def fake_ingest(args: object, run_id: str) -> int:
        from finloom.cli.session import current_session

        current_session().begin(["policy"], {})
        return 0

    monkeypatch.setattr(load, "cmd_ingest", fake_ingest)
    db = tmp_path / "tpyo.duckdb"
    argv = ["run", "--sources", "policy", "--no-build", "--db", str(db)]
    code, err = _run(argv, capsys)
    assert code == 0
    assert f"finloom: created a new warehouse at {db} (there was none)" in err
    code, err = _run(argv, capsys)
    assert code == 0 and "created" not in err


@pytest.mark.parametrize(
    ("command", "absent", "present"),
    [
        ("replay", ["--db", "--wait"], ["--port"]),
        ("health", ["--wait"], ["--db", "--mirror"]),
        ("serve", ["--wait"], ["--db", "--port"]),
        ("demo", ["warehouse/finloom.duckdb"], ["(default: warehouse/demo.duckdb)"]),
        ("run", [], ["--wait", "(default: sec,market,filings,macro,news,policy"]),
    ],
)
def test_help_shows_defaults_and_only_options_that_mean_something(
    command: str, absent: list[str], present: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert [a for a in absent if a in text] == []
    assert [p for p in present if p not in text] == []
