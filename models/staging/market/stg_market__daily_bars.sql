with

source as (

    {{ select_source_columns('market', 'daily_bars', [
        ['symbol', 'varchar'],
        ['trade_date', 'date'],
        ['open', 'double precision'],
        ['high', 'double precision'],
        ['low', 'double precision'],
        ['close', 'double precision'],
        ['adj_close', 'double precision'],
        ['volume', 'bigint'],
    ]) }}

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
