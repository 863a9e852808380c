"""Ctrl-C while `finloom` is still importing ends in one line and exit 130 (finloom.entry)."""

from __future__ import annotations

import sys
import types

import pytest

from finloom.entry import EXIT_INTERRUPTED, INTERRUPTED, main


class _ImportInterrupted(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        raise KeyboardInterrupt


def test_ctrl_c_during_the_imports_is_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "finloom.cli", _ImportInterrupted("finloom.cli"))
    assert main(["status"]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err.splitlines() == [INTERRUPTED]


def test_the_command_runs_through_the_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert "finloom" in capsys.readouterr().out
