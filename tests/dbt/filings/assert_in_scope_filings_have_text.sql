-- Completeness (severity warn: coverage, not integrity): every fetched 10-K/10-Q document has
-- sections, tables and chunks. Returns one row per in-scope filing that lacks any of them, with
-- what it has, so the warning lists the filings to look at (parse errors included).
{{ config(
    severity='warn',
    meta={'expected_because':
        'a 10-K/10-Q document was missing (404) or had no parseable sections or tables; '
        ~ 'the filing is listed'},
) }}

with

filings as (

    select * from {{ ref('dim_filing') }}

)

select
    ticker,
    form,
    filing_date,
    accession_number,
    section_count,
    table_count,
    chunk_count,
    parse_error
from filings
where is_in_scope and not has_complete_text
