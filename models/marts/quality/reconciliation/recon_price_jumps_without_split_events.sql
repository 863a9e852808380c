-- One row per symbol and trade date whose raw close moved from the previous bar's close by a
-- common split factor (within 3 %, and by at least 40 %) while no split event of the symbol
-- lies within 7 days of the move (reconciliation check `price_jumps_without_split_events`).
-- Yahoo restates every close to the basis of the symbol's latest split, so its own series
-- never jumps at a split; a close that drops to 1/N (or rises N-fold) overnight is a history
-- stitched from loads on two split bases, or a split the events do not list — then close x the
-- later split factors (decision 019) is off by that factor. A genuine crash or rally of that
-- size landing within 3 % of a split factor is possible but rare; the detail shows the
-- adjusted-close and volume ratios to tell the two apart. Listings of a loaded company are
-- keyed `cik symbol date`, other symbols `symbol date`.

with

bars as (

    select * from {{ ref('stg_market__daily_bars') }}
    where close_price > 0

),

splits as (

    select * from {{ ref('stg_market__splits') }}

),

listings as (

    select * from {{ ref('int_valuation_symbols') }}

),

-- N-for-1 splits (the close falls to 1/N) and 1-for-N reverse splits (it rises N-fold)
split_factors (split_factor) as (

    values
    (2.0), (3.0), (4.0), (5.0), (6.0), (7.0), (8.0), (10.0), (15.0), (20.0), (25.0),
    (30.0), (40.0), (50.0), (100.0)

),

expected_ratios as (

    select
        1.0 / split_factor as expected_ratio,
        cast(cast(split_factor as integer) as varchar) || ':1' as split_label
    from split_factors
    union all
    select
        split_factor as expected_ratio,
        '1:' || cast(cast(split_factor as integer) as varchar) as split_label
    from split_factors

),

stepped as (

    select
        symbol,
        trade_date,
        close_price,
        adj_close_price,
        volume,
        lag(trade_date) over (partition by symbol order by trade_date) as previous_trade_date,
        lag(close_price) over (partition by symbol order by trade_date) as previous_close_price,
        lag(adj_close_price) over (partition by symbol order by trade_date)
            as previous_adj_close_price,
        lag(volume) over (partition by symbol order by trade_date) as previous_volume
    from bars

),

jumps as (

    select
        *,
        close_price / previous_close_price as close_ratio
    from stepped
    where
        previous_close_price > 0
        and abs(close_price / previous_close_price - 1) >= 0.4

),

matched as (

    select
        jumps.*,
        expected_ratios.expected_ratio,
        expected_ratios.split_label,
        row_number() over (
            partition by jumps.symbol, jumps.trade_date
            order by abs(ln(jumps.close_ratio / expected_ratios.expected_ratio))
        ) as match_rank
    from jumps
    inner join expected_ratios
        on abs(ln(jumps.close_ratio / expected_ratios.expected_ratio)) <= ln(1.03)

),

unexplained as (

    select matched.*
    from matched
    where
        matched.match_rank = 1
        and not exists (
            select 1
            from splits
            where
                splits.symbol = matched.symbol
                and splits.split_date between matched.previous_trade_date - 7
                and matched.trade_date + 7
        )

),

final as (

    select
        'price_jumps_without_split_events' as check_name,
        case
            when listings.cik is null
                then unexplained.symbol || ' ' || cast(unexplained.trade_date as varchar)
            else
                cast(listings.cik as varchar) || ' ' || unexplained.symbol || ' '
                || cast(unexplained.trade_date as varchar)
        end as affected_key,
        1 as affected_rows,
        'close ' || cast(round(unexplained.previous_close_price, 4) as varchar) || ' on '
        || cast(unexplained.previous_trade_date as varchar) || ' -> '
        || cast(round(unexplained.close_price, 4) as varchar) || ': ratio '
        || cast(round(unexplained.close_ratio, 4) as varchar) || ', a ' || unexplained.split_label
        || ' split (ratio ' || cast(round(unexplained.expected_ratio, 4) as varchar)
        || '), but no split event within 7 days; adjusted close ratio '
        || coalesce(
            cast(
                round(
                    unexplained.adj_close_price / nullif(unexplained.previous_adj_close_price, 0),
                    4
                ) as varchar
            ),
            '?'
        )
        || ', volume ratio '
        || coalesce(
            cast(
                round(
                    cast(unexplained.volume as double precision)
                    / nullif(unexplained.previous_volume, 0),
                    2
                ) as varchar
            ),
            '?'
        ) as detail
    from unexplained
    left join listings on unexplained.symbol = listings.symbol

)

select * from final
