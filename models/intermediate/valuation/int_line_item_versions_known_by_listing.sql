-- One row per listing (symbol), line item (diluted EPS, revenue), knowledge date and fiscal period
-- (Q1-Q4, FY): the version of the company's value valid on that date, from the point-in-time
-- history only (int_line_item_versions: each version counts from its own filing date, decision
-- 018). Knowledge dates are the dates on which a new version of one of the listing's values of
-- that line item became public; these are the terms int_trailing_twelve_months_known adds up.
--
-- Diluted EPS is eps_diluted, else (per period) the eps_basic reported as
-- us-gaap:EarningsPerShareBasicAndDiluted, which is diluted EPS too (Tesla tags only that concept
-- for its loss years 2011-2017).
--
-- Per-share values are put on the listing's latest split basis, version by version: a filing
-- states per-share amounts on the basis of its filing date (statements are retroactively restated
-- for splits before issue), so a value filed before a later split is divided by the factors of
-- the splits after its filing date (int_split_basis_periods, decision 019).
--
-- Built symbol by symbol: only symbols with new market data, or every symbol after new SEC
-- data (int_valuation_symbols_to_build, decision 030).

{{ config(materialized='partitioned') }}

with

symbols as (

    select * from {{ ref('int_valuation_symbols') }}
    where {{ valuation_batch('symbol') }}

),

split_basis_periods as (

    select * from {{ ref('int_split_basis_periods') }}
    where {{ valuation_batch('symbol') }}

),

versions as (

    -- us-gaap:EarningsPerShareBasicAndDiluted reports diluted EPS by definition (a company
    -- with no dilutive securities, or a loss), but feeds only eps_basic (decision 013): it
    -- counts here as diluted EPS for a period with no EarningsPerShareDiluted known.
    select
        cik,
        case when line_item = 'eps_basic' then 'eps_diluted' else line_item end as line_item,
        case when line_item = 'eps_basic' then 2 else 1 end as line_item_preference,
        fiscal_year,
        fiscal_period,
        period_end,
        unit,
        value,
        valid_from,
        valid_to,
        source_accession_number
    from {{ ref('int_line_item_versions') }}
    where
        fiscal_period in ('Q1', 'Q2', 'Q3', 'Q4', 'FY')
        and (
            line_item in ('eps_diluted', 'revenue')
            or (line_item = 'eps_basic' and source_concept = 'EarningsPerShareBasicAndDiluted')
        )

),

listing_versions as (

    select
        symbols.symbol,
        versions.cik,
        versions.line_item,
        versions.line_item_preference,
        versions.fiscal_year,
        versions.fiscal_period,
        versions.period_end,
        versions.unit,
        versions.valid_from,
        versions.valid_to,
        versions.source_accession_number,
        -- decision 019: per-share values on the listing's latest split basis
        case
            when versions.unit like '%/shares'
                then
                    cast(versions.value as double precision)
                    / coalesce(split_basis_periods.later_split_factor, 1)
            else cast(versions.value as double precision)
        end as value_on_latest_basis
    from versions
    inner join symbols on versions.cik = symbols.cik
    left join split_basis_periods
        on
            symbols.symbol = split_basis_periods.symbol
            and versions.unit like '%/shares'
            and (
                split_basis_periods.basis_start_date is null
                or versions.valid_from >= split_basis_periods.basis_start_date
            )
            and (
                split_basis_periods.basis_end_date is null
                or versions.valid_from < split_basis_periods.basis_end_date
            )

),

knowledge_dates as (

    select distinct
        symbol,
        line_item,
        valid_from as known_from
    from listing_versions

),

valid_versions as (

    -- the versions valid on each knowledge date (decision 018's "as of")
    select
        knowledge_dates.known_from,
        listing_versions.*,
        row_number() over (
            partition by
                knowledge_dates.symbol,
                knowledge_dates.line_item,
                knowledge_dates.known_from,
                listing_versions.fiscal_year,
                listing_versions.fiscal_period
            order by listing_versions.line_item_preference asc
        ) as preference_rank
    from knowledge_dates
    inner join listing_versions
        on
            knowledge_dates.symbol = listing_versions.symbol
            and knowledge_dates.line_item = listing_versions.line_item
            and knowledge_dates.known_from >= listing_versions.valid_from
            and (
                listing_versions.valid_to is null
                or knowledge_dates.known_from < listing_versions.valid_to
            )

),

final as (

    select
        symbol,
        cik,
        line_item,
        known_from,
        fiscal_year,
        fiscal_period,
        period_end,
        unit,
        value_on_latest_basis,
        line_item_preference,
        valid_from,
        valid_to,
        source_accession_number
    from valid_versions
    where preference_rank = 1

)

select * from final
