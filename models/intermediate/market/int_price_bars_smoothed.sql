{#-
    One row per symbol, segment and bar (int_price_bars_segmented): the recursive indicators of
    fct_price_indicators on the adjusted close (decision 017), NULL during warm-up:
    - EMA 12 / EMA 26 from bar 12 / 26, seeded with the SMA of the first n closes;
    - Wilder's average gain and loss 14 from bar 15, seeded with the mean gain/loss of the first
      14 changes, then avg = (13 * prev + current) / 14;
    - the MACD signal (EMA 9 of ema_12 - ema_26, seeded with the mean of its first 9 values) from
      bar 34.
    One recursive CTE advances all of them a bar at a time for every series at once, reading the
    next close from a list of 64 bars (one step joins one short row per series, so a step costs
    the same however long the series are).
    Built symbol by symbol, and only for symbols with new market data (decision 030): a changed
    symbol is recomputed from its first bar, so the recursion's state never has to be carried
    over from an earlier build and equals a full rebuild exactly.
-#}
{%- set alpha_12 = 'cast(2 as double precision) / 13' -%}
{%- set alpha_26 = 'cast(2 as double precision) / 27' -%}
{%- set alpha_9 = 'cast(2 as double precision) / 10' -%}
{%- set chunk_size = 64 -%}
{#- 1-based position of the next bar (previous.bar_number + 1) in its chunk's lists -#}
{%- set next_slot = 'previous.bar_number % ' ~ chunk_size ~ ' + 1' -%}

{{ config(materialized='partitioned') }}

with recursive

changes as (

    select * from {{ ref('int_price_bars_segmented') }}
    where {{ symbol_batch('symbol') }}

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

final as (

    select
        symbol,
        segment_number,
        bar_number,
        ema_12,
        ema_26,
        average_gain_14,
        average_loss_14,
        macd_signal
    from smoothed

)

select * from final
