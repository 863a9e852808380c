"""Replay server: serve a mirror directory over HTTP, offline, at the real URLs' paths."""

from __future__ import annotations

import os
import re
import shutil
import socket
import socketserver
import sys
import threading
from collections import Counter
from email.message import Message
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any
from urllib.parse import quote

from ingestion.replay.layout import MirrorIndex, UnsafePathError

_BY_SUFFIX: dict[str, str] = {
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".htm": "text/html",
    ".html": "text/html",
    ".xml": "application/xml",
    ".atom": "application/xml",
    ".xsd": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
}
_SNIFF_BYTES = 512
_ENTITY_TAG = re.compile(r'(?:W/)?("[^"]*")')


def entity_tag(st: os.stat_result) -> str:
    """A strong ETag for a mirror file: its mtime (ns) and size, as nginx does; rewriting or
    touching the file changes it, reading it never does."""
    return f'"{st.st_mtime_ns:x}-{st.st_size:x}"'


def not_modified(headers: Message, etag: str, mtime: float) -> bool:
    """RFC 9110 §13.2.2 for GET/HEAD: `If-None-Match` (weak comparison, `*` matches) decides
    when present; otherwise `If-Modified-Since`, at the one-second precision of HTTP dates.
    An unparseable `If-Modified-Since` is ignored."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        return etag in _ENTITY_TAG.findall(if_none_match)
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:  # RFC 9110 dates are GMT
        return False
    return int(mtime) <= since.timestamp()


def content_type(name: str, head: bytes) -> str:
    """Content-Type from the URL's file extension, else from the first bytes of the body."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start[:1] in (b"{", b"["):
        return "application/json"
    lowered = start[:64].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    if lowered.startswith((b"<?xml", b"<feed", b"<rss")):
        return "application/xml"
    return "application/octet-stream"


class _Handler(BaseHTTPRequestHandler):
    """GET/HEAD against the mirror index, conditional on `If-None-Match` / `If-Modified-Since`;
    everything else is 405."""

    server: _ReplayHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "FinLoomReplay/1"
    timeout = 30  # closes idle keep-alive connections
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def send_response(self, code: int, message: str | None = None) -> None:
        self.server.count(code)
        super().send_response(code, message)

    def _not_allowed(self) -> None:
        self.close_connection = True  # any request body is left unread
        self._plain(405, "method not allowed\n", Allow="GET, HEAD", Connection="close")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _plain(self, status: int, text: str, **headers: str) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _serve(self, send_body: bool) -> None:
        raw_path, _, query = self.path.partition("#")[0].partition("?")
        index = self.server.index
        try:
            found = index.lookup(raw_path, query)
        except UnsafePathError:
            self._plain(400, "bad request path\n")
            return
        if found is None:
            self._plain(404, "not found\n")
            return
        try:
            handle = found.open("rb")
        except OSError:
            self._plain(404, "not found\n")
            return
        with handle:
            st = os.fstat(handle.fileno())
            etag = entity_tag(st)
            relative = found.relative_to(index.root).as_posix()
            validators = {
                "ETag": etag,
                "Last-Modified": formatdate(st.st_mtime, usegmt=True),
                "X-Mirror-File": quote(relative, safe="/?&=,.-_~", errors="replace"),
            }
            if not_modified(self.headers, etag, st.st_mtime):
                self.send_response(304)  # no body, no Content-Length (RFC 9110 §15.4.5)
                for name, value in validators.items():
                    self.send_header(name, value)
                self.end_headers()
                return
            head = handle.read(_SNIFF_BYTES)
            handle.seek(0)
            leaf = raw_path.rpartition("/")[2]
            self.send_response(200)
            self.send_header("Content-Type", content_type(leaf, head))
            self.send_header("Content-Length", str(st.st_size))
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                shutil.copyfileobj(handle, self.wfile, 1 << 16)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class _ReplayHTTPServer(ThreadingHTTPServer):
    """Threaded, daemon handler threads, quiet unless verbose, no reverse DNS at bind."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the default 5 drops bursts of parallel connections

    def __init__(self, address: tuple[str, int], index: MirrorIndex, verbose: bool) -> None:
        self.index = index
        self.verbose = verbose
        self.statuses: Counter[int] = Counter()
        self._statuses_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # skips HTTPServer's slow getfqdn()
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def count(self, status: int) -> None:
        with self._statuses_lock:
            self.statuses[status] += 1

    def status_counts(self) -> dict[int, int]:
        with self._statuses_lock:
            return dict(self.statuses)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if self.verbose:
            super().handle_error(request, client_address)


class ReplayServer:
    """Serves a mirror directory at `http://HOST:PORT/<host>/<path>`; binds on construction.

    Use as a context manager (`with ReplayServer(dir) as s: get(s.url + ...)`), or
    `start()`/`stop()`, or `serve_forever()` in the foreground.
    """

    def __init__(
        self,
        root: Path | str,
        host: str = "127.0.0.1",
        port: int = 0,
        verbose: bool = False,
    ) -> None:
        path = Path(root).expanduser()
        if not path.exists():
            raise FileNotFoundError(f"mirror directory not found: {path}")
        if not path.is_dir():
            raise NotADirectoryError(f"mirror path is not a directory: {path}")
        self.root = path.resolve()
        self.verbose = verbose
        self.index = MirrorIndex(self.root)
        self._httpd = _ReplayHTTPServer((host, port), self.index, verbose)
        bound_host, bound_port = self._httpd.server_address[:2]
        shown = "127.0.0.1" if bound_host in ("0.0.0.0", "") else str(bound_host)
        if ":" in shown:
            shown = f"[{shown}]"
        self.port: int = int(bound_port)
        self.url: str = f"http://{shown}:{self.port}"
        self._thread: threading.Thread | None = None
        self._serving = False
        self._closed = False
        self._state = threading.Lock()

    def __repr__(self) -> str:
        return f"ReplayServer(root={str(self.root)!r}, url={self.url!r})"

    def status_counts(self) -> dict[int, int]:
        """Responses sent so far, by status code (e.g. how many answered 304 Not Modified)."""
        return self._httpd.status_counts()

    def start(self) -> str:
        """Serve in a daemon thread; returns the base URL. Calling it again is a no-op."""
        with self._state:
            if self._closed:
                raise RuntimeError("replay server already stopped; create a new one")
            if self._thread is None:
                self._serving = True
                self._thread = threading.Thread(
                    target=self._httpd.serve_forever,
                    kwargs={"poll_interval": 0.05},
                    name=f"finloom-replay-{self.port}",
                    daemon=True,
                )
                self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving and close the socket; safe to call more than once."""
        with self._state:
            if self._closed:
                return
            self._closed = True
            if self._serving:
                self._httpd.shutdown()
            if self._thread is not None:
                self._thread.join()
            self._httpd.server_close()

    def serve_forever(self) -> None:
        """Serve in the foreground until `stop()` or Ctrl-C, then close cleanly."""
        with self._state:
            if self._closed or self._serving:
                raise RuntimeError("replay server already started or stopped")
            self._serving = True
        try:
            self._httpd.serve_forever(poll_interval=0.1)
        except KeyboardInterrupt:
            if self.verbose:
                print("replay server: interrupted, stopping", file=sys.stderr)
        finally:
            with self._state:
                self._serving = False
                self._closed = True
                self._httpd.server_close()

    def __enter__(self) -> ReplayServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
