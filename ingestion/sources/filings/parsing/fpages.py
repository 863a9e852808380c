"""Financial statements filed on "F-pages" after the last item, when Item 8 only points to them.

Some 10-Ks put the statements after Item 15/16 ("INDEX TO CONSOLIDATED FINANCIAL STATEMENTS",
pages F-1…) and reduce Item 8 to a pointer ("…are contained in pages F-3 through F-25"). The
item headings then label the statements as part of Item 15 or 16. `find_statements_block` finds
that block so it can become its own section (`FPAGES_KEY`); it returns nothing unless

- Item 8 is short (under `POINTER_MAX_WORDS`) and either says where the statements are or is
  very short (under `BARE_MAX_WORDS`: a heading and a sentence), and
- after Item 8 there is an auditor's report heading ("Report of Independent Registered Public
  Accounting Firm" on a line of its own — an index line with a page number is not a heading)
  whose opinion ("We have audited…") follows it, and then, before the next item heading or
  closing heading (signatures, exhibit index), a statement heading (a balance sheet or statement
  of operations on a line of its own) and at least `MIN_BLOCK_WORDS` words. A list of the
  statements in Item 15 has no opinion; the report on internal control in Item 9A has no
  statements before Item 9B.

The block starts at that report, or earlier at the statements' own title or index heading
("Index to Consolidated Financial Statements", "Financial Statements") when only index lines and
short title lines separate them, or at management's report on internal control when it directly
precedes the auditor's report. It ends at the next item heading, the signatures or the exhibit
index, whichever comes first, else at the end of the document: text after it (exhibit index,
signatures) then belongs to no section, like the cover page before Item 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Section key of the statements block: Item 8's content placed elsewhere (item number + letter,
#: like "7A"; no Regulation S-K item is lettered F).
FPAGES_KEY = "8F"
FPAGES_TITLE = "Financial Statements (F-pages)"
#: Item 8 with at least this many words holds the statements itself: never looked past.
POINTER_MAX_WORDS = 500
#: Item 8 under this many words is a pointer even when its wording is not recognised.
BARE_MAX_WORDS = 80
#: How far (characters) before the auditor's report management's report may start.
MANAGEMENT_REPORT_REACH = 6000
#: How many lines before the auditor's report a title or index heading may be.
TITLE_REACH_LINES = 20

_POINTER = re.compile(
    r"incorporated (?:herein )?by reference"
    r"|included (?:immediately )?(?:following|after|in Part IV|in Item 15|herein|elsewhere"
    r"|in this (?:annual )?report|at the end|beginning on page)"
    r"|(?:contained|set forth|appear|begin|beginning|found) (?:in|on|at) pages?"
    r"|pages? F-\d|on pages? \d+ through \d+|Item 15|Part IV|following the signature",
    re.IGNORECASE,
)
#: An auditor's report heading: the whole line, no page-number suffix ("… | F-1").
_AUDITOR_REPORT = re.compile(
    r"^(?:Reports? of Independent (?:Registered )?(?:Public Accounting Firms?|Certified Public "
    r"Accountants?|Auditors?|Accountants?)|Independent Auditors?['’]?s?['’]? Reports?)"
    r"[ .:]*(?:\([^)\n|]{0,40}\))?[ .:]*$",
    re.IGNORECASE | re.MULTILINE,
)
_MANAGEMENT_REPORT = re.compile(
    r"^Management['’]?s (?:Annual )?Report on Internal Control Over Financial Reporting[ .:]*$",
    re.IGNORECASE | re.MULTILINE,
)
#: The statements' own title or index heading, the whole line.
_STATEMENTS_TITLE = re.compile(
    r"^(?:Index to |List of )?(?:the )?(?:Consolidated |Combined )?Financial Statements"
    r"(?: and (?:Supplementary Data|Financial Statement Schedules?|Schedules?))?[ .:]*$",
    re.IGNORECASE,
)
#: A statement heading on a line of its own (not an index entry with a page number).
_STATEMENT_HEADING = re.compile(
    r"^(?:Consolidated |Combined )?(?:Balance Sheets?|Statements? of "
    r"(?:Financial (?:Condition|Position)|Operations|Income|Earnings|Net Assets))\b[^|\n]{0,80}$",
    re.IGNORECASE | re.MULTILINE,
)
#: The opinion paragraph that follows a real auditor's report heading (an index line has none).
_OPINION = re.compile(r"\b(?:we|I) have audited\b|\bin our opinion\b", re.IGNORECASE)
#: How far (characters) after the report heading its opinion paragraph must begin.
OPINION_REACH = 3000
#: A block shorter than this many words is not the statements (a list of them, at most).
MIN_BLOCK_WORDS = 500
#: Headings that close the statements when no item heading follows them.
_CLOSING = re.compile(
    r"^(?:SIGNATURES?|EXHIBIT INDEX|INDEX TO EXHIBITS|EXHIBITS INDEX|EXHIBIT LIST)[ .:]*$",
    re.IGNORECASE | re.MULTILINE,
)
#: An index entry ("Consolidated Balance Sheets | F-2", "… | 35") or the "Page" column header.
_INDEX_ENTRY = re.compile(r"(?:\|\s*(?:F-)?\d+\s*$)|^\s*Page\s*$", re.IGNORECASE)
_SHORT_LINE_WORDS = 10


def is_pointer(item8_text: str) -> bool:
    """Whether an Item 8 body only points elsewhere for the statements."""
    words = len(item8_text.split())
    if words >= POINTER_MAX_WORDS:
        return False
    return words < BARE_MAX_WORDS or _POINTER.search(item8_text) is not None


def _block_end(text: str, start: int, heading_starts: Sequence[int]) -> int:
    """The next item heading or closing heading after `start`, else the end of the text."""
    nxt = next((h for h in heading_starts if h > start), len(text))
    closing = _CLOSING.search(text, start, nxt)
    return closing.start() if closing else nxt


def _title_start(text: str, start: int, floor: int) -> int | None:
    """The earliest statements title or index heading reached walking back from `start` over
    index entries and short lines (a cover: company name, "Financial Statements", the years)."""
    pos, found = start, None
    for _ in range(TITLE_REACH_LINES):
        if pos <= floor:
            break
        newline = text.rfind("\n", floor, pos - 1)
        line_start = newline + 1 if newline >= 0 else floor
        line = text[line_start : pos - 1].strip()
        if _STATEMENTS_TITLE.match(line):
            found = line_start
        elif _CLOSING.match(line) or (
            not _INDEX_ENTRY.search(line) and len(line.split()) > _SHORT_LINE_WORDS
        ):
            break
        pos = line_start
    return found


def _management_start(text: str, report: int, floor: int) -> int | None:
    """Management's report on internal control directly before the auditor's report."""
    lo = max(floor, report - MANAGEMENT_REPORT_REACH)
    found = list(_MANAGEMENT_REPORT.finditer(text, lo, report))
    if not found:
        return None
    start = found[-1].start()
    return None if _CLOSING.search(text, start, report) else start


def find_statements_block(
    text: str, item8: tuple[int, int], heading_starts: Sequence[int]
) -> tuple[int, int] | None:
    """(start, end) of financial statements placed after a pointer-only Item 8, if any.

    `item8` is Item 8's span, `heading_starts` the sorted starts of the chosen item headings.
    """
    lo, hi = item8
    if not is_pointer(text[lo:hi]):
        return None
    for report in _AUDITOR_REPORT.finditer(text, hi):
        end = _block_end(text, report.start(), heading_starts)
        if not _OPINION.search(text, report.end(), min(end, report.end() + OPINION_REACH)):
            continue  # a list of the statements, not the report itself
        if not _STATEMENT_HEADING.search(text, report.end(), end):
            continue  # e.g. the report on internal control inside Item 9A
        if len(text[report.start() : end].split()) < MIN_BLOCK_WORDS:
            continue
        floor = max([hi, *(h for h in heading_starts if h <= report.start())])
        floor = text.find("\n", floor) + 1 or floor  # never the item heading line itself
        start = _management_start(text, report.start(), floor) or report.start()
        return _title_start(text, start, floor) or start, end
    return None
