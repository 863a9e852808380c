with

source as (

    {{ select_source_columns('filings', 'filing_documents') }}

),

renamed as (

    select
        accession_number,
        cik,
        ticker as selected_ticker,
        form,
        filing_date,
        primary_document,
        url as document_url,
        size as size_bytes,
        sha256,
        previous_sha256,
        fetched_at,
        http_status,
        status as document_status,
        status in ('fetched', 'changed') as is_fetched,
        from_cache as is_from_cache,
        source_format,
        parse_error,
        n_filing_sections as parsed_sections,
        n_filing_tables as parsed_tables,
        n_filing_table_cells as parsed_table_cells,
        n_filing_footnotes as parsed_footnotes,
        n_filing_chunks as parsed_chunks
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
