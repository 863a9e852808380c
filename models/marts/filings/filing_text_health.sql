-- One row per company with filing documents: how many were selected, fetched, missing (404),
-- changed and parsed, how many sections, tables, footnotes and chunks they yielded, and the share
-- of key items present (10-K Items 1, 1A, 7, 8; 10-Q Part I Items 1, 2) among fetched filings.
-- A 10-K's Item 8 counts as present even when it only points to statements on F-pages; how many
-- filings hold their statements in such an `8F` section is counted separately.

with

filings as (

    select * from {{ ref('dim_filing') }}

),

sections as (

    select * from {{ ref('stg_filings__sections') }}

),

footnotes as (

    select
        accession_number,
        count(*) as footnote_count
    from {{ ref('stg_filings__footnotes') }}
    group by accession_number

),

fpages_filings as (

    select distinct accession_number
    from sections
    where section_key = '8F'

),

key_items as (

    select
        key_item.form,
        key_item.section_key
    from (
        values
        ('10-K', '1'), ('10-K', '1A'), ('10-K', '7'), ('10-K', '8'),
        ('10-Q', 'I-1'), ('10-Q', 'I-2')
    ) as key_item (form, section_key)

),

expected_items as (

    select
        filings.cik,
        filings.accession_number,
        key_items.section_key
    from filings
    inner join key_items on filings.form = key_items.form
    where filings.is_in_scope

),

key_item_coverage as (

    select
        expected_items.cik,
        count(*) as key_items_expected,
        count(sections.section_key) as key_items_present
    from expected_items
    left join sections
        on
            expected_items.accession_number = sections.accession_number
            and expected_items.section_key = sections.section_key
    group by expected_items.cik

),

per_company as (

    select
        filings.cik,
        min(filings.ticker) as ticker,
        min(filings.company_name) as company_name,
        count(*) as documents_selected,
        count(*) filter (where filings.is_fetched) as documents_fetched,
        count(*) filter (where filings.document_status = 'missing') as documents_missing,
        count(*) filter (where filings.document_status = 'changed') as documents_changed,
        count(*) filter (
            where filings.is_fetched and filings.parse_error is null
        ) as documents_parsed,
        count(*) filter (where filings.is_in_scope) as documents_in_scope,
        count(*) filter (
            where filings.is_in_scope and filings.has_complete_text
        ) as documents_complete,
        sum(filings.section_count) as section_count,
        sum(filings.table_count) as table_count,
        sum(coalesce(footnotes.footnote_count, 0)) as footnote_count,
        sum(filings.chunk_count) as chunk_count,
        count(fpages_filings.accession_number) filter (
            where filings.is_in_scope
        ) as fpages_statement_count,
        max(filings.fetched_at) as last_fetched_at
    from filings
    left join footnotes on filings.accession_number = footnotes.accession_number
    left join fpages_filings on filings.accession_number = fpages_filings.accession_number
    group by filings.cik

),

final as (

    select
        per_company.*,
        coalesce(key_item_coverage.key_items_expected, 0) as key_items_expected,
        coalesce(key_item_coverage.key_items_present, 0) as key_items_present,
        cast(key_item_coverage.key_items_present as double precision)
        / nullif(key_item_coverage.key_items_expected, 0) as key_item_share
    from per_company
    left join key_item_coverage on per_company.cik = key_item_coverage.cik

)

select * from final
