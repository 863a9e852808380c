{#-
    One row per symbol and trade date with a non-null adjusted close: the bar's segment, its
    position in it and its change from the previous bar (decision 017), the inputs of every
    indicator in fct_price_indicators.
    - Bars are counted (trading days), not calendar days.
    - A gap of more than `market_max_bar_gap_days` calendar days between two bars (a missing load,
      a long suspension) starts a new segment: every indicator, returns included, warms up again
      rather than silently spanning the gap. Holidays and weekends are far shorter.
    - Returns, gain and loss are NULL on a segment's first bar.
    Built symbol by symbol, and only for symbols with new market data, each over its whole
    history (decision 030).
-#}
{%- set max_gap_days = var('market_max_bar_gap_days', 10) -%}

{{ config(materialized='partitioned') }}

with

prices as (

    select
        symbol,
        trade_date,
        adj_close_price
    from {{ ref('fct_daily_prices') }}
    where adj_close_price is not null and {{ symbol_batch('symbol') }}

),

gaps as (

    select
        symbol,
        trade_date,
        adj_close_price,
        coalesce(
            trade_date - lag(trade_date) over (partition by symbol order by trade_date)
            > {{ max_gap_days }},
            false
        ) as starts_segment
    from prices

),

segmented as (

    select
        symbol,
        trade_date,
        adj_close_price,
        sum(case when starts_segment then 1 else 0 end) over (
            partition by symbol order by trade_date rows unbounded preceding
        ) as segment_number
    from gaps

),

numbered as (

    select
        symbol,
        segment_number,
        trade_date,
        adj_close_price,
        row_number() over by_bar as bar_number,
        min(trade_date) over (partition by symbol, segment_number) as segment_start_date,
        lag(adj_close_price) over by_bar as previous_adj_close_price
    from segmented
    window by_bar as (partition by symbol, segment_number order by trade_date)

),

final as (

    select
        symbol,
        trade_date,
        segment_number,
        bar_number,
        segment_start_date,
        adj_close_price,
        previous_adj_close_price,
        case
            when previous_adj_close_price != 0
                then adj_close_price / previous_adj_close_price - 1
        end as daily_return,
        case
            when adj_close_price > 0 and previous_adj_close_price > 0
                then ln(adj_close_price / previous_adj_close_price)
        end as log_return,
        case
            when previous_adj_close_price is not null
                then greatest(adj_close_price - previous_adj_close_price, 0)
        end as gain,
        case
            when previous_adj_close_price is not null
                then greatest(previous_adj_close_price - adj_close_price, 0)
        end as loss
    from numbered

)

select * from final
