with

source as (

    {{ select_source_columns('filings', 'filing_table_cells', [
        ['accession_number', 'varchar'],
        ['table_index', 'bigint'],
        ['row_index', 'bigint'],
        ['col_index', 'bigint'],
        ['text', 'varchar'],
        ['value', 'double precision'],
        ['unit', 'varchar'],
        ['is_header', 'boolean'],
        ['row_label', 'varchar'],
        ['column_header', 'varchar'],
    ]) }}

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
