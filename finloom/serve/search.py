"""`finloom search`: rank filing text chunks (`marts.fct_filing_chunks`) by BM25.

Why BM25 in SQL at query time: DuckDB's `fts` extension is built for a different DuckDB release
than the one the project pins and cannot be installed offline, so scoring is plain SQL. It runs on a
read-only connection over the whole chunk table each time: about 0.1 s for the ~600 corpus chunks,
under a second for 6,000 (two cores). That keeps the warehouse free of an index dbt would have to
rebuild, and keep in step with the tokeniser, on every load. Should the corpus reach hundreds of
thousands of chunks, the `postings` step below is what to materialise as a dbt model.

Scoring is Okapi BM25 with k1 = 1.2, b = 0.75 and the non-negative (Lucene) idf
`ln(1 + (N - df + 0.5) / (df + 0.5))`; corpus statistics (N, average length, df) are over all
chunks, so a `--tickers`/`--section` filter narrows the hits without changing their scores. Each
distinct query term counts once. Tokens: lowercase ASCII letter/digit runs of two or more
characters, minus a small English stop-word list, through a light deterministic suffix-stripping
stemmer (`stem`; `supplies`, `suppliers` → `suppl`). The same rules exist once in SQL (the
`finloom_terms` macro, used for documents and the query alike) and once in Python (`terms`, used to
highlight snippets); a test keeps the two equal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from finloom.paths import missing_warehouse
from finloom.warehouse import scalar, table_exists

if TYPE_CHECKING:
    import duckdb

K1 = 1.2
B = 0.75
CHUNKS = "marts.fct_filing_chunks"
SNIPPET_WORDS = 40
DEFAULT_LIMIT = 10
HIGHLIGHT = ("«", "»")
#: A `--section` key also matches the sections holding that item's content elsewhere: Item 8 →
#: the 10-K financial statements on F-pages (`FPAGES_KEY` of the filings parser; a test keeps the
#: two equal without importing the filings source, and dlt, into the search command).
FPAGES_SECTION_KEY = "8F"
SECTION_ALSO_MATCHES = {"8": (FPAGES_SECTION_KEY,)}
LOAD_HINT = "finloom run --sources sec,filings --tickers AAPL,TSLA"

# fmt: off
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do",
    "does", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is",
    "it", "its", "may", "might", "more", "most", "must", "no", "nor", "not", "of", "on", "or",
    "our", "over", "shall", "she", "should", "so", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "under", "upon", "us",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "will", "with", "would",
    "you", "your",
))
# fmt: on

_WORD = re.compile(r"[a-z0-9]+")
_WORD_ANY_CASE = re.compile(r"[A-Za-z0-9]+")
# The shortest root of 3+ characters wins, hence the longest suffix; the SQL macro uses it verbatim.
SUFFIX_PATTERN = (
    "^([a-z0-9]{3,}?)(ations|ation|ated|ates|ate|ings|ing|iers|ier|ies|ied|ed|es|e|s|y)$"
)
_SUFFIX = re.compile(SUFFIX_PATTERN)


class SearchError(Exception):
    """A user-facing search failure (missing warehouse, empty query): one line, exit 1."""


@dataclass(frozen=True)
class Hit:
    """One ranked chunk with the filing it belongs to and a highlighted snippet."""

    rank: int
    score: float
    ticker: str | None
    company_name: str | None
    form: str | None
    filing_date: date | None
    accession_number: str
    section: str
    chunk_id: str
    chunk_order: int | None
    snippet: str


# --------------------------------------------------------------------------- tokenising


def stem(token: str) -> str:
    """Strip the longest common English suffix leaving a root of three or more characters, so
    `supply`, `supplies` and `suppliers` share `suppl`, `concentrated` and `concentrations` share
    `concentr`. Deterministic and crude (no dictionary), like every light stemmer."""
    if token.endswith("sses"):
        return token[:-2]
    if token.endswith("ss"):
        return token
    return _SUFFIX.sub(r"\1", token)


def term_of(word: str) -> str | None:
    """The index term for one word, or None when it is not indexed (too short, a stop word)."""
    token = word.lower()
    if len(token) < 2 or token in STOP_WORDS:
        return None
    return stem(token)


def terms(text: str) -> list[str]:
    """Index terms of a text, in order (the Python twin of the SQL macro `finloom_terms`)."""
    found = (term_of(w) for w in _WORD.findall(text.lower()))
    return [t for t in found if t is not None]


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Define the tokeniser as temporary macros (allowed on a read-only connection)."""
    stop = ", ".join("'" + w + "'" for w in sorted(STOP_WORDS))
    con.execute(
        f"""
        create or replace temp macro finloom_tokens(txt) as
            regexp_extract_all(lower(txt), '[a-z0-9]+');
        create or replace temp macro finloom_is_word(w) as
            length(w) >= 2 and w not in ({stop});
        create or replace temp macro finloom_stem(t) as
            case
                when t like '%sses' then substr(t, 1, length(t) - 2)
                when t like '%ss' then t
                else regexp_replace(t, '{SUFFIX_PATTERN}', '\\1')
            end;
        create or replace temp macro finloom_terms(txt) as
            list_transform(
                list_filter(finloom_tokens(txt), w -> finloom_is_word(w)),
                w -> finloom_stem(w)
            );
        """
    )


# --------------------------------------------------------------------------- scoring


def bm25_sql(relation: str) -> str:
    """BM25 of every chunk of `relation` (columns chunk_id, chunk_text) against the query `?`.

    Returns rows (chunk_id, score) for chunks containing at least one query term.
    """
    return f"""
        with

        query_terms as (
            select distinct unnest(finloom_terms(?::varchar)) as term
        ),

        postings as materialized (
            select chunk_id, word
            from (select chunk_id, unnest(finloom_tokens(chunk_text)) as word from {relation})
            where finloom_is_word(word)
        ),

        doc_lengths as (
            select chunk_id, count(*)::double precision as doc_length from postings group by all
        ),

        corpus as (
            select
                (select count(*) from {relation})::double precision as n_docs,
                (select count(*) from postings)::double precision as n_words
        ),

        -- a stem is a prefix of its word: compare prefixes first, stem only the candidates
        term_frequencies as (
            select postings.chunk_id, query_terms.term, count(*)::double precision as tf
            from postings
            inner join query_terms on starts_with(postings.word, query_terms.term)
            where finloom_stem(postings.word) = query_terms.term
            group by all
        ),

        document_frequencies as (
            select term, count(*)::double precision as df from term_frequencies group by term
        ),

        scored as (
            select
                term_frequencies.chunk_id,
                sum(
                    ln(1 + (corpus.n_docs - document_frequencies.df + 0.5)
                        / (document_frequencies.df + 0.5))
                    * term_frequencies.tf * ({K1} + 1)
                    / (term_frequencies.tf + {K1} * (1 - {B} + {B} * doc_lengths.doc_length
                        * corpus.n_docs / corpus.n_words))
                ) as score
            from term_frequencies
            inner join document_frequencies on term_frequencies.term = document_frequencies.term
            inner join doc_lengths on term_frequencies.chunk_id = doc_lengths.chunk_id
            cross join corpus
            group by term_frequencies.chunk_id
        )

        select chunk_id, score from scored
    """


def bm25_scores(
    con: duckdb.DuckDBPyConnection, query: str, relation: str = CHUNKS
) -> dict[str, float]:
    """chunk_id → BM25 score for every chunk of `relation` matching `query` (tests, ad-hoc use)."""
    install_macros(con)
    rows = con.execute(bm25_sql(relation), [query]).fetchall()
    return {str(chunk_id): float(score) for chunk_id, score in rows}


def section_filter_keys(sections: Sequence[str]) -> list[str]:
    """The upper-cased section keys a `--section` filter matches: `8` also matches `8F`."""
    keys: list[str] = []
    for section in sections:
        for key in (section.upper(), *SECTION_ALSO_MATCHES.get(section.upper(), ())):
            if key not in keys:
                keys.append(key)
    return keys


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    tickers: Sequence[str] | None = None,
    sections: Sequence[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Hit]:
    """The `limit` best chunks for `query`, optionally only of some tickers and sections."""
    if not query.strip():
        raise SearchError('empty query: say what to look for, e.g. `finloom search "supply chain"`')
    if not terms(query):
        raise SearchError(f"query {query!r} has only stop words or one-letter words; be specific")
    install_macros(con)
    filters, params = [], [query]
    if tickers:
        filters.append(f"upper(chunks.ticker) in ({', '.join('?' for _ in tickers)})")
        params.extend(t.upper() for t in tickers)
    if sections:
        keys = section_filter_keys(sections)
        filters.append(f"upper(chunks.section_key) in ({', '.join('?' for _ in keys)})")
        params.extend(keys)
    where = ("where " + " and ".join(filters)) if filters else ""
    sql = f"""
        with scores as ({bm25_sql(CHUNKS)})
        select
            scores.score, chunks.ticker, chunks.company_name, chunks.form, chunks.filing_date,
            chunks.accession_number, chunks.section_key, chunks.chunk_id, chunks.chunk_order,
            chunks.chunk_text
        from scores
        inner join {CHUNKS} as chunks on scores.chunk_id = chunks.chunk_id
        {where}
        order by scores.score desc, chunks.chunk_id
        limit {int(limit)}
    """
    query_terms = set(terms(query))
    hits = []
    for rank, row in enumerate(con.execute(sql, params).fetchall(), start=1):
        score, ticker, name, form, filed, accession, section, chunk_id, order, text = row
        hits.append(
            Hit(
                rank=rank,
                score=float(score),
                ticker=ticker,
                company_name=name,
                form=form,
                filing_date=filed,
                accession_number=accession,
                section=section,
                chunk_id=chunk_id,
                chunk_order=order,
                snippet=snippet(text, query_terms),
            )
        )
    return hits


# --------------------------------------------------------------------------- snippets


def snippet(text: str, query_terms: set[str], words: int = SNIPPET_WORDS) -> str:
    """The `words`-word window with the most distinct query terms (then most matches, then the
    earliest), whitespace collapsed, matches wrapped in «»."""
    spans = [(m.start(), m.end(), term_of(m.group())) for m in _WORD_ANY_CASE.finditer(text)]
    if not spans:
        return ""
    hit = [term in query_terms for _, _, term in spans]
    best, best_key = 0, (-1, -1)
    for start in range(max(1, len(spans) - words + 1)):
        window = range(start, min(len(spans), start + words))
        matched = [spans[i][2] for i in window if hit[i]]
        key = (len(set(matched)), len(matched))
        if key > best_key:
            best, best_key = start, key
    end = min(len(spans), best + words) - 1
    left, right = spans[best][0], spans[end][1]
    pieces, cursor = [], left
    for i in range(best, end + 1):
        s, e, _ = spans[i]
        pieces.append(text[cursor:s])
        pieces.append(HIGHLIGHT[0] + text[s:e] + HIGHLIGHT[1] if hit[i] else text[s:e])
        cursor = e
    pieces.append(text[cursor:right])
    body = " ".join("".join(pieces).split())
    prefix = "…" if best > 0 else ""
    suffix = "…" if end < len(spans) - 1 else ""
    return f"{prefix}{body}{suffix}"


def section_label(section_key: str) -> str:
    """`1A` → `Item 1A`; a 10-Q's `II-1A` → `Part II, Item 1A`; `8F` → `Item 8 (F-pages)`."""
    if section_key == FPAGES_SECTION_KEY:
        return "Item 8 (F-pages)"
    part, _, item = section_key.rpartition("-")
    return f"Part {part}, Item {item}" if part else f"Item {item}"


# --------------------------------------------------------------------------- warehouse


def search_warehouse(
    db: Path,
    query: str,
    tickers: Sequence[str] | None = None,
    sections: Sequence[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Hit]:
    """`search` on warehouse `db` (read-only), after checking it holds filing chunks."""
    import duckdb

    if not db.exists():
        raise SearchError(missing_warehouse(db))
    with duckdb.connect(str(db), read_only=True) as con:
        require_chunks(con, db)
        return search(con, query, tickers=tickers, sections=sections, limit=limit)


def require_chunks(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Fail with a hint unless `marts.fct_filing_chunks` exists and has rows."""
    schema, table = CHUNKS.split(".")
    count = scalar(con, f"select count(*) from {CHUNKS}") if table_exists(con, schema, table) else 0
    if not count:
        raise SearchError(f"no filing chunks in {db}: load and build them first (`{LOAD_HINT}`)")
