"""Fixtures for the replay server: small mirror trees built per test, and a raw HTTP client."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingestion.replay import ReplayServer

MakeMirror = Callable[[Mapping[str, bytes | str]], Path]


@dataclass
class RawResponse:
    """Status, lower-cased headers and body of one HTTP response."""

    status: int
    headers: dict[str, str]
    body: bytes


def raw_request(url: str, target: bytes, method: bytes = b"GET") -> RawResponse:
    """Send `target` byte for byte (no client-side normalisation of `..` or `%2e`)."""
    host, _, port = url.removeprefix("http://").partition(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(method + b" " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(1 << 16):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawResponse(int(status_line.split(" ", 2)[1]), headers, body)


@pytest.fixture
def make_mirror(tmp_path: Path) -> MakeMirror:
    """Write `{relative name: body}` under tmp_path/mirror; names may carry `?query`."""

    def make(files: Mapping[str, bytes | str]) -> Path:
        root = tmp_path / "mirror"
        root.mkdir(exist_ok=True)
        for name, body in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body.encode() if isinstance(body, str) else body)
        return root

    return make


def age_tree(root: Path, seconds: float = 3600) -> None:
    """Backdate every directory's mtime so the index treats its listings as settled."""
    past = os.stat(root).st_mtime - seconds
    for dirpath, _dirs, _files in os.walk(root):
        os.utime(dirpath, (past, past))


@pytest.fixture
def serve() -> Iterator[Callable[[Path], ReplayServer]]:
    """Start replay servers on free ports; all are stopped after the test."""
    started: list[ReplayServer] = []

    def start(root: Path, **kwargs: bool) -> ReplayServer:
        server = ReplayServer(root, **kwargs)
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
