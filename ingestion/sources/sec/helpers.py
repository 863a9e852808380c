"""Pure parsing of SEC EDGAR responses into Arrow tables and plain rows.

Every function here takes bytes or decoded JSON and returns data: no I/O, so each is tested directly
on real corpus files. Company facts are the heavy path and are built column-wise into Arrow.
"""

from __future__ import annotations

import csv
import io
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.selection import normalize_ticker
from ingestion.timing import timed

VALUE_TYPE = pa.decimal128(38, 10)


FACT_SCHEMA = pa.schema(
    [
        pa.field("fact_id", pa.string(), nullable=False),
        pa.field("cik", pa.int64(), nullable=False),
        pa.field("taxonomy", pa.string(), nullable=False),
        pa.field("concept", pa.string(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        ("period_start", pa.date32()),
        pa.field("period_end", pa.date32(), nullable=False),
        pa.field("accession_number", pa.string(), nullable=False),
        ("value", VALUE_TYPE),
        ("fy", pa.int64()),
        ("fp", pa.string()),
        ("form", pa.string()),
        ("filed", pa.date32()),
        ("frame", pa.string()),
    ]
)

CONCEPT_SCHEMA = pa.schema(
    [
        pa.field("cik", pa.int64(), nullable=False),
        pa.field("taxonomy", pa.string(), nullable=False),
        pa.field("concept", pa.string(), nullable=False),
        ("label", pa.string()),
        ("description", pa.string()),
    ]
)

FILING_SCHEMA = pa.schema(
    [
        pa.field("cik", pa.int64(), nullable=False),
        pa.field("accession_number", pa.string(), nullable=False),
        ("form", pa.string()),
        ("filing_date", pa.date32()),
        ("report_date", pa.date32()),
        ("acceptance_at", pa.timestamp("us", tz="UTC")),
        ("act", pa.string()),
        ("file_number", pa.string()),
        ("film_number", pa.string()),
        ("items", pa.string()),
        ("size", pa.int64()),
        ("is_xbrl", pa.bool_()),
        ("is_inline_xbrl", pa.bool_()),
        ("primary_document", pa.string()),
        ("primary_doc_description", pa.string()),
        ("source_page", pa.string()),
    ]
)

# submissions JSON array name -> raw column name (order of FILING_SCHEMA after `cik`).
_FILING_FIELDS = {
    "accessionNumber": "accession_number",
    "form": "form",
    "filingDate": "filing_date",
    "reportDate": "report_date",
    "acceptanceDateTime": "acceptance_at",
    "act": "act",
    "fileNumber": "file_number",
    "filmNumber": "film_number",
    "items": "items",
    "size": "size",
    "isXBRL": "is_xbrl",
    "isInlineXBRL": "is_inline_xbrl",
    "primaryDocument": "primary_document",
    "primaryDocDescription": "primary_doc_description",
}


class ParseError(ValueError):
    """A response does not have the shape the SEC documents; the message names what is wrong."""


def parse_cik(value: Any) -> int:
    """CIKs arrive as ints or zero-padded strings ("0000320193"); both mean the same company."""
    try:
        cik = int(str(value).strip())
    except (TypeError, ValueError):
        raise ParseError(f"not a CIK: {value!r}") from None
    if cik <= 0:
        raise ParseError(f"not a CIK: {value!r}")
    return cik


# --------------------------------------------------------------------------- tickers & universe


def parse_ticker_maps(tickers_doc: Any, exchange_doc: Any | None) -> list[dict[str, Any]]:
    """Union of `company_tickers.json` and `company_tickers_exchange.json`, one row per ticker."""
    rows: dict[str, dict[str, Any]] = {}
    if not isinstance(tickers_doc, Mapping):
        raise ParseError("company_tickers.json: expected an object of {index: {cik_str, ticker}}")
    for entry in tickers_doc.values():
        ticker = normalize_ticker(entry["ticker"])
        rows[ticker] = {
            "ticker": ticker,
            "cik": parse_cik(entry["cik_str"]),
            "title": entry.get("title"),
            "exchange": None,
        }
    if exchange_doc is not None:
        fields = exchange_doc.get("fields") if isinstance(exchange_doc, Mapping) else None
        if fields is None or "data" not in exchange_doc:
            raise ParseError("company_tickers_exchange.json: expected {fields, data}")
        idx = {name: i for i, name in enumerate(fields)}
        for rec in exchange_doc["data"]:
            ticker = normalize_ticker(rec[idx["ticker"]])
            row = rows.setdefault(
                ticker,
                {"ticker": ticker, "cik": parse_cik(rec[idx["cik"]]), "title": rec[idx["name"]]},
            )
            row["exchange"] = rec[idx["exchange"]] or None
    return sorted(rows.values(), key=lambda r: r["ticker"])


def parse_sp500_csv(payload: bytes) -> list[dict[str, Any]]:
    """Constituents CSV (Symbol, Security, GICS Sector, …, CIK, Founded) into raw rows."""
    text = payload.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    required = {"Symbol", "Security", "CIK"}
    if reader.fieldnames is None or not required <= set(reader.fieldnames):
        raise ParseError(f"S&P 500 constituents CSV: missing columns {sorted(required)}")
    rows = []
    for rec in reader:
        rows.append(
            {
                "symbol": normalize_ticker(rec["Symbol"]),
                "security": rec.get("Security") or None,
                "gics_sector": rec.get("GICS Sector") or None,
                "gics_sub_industry": rec.get("GICS Sub-Industry") or None,
                "headquarters_location": rec.get("Headquarters Location") or None,
                "date_added": (rec.get("Date added") or "")[:10] or None,
                "cik": parse_cik(rec["CIK"]),
                "founded": rec.get("Founded") or None,
            }
        )
    return rows


# --------------------------------------------------------------------------- submissions


@dataclass(frozen=True)
class Submissions:
    """One company's submissions document: its header row, filings and listed overflow pages."""

    company: dict[str, Any]
    filings: pa.Table
    pages: list[dict[str, Any]]


@timed("sec.parse_submissions")
def parse_submissions(doc: Any) -> Submissions:
    """The main submissions JSON: company header + `filings.recent` + the `filings.files[]` list."""
    if not isinstance(doc, Mapping) or "filings" not in doc:
        raise ParseError("submissions: expected an object with `filings`")
    cik = parse_cik(doc["cik"])
    company = {
        "cik": cik,
        "name": doc.get("name") or None,
        "entity_type": doc.get("entityType") or None,
        "sic": doc.get("sic") or None,
        "sic_description": doc.get("sicDescription") or None,
        "fiscal_year_end": doc.get("fiscalYearEnd") or None,
        "state_of_incorporation": doc.get("stateOfIncorporation") or None,
        "category": doc.get("category") or None,
        "ein": doc.get("ein") or None,
        "tickers": ",".join(doc.get("tickers") or []) or None,
        "exchanges": ",".join(e for e in (doc.get("exchanges") or []) if e) or None,
    }
    filings = filings_table(cik, doc["filings"].get("recent") or {}, "recent")
    pages = [
        {
            "cik": cik,
            "page_name": page["name"],
            "expected_filings": page.get("filingCount"),
            "filing_from": page.get("filingFrom") or None,
            "filing_to": page.get("filingTo") or None,
        }
        for page in doc["filings"].get("files") or []
    ]
    return Submissions(company=company, filings=filings, pages=pages)


@timed("sec.filings_table")
def filings_table(cik: int, arrays: Any, source_page: str) -> pa.Table:
    """Parallel arrays (or, in some copies, a list of records) into one row per filing."""
    if isinstance(arrays, list):  # overflow pages are sometimes stored as bare record arrays
        arrays = {key: [rec.get(key) for rec in arrays] for key in _FILING_FIELDS} if arrays else {}
    if not isinstance(arrays, Mapping):
        raise ParseError(f"submissions page {source_page}: expected parallel arrays")
    n = len(arrays.get("accessionNumber") or [])
    for key, values in arrays.items():
        if key in _FILING_FIELDS and len(values) != n:
            raise ParseError(
                f"submissions page {source_page}: array {key} has {len(values)} entries, "
                f"accessionNumber has {n}"
            )
    columns: dict[str, pa.Array] = {"cik": pa.array([cik] * n, pa.int64())}
    for src, dst in _FILING_FIELDS.items():
        values = arrays.get(src) or [None] * n
        target = FILING_SCHEMA.field(dst).type
        columns[dst] = _to_arrow(values, target)
    columns["source_page"] = pa.array([source_page] * n, pa.string())
    return pa.table(columns, schema=FILING_SCHEMA)


def _to_arrow(values: Sequence[Any], target: pa.DataType) -> pa.Array:
    """Empty strings become NULL; 0/1 flags become booleans; ISO dates/timestamps are cast."""
    if pa.types.is_boolean(target):
        return pa.array([None if v in (None, "") else bool(v) for v in values], pa.bool_())
    if pa.types.is_integer(target):
        return pa.array([None if v in (None, "") else int(v) for v in values], target)
    arr = pa.array([None if v in (None, "") else str(v) for v in values], pa.string())
    if pa.types.is_string(target):
        return arr
    if pa.types.is_timestamp(target):
        arr = pc.utf8_replace_slice(arr, 19, 100, "")  # "2024-08-02T16:30:22.000Z" -> seconds
        return pc.strptime(arr, format="%Y-%m-%dT%H:%M:%S", unit="us").cast(target)
    return arr.cast(target)


# --------------------------------------------------------------------------- company facts


@dataclass(frozen=True)
class CompanyFacts:
    """One companyfacts file as Arrow: facts (one row per fact) and the concept labels."""

    cik: int
    entity_name: str | None
    facts: pa.Table
    concepts: pa.Table
    facts_in_file: int
    duplicate_keys: int


# The companyfacts document typed for DuckDB's JSON reader: taxonomies, concepts and units are
# object keys (MAPs); `val` is read straight into DECIMAL(38,10), so no value passes through a
# binary float (1e-05 stays 0.00001, 13-digit USD amounts stay exact).
_FACT_TYPE = (
    'STRUCT("start" VARCHAR, "end" VARCHAR, val DECIMAL(38,10), accn VARCHAR, fy BIGINT, '
    "fp VARCHAR, form VARCHAR, filed VARCHAR, frame VARCHAR)"
)
_CONCEPT_TYPE = f"STRUCT(label VARCHAR, description VARCHAR, units MAP(VARCHAR, {_FACT_TYPE}[]))"
_DOCUMENT_COLUMNS = {
    "cik": "VARCHAR",
    "entityName": "VARCHAR",
    "facts": f"MAP(VARCHAR, MAP(VARCHAR, {_CONCEPT_TYPE}))",
}

_CONCEPTS_SQL = """
    with taxonomies as (
        select cast(cik as bigint) as cik, unnest(map_entries(facts)) as t from companyfacts_doc
    ),
    concepts as (
        select cik, t.key as taxonomy, unnest(map_entries(t.value)) as c from taxonomies
    )
    select
        cik, taxonomy, c.key as concept, c.value.label as label,
        c.value.description as description
    from concepts
"""

_FACTS_SQL = """
    with taxonomies as (
        select cast(cik as bigint) as cik, unnest(map_entries(facts)) as t from companyfacts_doc
    ),
    concepts as (
        select cik, t.key as taxonomy, unnest(map_entries(t.value)) as c from taxonomies
    ),
    units as (
        select cik, taxonomy, c.key as concept, unnest(map_entries(c.value.units)) as u
        from concepts
    ),
    facts as (
        select cik, taxonomy, concept, u.key as unit, unnest(u.value) as f from units
    )
    select
        md5(concat_ws('|', cik, taxonomy, concept, unit, coalesce(f."start", ''), f."end",
            f.accn)) as fact_id,
        cik,
        taxonomy,
        concept,
        unit,
        cast(f."start" as date) as period_start,
        cast(f."end" as date) as period_end,
        f.accn as accession_number,
        f.val as value,
        f.fy,
        f.fp,
        f.form,
        cast(f.filed as date) as filed,
        f.frame
    from facts
"""

_local = threading.local()


def _duckdb() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per thread: it parses and flattens documents with the GIL released."""
    con = getattr(_local, "con", None)
    if con is None:
        con = duckdb.connect(":memory:")
        con.execute("set threads = 1")  # parallelism comes from the extraction thread pool
        _local.con = con
    return con


def count_facts_in_file(payload: bytes) -> int:
    """Facts in a companyfacts document, counted independently of the parser.

    Every fact has exactly one `"accn":` key, and inside JSON strings quotes are escaped, so the
    byte pattern occurs once per fact and nowhere else.
    """
    return payload.count(b'"accn":')


@timed("sec.parse_company_facts")
def parse_company_facts(payload: bytes, what: str = "companyfacts") -> CompanyFacts:
    """A companyfacts JSON document into one Arrow row per fact, nothing dropped.

    DuckDB's JSON reader does the parsing and flattening (taxonomy → concept → unit → fact) in
    C++, once per document; `fact_id` is the md5 of the natural key. The body goes through a
    temporary file: DuckDB reading Python file objects from several threads can deadlock. Raises
    `ParseError` (a ValueError, so the HTTP client retries a truncated body) when the document is
    invalid or not companyfacts-shaped.
    """
    con = _duckdb()
    with tempfile.NamedTemporaryFile(prefix="companyfacts-", suffix=".json") as tmp:
        tmp.write(payload)
        tmp.flush()
        try:
            facts, concepts, header = _flatten_company_facts(con, tmp.name, len(payload))
        except duckdb.Error as exc:
            message = " ".join(str(exc).split())[:300]
            raise ParseError(f"{what}: invalid companyfacts JSON ({message})") from None
    if header is None or header[0] is None or not header[2]:
        raise ParseError(f"{what}: expected one object with `cik` and `facts`")
    facts = facts.cast(FACT_SCHEMA)
    distinct = len(pc.unique(facts.column("fact_id"))) if facts.num_rows else 0
    return CompanyFacts(
        cik=parse_cik(header[0]),
        entity_name=header[1],
        facts=facts,
        concepts=concepts.cast(CONCEPT_SCHEMA),
        facts_in_file=count_facts_in_file(payload),
        duplicate_keys=facts.num_rows - distinct,
    )


def _flatten_company_facts(
    con: duckdb.DuckDBPyConnection, path: str, size: int
) -> tuple[pa.Table, pa.Table, tuple[Any, ...] | None]:
    """Read the document once into a temp table, then flatten facts and concepts from it."""
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in _DOCUMENT_COLUMNS.items()) + "}"
    quoted = path.replace("'", "''")
    con.execute(
        f"""
        create or replace temp table companyfacts_doc as
        select * from read_json('{quoted}', columns = {columns}, format = 'unstructured',
            maximum_object_size = {max(size + 1, 16 * 1024 * 1024)})
        """
    )
    try:
        rows = con.execute(
            "select cik, entityName, facts is not null from companyfacts_doc"
        ).fetchall()
        header = rows[0] if len(rows) == 1 else None
        if header is None or header[0] is None or not header[2]:
            return pa.table({}), pa.table({}), header
        facts = con.execute(_FACTS_SQL).to_arrow_table()
        concepts = con.execute(_CONCEPTS_SQL).to_arrow_table()
    finally:
        con.execute("drop table if exists companyfacts_doc")
    return facts, concepts, header


def unique_rows(table: pa.Table, key: str) -> pa.Table:
    """The first row for each value of `key`, in the original order (a no-op when unique)."""
    if table.num_rows == len(pc.unique(table.column(key))):
        return table
    seen: set[Any] = set()
    keep = []
    for i, value in enumerate(table.column(key).to_pylist()):
        if value not in seen:
            seen.add(value)
            keep.append(i)
    return table.take(pa.array(keep, pa.int64()))


@timed("sec.concat_tables")
def concat_tables(tables: Iterable[pa.Table], schema: pa.Schema) -> pa.Table:
    """Concatenate tables of one schema (an empty table of `schema` when there are none)."""
    tables = list(tables)
    return pa.concat_tables(tables) if tables else schema.empty_table()
