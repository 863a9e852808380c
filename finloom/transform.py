"""dbt, in-process: `dbt build` (or any dbt command) on the warehouse, with its node results."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from finloom.paths import PROJECT_ROOT

#: dbt.log rolls over at 5 MB (dbt keeps five rolled files beside it).
DBT_LOG_FILE_MAX_BYTES = 5 * 2**20


@dataclass(frozen=True)
class DbtWarning:
    """A dbt test that warned: its name, dbt's message, and why such a warning is expected
    (the test's `meta.expected_because`; None when the test does not say)."""

    name: str
    message: str
    expected_because: str | None = None


@dataclass
class DbtOutcome:
    success: bool
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    warnings: list[DbtWarning] = field(default_factory=list)
    #: dbt's invocation id (in its logs and run_results.json), kept in the run ledger
    invocation_id: str | None = None


def use_colour(stream: TextIO | None = None) -> bool:
    """ANSI colour only on a terminal, and never when `NO_COLOR` is set (no-color.org)."""
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and stream.isatty()


def _release_dbt_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB open for the life of the process; close it after each
    invocation so this process (or the next dlt load) can open the file again."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
    DuckDBConnectionManager.close_all_connections()


def _no_trace_on_interrupt() -> None:
    """dbt logs a full stack trace when Ctrl-C reaches it (its `postflight` reports every
    BaseException); FinLoom prints one line and exits 130 instead. Drops the two error events
    dbt fires for that case, only while a KeyboardInterrupt is being handled."""
    import dbt.cli.requires as requires

    fire = requires.fire_event
    if getattr(fire, "finloom_quiet_interrupt", False):
        return

    def fire_event(event: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(sys.exc_info()[1], KeyboardInterrupt) and type(event).__name__ in {
            "MainEncounteredError",
            "MainStackTrace",
        }:
            return
        fire(event, *args, **kwargs)

    fire_event.finloom_quiet_interrupt = True  # type: ignore[attr-defined]
    requires.fire_event = fire_event  # type: ignore[assignment]


class _InterruptSeen:
    """Notes a SIGINT while dbt runs, then lets Python's handler raise KeyboardInterrupt as
    before. dbt catches it, cancels its connections, and may return the error a worker thread
    met on its closed connection ("Connection already closed") instead of the interrupt; the
    note keeps a Ctrl-C an interrupt (exit 130) whatever dbt reports."""

    def __init__(self) -> None:
        self.seen = False
        self._previous: Any = None

    def __enter__(self) -> _InterruptSeen:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.getsignal(signal.SIGINT)
            signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum: int, frame: Any) -> None:
        self.seen = True
        if callable(self._previous):
            self._previous(signum, frame)
        else:
            raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def run_dbt(
    args: Sequence[str], db_path: Path, quiet: bool = False, run_id: str | None = None
) -> DbtOutcome:
    """Invoke dbt in-process on this project with the warehouse at `db_path`.

    The run id reaches dbt as the env var `FINLOOM_RUN_ID` (`env_var('FINLOOM_RUN_ID')`), not
    as `--vars`: vars that change on every run make dbt re-parse the whole project every time.
    Ctrl-C while dbt runs raises KeyboardInterrupt here, however dbt reports it.
    """
    from dbt.cli.main import dbtRunner
    from dbt_common.invocation import get_invocation_id

    saved = {name: os.environ.get(name) for name in ("FINLOOM_DB", "FINLOOM_RUN_ID")}
    os.environ["FINLOOM_DB"] = str(db_path)
    if run_id is not None:
        os.environ["FINLOOM_RUN_ID"] = run_id
    _no_trace_on_interrupt()
    os.environ.pop("DUCKDB_PATH", None)  # the profile prefers it; a stray value would win
    # dbt rolls logs/dbt.log over at this size and keeps 5 old files: at most 30 MB in all
    os.environ.setdefault("DBT_LOG_FILE_MAX_BYTES", str(DBT_LOG_FILE_MAX_BYTES))
    cli_args = [
        *args,
        "--project-dir",
        str(PROJECT_ROOT),
        "--profiles-dir",
        str(PROJECT_ROOT),
    ]
    if quiet:
        cli_args = ["--quiet", *cli_args]
    if not use_colour():
        cli_args = ["--no-use-colors", *cli_args]
    try:
        with _InterruptSeen() as interrupt:
            result = dbtRunner().invoke(cli_args)
    finally:
        _release_dbt_duckdb()
        for name, value in saved.items():  # the caller's environment, as it was
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if interrupt.seen or isinstance(result.exception, KeyboardInterrupt):
        raise KeyboardInterrupt
    outcome = DbtOutcome(success=bool(result.success), invocation_id=get_invocation_id())
    for node in getattr(result.result, "results", None) or []:
        kind = getattr(node.node, "resource_type", "node")
        status = str(node.status)
        outcome.counts[f"{kind}:{status}"] += 1
        if status in {"error", "fail"}:
            outcome.failures.append(f"{node.node.name}: {status} {node.message or ''}".strip())
        elif status == "warn":
            meta = getattr(getattr(node.node, "config", None), "meta", None) or {}
            why = meta.get("expected_because")
            outcome.warnings.append(DbtWarning(node.node.name, str(node.message or ""), why))
    if result.exception is not None and not outcome.failures:
        text = str(result.exception).strip()
        outcome.failures.append(text.splitlines()[0] if text else type(result.exception).__name__)
    return outcome
