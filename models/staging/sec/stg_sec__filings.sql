with

source as (

    {{ select_source_columns('sec', 'filings') }}

),

renamed as (

    select
        cik,
        accession_number,
        form,
        filing_date,
        report_date,
        acceptance_at as accepted_at,
        act,
        file_number,
        film_number,
        items,
        size as size_bytes,
        is_xbrl,
        is_inline_xbrl,
        primary_document,
        primary_doc_description,
        source_page
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
