with

source as (

    {{ select_source_columns('sec', 'company_tickers') }}

),

renamed as (

    select
        ticker,
        cik,
        title as company_title,
        exchange
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
