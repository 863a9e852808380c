-- Market cap = price as traded x shares on the trade date's split basis (severity error),
-- recomputed here from stg_market__splits alone, independently of int_split_basis_periods:
-- the traded close is Yahoo's (latest-basis) close times every split after the trade date, and
-- the reported count is multiplied by every split after its basis date and on or before the
-- trade date (Tesla 5:1 on 2020-08-31: the count from the 10-Q filed 2020-07-28 is multiplied by
-- 5 until the next 10-Q). Also checks that the reported count is what the cited filing reports
-- (sum over share classes for the as-of date). One row per violation; relative tolerance 1e-9.
with

valuations as (

    select * from {{ ref('fct_valuation_daily') }}
    where market_cap is not null

),

splits as (

    select * from {{ ref('stg_market__splits') }}
    where split_factor > 0

),

facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where
        is_instant
        and unit = 'shares'
        and concept in ('EntityCommonStockSharesOutstanding', 'CommonStockSharesOutstanding')

),

reported as (

    select
        accession_number,
        concept,
        period_end,
        sum(value) as shares_outstanding
    from facts
    group by accession_number, concept, period_end

),

factors as (

    select
        valuations.symbol,
        valuations.trade_date,
        exp(coalesce(sum(case
            when splits.split_date > valuations.trade_date then ln(splits.split_factor)
        end), 0)) as after_trade_date,
        exp(coalesce(sum(case
            when
                splits.split_date > valuations.shares_split_basis_date
                and splits.split_date <= valuations.trade_date
                then ln(splits.split_factor)
        end), 0)) as since_shares_basis
    from valuations
    left join splits on valuations.symbol = splits.symbol
    group by valuations.symbol, valuations.trade_date

),

expected as (

    select
        valuations.symbol,
        valuations.trade_date,
        valuations.market_cap,
        valuations.shares_outstanding_reported,
        reported.shares_outstanding as cited_filing_shares,
        valuations.split_adjusted_close_price
        * factors.after_trade_date
        * cast(valuations.shares_outstanding_reported as double precision)
        * factors.since_shares_basis as expected_market_cap
    from valuations
    inner join factors
        on
            valuations.symbol = factors.symbol
            and valuations.trade_date = factors.trade_date
    left join reported
        on
            valuations.shares_accession_number = reported.accession_number
            and valuations.shares_source_concept = reported.concept
            and valuations.shares_as_of_date = reported.period_end

)

select *
from expected
where
    abs(market_cap - expected_market_cap) > 1e-9 * abs(expected_market_cap)
    or cited_filing_shares is null
    or cited_filing_shares <> shares_outstanding_reported
