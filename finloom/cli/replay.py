"""`finloom replay`: serve a mirror directory over HTTP, as the sources' endpoints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingestion.replay import ReplayServer

HELP = "serve a mirror directory over HTTP"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom replay`."""
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)


def cmd_replay(args: argparse.Namespace, run_id: str) -> int:
    """Serve until interrupted (Ctrl-C: exit 130 via `main`)."""
    server = ReplayServer(
        Path(args.directory), host=args.host, port=args.port, verbose=args.verbose
    )
    print(f"finloom replay: serving {server.root} at {server.url} (Ctrl-C stops)", file=sys.stderr)
    server.serve_forever()
    return 0
