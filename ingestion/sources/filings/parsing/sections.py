"""10-K / 10-Q item sections located in clean filing text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingestion.sources.filings.parsing.fpages import (
    FPAGES_KEY,
    FPAGES_TITLE,
    find_statements_block,
)
from ingestion.sources.filings.parsing.headings import Candidate, in_spans, select_ordered
from ingestion.sources.filings.settings import TEN_K_ITEMS, TEN_Q_ITEMS

_ITEM_LINE = re.compile(
    r"^(?:PART +(?P<part>IV|I{1,3}) *[,.:;\-–—|]? *)?ITEMS? *(?P<num>\d{1,2}) *"
    r"(?P<letter>[A-C](?![A-Z]))?(?!\d) *(?:\([a-z]\))? *[.:;\-–—|]? *(?P<rest>.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_PART_LINE = re.compile(r"^PART +(IV|I{1,3})\b(?! *,? *ITEM)", re.IGNORECASE | re.MULTILINE)
#: A line that continues a sentence ("Item 7 of this Form 10-K ...") is a cross-reference.
_CROSS_REFERENCE = re.compile(
    r"^(?:(?:of|in|to|and|or|above|below|herein|for|as|under|is|are|was|were|which|that|this|"
    r"shall|will|has|have|contains?|includes?|through)\b|[,)])",
)
_PAGE_SUFFIX = re.compile(r"(?:\s*\|\s*(?:[\dA-Z]{0,2}-?\d+|Page))+\s*$")


@dataclass(frozen=True)
class Section:
    """One item of a filing: key ("1A", or "II-1A" in a 10-Q), title, span and size.

    A 10-K whose Item 8 only points to statements filed after the last item ("F-pages") also
    gets a section keyed `FPAGES_KEY` ("8F") for them, cut out of the item that held them.
    """

    key: str
    title: str
    start: int
    end: int
    word_count: int
    order: int


def form_family(form: str) -> str:
    """The form family: "10-K" for 10-K405, 10-KT, 10-K/A…, "10-Q" likewise, else the form."""
    upper = form.strip().upper()
    for family in ("10-K", "10-Q"):
        if upper.startswith(family):
            return family
    return upper


def _clean_title(rest: str, text: str, line_end: int) -> str:
    title = _PAGE_SUFFIX.sub("", rest).strip(" |.:-–—")
    title = title.replace(" | ", " ")
    if not title:
        nxt = text[line_end + 1 : text.find("\n", line_end + 1)]
        if 0 < len(nxt) <= 150:
            title = _PAGE_SUFFIX.sub("", nxt).strip(" |")
    return title[:200]


def item_candidates(
    text: str, family: str, table_starts: Sequence[int], table_ends: Sequence[int]
) -> list[Candidate]:
    """Every line that starts like an item heading, keyed and ranked for `family`."""
    order = TEN_Q_ITEMS if family == "10-Q" else TEN_K_ITEMS
    ranks = {key: i for i, key in enumerate(order)}
    parts = [(m.start(), m.group(1).upper()) for m in _PART_LINE.finditer(text)]
    out: list[Candidate] = []
    part_i = -1
    for m in _ITEM_LINE.finditer(text):
        rest = m.group("rest")
        if _CROSS_REFERENCE.match(rest):
            continue
        item = m.group("num").lstrip("0") + (m.group("letter") or "").upper()
        if family == "10-Q":
            while part_i + 1 < len(parts) and parts[part_i + 1][0] <= m.start():
                part_i += 1
            part = (m.group("part") or (parts[part_i][1] if part_i >= 0 else "I")).upper()
            key = f"{part}-{item}"
        else:
            key = item
        if key not in ranks:
            continue
        title = _clean_title(rest, text, m.end())
        in_table = in_spans(m.start(), table_starts, table_ends)
        out.append(Candidate(ranks[key], key, m.start(), title, in_table))
    return out


def find_sections(
    text: str, form: str, table_spans: Sequence[tuple[int, int]] = ()
) -> list[Section]:
    """Item sections in order; each runs from its heading line to the next chosen heading."""
    family = form_family(form)
    if family not in ("10-K", "10-Q"):
        return []
    starts = [s for s, _ in table_spans]
    ends = [e for _, e in table_spans]
    chosen = select_ordered(item_candidates(text, family, starts, ends), len(text))
    spans = [
        (
            cand.key,
            cand.title,
            cand.start,
            chosen[i + 1].start if i + 1 < len(chosen) else len(text),
        )
        for i, cand in enumerate(chosen)
    ]
    if family == "10-K":
        spans = _with_statements_block(text, spans)
    return [
        Section(key, title, start, end, len(text[start:end].split()), order)
        for order, (key, title, start, end) in enumerate(spans)
    ]


def _with_statements_block(
    text: str, spans: list[tuple[str, str, int, int]]
) -> list[tuple[str, str, int, int]]:
    """`spans` plus the F-pages statements block, cut out of the item that holds it."""
    item8 = next(((start, end) for key, _, start, end in spans if key == "8"), None)
    if item8 is None:
        return spans
    block = find_statements_block(text, item8, [start for _, _, start, _ in spans])
    if block is None:
        return spans
    lo, hi = block
    out: list[tuple[str, str, int, int]] = []
    for key, title, start, end in spans:
        if start < lo < end:  # the holder keeps its text before the block
            out.append((key, title, start, lo))
            out.append((FPAGES_KEY, FPAGES_TITLE, lo, hi))
        else:
            out.append((key, title, start, end))
    return out
