with

source as (

    {{ select_source_columns('filings', 'filing_documents', [
        ['accession_number', 'varchar'],
        ['cik', 'bigint'],
        ['ticker', 'varchar'],
        ['form', 'varchar'],
        ['filing_date', 'date'],
        ['primary_document', 'varchar'],
        ['url', 'varchar'],
        ['size', 'bigint'],
        ['sha256', 'varchar'],
        ['previous_sha256', 'varchar'],
        ['fetched_at', 'timestamp with time zone'],
        ['http_status', 'bigint'],
        ['status', 'varchar'],
        ['from_cache', 'boolean'],
        ['source_format', 'varchar'],
        ['parse_error', 'varchar'],
        ['n_filing_sections', 'bigint'],
        ['n_filing_tables', 'bigint'],
        ['n_filing_table_cells', 'bigint'],
        ['n_filing_footnotes', 'bigint'],
        ['n_filing_chunks', 'bigint'],
    ]) }}

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
