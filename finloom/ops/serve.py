"""`finloom serve`: `/healthz`, `/readyz` and `/metrics` over HTTP for probes and scrapes.

`/healthz` answers 200 while the warehouse is live, `/readyz` 200 while it is ready (the checks of
`finloom.ops.health`; upstream hosts only when asked), both 503 otherwise with the checks as
JSON. `/metrics` is the Prometheus text format: the warehouse's gauges plus the last run's
metrics file, when there is one.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from finloom.ops.health import HealthReport, health, liveness
from finloom.ops.metrics import warehouse_registry

log = logging.getLogger(__name__)


class ProbeServer(ThreadingHTTPServer):
    """The probe server of one warehouse."""

    daemon_threads = True

    def __init__(
        self,
        db: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        metrics_file: Path | None = None,
        check_upstream: bool = False,
        mirror: str | None = None,
    ) -> None:
        self.db = db
        self.metrics_file = metrics_file
        self.check_upstream = check_upstream
        self.mirror = mirror
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: ProbeServer

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            report = HealthReport(live=[liveness(self.server.db)])
            self._json(report.is_live, report)
        elif path == "/readyz":
            report = health(
                self.server.db,
                mirror=self.server.mirror,
                check_upstream=self.server.check_upstream,
            )
            self._json(report.is_ready, report)
        elif path == "/metrics":
            body = generate_latest(warehouse_registry(self.server.db))
            run_file = self.server.metrics_file
            if run_file is not None and run_file.exists():
                body += run_file.read_bytes()
            self._send(HTTPStatus.OK, CONTENT_TYPE_LATEST, body)
        else:
            self._send(
                HTTPStatus.NOT_FOUND, "text/plain", b"not found: /healthz /readyz /metrics\n"
            )

    def _json(self, ok: bool, report: HealthReport) -> None:
        status = HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE
        body = json.dumps(report.as_json(), indent=2).encode() + b"\n"
        self._send(status, "application/json", body)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("serve %s", format % args)
