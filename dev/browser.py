"""FinLoom's HTML pages in a real browser: Debian's headless Chromium, driven by Playwright.

`open_report` waits until every Plotly figure of a `finloom report` page has drawn, `open_docs`
until the dbt docs site shows a model's page; both return what the page did wrong: uncaught
JavaScript errors, `console.error` lines, failed requests and requests that left the machine.
The browser tests (tests/python/finloom/test_browser.py) assert on it, and
`python -m dev.screenshots` keeps docs/report.png and docs/docs-site.png.

Chromium is Debian's package (`make setup` installs it with apt-get): Playwright is told its
path and never downloads a browser of its own.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Response,
    ViewportSize,
    sync_playwright,
)

#: Where Debian's `chromium` package puts the browser; $FINLOOM_CHROMIUM names another.
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
#: How long a page may take to draw everything (a loaded CI machine is slow).
TIMEOUT_MS = 60_000

#: True once every Plotly figure has laid out and drawn its SVG.
PLOTS_DRAWN = """() => {
  const divs = [...document.querySelectorAll('.plotly-graph-div')];
  return divs.length > 0 && divs.every(
    d => d._fullLayout && Array.isArray(d.data) && d.querySelector('.main-svg g.trace'));
}"""
#: Each figure: its id, how many traces it holds and how many points they draw.
PLOT_SUMMARY = """() => [...document.querySelectorAll('.plotly-graph-div')].map(d => ({
  id: d.id,
  traces: (d.data || []).length,
  points: (d.data || []).reduce((n, t) => n + ((t.y || t.x || []).length || 0), 0),
  svg: !!d.querySelector('.main-svg'),
  drawn: d.querySelectorAll('.main-svg g.trace').length,
}))"""


def chromium() -> Path | None:
    """The Chromium executable to drive, or None when there is none."""
    explicit = os.environ.get("FINLOOM_CHROMIUM")
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


@dataclass
class Visit:
    """What one page did while it loaded and rendered."""

    url: str
    #: uncaught exceptions and console.error lines
    errors: list[str] = field(default_factory=list)
    #: requests that failed or answered >= 400 (besides the ones the caller expects)
    failed: list[str] = field(default_factory=list)
    #: requests to anything but the page's own origin (a file page: anything but file:, data:)
    remote: list[str] = field(default_factory=list)
    #: per figure: id, traces, points, svg, drawn (PLOT_SUMMARY)
    plots: list[dict[str, Any]] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Everything that should not have happened, one line each."""
        return (
            [f"error: {e}" for e in self.errors]
            + [f"failed request: {f}" for f in self.failed]
            + [f"request off the page's origin: {r}" for r in self.remote]
        )


@contextmanager
def browser(executable: Path | None = None) -> Iterator[Browser]:
    """Headless Chromium for the block."""
    path = executable or chromium()
    if path is None:
        raise FileNotFoundError(f"no Chromium at {CHROMIUM}: `make setup` installs Debian's")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(path), headless=True)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on a free loopback port for the block; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def visit(
    chrome: Browser, url: str, expected_failure: Callable[[str], bool] | None = None
) -> Iterator[tuple[Page, Visit]]:
    """A fresh page at `url` (1280×900), recording what goes wrong while the block runs."""
    record = Visit(url)
    origin = _origin(url)
    context = chrome.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        # a failed load is also a console error; it is counted once, as a failed request
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            record.errors.append(message.text)

    def on_request(request: Request) -> None:
        if _origin(request.url) != origin and not request.url.startswith(("data:", "blob:")):
            record.remote.append(request.url)

    def on_response(response: Response) -> None:
        if response.status >= 400 and not (expected_failure and expected_failure(response.url)):
            record.failed.append(f"{response.status} {response.url}")

    def on_failed(request: Request) -> None:
        if not (expected_failure and expected_failure(request.url)):
            record.failed.append(f"{request.failure} {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: record.errors.append(f"uncaught {error}"))
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    try:
        page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
        yield page, record
    finally:
        context.close()


def wait_for_plots(page: Page, record: Visit, timeout_ms: float = TIMEOUT_MS) -> None:
    """Wait until every figure has drawn, then summarise them in `record`; a figure that never
    draws raises Playwright's TimeoutError (the summary is filled in all the same)."""
    try:
        page.wait_for_function(PLOTS_DRAWN, timeout=timeout_ms)
    finally:
        record.plots = page.evaluate(PLOT_SUMMARY)
    page.wait_for_timeout(300)  # let late console errors arrive


def dbt_docs_noise(url: str) -> bool:
    """dbt docs' own page asks for two URLs that do not exist: an icon whose Angular template
    `{{ getIcon(…) }}` sits in a plain `src`, and a favicon path `${require(…)}` its bundler
    left in; both 404 in every dbt docs site. Nothing else may fail."""
    path = urlsplit(url).path
    return "%7B%7B%20getIcon(" in path or path.endswith(
        "$%7Brequire('./assets/favicons/favicon.ico')%7D"
    )


def model_url(base: str, model: str, project: str = "finloom") -> str:
    """The dbt docs page of a model."""
    return f"{base}#!/model/model.{project}.{model}"


def wait_for_model(page: Page, model: str) -> str:
    """Wait until the docs site shows `model`'s page and its project tree; the heading text."""
    heading = page.locator("h1", has_text=model).first
    heading.wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("Columns", exact=True).first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)
    return heading.inner_text()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return "file:"
    return f"{parts.scheme}://{parts.netloc}"
