"""Choosing real headings among table-of-contents lines and cross-references.

A heading appears several times: in the table of contents, in cross-references, and once for real.
Given every line-start candidate, `select_ordered` keeps at most one per key, in document order, and
prefers candidates followed by a long stretch of text (a TOC line is followed by the next TOC line).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

#: Gap (characters) after which a candidate scores as a full section start.
GAP_CAP = 4000


@dataclass(frozen=True)
class Candidate:
    """A possible heading: its rank in the expected order, where it is, and its title."""

    rank: int
    key: str
    start: int
    title: str
    in_table: bool = False


def in_spans(offset: int, starts: Sequence[int], ends: Sequence[int]) -> bool:
    """Whether `offset` lies in one of the sorted, non-overlapping spans."""
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset <= ends[i]


def select_ordered(
    candidates: Sequence[Candidate], text_length: int, max_step: int | None = None
) -> list[Candidate]:
    """Best increasing-rank subsequence: most headings first, then most text following them.

    With `max_step`, ranks must start at 1 and rise by at most `max_step` (numbered notes).
    """
    cands = sorted(candidates, key=lambda c: c.start)
    if not cands:
        return []
    scores: list[float] = []
    for i, cand in enumerate(cands):
        nxt = cands[i + 1].start if i + 1 < len(cands) else text_length
        gap = min(nxt - cand.start, GAP_CAP) / GAP_CAP
        scores.append((1.0 + gap) * (0.75 if cand.in_table else 1.0))
    best = [
        sc if max_step is None or c.rank == 1 else float("-inf")
        for sc, c in zip(scores, cands, strict=True)
    ]
    prev = [-1] * len(cands)
    for i, cand in enumerate(cands):
        for j in range(i):
            step = cand.rank - cands[j].rank
            if max_step is not None and step > max_step:
                continue
            if step > 0 and cands[j].start < cand.start:
                total = best[j] + scores[i]
                if total > best[i]:
                    best[i], prev[i] = total, j
    i = max(range(len(cands)), key=lambda k: best[k])
    if best[i] == float("-inf"):
        return []
    chosen: list[Candidate] = []
    while i >= 0:
        chosen.append(cands[i])
        i = prev[i]
    return chosen[::-1]
