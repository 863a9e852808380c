-- One row per listing and trade date on which fct_valuation_daily starts using a new share count
-- (a filing) and the market cap it implies differs from the cap the previous filing's count
-- implies on the same day, at the same close, by 40 % or more (a ratio >= 1.4 or <= 1 / 1.4)
-- (reconciliation check `market_cap_steps_without_splits`, decision 040). Splits the market
-- events list are already applied to both counts (decision 019), so a listed split never moves
-- the cap; what is left is a split the events lack (the step is a split factor), a share count
-- in the wrong scale (a power of 1,000) or a change in the count itself (a merger, an offering,
-- share classes counted differently), and in the first two cases the published cap is wrong on
-- one side of the step. Price moves with an unchanged count are the market source's own (and
-- split-shaped ones are `price_jumps_without_split_events`), so they are not this check's.
-- Key `cik symbol trade_date`.

with

valuations as (

    select * from {{ ref('fct_valuation_daily') }}
    where shares_outstanding > 0 and close_price > 0

),

facts as (

    select * from {{ ref('stg_sec__company_facts') }}

),

split_ratio_facts as (

    select distinct
        cik,
        cast(value as double precision) as split_ratio,
        filed_date
    from facts
    where
        taxonomy = 'us-gaap'
        and concept in (
            'StockholdersEquityNoteStockSplitConversionRatio1',
            'StockholdersEquityNoteStockSplitConversionRatio'
        )
        and value > 0
        and value <> 1

),

-- each day's count on the latest split basis, so consecutive counts compare across splits
counted as (

    select
        symbol,
        trade_date,
        cik,
        close_price,
        market_cap,
        later_split_factor,
        shares_outstanding,
        shares_outstanding_reported,
        shares_as_of_date,
        shares_accession_number,
        shares_filed_date,
        shares_outstanding * later_split_factor as shares_on_latest_basis,
        lag(shares_outstanding * later_split_factor) over by_day
            as previous_shares_on_latest_basis,
        lag(shares_outstanding_reported) over by_day as previous_shares_reported,
        lag(shares_as_of_date) over by_day as previous_shares_as_of_date,
        lag(shares_accession_number) over by_day as previous_shares_accession_number
    from valuations
    window by_day as (partition by symbol order by trade_date)

),

steps as (

    select
        *,
        shares_on_latest_basis / previous_shares_on_latest_basis as step_ratio,
        -- the cap of this close with the previous filing's count
        close_price * previous_shares_on_latest_basis / later_split_factor
            as market_cap_with_previous_shares
    from counted
    where
        previous_shares_on_latest_basis > 0
        and (
            shares_accession_number is distinct from previous_shares_accession_number
            or shares_as_of_date is distinct from previous_shares_as_of_date
        )

),

large_steps as (

    select *
    from steps
    where abs(ln(step_ratio)) >= ln(1.4)

),

-- N:1 splits (the count rises N-fold) and 1:N reverse splits, as in
-- recon_price_jumps_without_split_events, and powers of 1,000 (a count in thousands)
explanations (factor, explanation) as (

    values
    (2.0, 'split'), (3.0, 'split'), (4.0, 'split'), (5.0, 'split'), (6.0, 'split'),
    (7.0, 'split'), (8.0, 'split'), (10.0, 'split'), (15.0, 'split'), (20.0, 'split'),
    (25.0, 'split'), (30.0, 'split'), (40.0, 'split'), (50.0, 'split'), (100.0, 'split'),
    (1000.0, 'scale'), (1000000.0, 'scale')

),

explained as (

    -- the nearest split factor or power of 1,000 within 3 % (organic change between filings)
    select
        large_steps.symbol,
        large_steps.trade_date,
        explanations.factor,
        explanations.explanation,
        row_number() over (
            partition by large_steps.symbol, large_steps.trade_date
            order by abs(abs(ln(large_steps.step_ratio)) - ln(explanations.factor))
        ) as explanation_rank
    from large_steps
    inner join explanations
        on abs(abs(ln(large_steps.step_ratio)) - ln(explanations.factor)) <= ln(1.03)

),

annotated as (

    select
        large_steps.*,
        explained.factor,
        explained.explanation,
        (
            select
                string_agg(
                    cast(split_ratio_facts.split_ratio as varchar) || ' (filed '
                    || cast(split_ratio_facts.filed_date as varchar) || ')',
                    ', ' order by split_ratio_facts.filed_date
                )
            from split_ratio_facts
            where
                split_ratio_facts.cik = large_steps.cik
                and abs(abs(ln(split_ratio_facts.split_ratio)) - ln(explained.factor))
                <= ln(1.01)
                and split_ratio_facts.filed_date
                between large_steps.previous_shares_as_of_date and large_steps.trade_date + 92
        ) as filed_split_ratios
    from large_steps
    left join explained
        on
            large_steps.symbol = explained.symbol
            and large_steps.trade_date = explained.trade_date
            and explained.explanation_rank = 1

),

classified as (

    select
        *,
        case
            when explanation = 'scale' then 'probable scale error'
            when explanation = 'split' and filed_split_ratios is not null
                then 'split the market events lack'
            when explanation = 'split' then 'split nobody lists'
            else 'count changed'
        end as step_kind
    from annotated

),

final as (

    select
        'market_cap_steps_without_splits' as check_name,
        cast(cik as varchar) || ' ' || symbol || ' ' || cast(trade_date as varchar)
            as affected_key,
        1 as affected_rows,
        step_kind,
        step_ratio,
        step_kind || ': market cap ' || cast(cast(market_cap as bigint) as varchar) || ' with '
        || cast(cast(shares_outstanding_reported as bigint) as varchar) || ' shares as of '
        || cast(shares_as_of_date as varchar) || ' (' || shares_accession_number
        || ', filed ' || cast(shares_filed_date as varchar) || ') vs '
        || cast(cast(market_cap_with_previous_shares as bigint) as varchar)
        || ' with the previous ' || cast(cast(previous_shares_reported as bigint) as varchar)
        || ' as of ' || cast(previous_shares_as_of_date as varchar) || ': ratio '
        || cast(round(step_ratio, 4) as varchar) || ' at close '
        || cast(round(close_price, 4) as varchar)
        || case
            when step_kind = 'probable scale error'
                then ' (a power of 1,000)'
            when step_kind = 'split the market events lack'
                then
                    ' (a ' || cast(cast(factor as integer) as varchar)
                    || '-fold split; the filings report ratio ' || filed_split_ratios
                    || '; see split_events_match_filings)'
            when step_kind = 'split nobody lists'
                then
                    ' (a ' || cast(cast(factor as integer) as varchar)
                    || '-fold split that neither the market events nor the filings list)'
            else ' (no split factor: a merger, an offering, or share classes counted differently)'
        end as detail
    from classified

)

select * from final
