"""Retrieval chunks: section-aware, sized in characters or words, with stable ids."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingestion.sources.filings.settings import (
    DEFAULT_CHUNK_OVERLAP,
    DEFAULT_CHUNK_SIZE,
    DEFAULT_CHUNK_UNIT,
)

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Chunk:
    """A span of one section; `chunk_id` depends only on accession, section, ordinal and text."""

    chunk_id: str
    accession: str
    section: str
    ordinal: int
    order: int
    start: int
    end: int
    text: str
    word_count: int
    content_hash: str


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def chunk_id(accession: str, section: str, ordinal: int, content_hash: str) -> str:
    """Stable id: sha256 of accession, section, ordinal and content hash."""
    return _sha256(f"{accession}|{section}|{ordinal}|{content_hash}")


def _spans(
    words: list[tuple[int, int]], text: str, size: int, overlap: int, unit: str
) -> Iterator[tuple[int, int]]:
    """(first word, last word) index pairs of each chunk."""
    i = 0
    n = len(words)
    while i < n:
        if unit == "words":
            j = min(n, i + size) - 1
        else:
            limit = words[i][0] + size
            j = i
            while j + 1 < n and words[j + 1][1] <= limit:
                j += 1
            if j + 1 < n:  # prefer ending at a paragraph break in the last quarter
                floor = words[i][0] + size * 3 // 4
                for k in range(j, i, -1):
                    if words[k][1] < floor:
                        break
                    if text.startswith("\n", words[k][1]):
                        j = k
                        break
        yield i, j
        if j + 1 >= n:
            return
        if unit == "words":
            nxt = j + 1 - overlap
        else:
            cut = words[j][1] - overlap
            nxt = next((k for k in range(i + 1, j + 1) if words[k][0] >= cut), j + 1)
        i = max(nxt, i + 1)


def chunk_sections(
    text: str,
    regions: Sequence[tuple[str, int, int]],
    accession: str,
    size: int = DEFAULT_CHUNK_SIZE,
    overlap: int = DEFAULT_CHUNK_OVERLAP,
    unit: str = DEFAULT_CHUNK_UNIT,
) -> list[Chunk]:
    """Chunks of each (section, start, end) region; a chunk never crosses a region boundary."""
    if unit not in ("chars", "words"):
        raise ValueError(f"chunk unit must be 'chars' or 'words', not {unit!r}")
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError(f"need size > 0 and 0 <= overlap < size (got {size}, {overlap})")
    chunks: list[Chunk] = []
    for section, lo, hi in regions:
        words = [m.span() for m in _WORD.finditer(text, lo, hi)]
        for ordinal, (i, j) in enumerate(_spans(words, text, size, overlap, unit)):
            start, end = words[i][0], words[j][1]
            body = text[start:end]
            digest = _sha256(body)
            chunks.append(
                Chunk(
                    chunk_id=chunk_id(accession, section, ordinal, digest),
                    accession=accession,
                    section=section,
                    ordinal=ordinal,
                    order=len(chunks),
                    start=start,
                    end=end,
                    text=body,
                    word_count=j - i + 1,
                    content_hash=digest,
                )
            )
    return chunks
