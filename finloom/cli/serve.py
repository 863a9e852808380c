"""`finloom serve`: `/healthz`, `/readyz` and `/metrics` of the warehouse over HTTP until Ctrl-C.

The server is `finloom.ops.serve.ProbeServer`. `/metrics` adds the last run's metrics file when
`$FINLOOM_METRICS_DIR/finloom.prom` exists. `/readyz` checks the upstream hosts only when
`--mirror` is given (a replay server URL, or a mirror directory served on a loopback port):
probes poll often, and the real hosts are not theirs to poll.
"""

from __future__ import annotations

import argparse
import sys

from finloom.cli.common import CliError
from finloom.ops.metrics import metrics_file
from finloom.ops.serve import ProbeServer
from finloom.paths import warehouse_path
from ingestion.runner import mirror_base

HELP = "serve /healthz, /readyz and /metrics over HTTP until Ctrl-C (--port 0: a free port)"

PATHS = (
    ("/healthz", "liveness: 200 while the warehouse opens"),
    ("/readyz", "readiness: 200 while every readiness check passes"),
    ("/metrics", "Prometheus text format"),
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom serve`."""
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, required=True, help="port to listen on; 0 picks a free one")
    p.add_argument(
        "--mirror",
        metavar="URL_OR_DIR",
        help="/readyz also checks this replay server (a URL, or a mirror directory served "
        "on a loopback port)",
    )


def cmd_serve(args: argparse.Namespace, run_id: str) -> int:
    """Serve until interrupted; Ctrl-C closes the server and exits 0."""
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port must be between 0 and 65535, got {args.port}")
    db = warehouse_path(args.db)
    with mirror_base(args.mirror) as mirror:
        try:
            server = ProbeServer(
                db,
                args.host,
                args.port,
                metrics_file=metrics_file(None),
                check_upstream=mirror is not None,
                mirror=mirror,
            )
        except OSError as exc:
            raise CliError(
                f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
            ) from exc
        try:
            if not db.exists():
                print(
                    f"note: no warehouse at {db} yet; /healthz and /readyz answer 503 until "
                    "there is one",
                    file=sys.stderr,
                )
            print(f"finloom serve: {db} at {server.url} (Ctrl-C stops)")
            for path, what in PATHS:
                print(f"  {server.url}{path:<8}  {what}")
            if mirror is not None:
                print(f"  upstream checked against {mirror}")
            sys.stdout.flush()
            server.serve_forever()
        except KeyboardInterrupt:
            print("finloom serve: stopped", file=sys.stderr)
        finally:
            server.server_close()
    return 0
