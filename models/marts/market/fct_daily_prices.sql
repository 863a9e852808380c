-- One row per symbol and trade date: the daily bar, its instrument's currency and exchange, and
-- the dividend and split of the day. Built symbol by symbol, and only for symbols with new market
-- data (decision 030).

{{ config(materialized='partitioned') }}

with

bars as (

    select * from {{ ref('stg_market__daily_bars') }}
    where {{ symbol_batch('symbol') }}

),

instruments as (

    select * from {{ ref('stg_market__instruments') }}
    where {{ symbol_batch('symbol') }}

),

dividends as (

    select * from {{ ref('stg_market__dividends') }}
    where {{ symbol_batch('symbol') }}

),

splits as (

    select * from {{ ref('stg_market__splits') }}
    where {{ symbol_batch('symbol') }}

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
