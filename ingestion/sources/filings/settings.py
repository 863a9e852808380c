"""Constants for filing documents: section layouts per form and chunking defaults (the parser's:
pure, imported by parse workers; the source's dlt settings are in `config.py`)."""

from __future__ import annotations

#: 10-K items in filing order (Regulation S-K).
TEN_K_ITEMS: tuple[str, ...] = (
    "1", "1A", "1B", "1C", "2", "3", "4", "5", "6", "7", "7A", "8", "9", "9A", "9B", "9C",
    "10", "11", "12", "13", "14", "15", "16",
)  # fmt: skip

#: 10-Q items in filing order, keyed "<part>-<item>" (Part I financial, Part II other information).
TEN_Q_ITEMS: tuple[str, ...] = (
    "I-1", "I-2", "I-3", "I-4", "II-1", "II-1A", "II-2", "II-3", "II-4", "II-5", "II-6",
)  # fmt: skip

#: The section holding the notes to the financial statements, per form family.
FINANCIAL_STATEMENTS_SECTION = {"10-K": "8", "10-Q": "I-1"}

#: Chunking defaults: ~2,000 characters (≈ 350 words) with 200 characters of overlap.
DEFAULT_CHUNK_SIZE = 2000
DEFAULT_CHUNK_OVERLAP = 200
DEFAULT_CHUNK_UNIT = "chars"

#: A 10-K section shorter than this many words is reported as implausible by the evaluation.
MIN_KEY_SECTION_WORDS = 200
