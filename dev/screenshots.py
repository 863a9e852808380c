"""Regenerate docs/report.png and docs/docs-site.png (the README shows them) from a warehouse.

    python -m dev.screenshots [--db warehouse/demo.duckdb] [--out docs]

Works on a copy of the warehouse (dbt opens it read-write for the catalog) in a temporary
folder: `finloom report` and `finloom docs` write there, headless Chromium opens both pages
(dev.browser), and the screenshots (1280×900) are kept only when every chart drew and neither
page logged a JavaScript error; otherwise it prints what went wrong and exits 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from dev.browser import (
    browser,
    dbt_docs_noise,
    model_url,
    serve_directory,
    visit,
    wait_for_model,
    wait_for_plots,
)
from finloom.cli.docs import generate_site
from finloom.paths import DEMO_DB, PROJECT_ROOT
from finloom.serve.report import write_report

#: The model whose docs page the screenshot shows.
DOCS_MODEL = "fct_income_statement"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(DEMO_DB), help="warehouse (default: the demo's)")
    parser.add_argument("--out", default=str(PROJECT_ROOT / "docs"), help="folder of the PNGs")
    args = parser.parse_args(argv)
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="finloom-screenshots-") as tmp:
        work = Path(tmp)
        os.environ["DBT_LOG_PATH"] = str(work / "logs")
        db = work / Path(args.db).name  # dbt names the catalog's database after the file
        shutil.copyfile(args.db, db)
        report = write_report(db, work / "report.html", source=args.db).path
        site = generate_site(db, work / "site", target_path=work / "target").out
        problems = take(report, site, out)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


def take(report: Path, site: Path, out: Path) -> list[str]:
    """Screenshot both pages into `out`; the problems found (nothing is written if any)."""
    problems: list[str] = []
    shots: dict[str, bytes] = {}
    with browser() as chrome:
        with visit(chrome, report.resolve().as_uri()) as (page, record):
            wait_for_plots(page, record)
            undrawn = [p["id"] for p in record.plots if not p["svg"] or not p["drawn"]]
            problems += [f"report: {p}" for p in record.problems]
            problems += [f"report: chart {i} did not draw" for i in undrawn]
            shots["report.png"] = page.screenshot()
        with (
            serve_directory(site) as base,
            visit(chrome, model_url(base, DOCS_MODEL), dbt_docs_noise) as (page, record),
        ):
            wait_for_model(page, DOCS_MODEL)
            problems += [f"docs: {p}" for p in record.problems]
            shots["docs-site.png"] = page.screenshot()
    if not problems:
        out.mkdir(parents=True, exist_ok=True)
        for name, png in shots.items():
            (out / name).write_bytes(png)
            print(f"wrote {out / name} ({len(png) // 1024} KB)")
    return problems


if __name__ == "__main__":
    sys.exit(main())
