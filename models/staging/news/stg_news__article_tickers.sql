with

source as (

    {{ select_source_columns('news', 'article_tickers') }}

),

renamed as (

    select
        article_id,
        upper(ticker) as ticker,
        link_basis
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
