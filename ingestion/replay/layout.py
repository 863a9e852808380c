"""Mirror layout (docs/architecture.md): which file under a mirror root answers a URL.

The body of `https://<host>/<path>` is `<root>/<host>/<path>`. A file named `<path>?<k=v&…>`
answers requests to `<path>` whose query holds all of those parameters (most parameters wins,
ties by file name); a file without a query answers any query. Secret parameters are ignored.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, unquote_plus, urlsplit

#: Query parameters that carry credentials: never part of file names, ignored when matching.
SECRET_PARAMS: frozenset[str] = frozenset({"api_key", "apikey", "token"})


class UnsafePathError(ValueError):
    """A request path that tries to leave the mirror root (`..`, backslash, NUL)."""


@dataclass(frozen=True, slots=True)
class MirrorFile:
    """One file of a mirror directory and the query parameters its name requires."""

    name: str
    params: tuple[tuple[str, frozenset[str]], ...]

    def matches(self, query: Iterable[tuple[str, str]]) -> bool:
        """True when every parameter of the name is present in the (decoded) request query."""
        pairs = set(query)
        return all(any((key, value) in pairs for value in values) for key, values in self.params)


Listing = Mapping[str, tuple[MirrorFile, ...]]


def _is_secret(key: str) -> bool:
    return key.lower() in SECRET_PARAMS


def parse_file_name(name: str) -> tuple[str, MirrorFile]:
    """Split a file name into its decoded URL path segment and the parameters it requires.

    Values may be stored URL-encoded or not, so each accepts both decodings
    (`+` as a literal plus and as a space).
    """
    base, _, query = name.partition("?")
    params: list[tuple[str, frozenset[str]]] = []
    for part in query.split("&"):
        if not part:
            continue
        raw_key, _, raw_value = part.partition("=")
        key = unquote(raw_key, errors="surrogateescape")
        if _is_secret(key):
            continue
        values = frozenset(
            {
                unquote(raw_value, errors="surrogateescape"),
                unquote_plus(raw_value, errors="surrogateescape"),
            }
        )
        params.append((key, values))
    return unquote(base, errors="surrogateescape"), MirrorFile(name, tuple(params))


def parse_query(query: str) -> frozenset[tuple[str, str]]:
    """Decoded `(key, value)` pairs of a raw request query, secret parameters removed."""
    pairs = parse_qsl(query, keep_blank_values=True, errors="surrogateescape")
    return frozenset((key, value) for key, value in pairs if not _is_secret(key))


def split_request_path(path: str) -> list[str] | None:
    """Decoded segments `[host, *dirs, leaf]` of a URL path; None when it names no file.

    Raises UnsafePathError for anything that could climb out of the root. Decoding happens once,
    before splitting, so `%2F` and `%2e%2e` are seen as `/` and `..`.
    """
    if not path.startswith("/"):
        return None
    decoded = unquote(path[1:], errors="surrogateescape")
    if "\x00" in decoded or "\\" in decoded:
        raise UnsafePathError(path)
    segments = decoded.split("/")
    if any(segment in (".", "..") for segment in segments):
        raise UnsafePathError(path)
    if len(segments) < 2 or "" in segments:
        return None
    return segments


def scan_directory(directory: Path) -> dict[str, tuple[MirrorFile, ...]]:
    """Files of one directory grouped by decoded path segment, best candidates first."""
    groups: dict[str, list[MirrorFile]] = {}
    with os.scandir(directory) as entries:
        for entry in entries:
            try:
                if not entry.is_file():
                    continue
            except OSError:
                continue
            base, mirror_file = parse_file_name(entry.name)
            groups.setdefault(base, []).append(mirror_file)
    return {
        base: tuple(sorted(files, key=lambda f: (-len(f.params), f.name)))
        for base, files in groups.items()
    }


class MirrorIndex:
    """Per-directory listings of a mirror, built once and refreshed when a directory changes.

    A lookup costs one `stat` of the directory (to notice files added later) plus path
    resolution; it never walks the tree. A listing is trusted only once its directory's mtime is
    older than RACY_NS at scan time: file-system clocks are coarse, so a file added right after a
    scan can leave the mtime unchanged (git's "racy clean" problem); such directories are re-read.
    """

    RACY_NS = 2_000_000_000

    def __init__(self, root: Path | str, *, preload: bool = True) -> None:
        self.root = Path(root).expanduser().resolve(strict=True)
        self.scans = 0
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[int, bool, Listing]] = {}
        if preload:
            self._preload()

    def _preload(self) -> None:
        for dirpath, _dirs, _files in os.walk(self.root):
            self._listing(Path(dirpath))

    def __len__(self) -> int:
        """Number of files currently indexed."""
        return sum(len(files) for *_, listing in self._cache.values() for files in listing.values())

    def _listing(self, directory: Path) -> Listing | None:
        try:
            mtime = os.stat(directory).st_mtime_ns
        except (OSError, ValueError):
            return None
        cached = self._cache.get(directory)
        if cached is not None and cached[0] == mtime and cached[1]:
            return cached[2]
        settled = time.time_ns() - mtime > self.RACY_NS
        try:
            listing = scan_directory(directory)
        except (OSError, ValueError):
            return None
        with self._lock:
            self.scans += 1
            self._cache[directory] = (mtime, settled, listing)
        return listing

    def lookup(self, path: str, query: str = "") -> Path | None:
        """The resolved file answering `path?query`, or None. Raises UnsafePathError."""
        if "?" in path:
            path, _, embedded = path.partition("?")
            query = f"{embedded}&{query}" if query else embedded
        segments = split_request_path(path)
        if segments is None:
            return None
        try:
            directory = self.root.joinpath(*segments[:-1]).resolve()
        except (OSError, ValueError, RuntimeError):
            return None
        if not directory.is_relative_to(self.root):
            return None
        listing = self._listing(directory)
        if listing is None:
            return None
        pairs = parse_query(query)
        for candidate in listing.get(segments[-1], ()):
            if not candidate.matches(pairs):
                continue
            try:
                target = (directory / candidate.name).resolve()
            except (OSError, ValueError, RuntimeError):
                continue
            if target.is_relative_to(self.root) and target.is_file():
                return target
        return None


def resolve(root: Path | str, path: str, query: str = "") -> Path | None:
    """The file under `root` answering URL `path` (still percent-encoded) and raw `query`.

    Returns the file's resolved path, always inside `root`, or None (unknown, or unsafe path).
    Scans only the one directory the path names.
    """
    try:
        return MirrorIndex(root, preload=False).lookup(path, query)
    except (UnsafePathError, OSError):
        return None


_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def via_mirror(mirror: str | None, real_url: str) -> str:
    """`real_url` itself, or its copy on the replay server at `mirror` when one is in use."""
    return mirror_url(mirror, real_url) if mirror else real_url


def mirror_url(base_url: str, real_url: str) -> str:
    """Rewrite `real_url` to the same resource on a replay server at `base_url` (query kept).

    `mirror_url("http://127.0.0.1:5000", "https://data.sec.gov/api/x.json?a=1")`
    is `"http://127.0.0.1:5000/data.sec.gov/api/x.json?a=1"`.
    """
    parts = urlsplit(real_url)
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {real_url!r}")
    host = parts.netloc.rpartition("@")[2].lower()
    default_port = _DEFAULT_PORTS[parts.scheme.lower()]
    if host.endswith(default_port):
        host = host[: -len(default_port)]
    path = parts.path or "/"
    url = f"{base_url.rstrip('/')}/{host}{path}"
    return f"{url}?{parts.query}" if parts.query else url
