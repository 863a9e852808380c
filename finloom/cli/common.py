"""What every command shares: the one-line error, timing, gaps, list arguments."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 1."""


class UsageError(CliError):
    """What the user typed can't be used (an unknown source, an empty list, a bad date): exit 2,
    before anything is fetched or written."""


def show_progress(args: object) -> bool:
    """Progress bars only on a terminal (a log file or a pipe gets the per-stage lines), and not
    with `--no-progress`."""
    return not getattr(args, "no_progress", False) and sys.stderr.isatty()


def since(started: float) -> str:
    """Seconds since `started` (a `time.monotonic()` value), as `1.2s`."""
    return f"{time.monotonic() - started:.1f}s"


def print_gaps(source: str, gaps: Sequence[object]) -> None:
    """A source's gaps on stderr: reported, and the run goes on."""
    if gaps:
        print(f"{source}: {len(gaps)} gap(s) (reported, run continued):", file=sys.stderr)
        for gap in gaps:
            print(f"  - {gap}", file=sys.stderr)


def split_list(raw: str | None, option: str, example: str) -> list[str] | None:
    """`A,B` into ["A", "B"]; None when the option was not given; an empty list is an error."""
    if raw is None:
        return None
    items = [t.strip() for t in raw.split(",") if t.strip()]
    if not items:
        raise UsageError(f"{option} is empty{example}")
    return items


def timestamp(at: datetime) -> str:
    """`at` as a UTC wall-clock time, to the second, for tables a person reads."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
