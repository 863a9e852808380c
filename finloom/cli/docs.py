"""`finloom docs`: `dbt docs generate --static` in-process (finloom.transform), the site copied
into `--out DIR` (finloom.serve.report.site), and `--serve PORT` to serve it on 127.0.0.1 until
Ctrl-C (exit 130, as any interrupted command).

dbt opens the warehouse read-write to read its catalog, so the generation holds the warehouse's
write lock, taken here for that part only: serving the site afterwards reads no warehouse and
holds no lock, so other commands run while the docs are up.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finloom.cli.common import CliError
from finloom.cli.session import current_session
from finloom.ops.lock import EXIT_BUSY, WarehouseBusyError, warehouse_lock
from finloom.paths import missing_warehouse
from finloom.serve.report.site import (
    DEFAULT_SITE,
    DocsError,
    Site,
    SiteServer,
    collect_site,
    dbt_target_path,
)
from finloom.transform import run_dbt

HELP = "the dbt docs site as static files (--serve PORT: serve it on 127.0.0.1 until Ctrl-C)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom docs`."""
    p.add_argument(
        "--out",
        default=str(DEFAULT_SITE),
        metavar="DIR",
        help=f"folder of the site (default {DEFAULT_SITE}); index.html opens offline",
    )
    p.add_argument(
        "--serve",
        type=int,
        metavar="PORT",
        help="then serve the site on http://127.0.0.1:PORT until Ctrl-C (0 picks a free port)",
    )


def cmd_docs(args: argparse.Namespace, run_id: str) -> int:
    """Generate the site (under the write lock), print where it is, serve it if asked."""
    if args.serve is not None and not 0 <= args.serve <= 65535:
        raise CliError(f"--serve: the port must be between 0 and 65535, got {args.serve}")
    db, out = Path(args.db), Path(args.out)
    if not db.exists():
        raise CliError(missing_warehouse(db))
    command = current_session().command or "finloom docs"
    try:
        with warehouse_lock(db, run_id=run_id, command=command, write=True, wait=args.wait):
            site = generate_site(db, out, quiet=not args.verbose)
    except WarehouseBusyError as exc:
        print(f"finloom: {exc}", file=sys.stderr)
        return EXIT_BUSY
    print(
        f"wrote the dbt docs site to {site.out} ({site.models} models, {site.sources} sources, "
        f"{site.tables_in_catalog} relations in the catalog)"
    )
    print(f"open {site.index.resolve().as_uri()}")
    if args.serve is None:
        return 0
    try:
        server = SiteServer(site.out, "127.0.0.1", args.serve)
    except OSError as exc:
        raise CliError(f"cannot listen on 127.0.0.1:{args.serve}: {exc.strerror or exc}") from exc
    try:
        print(f"finloom docs: serving {site.out} at {server.url} (Ctrl-C stops)")
        sys.stdout.flush()
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def generate_site(
    db: Path, out: Path, *, target_path: Path | None = None, quiet: bool = True
) -> Site:
    """`dbt docs generate --static` on warehouse `db` (the caller holds its write lock), the
    site copied into `out`. dbt's files go to `target_path` (default: $DBT_TARGET_PATH, else
    the project's target/)."""
    if not db.exists():
        raise DocsError(missing_warehouse(db))
    if out.exists() and not out.is_dir():  # said before dbt runs, not after
        raise DocsError(f"--out {out} is a file; name a folder for the site")
    target = target_path or dbt_target_path()
    outcome = run_dbt(
        ["docs", "generate", "--static", "--target-path", str(target)], db, quiet=quiet
    )
    if not outcome.success:
        why = outcome.failures[0] if outcome.failures else "see logs/dbt.log"
        raise DocsError(f"dbt docs generate failed: {why}")
    return collect_site(target, out)
