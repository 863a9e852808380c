with

source as (

    {{ select_source_columns('sec', 'submission_pages') }}

),

renamed as (

    select
        cik,
        page_name,
        status as page_status,
        status = 'loaded' as is_loaded,
        expected_filings,
        loaded_filings,
        filing_from as first_filing_date,
        filing_to as last_filing_date
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
