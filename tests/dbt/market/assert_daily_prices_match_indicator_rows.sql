-- Every daily price with an adjusted close has exactly one indicator row, and no other rows exist
-- (severity error): the recursive smoothing must not lose or invent bars.
with

prices as (

    select
        symbol,
        trade_date
    from {{ ref('fct_daily_prices') }}
    where adj_close_price is not null

),

indicators as (

    select
        symbol,
        trade_date
    from {{ ref('fct_price_indicators') }}

)

select
    coalesce(prices.symbol, indicators.symbol) as symbol,
    coalesce(prices.trade_date, indicators.trade_date) as trade_date,
    prices.symbol is null as is_extra_indicator_row
from prices
full outer join indicators
    on
        prices.symbol = indicators.symbol
        and prices.trade_date = indicators.trade_date
where prices.symbol is null or indicators.symbol is null
