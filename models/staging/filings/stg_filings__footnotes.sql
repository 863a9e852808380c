with

source as (

    {{ select_source_columns('filings', 'filing_footnotes') }}

),

renamed as (

    select
        accession_number,
        note_number,
        title as note_title,
        start_offset,
        end_offset,
        text as note_text
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
