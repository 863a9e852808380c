"""`finloom prune`: exactly the rows before the cutoff go (with their children), in one
transaction; a dry run changes nothing; missing tables are notes; dlt-made nested tables follow."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import dlt
import duckdb
import pytest

from finloom.ops.builds import record_built
from finloom.ops.retention import (
    DEFAULT_NEWS_DAYS,
    RetentionConfig,
    RetentionError,
    prune,
    retention_config,
)

AS_OF = date(2025, 3, 31)
NEWS = RetentionConfig(news_days=60)
CUTOFF = "2025-01-30"  # AS_OF - 60 days

ARTICLES = [
    # article_id, published_at (UTC)
    ("a-old", "2024-11-02 08:00:00+00"),
    ("a-just-before", "2025-01-29 23:59:59+00"),
    ("a-at-cutoff", "2025-01-30 00:00:00+00"),
    ("a-new", "2025-03-30 12:00:00+00"),
    ("a-undated", None),
]
TICKERS = [
    ("a-old", "TSLA"),
    ("a-old", "AAPL"),
    ("a-just-before", "TSLA"),
    ("a-at-cutoff", "MSFT"),
    ("a-new", "NVDA"),
    ("a-undated", "TSLA"),
    ("orphan", "TSLA"),  # no article at all: not the prune's business
]
SENTIMENT = [("a-old", 0.5), ("a-just-before", -0.25), ("a-new", 0.1), ("orphan", 0.0)]


def write_news_warehouse(db: Path, with_sentiment: bool = True) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute(
            """
            create schema raw_news;
            create table raw_news.articles (
                article_id varchar primary key, published_at timestamptz, title varchar
            );
            create table raw_news.article_tickers (article_id varchar, ticker varchar);
            """
        )
        con.executemany(
            "insert into raw_news.articles values (?, ?, 'headline ' || ?)",
            [(a, p, a) for a, p in ARTICLES],
        )
        con.executemany("insert into raw_news.article_tickers values (?, ?)", TICKERS)
        if with_sentiment:
            con.execute(
                "create table raw_news.article_sentiment (article_id varchar, polarity double)"
            )
            con.executemany("insert into raw_news.article_sentiment values (?, ?)", SENTIMENT)


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every raw table, sorted: equal snapshots mean nothing changed."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like 'raw%' order by 1, 2"
        ).fetchall()
        return {
            f"{s}.{t}": sorted(con.execute(f'select * from "{s}"."{t}"').fetchall(), key=repr)
            for s, t in tables
        }


def _ids(rows: list[tuple[object, ...]]) -> set[object]:
    return {row[0] for row in rows}


def test_dry_run_reports_exactly_what_would_go_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    write_news_warehouse(db)
    before = _snapshot(db)
    plan = prune(db, ["news"], dry_run=True, as_of=AS_OF, config=NEWS)
    assert _snapshot(db) == before
    by_table = {t.relation: t for t in plan.tables}
    # children first, then the article table (the order the deletes run in)
    assert [t.relation for t in plan.tables] == [
        "raw_news.article_tickers",
        "raw_news.article_sentiment",
        "raw_news.articles",
    ]
    articles = by_table["raw_news.articles"]
    assert (articles.rows, articles.kept) == (2, 3)
    assert articles.cutoff == date.fromisoformat(CUTOFF)
    assert isinstance(articles.oldest, datetime) and isinstance(articles.newest, datetime)
    assert articles.oldest.isoformat() == "2024-11-02T08:00:00+00:00"
    assert articles.newest.isoformat() == "2025-01-29T23:59:59+00:00"
    assert (
        by_table["raw_news.article_tickers"].rows,
        by_table["raw_news.article_tickers"].kept,
    ) == (
        3,
        4,
    )
    assert (
        by_table["raw_news.article_sentiment"].rows,
        by_table["raw_news.article_sentiment"].kept,
    ) == (2, 2)
    assert plan.rows == 7 and plan.notes == []


def test_prune_deletes_only_rows_before_the_cutoff_and_their_children(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    write_news_warehouse(db)
    before = _snapshot(db)
    dry = prune(db, ["news"], dry_run=True, as_of=AS_OF, config=NEWS)
    done = prune(db, ["news"], as_of=AS_OF, config=NEWS)
    assert [(t.relation, t.rows, t.kept) for t in done.tables] == [
        (t.relation, t.rows, t.kept) for t in dry.tables
    ]
    after = _snapshot(db)
    gone = {"a-old", "a-just-before"}
    for table, rows in before.items():
        kept = [row for row in rows if row[0] not in gone]
        assert after[table] == kept, table  # every other row untouched, byte for byte
    assert _ids(after["raw_news.articles"]) == {"a-at-cutoff", "a-new", "a-undated"}
    assert "orphan" in _ids(after["raw_news.article_tickers"])
    # a second run finds nothing left to do
    again = prune(db, ["news"], as_of=AS_OF, config=NEWS)
    assert again.rows == 0 and _snapshot(db) == after


def test_children_of_a_key_still_dated_inside_the_window_stay(tmp_path: Path) -> None:
    """Keyed children go only when no row of their article is left (a duplicate id that is
    also dated inside the window, or undated, keeps them)."""
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(
            """
            create schema raw_news;
            create table raw_news.articles (article_id varchar, published_at timestamptz);
            insert into raw_news.articles values
                ('dup', '2024-01-01 00:00:00+00'), ('dup', '2025-03-01 00:00:00+00'),
                ('dup-undated', '2024-01-01 00:00:00+00'), ('dup-undated', null);
            create table raw_news.article_tickers (article_id varchar, ticker varchar);
            insert into raw_news.article_tickers values ('dup', 'A'), ('dup-undated', 'B');
            """
        )
    plan = prune(db, ["news"], as_of=AS_OF, config=NEWS)
    counts = {t.relation: t.rows for t in plan.tables}
    assert counts == {"raw_news.article_tickers": 0, "raw_news.articles": 2}
    assert _snapshot(db)["raw_news.article_tickers"] == [("dup", "A"), ("dup-undated", "B")]
    assert any("raw_news.article_sentiment: not loaded yet" in n for n in plan.notes)


def test_a_failing_delete_rolls_back_everything(tmp_path: Path) -> None:
    """A table the rules do not know references an old article: the article's DELETE fails
    after its children were deleted, and the transaction restores them."""
    db = tmp_path / "w.duckdb"
    write_news_warehouse(db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            """
            create table raw_news.bookmarks (
                article_id varchar references raw_news.articles (article_id)
            );
            insert into raw_news.bookmarks values ('a-old');
            """
        )
    before = _snapshot(db)
    with pytest.raises(duckdb.ConstraintException):
        prune(db, ["news"], as_of=AS_OF, config=NEWS)
    assert _snapshot(db) == before


def test_missing_tables_are_skipped_with_a_note(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    plan = prune(db, ["news"], as_of=AS_OF, config=NEWS)
    assert plan.tables == [] and plan.notes == ["raw_news.articles: not loaded yet, skipped"]

    write_news_warehouse(db, with_sentiment=False)
    plan = prune(db, ["news"], dry_run=True, as_of=AS_OF, config=NEWS)
    assert plan.notes == ["raw_news.article_sentiment: not loaded yet, skipped"]
    assert [t.relation for t in plan.tables] == ["raw_news.article_tickers", "raw_news.articles"]


def test_a_rule_whose_date_column_is_missing_fails_loudly(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema raw_news; create table raw_news.articles (article_id varchar)")
    with pytest.raises(RetentionError, match="has no column published_at"):
        prune(db, ["news"], as_of=AS_OF, config=NEWS)


def test_dlt_nested_tables_follow_their_pruned_parent(tmp_path: Path) -> None:
    """Rows dlt unnests into `articles__*` (joined by _dlt_root_id) go with their article."""
    db = tmp_path / "w.duckdb"
    pipeline = dlt.pipeline(
        pipeline_name="news_retention_test",
        destination=dlt.destinations.duckdb(str(db)),
        dataset_name="raw_news",
        pipelines_dir=str(tmp_path / "pipelines"),
    )
    rows = [
        {
            "article_id": "old",
            "published_at": datetime.fromisoformat("2024-06-01T10:00:00+00:00"),
            "authors": [{"name": "x"}, {"name": "y"}],
        },
        {
            "article_id": "new",
            "published_at": datetime.fromisoformat("2025-03-20T10:00:00+00:00"),
            "authors": [{"name": "z"}],
        },
    ]
    pipeline.run(rows, table_name="articles", primary_key="article_id", write_disposition="merge")
    plan = prune(db, ["news"], as_of=AS_OF, config=NEWS)
    assert {t.relation: (t.rows, t.kept) for t in plan.tables} == {
        "raw_news.articles__authors": (2, 1),
        "raw_news.articles": (1, 1),
    }
    with duckdb.connect(str(db), read_only=True) as con:
        authors = con.execute("select name from raw_news.articles__authors").fetchall()
        state = con.execute("select count(*) from raw_news._dlt_pipeline_state").fetchone()
    assert authors == [("z",)]
    assert state is not None and state[0] >= 1  # dlt's own tables are never pruned


def test_market_rules_apply_only_when_configured(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(
            """
            create schema raw_market;
            create table raw_market.daily_bars as
                select 'TSLA' as symbol, d::date as trade_date, 1.0 as close
                from range(date '2024-12-01', date '2025-04-01', interval 1 day) as r(d);
            create table raw_market.dividends (symbol varchar, ex_date date, amount double);
            insert into raw_market.dividends values ('MSFT', '2024-11-20', 0.83);
            """
        )
    plan = prune(db, as_of=AS_OF, config=RetentionConfig(news_days=60))
    assert plan.tables == []
    assert "market: no retention configured, kept forever" in plan.notes
    plan = prune(db, ["market"], as_of=AS_OF, config=RetentionConfig(market_days=90))
    counts = {t.relation: (t.rows, t.kept) for t in plan.tables}
    # cutoff 2024-12-31: December 1-30 go, the cutoff day itself stays
    assert counts == {"raw_market.daily_bars": (30, 91), "raw_market.dividends": (1, 0)}
    with duckdb.connect(str(db), read_only=True) as con:
        first = con.execute("select min(trade_date) from raw_market.daily_bars").fetchone()
    assert first == (date(2024, 12, 31),)
    assert "raw_market.splits: not loaded yet, skipped" in plan.notes


def test_retention_settings_come_from_dlt_config(monkeypatch: pytest.MonkeyPatch) -> None:
    assert retention_config().news_days == DEFAULT_NEWS_DAYS
    assert retention_config().market_days is None
    monkeypatch.setenv("RETENTION__NEWS_DAYS", "30")
    monkeypatch.setenv("RETENTION__MACRO_DAYS", "3650")
    config = retention_config()
    assert (config.news_days, config.macro_days) == (30, 3650)


def test_bad_settings_and_datasets_are_clear_errors(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    with pytest.raises(RetentionError, match=r"unknown dataset\(s\): prices"):
        prune(db, ["prices"], config=NEWS)
    with pytest.raises(RetentionError, match="news_days = -1"):
        prune(db, ["news"], config=RetentionConfig(news_days=-1))
    plan = prune(db, ["news"], config=RetentionConfig(news_days=0))
    assert plan.notes == ["news: no retention configured, kept forever"]
    with pytest.raises(RetentionError, match="no warehouse"):
        prune(tmp_path / "absent.duckdb", ["news"], config=NEWS)


@pytest.mark.slow
def test_pruned_news_is_not_loaded_again(corpus_mirror: Path, tmp_path: Path) -> None:
    """The real news source on the corpus: prune every article, load again: its cursor is
    ahead, so nothing comes back."""
    news_ingest = pytest.importorskip("ingestion.pipelines.news")
    from ingestion.replay import ReplayServer

    db = tmp_path / "news.duckdb"
    with ReplayServer(corpus_mirror) as server:
        first = news_ingest.ingest_news(db, tickers=["AAPL"], mirror=server.url)
        assert first.articles > 0
        with duckdb.connect(str(db), read_only=True) as con:
            newest = con.execute("select max(published_at) from raw_news.articles").fetchone()
        assert newest is not None
        as_of = newest[0].date() + timedelta(days=DEFAULT_NEWS_DAYS + 1)
        plan = prune(db, ["news"], as_of=as_of, config=NEWS)
        assert {t.relation: t.kept for t in plan.tables} == {
            "raw_news.article_tickers": 0,
            "raw_news.article_sentiment": 0,
            "raw_news.articles": 0,
        }
        assert plan.rows >= first.articles
        again = news_ingest.ingest_news(db, tickers=["AAPL"], mirror=server.url)
    assert again.articles == 0
    with duckdb.connect(str(db), read_only=True) as con:
        left = con.execute("select count(*) from raw_news.articles").fetchone()
    assert left == (0,)


def test_a_prune_that_deletes_rows_makes_the_next_build_rebuild_their_source(
    tmp_path: Path,
) -> None:
    """Deleting raw rows makes no load id: the pruned source's build mark goes with the rows,
    so incremental (partitioned) models do not keep rows of keys whose data did not change."""
    db = tmp_path / "w.duckdb"
    write_news_warehouse(db)
    record_built(db, {"news": "1700000000.1", "market": "1700000000.2"}, "run-1")
    prune(db, ["news"], dry_run=True, as_of=AS_OF, config=NEWS)
    assert _marks(db) == ["market", "news"]  # a dry run forgets nothing
    prune(db, ["news"], as_of=AS_OF, config=NEWS)
    assert _marks(db) == ["market"]
    record_built(db, {"news": "1700000000.1"}, "run-2")
    prune(db, ["news"], as_of=AS_OF, config=NEWS)  # nothing left to delete
    assert _marks(db) == ["market", "news"]


def _marks(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [
            s for (s,) in con.execute("select source from ops.built_loads order by 1").fetchall()
        ]
