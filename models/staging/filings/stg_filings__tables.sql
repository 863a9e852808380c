with

source as (

    {{ select_source_columns('filings', 'filing_tables') }}

),

renamed as (

    select
        accession_number,
        table_index,
        section_key,
        caption,
        scale,
        scale_text,
        header_rows,
        n_rows as row_count,
        n_cols as column_count,
        is_layout,
        start_offset,
        end_offset
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
