"""`finloom docs`: the dbt docs site as a folder of static files, and its HTTP server.

`dbt docs generate --static` (run in-process by finloom.cli.docs, under the warehouse's write
lock: dbt-duckdb opens the warehouse read-write to read its catalog) writes `static_index.html`
in dbt's target folder: one page with the manifest and the catalog inside, which opens from a
file or any static web server. `collect_site` copies it into the site folder as `index.html`,
with `manifest.json` and `catalog.json` beside it for tools that read them. Serving the folder
needs no warehouse.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from finloom.paths import PROJECT_ROOT

#: Where `finloom docs` writes the site without `--out` (cwd-relative, beside the warehouse).
DEFAULT_SITE = Path("warehouse") / "docs"
#: What dbt writes that the site keeps: (file in dbt's target folder, name in the site).
SITE_FILES = (
    ("static_index.html", "index.html"),
    ("manifest.json", "manifest.json"),
    ("catalog.json", "catalog.json"),
)


class DocsError(Exception):
    """A user-facing failure of `finloom docs` (no warehouse, dbt failed): exit 1."""


@dataclass(frozen=True)
class Site:
    """A generated docs site: its folder, and what it documents."""

    out: Path
    models: int
    sources: int
    tables_in_catalog: int

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def dbt_target_path() -> Path:
    """dbt's target folder: $DBT_TARGET_PATH, else the project's target/."""
    raw = os.environ.get("DBT_TARGET_PATH")
    return Path(raw).resolve() if raw else PROJECT_ROOT / "target"


def collect_site(target: Path, out: Path) -> Site:
    """Copy the site dbt wrote in `target` into `out` (each file replaced atomically)."""
    if out.exists() and not out.is_dir():
        raise DocsError(f"--out {out} is a file; name a folder for the site")
    missing = [name for name, _ in SITE_FILES if not (target / name).is_file()]
    if missing:
        raise DocsError(f"dbt docs generate wrote no {', '.join(missing)} in {target}")
    out.mkdir(parents=True, exist_ok=True)
    for name, kept_as in SITE_FILES:
        _copy_atomic(target / name, out / kept_as)
    manifest = _read_json(out / "manifest.json")
    catalog = _read_json(out / "catalog.json")
    nodes = manifest.get("nodes", {})
    return Site(
        out=out,
        models=sum(1 for n in nodes.values() if n.get("resource_type") == "model"),
        sources=len(manifest.get("sources", {})),
        tables_in_catalog=len(catalog.get("nodes", {})) + len(catalog.get("sources", {})),
    )


class SiteServer(ThreadingHTTPServer):
    """The site folder over HTTP (GET only, no directory listing beyond http.server's)."""

    def __init__(self, out: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = functools.partial(_SiteHandler, directory=str(out))
        super().__init__((host, port), handler)
        self.out = out

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes the connection mid-download (a reload, a closed tab) is not
        an error worth a traceback on the console; anything else is."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _SiteHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # a request per line on stderr is noise for a docs server


def _copy_atomic(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _read_json(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        data = json.load(handle)
    return data if isinstance(data, dict) else {}
