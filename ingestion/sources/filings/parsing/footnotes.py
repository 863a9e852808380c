"""Notes to the financial statements ("Note 1 – Summary of Significant Accounting Policies")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.sources.filings.parsing.headings import Candidate, select_ordered

_NOTE_LINE = re.compile(
    r"^NOTE +(?P<num>\d{1,2})(?: *[.:\-–—|] *| +|$)(?P<rest>.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_NUMBERED_LINE = re.compile(
    r"^(?:(?P<num>\d{1,2}) *[.:\-–—]|\((?P<pnum>\d{1,2})\)) *(?:\| *)?"
    r"(?P<rest>[A-Z][^\n]{2,150})$",
    re.MULTILINE,
)
_CROSS_REFERENCE = re.compile(r"^(?:of|in|to|and|for|as|under|above|below|herein)\b")


@dataclass(frozen=True)
class Footnote:
    """One note: its number, title and text span (offsets into the document text)."""

    number: int
    title: str
    start: int
    end: int
    text: str


def _candidates(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> list[Candidate]:
    out = []
    for m in pattern.finditer(text, lo, hi):
        rest = m.group("rest").strip()
        if not rest:  # "NOTE 1" alone: the title is the next line
            rest = text[m.end() + 1 : text.find("\n", m.end() + 1)][:200].strip()
            if not rest:
                continue
        if _CROSS_REFERENCE.match(rest) or rest[:1].islower():
            continue
        title = rest.split(" | ")[0].strip(" .:-–—")
        if len(title) > 150:  # no title: the note's text starts on the heading line
            title = title[:100].rsplit(" ", 1)[0] + " …"
        if title.rstrip().split(" ")[-1].isdigit() and "|" in rest:
            continue  # an index line with a page number
        num = m.group("num") or m.group("pnum")
        out.append(Candidate(int(num), num, m.start(), title[:200]))
    return out


def find_footnotes(text: str, lo: int, hi: int) -> list[Footnote]:
    """Notes numbered 1, 2, ... between offsets `lo` and `hi`, each up to the next note."""
    cands = _candidates(_NOTE_LINE, text, lo, hi)
    if len({c.rank for c in cands}) < 3:
        cands = _candidates(_NUMBERED_LINE, text, lo, hi)
    chosen = select_ordered(cands, hi, max_step=2)
    notes: list[Footnote] = []
    for i, cand in enumerate(chosen):
        end = chosen[i + 1].start if i + 1 < len(chosen) else hi
        notes.append(Footnote(cand.rank, cand.title, cand.start, end, text[cand.start : end]))
    return notes
