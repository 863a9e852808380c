-- One row per symbol and stretch of dates between two of its splits: the product of the split
-- factors of every later split in raw_market (decision 019). Yahoo restates a symbol's closes
-- and dividends to the basis of its latest split (the market source re-reads the history when a
-- split arrives), so a close of a date in [basis_start_date, basis_end_date) times
-- later_split_factor is the price as traded that day, and a per-share figure stated on such a
-- date (a filing's EPS, a cover-page share count) divided (multiplied, for share counts) by it is
-- on the latest basis. Symbols without splits have no rows here: their factor is 1.

with

splits as (

    select * from {{ ref('stg_market__splits') }}
    where split_factor > 0

),

ordered as (

    select
        symbol,
        split_date,
        split_factor,
        lag(split_date) over (partition by symbol order by split_date) as previous_split_date,
        -- product of this and every later split's factor (as a sum of logs: portable SQL)
        sum(ln(split_factor)) over (
            partition by symbol
            order by split_date desc
            rows between unbounded preceding and current row
        ) as log_factor_from_here
    from splits

),

before_each_split as (

    -- the stretch that ends the day before each split: every split from it on is later
    select
        symbol,
        previous_split_date as basis_start_date,
        split_date as basis_end_date,
        round(exp(log_factor_from_here), 10) as later_split_factor
    from ordered

),

after_last_split as (

    select
        symbol,
        max(split_date) as basis_start_date,
        cast(null as date) as basis_end_date,
        cast(1 as double precision) as later_split_factor
    from splits
    group by symbol

),

final as (

    select * from before_each_split
    union all
    select * from after_last_split

)

select * from final
