{#-
    Technical indicators on the adjusted close, per symbol (decision 017):
    - Indicators count bars (trading days), not calendar days; only the 52-week high/low uses a
      calendar window (364 days back), so it means the same for 5- and 7-day-a-week markets.
    - A gap of more than `market_max_bar_gap_days` calendar days between two bars (a missing load,
      a long suspension) starts a new segment: every indicator, returns included, warms up again
      rather than silently spanning the gap. Holidays and weekends are far shorter.
    - NULL during warm-up: returns from bar 2, SMA n from bar n, EMA n from bar n (seeded with the
      SMA of the first n closes), RSI 14 from bar 15 (Wilder: seeded with the mean gain/loss of the
      first 14 changes, then avg = (13 * prev + current) / 14), MACD line from bar 26, signal
      (EMA 9 of the line, seeded with the mean of its first 9 values) and histogram from bar 34,
      52-week high/low once the segment covers the whole window.
    EMA, RSI and the MACD signal are recursive; one recursive CTE advances all of them a bar at a
    time for every series at once, reading the next close from a list of 64 bars (one step joins
    one short row per series, so a step costs the same however long the series are).
-#}
{%- set max_gap_days = var('market_max_bar_gap_days', 10) -%}
{%- set alpha_12 = 'cast(2 as double precision) / 13' -%}
{%- set alpha_26 = 'cast(2 as double precision) / 27' -%}
{%- set alpha_9 = 'cast(2 as double precision) / 10' -%}
{%- set chunk_size = 64 -%}
{#- 1-based position of the next bar (previous.bar_number + 1) in its chunk's lists -#}
{%- set next_slot = 'previous.bar_number % ' ~ chunk_size ~ ' + 1' -%}

with recursive

prices as (

    select
        symbol,
        trade_date,
        adj_close_price
    from {{ ref('fct_daily_prices') }}
    where adj_close_price is not null

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

changes as (

    select
        *,
        case
            when previous_adj_close_price is not null
                then greatest(adj_close_price - previous_adj_close_price, 0)
        end as gain,
        case
            when previous_adj_close_price is not null
                then greatest(previous_adj_close_price - adj_close_price, 0)
        end as loss
    from numbered

),

series as (

    select
        symbol,
        segment_number,
        count(*) as bars,
        list(adj_close_price order by bar_number) as closes,
        list(gain order by bar_number) as gains,
        list(loss order by bar_number) as losses
    from changes
    group by symbol, segment_number

),

seeded as (

    select
        symbol,
        segment_number,
        bars,
        list_avg(closes[1:12]) as seed_ema_12,
        list_avg(closes[1:26]) as seed_ema_26,
        list_avg(gains[2:15]) as seed_gain_14,
        list_avg(losses[2:15]) as seed_loss_14
    from series

),

-- The recursion reads each next bar from a short list: joining whole-series lists would copy
-- them at every step, which made the step cost grow with the series length.
chunks as materialized (

    select
        changes.symbol,
        changes.segment_number,
        (changes.bar_number - 1) // {{ chunk_size }} as chunk_number,
        any_value(seeded.bars) as bars,
        any_value(seeded.seed_ema_12) as seed_ema_12,
        any_value(seeded.seed_ema_26) as seed_ema_26,
        any_value(seeded.seed_gain_14) as seed_gain_14,
        any_value(seeded.seed_loss_14) as seed_loss_14,
        list(changes.adj_close_price order by changes.bar_number) as closes,
        list(changes.gain order by changes.bar_number) as gains,
        list(changes.loss order by changes.bar_number) as losses
    from changes
    inner join seeded
        on
            changes.symbol = seeded.symbol
            and changes.segment_number = seeded.segment_number
    group by changes.symbol, changes.segment_number, (changes.bar_number - 1) // {{ chunk_size }}

),

smoothed as (

    select
        symbol,
        segment_number,
        1 as bar_number,
        cast(null as double precision) as ema_12,
        cast(null as double precision) as ema_26,
        cast(null as double precision) as average_gain_14,
        cast(null as double precision) as average_loss_14,
        cast(null as double precision) as macd_seed_sum,
        cast(null as double precision) as macd_signal
    from seeded

    union all

    select
        step.symbol,
        step.segment_number,
        step.bar_number,
        step.ema_12,
        step.ema_26,
        step.average_gain_14,
        step.average_loss_14,
        case
            when step.bar_number between 26 and 34
                then coalesce(step.macd_seed_sum, 0) + (step.ema_12 - step.ema_26)
        end as macd_seed_sum,
        case
            when step.bar_number = 34
                then (step.macd_seed_sum + (step.ema_12 - step.ema_26)) / 9
            when step.bar_number > 34
                then
                    {{ alpha_9 }} * (step.ema_12 - step.ema_26)
                    + (1 - {{ alpha_9 }}) * step.macd_signal
        end as macd_signal
    from (
        select
            previous.symbol,
            previous.segment_number,
            previous.bar_number + 1 as bar_number,
            previous.macd_seed_sum,
            previous.macd_signal,
            case
                when previous.bar_number + 1 = 12 then chunks.seed_ema_12
                when previous.bar_number + 1 > 12
                    then
                        {{ alpha_12 }} * chunks.closes[{{ next_slot }}]
                        + (1 - {{ alpha_12 }}) * previous.ema_12
            end as ema_12,
            case
                when previous.bar_number + 1 = 26 then chunks.seed_ema_26
                when previous.bar_number + 1 > 26
                    then
                        {{ alpha_26 }} * chunks.closes[{{ next_slot }}]
                        + (1 - {{ alpha_26 }}) * previous.ema_26
            end as ema_26,
            case
                when previous.bar_number + 1 = 15 then chunks.seed_gain_14
                when previous.bar_number + 1 > 15
                    then
                        (previous.average_gain_14 * 13 + chunks.gains[{{ next_slot }}]) / 14
            end as average_gain_14,
            case
                when previous.bar_number + 1 = 15 then chunks.seed_loss_14
                when previous.bar_number + 1 > 15
                    then
                        (previous.average_loss_14 * 13 + chunks.losses[{{ next_slot }}]) / 14
            end as average_loss_14
        from smoothed as previous
        inner join chunks
            on
                previous.symbol = chunks.symbol
                and previous.segment_number = chunks.segment_number
                and previous.bar_number // {{ chunk_size }} = chunks.chunk_number
        where previous.bar_number < chunks.bars
    ) as step

),

windowed as (

    select
        numbered.symbol,
        numbered.trade_date,
        numbered.segment_number,
        numbered.bar_number,
        numbered.segment_start_date,
        numbered.adj_close_price,
        numbered.previous_adj_close_price,
        avg(numbered.adj_close_price) over (
            partition by numbered.symbol, numbered.segment_number order by numbered.trade_date
            rows between 19 preceding and current row
        ) as sma_20_window,
        avg(numbered.adj_close_price) over (
            partition by numbered.symbol, numbered.segment_number order by numbered.trade_date
            rows between 49 preceding and current row
        ) as sma_50_window,
        avg(numbered.adj_close_price) over (
            partition by numbered.symbol, numbered.segment_number order by numbered.trade_date
            rows between 199 preceding and current row
        ) as sma_200_window,
        max(numbered.adj_close_price) over trailing_year as high_52_week_window,
        min(numbered.adj_close_price) over trailing_year as low_52_week_window
    from numbered
    window trailing_year as (
        partition by numbered.symbol, numbered.segment_number order by numbered.trade_date
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
        case
            when windowed.previous_adj_close_price != 0
                then windowed.adj_close_price / windowed.previous_adj_close_price - 1
        end as daily_return,
        case
            when windowed.adj_close_price > 0 and windowed.previous_adj_close_price > 0
                then ln(windowed.adj_close_price / windowed.previous_adj_close_price)
        end as log_return,
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
