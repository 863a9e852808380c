-- One row per filing and section, with the company and the filing's form and dates.

with

rows_of_filings as (

    select * from {{ ref('stg_filings__sections') }}

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
        rows_of_filings.section_key,
        rows_of_filings.section_order,
        rows_of_filings.section_title,
        rows_of_filings.start_offset,
        rows_of_filings.end_offset,
        rows_of_filings.word_count,
        rows_of_filings.section_text
    from rows_of_filings
    inner join filings on rows_of_filings.accession_number = filings.accession_number

)

select * from final
