"""`finloom prune`: delete raw rows older than each dataset's retention window.

Windows come from dlt config, section `[retention]` (`.dlt/config.toml`) or env vars such as
`RETENTION__NEWS_DAYS=60`: `news_days` defaults to 60; `market_days` and `macro_days` are unset
(keep forever). 0 also means keep forever. A row goes when its date column is *before* the cutoff,
`as_of - days` (UTC, `as_of` = today unless `--as-of`); rows on or after the cutoff, and rows
whose date is NULL (their age is unknown), are never touched.

Each rule names a raw table and its date column. Rows that only make sense with a pruned row go
with it: declared children (`raw_news.article_tickers`, `raw_news.article_sentiment`, keyed by
`article_id`) lose the rows of articles that have no row left inside the window, and dlt nested
tables (`<table>__*`, joined by `_dlt_root_id`) lose the rows of pruned parents. A table not loaded
yet is skipped with a note. The real run deletes everything in one transaction, and checks that
each DELETE removed exactly the rows the plan counted, or rolls back.

Why pruned rows stay gone: the dlt pipeline state (incremental cursors) is left alone, and the
cursors are ahead of any retention window (news: latest published time per ticker, accepting only
48 h of late arrivals), so the next load does not request or accept them again. A market symbol
re-read from `start_date` after a new dividend or split does reload old bars: with
`market_days` set, keep `[sources.market] start_date` inside the window. Marts are dbt tables
built from raw data: they show pruned rows until the next `finloom build`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dlt.common.configuration import configspec, resolve_configuration
from dlt.common.configuration.specs import BaseConfiguration

from finloom.ops.builds import forget_built
from finloom.paths import missing_warehouse
from finloom.warehouse import quote

if TYPE_CHECKING:
    import duckdb

DEFAULT_NEWS_DAYS = 60


@configspec
class RetentionConfig(BaseConfiguration):
    """`[retention]` settings: days of raw data each dataset keeps (None or 0: keep forever)."""

    news_days: int | None = DEFAULT_NEWS_DAYS
    market_days: int | None = None
    macro_days: int | None = None


def retention_config() -> RetentionConfig:
    return resolve_configuration(RetentionConfig(), sections=("retention",))


@dataclass(frozen=True)
class ChildTable:
    """A table whose `key` column points at the parent's `parent_key` (rows go with the parent)."""

    table: str
    key: str
    parent_key: str


@dataclass(frozen=True)
class RetentionRule:
    """Rows of `schema.table` dated (by `date_column`) before the cutoff go, with their children."""

    dataset: str
    schema: str
    table: str
    date_column: str
    children: tuple[ChildTable, ...] = ()

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.table}"


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        "news",
        "raw_news",
        "articles",
        "published_at",
        children=(
            ChildTable("article_tickers", "article_id", "article_id"),
            ChildTable("article_sentiment", "article_id", "article_id"),
        ),
    ),
    RetentionRule("market", "raw_market", "daily_bars", "trade_date"),
    RetentionRule("market", "raw_market", "dividends", "ex_date"),
    RetentionRule("market", "raw_market", "splits", "split_date"),
    RetentionRule("macro", "raw_macro", "observations", "observation_date"),
)
DATASETS = tuple(dict.fromkeys(rule.dataset for rule in RULES))


class RetentionError(Exception):
    """A user-facing prune failure (bad setting, unknown dataset, schema mismatch): exit 1."""


@dataclass(frozen=True)
class TablePlan:
    """What pruning does to one table: `rows` go, `kept` stay; dates are of the governing row."""

    relation: str
    dataset: str
    cutoff: date
    rows: int
    kept: int
    oldest: object | None
    newest: object | None
    parent: str | None = None
    delete_sql: str = ""


@dataclass
class PrunePlan:
    """Every table a prune looks at, in deletion order (children first), and notes."""

    as_of: date
    windows: dict[str, int | None]
    tables: list[TablePlan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


# --------------------------------------------------------------------------- planning


def windows_for(config: RetentionConfig, datasets: Sequence[str] | None) -> dict[str, int | None]:
    """Dataset → retention days (None: keep forever) for the selected datasets."""
    chosen = list(datasets) if datasets else list(DATASETS)
    unknown = [d for d in chosen if d not in DATASETS]
    if unknown:
        raise RetentionError(
            f"unknown dataset(s): {', '.join(unknown)} (available: {', '.join(DATASETS)})"
        )
    windows: dict[str, int | None] = {}
    for dataset in chosen:
        days = getattr(config, f"{dataset}_days")
        if days is not None and days < 0:
            raise RetentionError(
                f"retention.{dataset}_days = {days}: expected a number of days >= 0"
            )
        windows[dataset] = days or None
    return windows


def _relation(schema: str, table: str) -> str:
    return f"{quote(schema)}.{quote(table)}"


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str] | None:
    """Column names of a table, None when the table does not exist."""
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return {str(name) for (name,) in rows} or None


def _nested_tables(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    """dlt nested tables of `table` (`table__*` with a `_dlt_root_id`), sorted."""
    rows = con.execute(
        """
        select table_name from information_schema.columns
        where table_schema = ? and column_name = '_dlt_root_id'
          and starts_with(table_name, ?)
        order by 1
        """,
        [schema, f"{table}__"],
    ).fetchall()
    return [str(name) for (name,) in rows]


def _stats(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object]
) -> tuple[int, object, object]:
    row = con.execute(sql, list(params)).fetchone()
    if row is None:
        return 0, None, None
    return int(row[0]), row[1], row[2]


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return _stats(con, f"select count(*), null, null from {table}", [])[0]


def _dependent_plan(
    con: duckdb.DuckDBPyConnection,
    rule: RetentionRule,
    cutoff: date,
    name: str,
    link: str,
    gone: str,
) -> TablePlan:
    """Plan for table `name`, whose column `link` matches `k` of the `gone` query (k, d)."""
    table = _relation(rule.schema, name)
    rows, oldest, newest = _stats(
        con,
        f"select count(*), min(gone.d), max(gone.d) from {table} as c "
        f"inner join ({gone}) as gone on c.{quote(link)} = gone.k",
        [cutoff],
    )
    return TablePlan(
        relation=f"{rule.schema}.{name}",
        dataset=rule.dataset,
        cutoff=cutoff,
        rows=rows,
        kept=_count(con, table) - rows,
        oldest=oldest,
        newest=newest,
        parent=rule.relation,
        delete_sql=f"delete from {table} where {quote(link)} in (select k from ({gone}))",
    )


def _plan_rule(
    con: duckdb.DuckDBPyConnection, rule: RetentionRule, cutoff: date, plan: PrunePlan
) -> None:
    columns = _columns(con, rule.schema, rule.table)
    if columns is None:
        plan.notes.append(f"{rule.relation}: not loaded yet, skipped")
        return
    if rule.date_column not in columns:
        raise RetentionError(
            f"{rule.relation} has no column {rule.date_column}: the retention rule and the "
            "source disagree (see ingestion/retention.py RULES)"
        )
    parent = _relation(rule.schema, rule.table)
    when = quote(rule.date_column)
    # the cutoff date as a value of the column's type (midnight UTC for timestamps)
    old = f"{when} < cast(? as date)"
    for child in rule.children:
        child_columns = _columns(con, rule.schema, child.table)
        if child_columns is None:
            plan.notes.append(f"{rule.schema}.{child.table}: not loaded yet, skipped")
            continue
        if child.key not in child_columns or child.parent_key not in columns:
            raise RetentionError(
                f"{rule.schema}.{child.table}.{child.key} → {rule.relation}.{child.parent_key}: "
                "column missing"
            )
        # keys whose every parent row is dated before the cutoff (one dated inside, or undated,
        # keeps the key's children)
        key = quote(child.parent_key)
        gone = (
            f"select {key} as k, max({when}) as d from {parent} group by 1 "
            f"having count(*) = count({when}) and max({when}) < cast(? as date)"
        )
        plan.tables.append(_dependent_plan(con, rule, cutoff, child.table, child.key, gone))
    if "_dlt_id" in columns:
        gone = f"select _dlt_id as k, {when} as d from {parent} where {old}"
        for nested in _nested_tables(con, rule.schema, rule.table):
            plan.tables.append(_dependent_plan(con, rule, cutoff, nested, "_dlt_root_id", gone))
    rows, oldest, newest = _stats(
        con, f"select count(*), min({when}), max({when}) from {parent} where {old}", [cutoff]
    )
    plan.tables.append(
        TablePlan(
            relation=rule.relation,
            dataset=rule.dataset,
            cutoff=cutoff,
            rows=rows,
            kept=_count(con, parent) - rows,
            oldest=oldest,
            newest=newest,
            delete_sql=f"delete from {parent} where {old}",
        )
    )


def plan_prune(
    con: duckdb.DuckDBPyConnection, windows: dict[str, int | None], as_of: date
) -> PrunePlan:
    """What a prune with these windows would delete as of `as_of` (reads only)."""
    con.execute("set TimeZone = 'UTC'")
    plan = PrunePlan(as_of=as_of, windows=windows)
    for dataset, days in windows.items():
        if days is None:
            plan.notes.append(f"{dataset}: no retention configured, kept forever")
            continue
        for rule in RULES:
            if rule.dataset == dataset:
                _plan_rule(con, rule, as_of - timedelta(days=days), plan)
    return plan


# --------------------------------------------------------------------------- pruning


def delete_planned(con: duckdb.DuckDBPyConnection, plan: PrunePlan) -> None:
    """Delete what `plan` counted; run it in the transaction that made the plan, so a DELETE
    removing any other number of rows than planned is a bug, raised to roll everything back."""
    for table in plan.tables:
        if table.rows == 0:
            continue
        row = con.execute(table.delete_sql, [table.cutoff]).fetchone()
        deleted = int(row[0]) if row else 0
        if deleted != table.rows:
            raise RetentionError(
                f"{table.relation}: a DELETE removed {deleted} rows, the plan counted "
                f"{table.rows}; rolled back, nothing was deleted"
            )


def prune(
    db: Path,
    datasets: Sequence[str] | None = None,
    dry_run: bool = False,
    as_of: date | None = None,
    config: RetentionConfig | None = None,
) -> PrunePlan:
    """Plan (and unless `dry_run`, apply) retention on warehouse `db`."""
    import duckdb

    windows = windows_for(config or retention_config(), datasets)
    if not db.exists():
        raise RetentionError(missing_warehouse(db))
    day = as_of or datetime.now(UTC).date()
    with duckdb.connect(str(db), read_only=dry_run) as con:
        if dry_run:
            return plan_prune(con, windows, day)
        con.execute("begin transaction")  # the plan and the deletes see one snapshot
        try:
            plan = plan_prune(con, windows, day)
            delete_planned(con, plan)
            forget_built(con, {t.dataset for t in plan.tables if t.rows})
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return plan
