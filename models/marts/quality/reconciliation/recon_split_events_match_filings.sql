-- Split events of the market data against the split ratios the filings report
-- (us-gaap StockholdersEquityNoteStockSplitConversionRatio1, and its predecessor without the
-- `1`), per listing of a loaded company (int_valuation_symbols) (reconciliation check
-- `split_events_match_filings`). A ratio and a split match when the factors agree within 1 %
-- (a filer may state a 1-for-N reverse split as N) and the split lies within 366 days before
-- to 92 days after a filing date that reports the ratio: filers report a split in the first
-- 10-Q/10-K after it, or in the filing that announces it. Two findings:
-- - `market split`: a split event no filing reports, judged only once the company has facts
--   filed a year after it (key `cik symbol split_date`);
-- - `filing ratio`: a ratio (first filed on a date) with no matching split event, judged only
--   where the listing's bars cover that whole window (key `cik symbol ratio first_filed`).
-- Filings re-report a split for about three years (comparatives), so a ratio's reports more
-- than three years apart are counted as two splits.

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}

),

splits as (

    select * from {{ ref('stg_market__splits') }}
    where split_factor > 0

),

bars as (

    select * from {{ ref('stg_market__daily_bars') }}

),

listings as (

    select * from {{ ref('int_valuation_symbols') }}

),

company_facts_range as (

    select
        cik,
        max(filed_date) as last_filed_date
    from facts
    group by cik

),

ratio_facts as (

    select distinct
        cik,
        cast(value as double precision) as split_ratio,
        filed_date
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
        {{ split_occurrence('starts_occurrence', 'filed_date') }} as occurrence,
        filed_date
    from ratio_facts_numbered

),

filing_splits as (

    select
        cik,
        split_ratio,
        min(filed_date) as first_filed_date,
        count(*) as filings
    from ratio_occurrences
    group by cik, split_ratio, occurrence

),

listing_splits as (

    select
        listings.cik,
        splits.symbol,
        splits.split_date,
        splits.split_factor,
        splits.split_ratio as split_label
    from splits
    inner join listings on splits.symbol = listings.symbol

),

listing_bars as (

    select
        listings.cik,
        bars.symbol,
        min(bars.trade_date) as first_trade_date,
        max(bars.trade_date) as last_trade_date
    from bars
    inner join listings on bars.symbol = listings.symbol
    group by listings.cik, bars.symbol

),

unreported_market_splits as (

    select
        listing_splits.cik,
        listing_splits.symbol || ' ' || cast(listing_splits.split_date as varchar) as key_rest,
        'market split ' || listing_splits.split_label || ' (factor '
        || cast(round(listing_splits.split_factor, 4) as varchar) || ') on '
        || cast(listing_splits.split_date as varchar)
        || ': no filing within a year reports that ratio (company facts filed to '
        || cast(company_facts_range.last_filed_date as varchar) || ')' as detail
    from listing_splits
    inner join company_facts_range on listing_splits.cik = company_facts_range.cik
    where
        company_facts_range.last_filed_date >= listing_splits.split_date + 366
        and not exists (
            select 1
            from ratio_facts
            where
                ratio_facts.cik = listing_splits.cik
                and {{ split_matches_filing(
                    'ratio_facts.split_ratio', 'listing_splits.split_factor',
                    'listing_splits.split_date', 'ratio_facts.filed_date'
                ) }}
        )

),

unmatched_filing_splits as (

    select
        filing_splits.cik,
        listing_bars.symbol || ' ' || cast(filing_splits.split_ratio as varchar) || ' '
        || cast(filing_splits.first_filed_date as varchar) as key_rest,
        'filing ratio ' || cast(filing_splits.split_ratio as varchar) || ' (first filed '
        || cast(filing_splits.first_filed_date as varchar) || ', '
        || cast(filing_splits.filings as varchar) || ' report(s)): '
        || coalesce(
            'the market data has only '
            || (
                select
                    string_agg(
                        listing_splits.split_label || ' on '
                        || cast(listing_splits.split_date as varchar),
                        ', ' order by listing_splits.split_date
                    )
                from listing_splits
                where
                    listing_splits.symbol = listing_bars.symbol
                    and listing_splits.split_date
                    between filing_splits.first_filed_date - 366
                    and filing_splits.first_filed_date + 92
            )
            || ' in that window',
            'no split event of ' || listing_bars.symbol || ' in '
            || cast(filing_splits.first_filed_date - 366 as varchar) || '..'
            || cast(filing_splits.first_filed_date + 92 as varchar)
            || ', which its bars cover'
        ) as detail
    from filing_splits
    inner join listing_bars on filing_splits.cik = listing_bars.cik
    where
        listing_bars.first_trade_date <= filing_splits.first_filed_date - 366
        and listing_bars.last_trade_date >= filing_splits.first_filed_date + 92
        and not exists (
            select 1
            from listing_splits
            where
                listing_splits.symbol = listing_bars.symbol
                and {{ split_matches_filing(
                    'filing_splits.split_ratio', 'listing_splits.split_factor',
                    'listing_splits.split_date', 'filing_splits.first_filed_date'
                ) }}
        )

),

findings as (

    select * from unreported_market_splits
    union all
    select * from unmatched_filing_splits

),

final as (

    select
        'split_events_match_filings' as check_name,
        cast(cik as varchar) || ' ' || key_rest as affected_key,
        1 as affected_rows,
        detail
    from findings

)

select * from final
