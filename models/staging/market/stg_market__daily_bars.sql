with

source as (

    {{ select_source_columns('market', 'daily_bars') }}

),

renamed as (

    select
        symbol,
        trade_date,
        open as open_price,
        high as high_price,
        low as low_price,
        close as close_price,
        adj_close as adj_close_price,
        volume
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
