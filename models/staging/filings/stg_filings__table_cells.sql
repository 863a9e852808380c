with

source as (

    {{ select_source_columns('filings', 'filing_table_cells') }}

),

renamed as (

    select
        accession_number,
        table_index,
        row_index,
        col_index as column_index,
        text as cell_text,
        value as cell_value,
        unit as value_unit,
        is_header,
        row_label,
        column_header
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
