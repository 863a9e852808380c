"""The server never serves anything outside its root, whatever the request line says."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingestion.replay import ReplayServer, resolve

from .conftest import raw_request

SECRET = b"TOPSECRET-outside-the-mirror"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mirror with in-root files plus symlinks that point outside it; shared by the module."""
    base = tmp_path_factory.mktemp("traversal")
    root = base / "mirror"
    for name, body in {
        "host/a.json": b"{}",
        "host/sub/b.json": b"[]",
        "host/q?x=1": b"query file",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(body)
    (base / "secret.txt").write_bytes(SECRET)
    (base / "outside").mkdir()
    (base / "outside" / "secret.txt").write_bytes(SECRET)
    os.symlink(base / "secret.txt", root / "host" / "link")
    os.symlink(base / "outside", root / "host" / "dirlink")
    os.symlink(base / "outside", root / "outside.example.com")
    os.symlink(base / "secret.txt", root / "host" / "q?x=2")
    os.symlink(root / "host" / "a.json", root / "host" / "inside-link.json")
    return root


ATTACKS: list[bytes] = [
    b"/../secret.txt",
    b"/host/../../secret.txt",
    b"/host/sub/../../../secret.txt",
    b"/%2e%2e/secret.txt",
    b"/host/%2e%2e/%2e%2e/secret.txt",
    b"/host/%2E%2E/%2E%2E/secret.txt",
    b"/host/.%2e/.%2e/secret.txt",
    b"/host/..%2f..%2fsecret.txt",
    b"/host/..%2F..%2Fsecret.txt",
    b"/host%2f..%2f..%2fsecret.txt",
    b"/%2e%2e%2fsecret.txt",
    b"/host/%252e%252e/%252e%252e/secret.txt",
    b"/host/%252e%252e%252f%252e%252e%252fsecret.txt",
    b"/host/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
    b"/host/%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/secret.txt",
    b"/host/..\\..\\secret.txt",
    b"/host/%5c..%5c..%5csecret.txt",
    b"/host/..%5c..%5csecret.txt",
    b"/host/./../../secret.txt",
    b"/host/..;/..;/secret.txt",
    b"//etc/passwd",
    b"///etc/passwd",
    b"/etc/passwd",
    b"/%2fetc/passwd",
    b"/%2Fetc%2Fpasswd",
    b"/host/%2fetc%2fpasswd",
    b"/host//etc/passwd",
    b"/host/a.json%00",
    b"/host/a.json%00.txt",
    b"/host/a.json\x00",
    b"/host/link",
    b"/host/link?x=1",
    b"/host/dirlink/secret.txt",
    b"/outside.example.com/secret.txt",
    b"/host/q?x=2",
    b"/host/sub",
    b"/host/sub/",
    b"/host/",
    b"/host",
    b"http://127.0.0.1/../secret.txt",
    b"*",
    b"..",
    b"/..",
    b"/.",
    b"/~/secret.txt",
]


@pytest.fixture(scope="module")
def server(root: Path) -> Iterator[ReplayServer]:
    with ReplayServer(root) as server:
        yield server


@pytest.mark.parametrize("target", ATTACKS, ids=lambda t: t.decode("latin-1"))
def test_attack_is_refused_over_http(server: ReplayServer, target: bytes) -> None:
    for method in (b"GET", b"HEAD"):
        response = raw_request(server.url, target, method=method)
        assert response.status in (400, 404), (method, response)
        assert SECRET not in response.body
        assert b"root:" not in response.body


@pytest.mark.parametrize("target", ATTACKS, ids=lambda t: t.decode("latin-1"))
def test_attack_is_refused_by_resolve(root: Path, target: bytes) -> None:
    path, _, query = target.decode("latin-1").partition("?")
    found = resolve(root, path, query)
    assert found is None or found.is_relative_to(root.resolve())


def test_legitimate_neighbours_still_served(server: ReplayServer) -> None:
    assert raw_request(server.url, b"/host/a.json").body == b"{}"
    assert raw_request(server.url, b"/host/sub/b.json").body == b"[]"
    assert raw_request(server.url, b"/host/q?x=1").body == b"query file"
    # a symlink that stays inside the root is fine
    assert raw_request(server.url, b"/host/inside-link.json").body == b"{}"
    # the more specific `q?x=2` points outside, so it is skipped, not served
    assert raw_request(server.url, b"/host/q?x=1&x=2").body == b"query file"


def test_dot_segments_are_bad_requests(server: ReplayServer) -> None:
    assert raw_request(server.url, b"/host/sub/../a.json").status == 400
    assert raw_request(server.url, b"/host/%2e%2e/host/a.json").status == 400


def test_root_that_is_a_symlink(tmp_path: Path, root: Path) -> None:
    alias = tmp_path / "alias"
    os.symlink(root, alias)
    with ReplayServer(alias) as server:
        assert raw_request(server.url, b"/host/a.json").body == b"{}"
        assert raw_request(server.url, b"/host/link").status == 404
