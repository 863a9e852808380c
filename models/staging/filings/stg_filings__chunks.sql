with

source as (

    {{ select_source_columns('filings', 'filing_chunks') }}

),

renamed as (

    select
        chunk_id,
        accession_number,
        section_key,
        chunk_ordinal,
        chunk_order,
        start_offset,
        end_offset,
        word_count,
        content_hash,
        text as chunk_text
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
