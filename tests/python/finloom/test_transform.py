"""run_dbt: a Ctrl-C while dbt runs is an interrupt, however dbt reports it."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from finloom import transform


class _DbtCancelledOnClosedConnection:
    """Like dbt when Ctrl-C lands while worker threads run queries: dbt catches the
    KeyboardInterrupt, cancels its connections, and returns a worker's error on its closed
    connection, not the interrupt."""

    def invoke(self, args: list[str]) -> Any:
        with contextlib.suppress(KeyboardInterrupt):  # dbt catches it
            os.kill(os.getpid(), signal.SIGINT)
        return SimpleNamespace(
            success=False,
            exception=RuntimeError("Connection Error: Connection already closed!"),
            result=None,
        )


def test_ctrl_c_is_an_interrupt_even_when_dbt_reports_a_connection_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("dbt.cli.main.dbtRunner", _DbtCancelledOnClosedConnection)
    monkeypatch.setattr(transform, "_release_dbt_duckdb", lambda: None)
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        transform.run_dbt(["build"], tmp_path / "w.duckdb")
    assert signal.getsignal(signal.SIGINT) is before  # the caller's handler, restored


def test_a_failed_build_without_ctrl_c_is_a_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class _Failed:
        def invoke(self, args: list[str]) -> Any:
            return SimpleNamespace(
                success=False, exception=RuntimeError("Connection Error: boom"), result=None
            )

    monkeypatch.setattr("dbt.cli.main.dbtRunner", _Failed)
    monkeypatch.setattr(transform, "_release_dbt_duckdb", lambda: None)
    outcome = transform.run_dbt(["build"], tmp_path / "w.duckdb")
    assert not outcome.success and outcome.failures == ["Connection Error: boom"]
