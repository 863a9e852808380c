"""`finloom search`: BM25 against a hand computation, the twin tokenisers, the corpus filings."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from finloom import cli
from finloom.serve.search import (
    K1,
    B,
    SearchError,
    bm25_scores,
    install_macros,
    search,
    search_warehouse,
    stem,
    terms,
)
from finloom.transform import run_dbt
from ingestion.pipelines.filings import ingest_filings
from ingestion.pipelines.sec import ingest_sec
from ingestion.replay import ReplayServer

APPLE = "0000320193"


def _run(*argv: str) -> int:
    return cli.main(["search", *argv])


# --------------------------------------------------------------------------- BM25 by hand

TINY = {
    "a": "apple orchard harvest",
    "b": "apple apple apple orchard",
    "c": "apple banana cherry durian elderberry fig grape guava kiwi lemon",
    "d": "banana cherry",
    "e": "orchard orchard harvest season",
}


def _plain_bm25(docs: dict[str, str], query: str) -> dict[str, float]:
    """Okapi BM25 straight from the formula (texts chosen so tokens are their words)."""
    tokens = {k: v.split() for k, v in docs.items()}
    n = len(tokens)
    avg = sum(len(t) for t in tokens.values()) / n
    scores: dict[str, float] = {}
    for term in set(query.split()):
        df = sum(term in t for t in tokens.values())
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for key, toks in tokens.items():
            tf = Counter(toks)[term]
            if tf:
                norm = tf + K1 * (1 - B + B * len(toks) / avg)
                scores[key] = scores.get(key, 0.0) + idf * tf * (K1 + 1) / norm
    return scores


def test_bm25_matches_a_hand_computation(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "tiny.duckdb")) as con:
        con.execute("create table chunks (chunk_id varchar, chunk_text varchar)")
        con.executemany("insert into chunks values (?, ?)", list(TINY.items()))
        for query in ("apple", "apple orchard", "banana harvest", "orchard apple apple"):
            got = bm25_scores(con, query, relation="chunks")
            want = _plain_bm25(TINY, query)
            assert got.keys() == want.keys(), query
            for key in want:
                assert got[key] == pytest.approx(want[key], abs=1e-9), (query, key)
        apple = bm25_scores(con, "apple", relation="chunks")
    # term frequency saturates upwards; a longer document with the same tf scores lower
    assert apple["b"] > apple["a"] > apple["c"]


def test_sql_and_python_tokenisers_agree(tmp_path: Path) -> None:
    text = (
        "The Company's SUPPLY chains, suppliers and supplies are concentrated; concentrations "
        "of businesses/business at 391,035 (2024) — café naïve operations operated x a I’m"
    )
    with duckdb.connect() as con:
        install_macros(con)
        row = con.execute("select finloom_terms(?)", [text]).fetchone()
    assert row is not None and row[0] == terms(text)
    assert {stem("supply"), stem("supplies"), stem("suppliers")} == {"suppl"}
    assert stem("concentrated") == stem("concentrations") == "concentr"
    assert stem("business") == stem("businesses") == "business"
    assert "the" not in terms(text) and "x" not in terms(text)


def test_errors_without_a_warehouse_or_chunks(tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    with pytest.raises(SearchError, match=r"no warehouse at .*finloom demo"):
        search_warehouse(missing, "supply")
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(
        SearchError, match=r"no filing chunks in .*finloom run --sources sec,filings"
    ):
        search_warehouse(empty, "supply")
    with pytest.raises(SearchError, match="empty query"), duckdb.connect() as con:
        search(con, "   ")


# --------------------------------------------------------------------------- corpus filings


@pytest.fixture(scope="module")
def warehouse(corpus_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """AAPL and TSLA: SEC filing index, the mirrored 10-K/10-Q documents, dbt up to the chunks."""
    root = tmp_path_factory.mktemp("search")
    db = root / "w.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DLT_DATA_DIR", str(root / "dlt_data"))
        mp.setenv("RUNTIME__LOG_LEVEL", "WARNING")
        with ReplayServer(corpus_mirror) as server:
            ingest_sec(db, tickers=["AAPL", "TSLA"], mirror=server.url, progress=False)
            ingest_filings(
                db,
                tickers=["AAPL", "TSLA"],
                forms=["10-K", "10-Q"],
                mirror=server.url,
                progress=False,
            )
        # cautious: skip relationship tests that would need the rest of the marts
        outcome = run_dbt(
            ["build", "--select", "+fct_filing_chunks", "--indirect-selection", "cautious"],
            db,
            quiet=True,
        )
        assert outcome.success, outcome.failures
        yield db


@pytest.mark.slow
def test_supply_chain_query_ranks_apple_risk_factors_first(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        hits = search(con, "supply chain concentration", tickers=["AAPL"], limit=5)
        everyone = search(con, "supply chain concentration", limit=50)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert hits[0].section == "1A" and hits[0].ticker == "AAPL"
    assert sum(h.section == "1A" for h in hits[:3]) == 3
    assert all(h.accession_number.startswith(APPLE) for h in hits)
    assert hits == sorted(hits, key=lambda h: -h.score)
    assert "«supply»" in hits[0].snippet.lower() and "«chain" in hits[0].snippet.lower()
    # a ticker filter narrows the hits without changing their scores
    by_id = {h.chunk_id: h.score for h in everyone}
    assert all(by_id[h.chunk_id] == h.score for h in hits)

    assert (
        _run(
            "supply chain concentration",
            "--tickers",
            "AAPL",
            "--limit",
            "3",
            "--db",
            str(warehouse),
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.count("AAPL · Apple Inc.") == 3
    assert "Item 1A" in out and "accession 0000320193-" in out


@pytest.mark.slow
def test_section_filter_json_and_no_hits(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        _run("supply chain", "--section", "7,8", "--limit", "20", "--json", "--db", str(warehouse))
        == 0
    )
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["section"] for h in hits} <= {"7", "8"}
    assert {"score", "ticker", "accession", "section", "chunk_id", "snippet"} <= hits[0].keys()
    assert {h["ticker"] for h in hits} == {"AAPL", "TSLA"}

    assert _run("zzyzx quokka", "--db", str(warehouse)) == 0
    assert "no chunks match" in capsys.readouterr().out

    # the SQL tokeniser and the Python one (used for highlighting) agree on every chunk
    with duckdb.connect(str(warehouse), read_only=True) as con:
        install_macros(con)
        rows = con.execute(
            "select chunk_text, finloom_terms(chunk_text) from marts.fct_filing_chunks"
        ).fetchall()
    assert len(rows) > 500
    assert all(sql_terms == terms(text) for text, sql_terms in rows)
