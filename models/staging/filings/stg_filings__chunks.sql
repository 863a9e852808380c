with

source as (

    {{ select_source_columns('filings', 'filing_chunks', [
        ['chunk_id', 'varchar'],
        ['accession_number', 'varchar'],
        ['section_key', 'varchar'],
        ['chunk_ordinal', 'bigint'],
        ['chunk_order', 'bigint'],
        ['start_offset', 'bigint'],
        ['end_offset', 'bigint'],
        ['word_count', 'bigint'],
        ['content_hash', 'varchar'],
        ['text', 'varchar'],
    ]) }}

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
