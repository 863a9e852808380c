"""`finloom docs` and the report page in a real browser (issue 12, items 5 and 6).

`finloom docs` runs once (dbt docs generate on a copy of the demo warehouse: dbt opens it
read-write). Headless Chromium (Debian's, `make setup` installs it; dev.browser drives it) then
opens the report from its file and the docs site over HTTP, and fails when a chart did not
draw, the page threw or logged a JavaScript error, a request failed, or anything was fetched
from off the page's origin. Only the browser tests skip, and say why, when there is no Chromium.
"""

from __future__ import annotations

import argparse
import os
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dev import browser as chromium
from finloom.cli import docs as docs_cli
from finloom.cli import main
from finloom.ops.lock import EXIT_BUSY, warehouse_lock
from finloom.serve.report import ReportResult, write_report
from finloom.serve.report.site import Site, SiteServer

pytestmark = pytest.mark.slow  # end-to-end: scheduled first (conftest)

MODEL = "fct_income_statement"


@pytest.fixture(scope="module")
def site(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`finloom docs --out DIR` on a copy of the demo warehouse, dbt's files in a tmp folder."""
    work = tmp_path_factory.mktemp("docs")
    db = work / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        patch.setenv("DBT_LOG_PATH", str(work / "logs"))
        patch.setenv("FINLOOM_DB", str(db))
        assert main(["docs", "--db", str(db), "--out", str(work / "site")]) == 0
    yield work / "site"


@pytest.fixture(scope="module")
def report(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportResult:
    return write_report(demo_db, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture(scope="module")
def chrome() -> Iterator[Browser]:
    executable = chromium.chromium()
    if executable is None:
        pytest.skip(
            f"no Chromium at {os.environ.get('FINLOOM_CHROMIUM') or chromium.CHROMIUM} (Debian's "
            "`chromium` package; `make setup` "
            "installs it): the browser checks need a real browser"
        )
    with chromium.browser(executable) as launched:
        yield launched


# --------------------------------------------------------------------------- finloom docs


def test_docs_writes_a_site_that_opens_offline(site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == ["catalog.json", "index.html", "manifest.json"]
    index = site.joinpath("index.html").read_text(encoding="utf-8")
    # --static: manifest and catalog are inside the page, so it opens from a file
    assert f"model.finloom.{MODEL}" in index and '"catalog"' in index.replace(" ", "")
    assert "<script src=" not in index and 'rel="stylesheet" href="http' not in index
    # the lock was released and names no holder
    assert site.parent.joinpath("demo.duckdb.lock").read_text() == ""


def test_docs_without_a_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "none.duckdb"
    assert main(["docs", "--db", str(db), "--out", str(tmp_path / "site")]) == 1
    assert f"no warehouse at {db}" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == []  # no warehouse, lock file or site made


def test_docs_waits_for_nobody_while_another_command_holds_the_warehouse(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    with warehouse_lock(db, run_id="reader", command="finloom status", write=False):
        code = main(["docs", "--db", str(db), "--out", str(tmp_path / "site")])
    assert code == EXIT_BUSY
    assert "warehouse busy" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_docs_serve_serves_the_site_until_ctrl_c(
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--serve 0`: the site on a free loopback port; Ctrl-C ends it with exit 130 (the site
    generation is faked: the module's site is already built)."""
    db = tmp_path / "w.duckdb"
    db.touch()
    monkeypatch.setattr(docs_cli, "generate_site", lambda db, out, quiet: Site(site, 96, 23, 0))
    fetched: list[bytes] = []

    def one_request_then_ctrl_c(server: SiteServer, poll_interval: float = 0.5) -> None:
        thread = threading.Thread(target=server.handle_request)
        thread.start()
        with urllib.request.urlopen(server.url, timeout=10) as response:
            fetched.append(response.read(200))
        thread.join(timeout=10)
        raise KeyboardInterrupt

    monkeypatch.setattr(SiteServer, "serve_forever", one_request_then_ctrl_c)
    args = ["docs", "--db", str(db), "--out", str(site), "--serve", "0"]
    assert main(args) == 130
    out = capsys.readouterr().out
    assert "finloom docs: serving" in out and "http://127.0.0.1:" in out
    assert fetched and fetched[0].lstrip().lower().startswith(b"<!doctype html>")


def test_docs_serve_port_out_of_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(db=str(tmp_path / "w"), out=str(tmp_path), serve=70000)
    with pytest.raises(docs_cli.CliError, match="between 0 and 65535"):
        docs_cli.cmd_docs(args, "test")


# --------------------------------------------------------------------------- in Chromium


def test_report_draws_every_chart_without_errors(
    chrome: Browser, report: ReportResult, tmp_path: Path
) -> None:
    with chromium.visit(chrome, report.path.resolve().as_uri()) as (page, visit):
        chromium.wait_for_plots(page, visit)
        page.screenshot(path=str(tmp_path / "report.png"))
        headings = page.locator("h3").all_inner_texts()
    assert visit.problems == []
    assert len(visit.plots) == report.figures
    undrawn = [p["id"] for p in visit.plots if not (p["svg"] and p["traces"] and p["drawn"])]
    assert undrawn == []
    assert headings[0] == "CBKG · Cobblestone Kitchen Group, Inc."
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_docs_site_lists_the_models_without_errors(
    chrome: Browser, site: Path, tmp_path: Path
) -> None:
    with (
        chromium.serve_directory(site) as base,
        chromium.visit(chrome, chromium.model_url(base, MODEL), chromium.dbt_docs_noise) as (
            page,
            visit,
        ),
    ):
        heading = chromium.wait_for_model(page, MODEL)
        # the project tree opens at the model's folder (models/marts/financials)
        folders = [
            page.get_by_text(name, exact=True).filter(visible=True).count()
            for name in ("models", "marts", "financials")
        ]
        columns = page.get_by_text("revenue_is_derived", exact=True).count()
        page.screenshot(path=str(tmp_path / "docs.png"))
    assert visit.problems == []
    assert heading.startswith(MODEL)
    assert all(folders), folders
    assert columns >= 1  # the catalog's columns of the model are listed


def test_the_check_fails_on_an_undrawn_chart_and_a_javascript_error(
    chrome: Browser, tmp_path: Path
) -> None:
    """The checks above would catch a broken page: a figure that never draws times out, and an
    uncaught error and console.error are reported."""
    page_file = tmp_path / "broken.html"
    page_file.write_text(
        '<!DOCTYPE html><html><body><div class="plotly-graph-div" id="chart-x"></div>'
        "<script>console.error('bad data'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    with (
        chromium.visit(chrome, page_file.as_uri()) as (page, visit),
        pytest.raises(PlaywrightTimeout),
    ):
        chromium.wait_for_plots(page, visit, timeout_ms=500)
    assert visit.plots == [{"id": "chart-x", "traces": 0, "points": 0, "svg": False, "drawn": 0}]
    assert visit.errors[0] == "bad data"
    assert "undefinedFunction is not defined" in visit.errors[1]
