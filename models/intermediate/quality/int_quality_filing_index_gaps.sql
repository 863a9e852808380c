-- One row per gap in a company's filing index recorded at load: a submissions overflow page
-- that was missing (404), or a company whose facts loaded but whose submissions header was a
-- reported gap (no index at all; page_name NULL). A filing dated within a missing page's range
-- may sit on that page, and any filing of a company without a header may; the reconciliation
-- index checks exempt those filings and the `filing_index_gaps` check lists the gaps.

with

submission_pages as (

    select * from {{ ref('stg_sec__submission_pages') }}

),

submission_companies as (

    select * from {{ ref('stg_sec__companies') }}

),

facts_files as (

    select * from {{ ref('stg_sec__company_facts_files') }}

),

missing_pages as (

    select
        cik,
        page_name,
        expected_filings,
        first_filing_date,
        last_filing_date
    from submission_pages
    where not is_loaded

),

companies_without_index as (

    select
        facts_files.cik,
        cast(null as varchar) as page_name,
        cast(null as bigint) as expected_filings,
        cast(null as date) as first_filing_date,
        cast(null as date) as last_filing_date
    from facts_files
    where
        facts_files.file_status = 'loaded'
        and facts_files.cik not in (select submission_companies.cik from submission_companies)

),

final as (

    select * from missing_pages
    union all
    select * from companies_without_index

)

select * from final
