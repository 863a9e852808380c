"""The end of a run, as a person reads it: what dbt built and tested, each warning with why it
is expected, where the warehouse is and what to type next. `run`, `build` and `demo` share it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from finloom.paths import read_warehouse_path
from finloom.transform import DbtOutcome

#: dbt's node kinds as the summary names them, in the order it lists them.
KINDS = (("seed", "seeds"), ("model", "models"), ("unit_test", "unit tests"), ("test", "tests"))


def dbt_lines(outcome: DbtOutcome) -> list[str]:
    """`dbt: 94 models ok, 567 tests passed, 1 warned, 0 failed` and one line per warning."""
    parts = []
    for kind, label in KINDS:
        by_status = {
            key.split(":", 1)[1]: n
            for key, n in sorted(outcome.counts.items())
            if key.split(":", 1)[0] == kind
        }
        if by_status:
            parts.append(f"{label}: " + ", ".join(f"{n:,} {s}" for s, n in by_status.items()))
    lines = ["dbt " + ("; ".join(parts) if parts else "ran nothing")]
    for warning in outcome.warnings:
        why = warning.expected_because or "no reason recorded for this test"
        lines.append(f"  warned: {warning.name} ({warning.message}): {why}")
    if outcome.warnings:
        lines.append(
            "  (warnings are findings about the source data: they flag rows in "
            "marts.reconciliation_violations and never stop a build; decision 025)"
        )
    return lines


def next_commands(db: Path) -> list[str]:
    """What a user can type next, on this warehouse."""
    at = "" if _is_default(db) else f" --db {_shown(db)}"
    return [
        f"finloom status{at}",
        f'finloom sql{at} "select * from marts.fct_income_statement limit 5"',
        f"finloom report{at} --out report.html",
    ]


def next_lines(db: Path) -> str:
    """`  next: …` with one command per line."""
    return "  next: " + "\n        ".join(next_commands(db))


def print_end(
    db: Path, outcome: DbtOutcome | None, seconds: float, out: TextIO = sys.stdout
) -> None:
    """The closing lines of `run` and `build`."""
    print(f"done in {seconds:.1f}s; warehouse: {_shown(db)}", file=out)
    if outcome is not None:
        for line in dbt_lines(outcome):
            print("  " + line, file=out)
    print(next_lines(db), file=out)


def _shown(db: Path) -> str:
    """`db` relative to the working directory when it is inside it (as a user would type it)."""
    try:
        return str(db.relative_to(Path.cwd()))
    except ValueError:
        return str(db)


def _is_default(db: Path) -> bool:
    """Whether a read command with no `--db` opens `db`."""
    return db == read_warehouse_path()
