"""`finloom search`: arguments and printing; the ranking is `finloom.serve.search`."""

from __future__ import annotations

import argparse
import json
import textwrap
from dataclasses import asdict

from finloom.cli.common import UsageError, split_list
from finloom.paths import warehouse_path
from finloom.serve.search import DEFAULT_LIMIT, Hit, search_warehouse, section_label

HELP = "rank filing text chunks by BM25"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `finloom search`."""
    p.add_argument("query", help='words to look for, e.g. "supply chain concentration"')
    p.add_argument("--tickers", help="only these companies, e.g. AAPL,TSLA")
    p.add_argument(
        "--section",
        help="only these section keys, e.g. 1A or 7,7A or II-1A (10-Q); 8 includes 8F (F-pages)",
    )
    p.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help=f"hits (default {DEFAULT_LIMIT})"
    )
    p.add_argument("--json", action="store_true", help="print the hits as a JSON list")


def cmd_search(args: argparse.Namespace, run_id: str) -> int:
    """Print the best chunks for the query; no hits is a message and exit 0."""
    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit: expected a positive number, got {args.limit}")
    tickers = split_list(args.tickers, "--tickers", "")
    sections = split_list(args.section, "--section", "")
    hits = search_warehouse(
        warehouse_path(args.db), args.query, tickers=tickers, sections=sections, limit=args.limit
    )
    if args.json:
        print(json.dumps([json_hit(h) for h in hits], indent=2, ensure_ascii=False))
        return 0
    if not hits:
        scope = _scope(tickers, sections)
        print(f"no chunks match {args.query!r}{scope}")
        return 0
    print(f"{len(hits)} best chunk(s) for {args.query!r}{_scope(tickers, sections)}, by BM25:\n")
    for hit in hits:
        print(format_hit(hit))
    return 0


def format_hit(hit: Hit) -> str:
    """One readable block: rank, company, filing, section, score, wrapped snippet."""
    filed = hit.filing_date.isoformat() if hit.filing_date else "?"
    head = (
        f"{hit.rank:>2}. {hit.ticker or '?'} · {hit.company_name or '?'} · {hit.form or '?'} "
        f"filed {filed} · accession {hit.accession_number}"
    )
    where = f"    {section_label(hit.section)} · chunk {hit.chunk_order} · score {hit.score:.3f}"
    body = textwrap.fill(
        hit.snippet,
        width=96,
        initial_indent="    ",
        subsequent_indent="    ",
        break_on_hyphens=False,
    )
    return f"{head}\n{where}\n{body}\n"


def json_hit(hit: Hit) -> dict[str, object]:
    """A hit as the JSON object `--json` prints (`accession`, ISO date, fields in reading order)."""
    out = asdict(hit)
    out["filing_date"] = hit.filing_date.isoformat() if hit.filing_date else None
    accession = out.pop("accession_number")
    order = ("rank", "score", "ticker", "company_name", "form", "filing_date")
    return {**{k: out.pop(k) for k in order}, "accession": accession, **out}


def _scope(tickers: list[str] | None, sections: list[str] | None) -> str:
    parts = []
    if tickers:
        parts.append(",".join(tickers))
    if sections:
        parts.append("section " + ",".join(sections))
    return f" in {' '.join(parts)}" if parts else ""
