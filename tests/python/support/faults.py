"""`FaultInjectingServer`: a real HTTP server on 127.0.0.1 that misbehaves on a schedule.

It serves canned routes or forwards to an upstream (e.g. the replay server), applies scheduled
faults to successive requests, and records every request's arrival time so tests can check
client-side politeness (e.g. never more than 10 requests in any 1-second window).

Fault syntax, one string per request (`kind[:arg][;key=value...]`):

    "ok"                      serve normally (placeholder in a schedule)
    "503", "429", "500", ...  that status; options: `retry-after=<secs>`,
                              `retry-after=date+<secs>` (an HTTP date that many seconds ahead),
                              `body=<text>`
    "429:retry-after=1"       status with a Retry-After header
    "reset"                   read the request, then close the socket with a TCP RST
    "timeout:2"               sleep 2 s before answering normally (beyond the client's read timeout)
    "sec403"                  403 with SEC's "Request Rate Threshold Exceeded" HTML page
    "truncate"                200 with the first half of the real body and a matching Content-Length
    "cut"                     200 announcing the full Content-Length, send half, close the socket
"""

from __future__ import annotations

import contextlib
import fnmatch
import http.client
import json
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

# Shaped like SEC's real throttling page (www.sec.gov answers 403 with this HTML).
SEC_THROTTLE_BODY = b"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<title>SEC.gov | Request Rate Threshold Exceeded</title>
<meta http-equiv="content-type" content="text/html; charset=utf-8">
</head>
<body>
<div id="header"><h1>U.S. Securities and Exchange Commission</h1></div>
<div id="main-content">
<h1>Your Request Originates from an Undeclared Automated Tool</h1>
<p>To allow for equitable access to all users, SEC reserves the right to limit requests
originating from undeclared automated tools. Your request has been identified as part of a
network of automated tools outside of the acceptable policy and will be managed until action is
taken to declare your traffic.</p>
<p>Please declare your traffic by updating your user agent to include company specific
information.</p>
<p>For best practices on efficiently downloading information from SEC.gov, including the latest
EDGAR filings, visit <a href="https://www.sec.gov/developer" target="_blank">sec.gov/developer</a>.
You can also sign up for email updates on the SEC open data program. For more information,
contact <a href="mailto:opendata@sec.gov">opendata@sec.gov</a>.</p>
<p>Reference ID: 0.5f1c2e17.1700000000.1a2b3c4d</p>
</div>
</body>
</html>
"""

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "te",
    "trailer",
    "upgrade",
    "proxy-authenticate",
    "proxy-authorization",
}


@dataclass(frozen=True)
class Canned:
    """A canned response for `routes`."""

    body: bytes = b""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Fault:
    """A parsed fault string."""

    kind: str  # "ok", "status", "reset", "timeout", "sec403", "truncate", "cut"
    status: int | None = None
    seconds: float = 0.0
    options: Mapping[str, str] = field(default_factory=dict)
    spec: str = ""

    @classmethod
    def parse(cls, spec: str) -> Fault:
        head, _, opts = spec.strip().partition(";")
        kind, _, arg = head.partition(":")
        options: dict[str, str] = {}
        if "=" in arg:  # "429:retry-after=1": the first option rides on the colon
            opts = f"{arg};{opts}" if opts else arg
            arg = ""
        for item in filter(None, (o.strip() for o in opts.split(";"))):
            key, _, value = item.partition("=")
            options[key.strip().lower()] = value.strip()
        kind = kind.strip().lower()
        if kind.isdigit() and len(kind) == 3:
            return cls("status", status=int(kind), options=options, spec=spec)
        if kind == "timeout":
            return cls("timeout", seconds=float(arg or 5), options=options, spec=spec)
        if kind in {"ok", "reset", "sec403", "truncate", "cut"}:
            return cls(kind, options=options, spec=spec)
        raise ValueError(f"unknown fault {spec!r}")


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it, stamped on arrival (before any fault delay)."""

    monotonic: float
    wall: float
    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    fault: str


Route = Canned | bytes | str | Mapping[str, Any] | list[Any]


def _as_canned(value: Route) -> Canned:
    if isinstance(value, Canned):
        return value
    if isinstance(value, bytes):
        return Canned(value, headers={"Content-Type": "application/octet-stream"})
    if isinstance(value, str):
        return Canned(value.encode(), headers={"Content-Type": "text/plain; charset=utf-8"})
    return Canned(json.dumps(value).encode(), headers={"Content-Type": "application/json"})


def max_in_window(times: Iterable[float], window: float = 1.0) -> int:
    """Largest number of timestamps that fall inside any half-open window of `window` seconds."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(ordered):
        while t - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


class FaultInjectingServer:
    """ThreadingHTTPServer on 127.0.0.1:0 that injects scheduled faults; a context manager.

    `faults` is either a list (a global schedule consumed by successive requests to any path) or
    a mapping from path (exact, or a glob such as "/data.sec.gov/*"; "*" is global) to a list.
    A per-path schedule is consumed before the global one. When schedules are empty,
    `default_fault` (e.g. "503" for a host that is down) applies, else requests are served
    normally: from `routes` (path or "path?query" -> response; unknown paths answer 404) or by
    forwarding to `upstream` (a base URL; the request's path and query are appended).
    """

    def __init__(
        self,
        routes: Mapping[str, Route] | None = None,
        faults: Sequence[str] | Mapping[str, Sequence[str]] | None = None,
        upstream: str | None = None,
        default_fault: str | None = None,
        upstream_timeout: float = 30.0,
    ) -> None:
        self.routes: dict[str, Canned] = {k: _as_canned(v) for k, v in (routes or {}).items()}
        self.upstream = upstream.rstrip("/") if upstream else None
        self.upstream_timeout = upstream_timeout
        self.default_fault = Fault.parse(default_fault) if default_fault else None
        self.requests: list[RecordedRequest] = []
        self._schedules: dict[str, deque[Fault]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        if isinstance(faults, Mapping):
            for path, specs in faults.items():
                self.add_faults(specs, path=path)
        elif faults:
            self.add_faults(faults)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._started = False

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. http://127.0.0.1:54321."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultInjectingServer:
        if not self._started:
            self._thread.start()
            self._started = True
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._started:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> FaultInjectingServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- schedule -----------------------------------------------------------------------------

    def add_faults(self, specs: Iterable[str], path: str = "*") -> None:
        """Append faults to the schedule of `path` ("*" = any path)."""
        parsed = [Fault.parse(spec) for spec in specs]
        with self._lock:
            self._schedules.setdefault(path, deque()).extend(parsed)

    def set_default_fault(self, spec: str | None) -> None:
        """Fault applied once schedules are empty; None serves normally again."""
        with self._lock:
            self.default_fault = Fault.parse(spec) if spec else None

    def pending_faults(self) -> int:
        with self._lock:
            return sum(len(q) for q in self._schedules.values())

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            for pattern, queue in self._schedules.items():
                if pattern != "*" and queue and fnmatch.fnmatchcase(path, pattern):
                    return queue.popleft()
            queue = self._schedules.get("*")
            if queue:
                return queue.popleft()
            return self.default_fault

    # -- recordings ---------------------------------------------------------------------------

    def recorded(self, path: str | None = None) -> list[RecordedRequest]:
        """Requests seen so far (optionally only those whose path matches a glob)."""
        with self._lock:
            items = list(self.requests)
        if path is None:
            return items
        return [r for r in items if fnmatch.fnmatchcase(r.path, path)]

    def arrivals(self, path: str | None = None) -> list[float]:
        """Monotonic arrival times (`time.monotonic()` in this process)."""
        return [r.monotonic for r in self.recorded(path)]

    def count(self, path: str | None = None) -> int:
        return len(self.recorded(path))

    def max_in_window(self, window: float = 1.0, path: str | None = None) -> int:
        """Most requests that arrived within any `window`-second sliding window."""
        return max_in_window(self.arrivals(path), window)

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    # -- responses ----------------------------------------------------------------------------

    def normal_response(self, path: str, query: str, headers: Mapping[str, str]) -> Canned:
        """What the server answers without a fault: a canned route or the upstream's answer."""
        if self.upstream is not None:
            return self._forward(path, query, headers)
        full = f"{path}?{query}" if query else path
        for key in (full, path):
            if key in self.routes:
                return self.routes[key]
        return Canned(b'{"error": "not found"}', 404, {"Content-Type": "application/json"})

    def _forward(self, path: str, query: str, headers: Mapping[str, str]) -> Canned:
        target = f"{self.upstream}{path}" + (f"?{query}" if query else "")
        keep = {k: v for k, v in headers.items() if k.lower() in {"user-agent", "accept"}}
        request = urllib.request.Request(target, headers=keep)
        try:
            with urllib.request.urlopen(request, timeout=self.upstream_timeout) as response:
                return Canned(response.read(), response.status, _end_to_end(response.headers))
        except urllib.error.HTTPError as exc:
            return Canned(exc.read(), exc.code, _end_to_end(exc.headers))
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            body = f"upstream {self.upstream} failed: {exc}".encode()
            return Canned(body, 502, {"Content-Type": "text/plain"})


def _end_to_end(headers: Any) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in _HOP_BY_HOP}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: FaultInjectingServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up on a delayed or faulty answer is expected; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default per-request stderr line."""

    def do_GET(self) -> None:
        owner = self.server.owner
        arrived, wall = time.monotonic(), time.time()
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        fault = owner._next_fault(path)
        headers = dict(self.headers.items())
        spec = fault.spec if fault else "ok"
        owner._record(RecordedRequest(arrived, wall, "GET", path, query, headers, spec))
        if fault is None or fault.kind == "ok":
            self._send(owner.normal_response(path, query, headers))
        else:
            self._apply(fault, lambda: owner.normal_response(path, query, headers))

    def _apply(self, fault: Fault, normal: Callable[[], Canned]) -> None:
        owner = self.server.owner
        if fault.kind == "reset":
            self._reset()
        elif fault.kind == "timeout":
            if owner._stopping.wait(fault.seconds):
                self.close_connection = True
                return
            self._send(normal())
        elif fault.kind == "sec403":
            self._send(Canned(SEC_THROTTLE_BODY, 403, {"Content-Type": "text/html"}))
        elif fault.kind == "status":
            self._send(self._status_response(fault))
        elif fault.kind == "truncate":
            canned = normal()
            self._send(Canned(canned.body[: len(canned.body) // 2], 200, canned.headers))
        elif fault.kind == "cut":
            canned = normal()
            half = canned.body[: len(canned.body) // 2]
            self._send(Canned(half, 200, canned.headers), content_length=len(canned.body))
            self._reset()

    @staticmethod
    def _status_response(fault: Fault) -> Canned:
        assert fault.status is not None
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        retry_after = fault.options.get("retry-after")
        if retry_after is not None:
            if retry_after.startswith("date+"):
                when = time.time() + float(retry_after.removeprefix("date+"))
                retry_after = formatdate(when, usegmt=True)
            headers["Retry-After"] = retry_after
        reason = http.client.responses.get(fault.status, "")
        body = fault.options.get("body", f"injected fault: {fault.status} {reason}\n")
        return Canned(body.encode(), fault.status, headers)

    def _send(self, canned: Canned, content_length: int | None = None) -> None:
        length = len(canned.body) if content_length is None else content_length
        self.send_response(canned.status)
        for key, value in canned.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(canned.body)
        self.wfile.flush()

    def _reset(self) -> None:
        """Abort the connection with RST (SO_LINGER 0), like a peer resetting it."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
