"""Replay server: serves a mirror directory at the real URLs' paths (docs/architecture.md)."""

from ingestion.replay.layout import SECRET_PARAMS, MirrorIndex, mirror_url, resolve, via_mirror
from ingestion.replay.server import ReplayServer, content_type

__all__ = [
    "SECRET_PARAMS",
    "MirrorIndex",
    "ReplayServer",
    "content_type",
    "mirror_url",
    "resolve",
    "via_mirror",
]
