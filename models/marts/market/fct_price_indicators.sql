{#-
    Technical indicators on the adjusted close, per symbol (decision 017):
    - Indicators count bars (trading days), not calendar days; only the 52-week high/low uses a
      calendar window (364 days back), so it means the same for 5- and 7-day-a-week markets.
    - A gap of more than `market_max_bar_gap_days` calendar days between two bars (a missing load,
      a long suspension) starts a new segment: every indicator, returns included, warms up again
      rather than silently spanning the gap. Holidays and weekends are far shorter. Segments,
      bar numbers and returns come from int_price_bars_segmented.
    - NULL during warm-up: returns from bar 2, SMA n from bar n, EMA n from bar n (seeded with the
      SMA of the first n closes), RSI 14 from bar 15 (Wilder: seeded with the mean gain/loss of the
      first 14 changes, then avg = (13 * prev + current) / 14), MACD line from bar 26, signal
      (EMA 9 of the line, seeded with the mean of its first 9 values) and histogram from bar 34,
      52-week high/low once the segment covers the whole window.
    EMA, RSI and the MACD signal are recursive: int_price_bars_smoothed advances them a bar at a
    time; this model adds the windowed indicators and derives RSI and MACD from them.
    Built symbol by symbol, and only for symbols with new market data, each over its whole
    history (decision 030).
-#}

{{ config(materialized='partitioned') }}

with

bars as (

    select * from {{ ref('int_price_bars_segmented') }}
    where {{ symbol_batch('symbol') }}

),

smoothed as (

    select * from {{ ref('int_price_bars_smoothed') }}
    where {{ symbol_batch('symbol') }}

),

windowed as (

    select
        bars.symbol,
        bars.trade_date,
        bars.segment_number,
        bars.bar_number,
        bars.segment_start_date,
        bars.adj_close_price,
        bars.daily_return,
        bars.log_return,
        avg(bars.adj_close_price) over (
            partition by bars.symbol, bars.segment_number order by bars.trade_date
            rows between 19 preceding and current row
        ) as sma_20_window,
        avg(bars.adj_close_price) over (
            partition by bars.symbol, bars.segment_number order by bars.trade_date
            rows between 49 preceding and current row
        ) as sma_50_window,
        avg(bars.adj_close_price) over (
            partition by bars.symbol, bars.segment_number order by bars.trade_date
            rows between 199 preceding and current row
        ) as sma_200_window,
        max(bars.adj_close_price) over trailing_year as high_52_week_window,
        min(bars.adj_close_price) over trailing_year as low_52_week_window
    from bars
    window trailing_year as (
        partition by bars.symbol, bars.segment_number order by bars.trade_date
        range between interval 364 days preceding and current row
    )

),

final as (

    select
        windowed.symbol,
        windowed.trade_date,
        windowed.adj_close_price,
        windowed.segment_number,
        windowed.bar_number,
        windowed.daily_return,
        windowed.log_return,
        case
            when windowed.trade_date - 364 >= windowed.segment_start_date
                then windowed.high_52_week_window
        end as high_52_week,
        case
            when windowed.trade_date - 364 >= windowed.segment_start_date
                then windowed.low_52_week_window
        end as low_52_week,
        case
            when windowed.trade_date - 364 >= windowed.segment_start_date
                then windowed.adj_close_price / nullif(windowed.high_52_week_window, 0) - 1
        end as pct_from_52_week_high,
        case
            when windowed.trade_date - 364 >= windowed.segment_start_date
                then windowed.adj_close_price / nullif(windowed.low_52_week_window, 0) - 1
        end as pct_from_52_week_low,
        case when windowed.bar_number >= 20 then windowed.sma_20_window end as sma_20,
        case when windowed.bar_number >= 50 then windowed.sma_50_window end as sma_50,
        case when windowed.bar_number >= 200 then windowed.sma_200_window end as sma_200,
        smoothed.ema_12,
        smoothed.ema_26,
        case
            when smoothed.average_gain_14 + smoothed.average_loss_14 > 0
                then
                    100 * smoothed.average_gain_14
                    / (smoothed.average_gain_14 + smoothed.average_loss_14)
        end as rsi_14,
        smoothed.ema_12 - smoothed.ema_26 as macd_line,
        smoothed.macd_signal,
        smoothed.ema_12 - smoothed.ema_26 - smoothed.macd_signal as macd_histogram
    from windowed
    inner join smoothed
        on
            windowed.symbol = smoothed.symbol
            and windowed.segment_number = smoothed.segment_number
            and windowed.bar_number = smoothed.bar_number

)

select * from final
