"""Evaluate filing-document parsing on the real corpus: sections, tables, footnotes, chunks.

    .venv/bin/python bench/evaluate_documents.py [--corpus ../shared/corpus] [--verbose]

Prints, per document (mirrored EDGAR archives and `documents/`), the sections found with their
word counts, table and footnote counts, and flags anything implausible: a 10-K missing Items 1, 1A,
7 or 8 or with one of them tiny, a 10-Q without Part I Items 1 and 2, sections out of order.
A short Item 8 that points to statements filed after the last item is satisfied by a non-trivial
F-pages section (`8F`), printed as such.
Figures only; exit status 1 when any document is flagged (so it can gate a check if wanted).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingestion.sources.filings.helpers import detect_form  # noqa: E402
from ingestion.sources.filings.parsing import (  # noqa: E402
    FPAGES_KEY,
    ParsedDocument,
    chunk_document,
    form_family,
    parse_document,
)
from ingestion.sources.filings.settings import MIN_KEY_SECTION_WORDS  # noqa: E402

KEY_SECTIONS = {"10-K": ("1", "1A", "7", "8"), "10-Q": ("I-1", "I-2")}
#: A key section whose content may sit in another section instead (Item 8 → the F-pages).
PLACED_ELSEWHERE = {"8": FPAGES_KEY}
_ACCESSION = re.compile(r"(\d{10}-\d{2}-\d{6})|/(\d{18})/")
#: A short key section that points elsewhere (exhibit 13, F-pages, Item 15) is explained, not lost.
_REFERS_ELSEWHERE = re.compile(
    r"incorporated (?:herein )?by reference"
    r"|included (?:immediately following|in Part IV|in Item 15|in this annual report)"
    r"|contained in pages"
    r"|pages? F-\d|on pages \d+ through \d+|not applicable",
    re.IGNORECASE,
)


def corpus_documents(corpus: Path) -> list[Path]:
    """Mirrored primary documents, then the extra documents folder."""
    mirror = corpus / "mirror" / "www.sec.gov" / "Archives" / "edgar" / "data"
    found = sorted(p for p in mirror.rglob("*") if p.is_file()) if mirror.is_dir() else []
    docs = corpus / "documents"
    return found + (sorted(p for p in docs.iterdir() if p.is_file()) if docs.is_dir() else [])


def document_form(path: Path, raw: bytes) -> str:
    """Form from the file name (`-10-k-`), else from the document itself."""
    m = re.search(r"10-([kq])", path.name, re.IGNORECASE)
    if m:
        return f"10-{m.group(1).upper()}"
    return form_family(detect_form(raw) or "10-K")


def accession_of(path: Path) -> str:
    """Accession number from the path or file name, else the file name."""
    m = _ACCESSION.search(path.as_posix())
    return (m.group(1) or m.group(2)) if m else path.name


def placed_elsewhere(doc: ParsedDocument) -> dict[str, str]:
    """Key sections satisfied by another, non-trivial section: {"8": "8F"} for F-pages."""
    words = {s.key: s.word_count for s in doc.sections}
    return {
        key: other
        for key, other in PLACED_ELSEWHERE.items()
        if form_family(doc.form) == "10-K" and words.get(other, 0) >= MIN_KEY_SECTION_WORDS
    }


def flags_for(doc: ParsedDocument) -> list[str]:
    """Implausible results worth a look."""
    family = form_family(doc.form)
    sections = {s.key: s for s in doc.sections}
    elsewhere = placed_elsewhere(doc)
    flags = []
    for key in KEY_SECTIONS.get(family, ()):
        section = sections.get(key)
        if key in elsewhere:
            continue
        if section is None:
            flags.append(f"missing {key}")
        elif section.word_count < MIN_KEY_SECTION_WORDS:
            body = doc.text[section.start : section.end]
            why = _REFERS_ELSEWHERE.search(body)
            note = f", says {why.group(0)!r}" if why else ""
            flags.append(f"tiny {key} ({section.word_count} words{note})")
    if family == "10-K" and "8" in sections and not doc.footnotes:
        flags.append("no footnotes")
    if not [t for t in doc.tables if not t.is_layout]:
        flags.append("no data tables")
    return flags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--verbose", action="store_true", help="print section titles too")
    args = parser.parse_args(argv)
    paths = corpus_documents(args.corpus)
    if not paths:
        print(f"no corpus documents under {args.corpus}")
        return 0
    flagged = 0
    for path in paths:
        raw = path.read_bytes()
        form = document_form(path, raw)
        started = time.perf_counter()
        doc = parse_document(raw, form)
        chunks = chunk_document(doc, accession_of(path))
        elapsed = time.perf_counter() - started
        data_tables = [t for t in doc.tables if not t.is_layout]
        scaled = sum(1 for t in data_tables if t.scale)
        print(
            f"\n{path.name}  form={form} format={doc.source_format} chars={len(doc.text):,} "
            f"parse+chunk={elapsed:.2f}s"
        )
        print(
            f"  tables={len(data_tables)} data (+{len(doc.tables) - len(data_tables)} layout), "
            f"{scaled} with scale; footnotes={len(doc.footnotes)}; chunks={len(chunks)}"
        )
        sections_by_key = {s.key: s for s in doc.sections}
        per_section: dict[str | None, int] = {}
        for t in data_tables:
            per_section[t.section] = per_section.get(t.section, 0) + 1
        cells = [f"{s.key}:{s.word_count}w/{per_section.get(s.key, 0)}t" for s in doc.sections]
        print("  sections: " + (" ".join(cells) if cells else "(none)"))
        for key, other in placed_elsewhere(doc).items():
            held = sections_by_key[other]
            print(
                f"  item {key} -> {other}: {held.title} @{held.start:,}-{held.end:,}, "
                f"{held.word_count:,} words, {per_section.get(other, 0)} tables, "
                f"{sum(1 for n in doc.footnotes if held.start <= n.start < held.end)} notes"
            )
        if args.verbose:
            for s in doc.sections:
                print(f"    {s.key:>6} @{s.start:>8} {s.word_count:>7}w  {s.title[:70]}")
            for n in doc.footnotes:
                print(f"    note {n.number:>2} {len(n.text):>7}c  {n.title[:70]}")
        flags = flags_for(doc)
        if flags:
            flagged += 1
            print("  FLAG: " + "; ".join(flags))
    print(f"\n{len(paths)} documents, {flagged} flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
