with

bars as (

    select * from {{ ref('stg_market__daily_bars') }}

),

instruments as (

    select * from {{ ref('stg_market__instruments') }}

),

dividends as (

    select * from {{ ref('stg_market__dividends') }}

),

splits as (

    select * from {{ ref('stg_market__splits') }}

),

final as (

    select
        bars.symbol,
        bars.trade_date,
        instruments.currency,
        bars.open_price,
        bars.high_price,
        bars.low_price,
        bars.close_price,
        bars.adj_close_price,
        bars.volume,
        dividends.dividend_amount,
        splits.split_ratio,
        splits.split_factor,
        instruments.instrument_type,
        instruments.exchange_code,
        instruments.exchange_timezone
    from bars
    left join instruments
        on bars.symbol = instruments.symbol
    left join dividends
        on
            bars.symbol = dividends.symbol
            and bars.trade_date = dividends.ex_date
    left join splits
        on
            bars.symbol = splits.symbol
            and bars.trade_date = splits.split_date

)

select * from final
