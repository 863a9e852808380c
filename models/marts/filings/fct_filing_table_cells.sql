-- One row per filing, table, row and column, with the table's section, caption and scale, the
-- company and the filing's form and dates.

with

rows_of_filings as (

    select * from {{ ref('stg_filings__table_cells') }}

),

tables as (

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
        rows_of_filings.row_index,
        rows_of_filings.column_index,
        rows_of_filings.cell_text,
        rows_of_filings.cell_value,
        rows_of_filings.value_unit,
        rows_of_filings.is_header,
        rows_of_filings.row_label,
        rows_of_filings.column_header,
        tables.section_key,
        tables.caption as table_caption,
        tables.scale as table_scale,
        tables.scale_text as table_scale_text
    from rows_of_filings
    inner join filings on rows_of_filings.accession_number = filings.accession_number
    inner join tables
        on
            rows_of_filings.accession_number = tables.accession_number
            and rows_of_filings.table_index = tables.table_index

)

select * from final
