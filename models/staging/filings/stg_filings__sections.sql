with

source as (

    {{ select_source_columns('filings', 'filing_sections') }}

),

renamed as (

    select
        accession_number,
        section_key,
        section_order,
        title as section_title,
        start_offset,
        end_offset,
        word_count,
        text as section_text
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
