with

source as (

    {{ select_source_columns('sec', 'filings', [
        ['cik', 'bigint'],
        ['accession_number', 'varchar'],
        ['form', 'varchar'],
        ['filing_date', 'date'],
        ['report_date', 'date'],
        ['acceptance_at', 'timestamp with time zone'],
        ['act', 'varchar'],
        ['file_number', 'varchar'],
        ['film_number', 'varchar'],
        ['items', 'varchar'],
        ['size', 'bigint'],
        ['is_xbrl', 'boolean'],
        ['is_inline_xbrl', 'boolean'],
        ['primary_document', 'varchar'],
        ['primary_doc_description', 'varchar'],
        ['source_page', 'varchar'],
    ]) }}

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
