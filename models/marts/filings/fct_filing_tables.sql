-- One row per filing and table, with the company and the filing's form and dates.

with

rows_of_filings as (

    select * from {{ ref('stg_filings__tables') }}

),

filings as (

    select * from {{ ref('dim_filing') }}

),

final as (

    select
        filings.cik,
        filings.ticker,
        filings.company_name,
        filings.form,
        filings.filing_date,
        filings.report_date,
        rows_of_filings.accession_number,
        rows_of_filings.table_index,
        rows_of_filings.section_key,
        rows_of_filings.caption,
        rows_of_filings.scale,
        rows_of_filings.scale_text,
        rows_of_filings.header_rows,
        rows_of_filings.row_count,
        rows_of_filings.column_count,
        rows_of_filings.is_layout,
        rows_of_filings.start_offset,
        rows_of_filings.end_offset
    from rows_of_filings
    inner join filings on rows_of_filings.accession_number = filings.accession_number

)

select * from final
