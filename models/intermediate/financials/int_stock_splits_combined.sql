-- One row per company and stock split (decision 037): the splits the company's filings report
-- (us-gaap StockholdersEquityNoteStockSplitConversionRatio1 and its predecessor without the
-- `1`) combined with the split events of its market listings (int_valuation_symbols), one row
-- per real split, with the factor from the day before the split to the latest basis.
-- - A market event and a filing ratio are one split when they match as in the reconciliation
--   check (macro split_matches_filing, decision 035): the event's date (the first day traded on
--   the new basis) and factor (numerator / denominator, so a reverse split is below 1) are used.
-- - A filing ratio no market event matches is a split of factor = the ratio as filed, dated by
--   the ratio's instant fact (the latest such date among its reports), else by the first filing
--   that reports it. Reports of one ratio more than three years apart are separate splits
--   (filings repeat a split in comparatives for about three years).
-- - factor_to_latest_basis is the product of this split's factor and every later one's: a
--   per-share value filed in [previous_split_date, split_date) divided by it (a share count
--   multiplied by it) is on the basis of the company's latest split.

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}

),

market_splits as (

    select * from {{ ref('stg_market__splits') }}
    where split_factor > 0

),

listings as (

    select * from {{ ref('int_valuation_symbols') }}

),

ratio_facts as (

    select
        cik,
        cast(value as double precision) as split_ratio,
        filed_date,
        case when is_instant then period_end end as instant_date
    from facts
    where
        taxonomy = 'us-gaap'
        and concept in ({{ split_ratio_concepts() }})
        and value > 0
        and value <> 1

),

ratio_facts_numbered as (

    select
        *,
        -- a new split of the same ratio starts when its reports are more than three years apart
        {{ starts_split_occurrence('filed_date') }} as starts_occurrence
    from ratio_facts

),

ratio_occurrences as (

    select
        cik,
        split_ratio,
        filed_date,
        instant_date,
        {{ split_occurrence('starts_occurrence', 'filed_date') }} as occurrence
    from ratio_facts_numbered

),

filing_splits as (

    select
        cik,
        split_ratio,
        occurrence,
        min(filed_date) as first_filed_date,
        max(instant_date) as instant_date,
        count(*) as filing_reports
    from ratio_occurrences
    group by cik, split_ratio, occurrence

),

company_market_splits as (

    -- several listed share classes of one company carry the same split: one row per split
    select
        listings.cik,
        market_splits.split_date,
        market_splits.split_factor,
        min(market_splits.symbol) as symbol
    from market_splits
    inner join listings on market_splits.symbol = listings.symbol
    group by listings.cik, market_splits.split_date, market_splits.split_factor

),

matched as (

    select distinct
        company_market_splits.cik,
        company_market_splits.split_date,
        ratio_occurrences.split_ratio,
        ratio_occurrences.occurrence
    from company_market_splits
    inner join ratio_occurrences
        on
            company_market_splits.cik = ratio_occurrences.cik
            and {{ split_matches_filing(
                'ratio_occurrences.split_ratio', 'company_market_splits.split_factor',
                'company_market_splits.split_date', 'ratio_occurrences.filed_date'
            ) }}

),

matches_ranked as (

    -- a market split that two filing splits match (the same ratio reported twice, three
    -- years apart) is described by the earlier one; neither is then a filing-only split
    select
        *,
        row_number() over (
            partition by cik, split_date order by occurrence, split_ratio
        ) as match_rank
    from matched

),

first_match as (

    select * from matches_ranked
    where match_rank = 1

),

market_rows as (

    select
        company_market_splits.cik,
        company_market_splits.split_date,
        company_market_splits.split_factor,
        case
            when filing_splits.cik is null then 'market' else 'market and filing'
        end as split_source,
        'market' as split_date_source,
        company_market_splits.symbol,
        filing_splits.split_ratio as filing_split_ratio,
        filing_splits.first_filed_date as filing_first_filed_date,
        filing_splits.filing_reports
    from company_market_splits
    left join first_match
        on
            company_market_splits.cik = first_match.cik
            and company_market_splits.split_date = first_match.split_date
    left join filing_splits
        on
            first_match.cik = filing_splits.cik
            and first_match.split_ratio = filing_splits.split_ratio
            and first_match.occurrence = filing_splits.occurrence

),

filing_only_rows as (

    select
        filing_splits.cik,
        coalesce(filing_splits.instant_date, filing_splits.first_filed_date) as split_date,
        filing_splits.split_ratio as split_factor,
        'filing' as split_source,
        case
            when filing_splits.instant_date is not null then 'filing instant'
            else 'first filing'
        end as split_date_source,
        cast(null as varchar) as symbol,
        filing_splits.split_ratio as filing_split_ratio,
        filing_splits.first_filed_date as filing_first_filed_date,
        filing_splits.filing_reports
    from filing_splits
    where not exists (
        select 1
        from matched
        where
            matched.cik = filing_splits.cik
            and matched.split_ratio = filing_splits.split_ratio
            and matched.occurrence = filing_splits.occurrence
    )

),

combined as (

    select * from market_rows
    union all
    select * from filing_only_rows

),

final as (

    select
        cik,
        split_date,
        split_factor,
        split_source,
        split_date_source,
        symbol,
        filing_split_ratio,
        filing_first_filed_date,
        filing_reports,
        lag(split_date) over (partition by cik order by split_date) as previous_split_date,
        -- product of this and every later split's factor (as a sum of logs: portable SQL)
        round(
            exp(
                sum(ln(split_factor)) over (
                    partition by cik
                    order by split_date desc
                    rows between unbounded preceding and current row
                )
            ),
            10
        ) as factor_to_latest_basis
    from combined

)

select * from final
