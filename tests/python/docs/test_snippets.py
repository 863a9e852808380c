"""The README and docs/*.md can't rot: every shell, SQL and Python snippet in them runs, in the
order written, in a folder laid out like a fresh clone after `make demo` (the project's .venv and
demo mirror, warehouse/demo.duckdb built by the demo). TOML snippets must parse.

A snippet that cannot run here says so just above its fence, in a comment the reader doesn't see:
`<!-- snippet: skip, <why> -->` (e.g. it calls a live API), or `<!-- snippet: exit 3 -->` when the
command's documented outcome is exit 3 (completed with gaps).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.python.conftest import PROJECT_ROOT

DOCUMENTS = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)
MARKER = re.compile(r"<!--\s*snippet:\s*(skip|exit (\d+))\b[,:]?\s*(.*?)\s*-->\s*$")
RUNNABLE = {"sh", "bash", "sql", "python", "toml"}


@dataclass(frozen=True)
class Snippet:
    document: Path
    line: int
    language: str
    code: str
    skip: str | None = None
    exit_code: int = 0

    @property
    def id(self) -> str:
        return f"{self.document.name}:{self.line}:{self.language}"


def snippets(document: Path) -> list[Snippet]:
    """The fenced blocks of `document` in the languages we run, with their markers."""
    text = document.read_text()
    found = []
    for match in FENCE.finditer(text):
        language = match.group(1).lower()
        if language not in RUNNABLE:
            continue
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = MARKER.search(before)
        skip = exit_code = None
        if marker and marker.group(1) == "skip":
            skip = marker.group(3) or "marked skip"
        elif marker:
            exit_code = int(marker.group(2))
        line = text.count("\n", 0, match.start()) + 1
        found.append(Snippet(document, line, language, match.group(2), skip, exit_code or 0))
    return found


ALL = [snippet for document in DOCUMENTS for snippet in snippets(document)]


@pytest.fixture(scope="module")
def clone(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like a fresh clone after `make demo`: .venv and dev/ of the project (linked), and
    a copy of the demo warehouse at warehouse/demo.duckdb, and the config example."""
    root = tmp_path_factory.mktemp("clone")
    for name in (".venv", "dev", "seeds"):
        (root / name).symlink_to(PROJECT_ROOT / name)
    (root / "warehouse").mkdir()
    shutil.copyfile(demo_db, root / "warehouse" / "demo.duckdb")
    (root / ".dlt").mkdir()
    shutil.copyfile(
        PROJECT_ROOT / ".dlt" / "config.toml.example", root / ".dlt" / "config.toml.example"
    )
    return root


def _env(clone: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FINLOOM_", "DBT_"))}
    env.update(NO_COLOR="1", DLT_DATA_DIR=str(clone / "dlt_data"), HOME=str(clone))
    env.update(DBT_TARGET_PATH=str(clone / "target"), DBT_LOG_PATH=str(clone / "logs"))
    env["PATH"] = f"{clone / '.venv' / 'bin'}:{env.get('PATH', '')}"
    return env


@pytest.mark.slow
@pytest.mark.parametrize("snippet", ALL, ids=[s.id for s in ALL])
def test_snippet_runs(snippet: Snippet, clone: Path) -> None:
    if snippet.skip:
        pytest.skip(snippet.skip)
    where = f"{snippet.document.name} line {snippet.line}"
    if snippet.language == "toml":
        tomllib.loads(snippet.code)
        return
    argv = {
        "python": [str(clone / ".venv" / "bin" / "python"), "-c", snippet.code],
        # SQL runs as a user would run it on the demo: `finloom sql`, every statement
        "sql": [str(clone / ".venv" / "bin" / "finloom"), "sql", "--format", "csv", snippet.code],
    }.get(snippet.language, ["bash", "-euo", "pipefail", "-c", snippet.code])
    done = subprocess.run(
        argv,
        cwd=clone,
        env=_env(clone),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if snippet.language == "sql":
        assert len(done.stdout.splitlines()) > 1, f"{where}: no rows on the demo:\n{done.stderr}"
    assert done.returncode == snippet.exit_code, (
        f"{where} exited {done.returncode}:\n{snippet.code}\n--- stdout\n{done.stdout[-2000:]}"
        f"\n--- stderr\n{done.stderr[-3000:]}"
    )


def test_markers_are_well_formed() -> None:
    """A misspelt marker would silently run (or skip) a snippet."""
    for document in DOCUMENTS:
        for number, line in enumerate(document.read_text().splitlines(), 1):
            if "<!-- snippet" in line:
                assert MARKER.search(line), f"{document.name} line {number}: {line}"
