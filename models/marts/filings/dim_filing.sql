-- One row per filing document selected by a filings run: the filing index (form, dates), the
-- company (ticker, name), the fetch and whether its sections, tables and chunks are loaded.

with

documents as (

    select * from {{ ref('stg_filings__documents') }}

),

filings as (

    select * from {{ ref('stg_sec__filings') }}

),

companies as (

    select * from {{ ref('dim_company') }}

),

sections as (

    select
        accession_number,
        count(*) as section_count
    from {{ ref('stg_filings__sections') }}
    group by accession_number

),

tables as (

    select
        accession_number,
        count(*) as table_count
    from {{ ref('stg_filings__tables') }}
    group by accession_number

),

chunks as (

    select
        accession_number,
        count(*) as chunk_count
    from {{ ref('stg_filings__chunks') }}
    group by accession_number

),

joined as (

    select
        documents.accession_number,
        documents.cik,
        coalesce(companies.ticker, documents.selected_ticker) as ticker,
        companies.name as company_name,
        coalesce(filings.form, documents.form) as form,
        coalesce(filings.filing_date, documents.filing_date) as filing_date,
        filings.report_date,
        documents.primary_document,
        documents.document_url,
        documents.document_status,
        documents.is_fetched,
        documents.http_status,
        documents.size_bytes,
        documents.sha256,
        documents.previous_sha256,
        documents.fetched_at,
        documents.source_format,
        documents.parse_error,
        coalesce(sections.section_count, 0) as section_count,
        coalesce(tables.table_count, 0) as table_count,
        coalesce(chunks.chunk_count, 0) as chunk_count
    from documents
    left join filings
        on
            documents.cik = filings.cik
            and documents.accession_number = filings.accession_number
    left join companies on documents.cik = companies.cik
    left join sections on documents.accession_number = sections.accession_number
    left join tables on documents.accession_number = tables.accession_number
    left join chunks on documents.accession_number = chunks.accession_number

),

final as (

    select
        *,
        is_fetched and form in ('10-K', '10-Q') as is_in_scope,
        section_count > 0 and table_count > 0 and chunk_count > 0 as has_complete_text
    from joined

)

select * from final
