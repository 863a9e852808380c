"""Resolution rules of the mirror layout, via the pure `resolve()`, plus `mirror_url`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingestion.replay import MirrorIndex, content_type, mirror_url, resolve, via_mirror

from .conftest import MakeMirror, age_tree

FILES = {
    "api.example.com/v1/item.json": "{}",
    "api.example.com/fred/obs": "any query",
    "api.example.com/fred/obs?series_id=GDP": "gdp",
    "api.example.com/fred/obs?series_id=GDP&units=pch": "gdp pch",
    "api.example.com/fred/obs?units=pch&series_id=GDP&frequency=q": "gdp pch q",
    "api.example.com/only/search?q=AAPL": "aapl",
    "api.example.com/tie/t?b=2": "b",
    "api.example.com/tie/t?a=1": "a",
    "api.example.com/enc/s?q=EURUSD%3DX": "encoded value",
    "api.example.com/enc/s?q=GC=F": "raw value with =",
    "api.example.com/enc/s?q=A B": "space",
    "api.example.com/enc/s?q=1+1": "plus",
    "api.example.com/enc/s?q=caf%C3%A9": "utf-8 value",
    "api.example.com/chart/EURUSD=X": "chart",
    "api.example.com/keyed/k?series_id=A&api_key=LEAKED": "secret in name ignored",
    "api.example.com/sub/dir/leaf.csv": "a,b\n",
}


@pytest.fixture
def root(make_mirror: MakeMirror) -> Path:
    return make_mirror(FILES)


def served(root: Path, path: str, query: str = "") -> str | None:
    found = resolve(root, path, query)
    return None if found is None else found.read_text()


@pytest.mark.parametrize(
    ("path", "query", "body"),
    [
        ("/api.example.com/v1/item.json", "", "{}"),
        ("/api.example.com/v1/item.json", "x=1&y=2", "{}"),
        ("/api.example.com/sub/dir/leaf.csv", "", "a,b\n"),
        # a file without a query answers any query to its path
        ("/api.example.com/fred/obs", "", "any query"),
        ("/api.example.com/fred/obs", "series_id=PAYEMS", "any query"),
        # subset match, most specific wins, order of parameters irrelevant
        ("/api.example.com/fred/obs", "series_id=GDP", "gdp"),
        ("/api.example.com/fred/obs", "file_type=json&series_id=GDP", "gdp"),
        ("/api.example.com/fred/obs", "units=pch&series_id=GDP", "gdp pch"),
        ("/api.example.com/fred/obs", "frequency=q&units=pch&series_id=GDP&x=1", "gdp pch q"),
        ("/api.example.com/fred/obs", "frequency=q&series_id=GDP", "gdp"),
        ("/api.example.com/fred/obs", "series_id=GDPC1", "any query"),
        ("/api.example.com/fred/obs", "series_id=gdp", "any query"),  # values are case-sensitive
        # secrets are stripped from the request before matching
        ("/api.example.com/fred/obs", "api_key=SECRET&series_id=GDP", "gdp"),
        ("/api.example.com/fred/obs", "series_id=GDP&apikey=S&token=T&units=pch", "gdp pch"),
        ("/api.example.com/fred/obs", "API_KEY=S&series_id=GDP", "gdp"),
        ("/api.example.com/only/search", "q=AAPL&api_key=S", "aapl"),
        # ...and from file names
        ("/api.example.com/keyed/k", "series_id=A", "secret in name ignored"),
        # ties are broken by file name
        ("/api.example.com/tie/t", "a=1&b=2", "a"),
        ("/api.example.com/tie/t", "b=2", "b"),
        # values compare decoded, whether the name or the request encodes them
        ("/api.example.com/enc/s", "q=EURUSD=X", "encoded value"),
        ("/api.example.com/enc/s", "q=EURUSD%3DX", "encoded value"),
        ("/api.example.com/enc/s", "q=GC%3DF", "raw value with ="),
        ("/api.example.com/enc/s", "q=GC=F", "raw value with ="),
        ("/api.example.com/enc/s", "q=A+B", "space"),
        ("/api.example.com/enc/s", "q=A%20B", "space"),
        ("/api.example.com/enc/s", "q=1%2B1", "plus"),
        ("/api.example.com/enc/s", "q=caf%C3%A9", "utf-8 value"),
        # path segments compare decoded too
        ("/api.example.com/chart/EURUSD=X", "range=1y", "chart"),
        ("/api.example.com/chart/EURUSD%3DX", "", "chart"),
        ("/api.example.com/v1/item%2Ejson", "", "{}"),
    ],
)
def test_resolution_rules(root: Path, path: str, query: str, body: str) -> None:
    assert served(root, path, query) == body


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api.example.com/only/search", ""),  # every query file needs its parameters
        ("/api.example.com/only/search", "q=MSFT"),
        ("/api.example.com/only/search", "api_key=AAPL"),
        ("/api.example.com/tie/t", "c=3"),
        ("/api.example.com/v1/missing.json", ""),
        ("/unknown.example.com/v1/item.json", ""),
        ("/api.example.com/v1", ""),  # a directory is not a file
        ("/api.example.com/v1/", ""),
        ("/api.example.com", ""),
        ("/", ""),
        ("", ""),
        ("api.example.com/v1/item.json", ""),  # not a URL path
        ("/api.example.com/v1/item.json/", ""),
        ("/api.example.com//v1/item.json", ""),
        ("/api.example.com/../api.example.com/v1/item.json", ""),
        ("/api.example.com/v1/item.json%00", ""),
    ],
)
def test_unknown_or_unsafe_is_none(root: Path, path: str, query: str) -> None:
    assert resolve(root, path, query) is None


def test_resolve_accepts_query_in_path_and_returns_path_inside_root(root: Path) -> None:
    found = resolve(str(root), "/api.example.com/fred/obs?series_id=GDP")
    assert found == (root / "api.example.com/fred/obs?series_id=GDP").resolve()
    assert found.is_relative_to(root.resolve())


def test_resolve_missing_root_is_none(tmp_path: Path) -> None:
    assert resolve(tmp_path / "absent", "/a/b") is None


def test_index_does_not_walk_per_lookup(root: Path) -> None:
    age_tree(root)
    index = MirrorIndex(root)
    directories = sum(1 for _ in os.walk(root))
    assert index.scans == directories
    assert len(index) == len(FILES)
    for _ in range(50):
        assert index.lookup("/api.example.com/fred/obs", "series_id=GDP") is not None
        assert index.lookup("/api.example.com/nope/x") is None
    assert index.scans == directories


def test_index_sees_files_added_later(root: Path) -> None:
    index = MirrorIndex(root)
    assert index.lookup("/api.example.com/v1/new.json") is None
    (root / "api.example.com/v1/new.json").write_text("[]")
    (root / "api.example.com/v1/item.json?x=1").write_text("x1")
    (root / "late.example.com/a").mkdir(parents=True)
    (root / "late.example.com/a/b").write_text("late")
    assert index.lookup("/api.example.com/v1/new.json") is not None
    assert str(index.lookup("/api.example.com/v1/item.json", "x=1")).endswith("item.json?x=1")
    assert str(index.lookup("/late.example.com/a/b")).endswith("late.example.com/a/b")


@pytest.mark.parametrize(
    ("base", "real", "expected"),
    [
        (
            "http://127.0.0.1:5000",
            "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json?x=1",
            "http://127.0.0.1:5000/data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json?x=1",
        ),
        (
            "http://127.0.0.1:5000/",
            "https://data.sec.gov/submissions/CIK0000320193.json",
            "http://127.0.0.1:5000/data.sec.gov/submissions/CIK0000320193.json",
        ),
        (
            "http://mirror.local:8080/prefix/",
            "https://query2.finance.yahoo.com/v8/finance/chart/GC=F?range=1y&interval=1d",
            "http://mirror.local:8080/prefix/query2.finance.yahoo.com/v8/finance/chart/GC=F"
            "?range=1y&interval=1d",
        ),
        (
            "http://127.0.0.1:1",
            "https://WWW.SEC.GOV:443/cgi-bin/browse-edgar?action=getcurrent&output=atom#top",
            "http://127.0.0.1:1/www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&output=atom",
        ),
        ("http://h:1", "https://example.com", "http://h:1/example.com/"),
        ("http://h:1", "http://example.com:8080/a%20b", "http://h:1/example.com:8080/a%20b"),
    ],
)
def test_mirror_url(base: str, real: str, expected: str) -> None:
    assert mirror_url(base, real) == expected


@pytest.mark.parametrize("real", ["/relative/path", "ftp://example.com/x", "https:///nohost"])
def test_mirror_url_rejects_non_http(real: str) -> None:
    with pytest.raises(ValueError, match="http"):
        mirror_url("http://127.0.0.1:1", real)


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("CIK0000320193.json", b"", "application/json"),
        ("fredgraph.csv", b"observation_date,DGS10", "text/csv; charset=utf-8"),
        ("aapl-20240928.htm", b"<?xml version='1.0'?><html", "text/html"),
        ("x.HTML", b"", "text/html"),
        ("feed.xml", b"", "application/xml"),
        ("browse-edgar", b'<?xml version="1.0" ?>\n<feed xmlns=', "application/xml"),
        ("TSLA", b'{"chart":{}}', "application/json"),
        ("WSKT.JK", b'  \n{"chart":{}}', "application/json"),
        ("page", b"\xef\xbb\xbf[1]", "application/json"),
        ("index", b"<!DOCTYPE html><html>", "text/html"),
        ("blob", b"\x00\x01", "application/octet-stream"),
    ],
)
def test_content_type(name: str, head: bytes, expected: str) -> None:
    assert content_type(name, head) == expected


def test_via_mirror_keeps_the_real_url_without_a_mirror() -> None:
    real = "https://api.stlouisfed.org/fred/series/observations?series_id=GDP"
    assert via_mirror(None, real) == real
    assert via_mirror("http://h:1", real) == mirror_url("http://h:1", real)
