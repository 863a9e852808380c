-- One row per listing (market symbol of a loaded company) and trade date: the bar's split basis
-- and the fundamentals public on the trade date (decision 019), the inputs of fct_valuation_daily:
-- the latest share count and the trailing-twelve-month diluted EPS and revenue from filings filed
-- on or before it, each citing its filing and filed date.
--
-- Splits: Yahoo restates closes and dividends to the latest split, while filings state share
-- counts and EPS on the basis of their own date. later_split_factor (the factors of splits after
-- the trade date) turns Yahoo's close into the close as traded that day; the reported share count
-- is put on the trade date's basis by shares_split_factor (the factors of splits after its basis
-- date and on or before the trade date), and TTM EPS is on the same basis. Figures older than
-- `valuation_max_fundamentals_age_days` (dbt var, default 400) on the trade date are stale: NULL
-- rather than a ratio from a company that stopped filing.
--
-- Built symbol by symbol: only symbols with new market data, or every symbol after new SEC
-- data (int_valuation_symbols_to_build, decision 030).

{%- set max_age_days = var('valuation_max_fundamentals_age_days', 400) %}

{{ config(materialized='partitioned') }}

with

prices as (

    select * from {{ ref('fct_daily_prices') }}
    where {{ valuation_batch('symbol') }}

),

symbols as (

    select * from {{ ref('int_valuation_symbols') }}
    where {{ valuation_batch('symbol') }}

),

split_basis_periods as (

    select * from {{ ref('int_split_basis_periods') }}
    where {{ valuation_batch('symbol') }}

),

shares_known as (

    select * from {{ ref('int_shares_outstanding_known') }}

),

ttm_known as (

    select * from {{ ref('int_trailing_twelve_months_known') }}
    where {{ valuation_batch('symbol') }}

),

listing_prices as (

    select
        prices.symbol,
        prices.trade_date,
        symbols.cik,
        symbols.company_ticker,
        prices.currency,
        prices.close_price,
        coalesce(split_basis_periods.later_split_factor, 1) as later_split_factor,
        min(prices.trade_date) over (partition by prices.symbol) as first_loaded_trade_date
    from prices
    inner join symbols on prices.symbol = symbols.symbol
    left join split_basis_periods
        on
            prices.symbol = split_basis_periods.symbol
            and (
                split_basis_periods.basis_start_date is null
                or prices.trade_date >= split_basis_periods.basis_start_date
            )
            and (
                split_basis_periods.basis_end_date is null
                or prices.trade_date < split_basis_periods.basis_end_date
            )

),

shares_on_trade_date as (

    select
        listing_prices.symbol,
        listing_prices.trade_date,
        shares_known.shares_outstanding as shares_outstanding_reported,
        shares_known.n_share_classes,
        shares_known.as_of_date as shares_as_of_date,
        shares_known.split_basis_date as shares_split_basis_date,
        -- decision 019: splits after the count's basis date, on or before the trade date
        coalesce(share_basis.later_split_factor, 1)
        / listing_prices.later_split_factor as shares_split_factor,
        shares_known.source_concept as shares_source_concept,
        shares_known.source_accession_number as shares_accession_number,
        shares_known.source_form as shares_form,
        shares_known.source_filed_date as shares_filed_date
    from listing_prices
    inner join shares_known
        on
            listing_prices.cik = shares_known.cik
            and listing_prices.trade_date >= shares_known.known_from
            and (shares_known.known_to is null or listing_prices.trade_date < shares_known.known_to)
            and listing_prices.trade_date - shares_known.as_of_date <= {{ max_age_days }}
    left join split_basis_periods as share_basis
        on
            listing_prices.symbol = share_basis.symbol
            and (
                share_basis.basis_start_date is null
                or shares_known.split_basis_date >= share_basis.basis_start_date
            )
            and (
                share_basis.basis_end_date is null
                or shares_known.split_basis_date < share_basis.basis_end_date
            )

),

{%- for item, prefix in [('eps_diluted', 'eps_diluted_ttm'), ('revenue', 'revenue_ttm')] %}

    {{ prefix }}_on_trade_date as (

        select
            listing_prices.symbol,
            listing_prices.trade_date,
            {%- if item == 'eps_diluted' %}
                -- on the trade date's split basis
                ttm_known.ttm_value_on_latest_basis
                * listing_prices.later_split_factor as {{ prefix }},
            {%- else %}
                ttm_known.ttm_value_on_latest_basis as {{ prefix }},
            {%- endif %}
            ttm_known.unit as {{ prefix }}_unit,
            ttm_known.ttm_method as {{ prefix }}_method,
            ttm_known.latest_fiscal_year as {{ prefix }}_fiscal_year,
            ttm_known.latest_fiscal_period as {{ prefix }}_fiscal_period,
            ttm_known.ttm_period_end as {{ prefix }}_period_end,
            ttm_known.source_accession_number as {{ prefix }}_accession_number,
            ttm_known.source_filed_date as {{ prefix }}_filed_date
        from listing_prices
        inner join ttm_known
            on
                listing_prices.symbol = ttm_known.symbol
                and ttm_known.line_item = '{{ item }}'
                and listing_prices.trade_date >= ttm_known.known_from
                and (ttm_known.known_to is null or listing_prices.trade_date < ttm_known.known_to)
                and ttm_known.ttm_value_on_latest_basis is not null
                and listing_prices.trade_date - ttm_known.ttm_period_end <= {{ max_age_days }}

    ),
{%- endfor %}

final as (

    select
        listing_prices.symbol,
        listing_prices.trade_date,
        listing_prices.cik,
        listing_prices.company_ticker,
        listing_prices.currency,
        listing_prices.close_price as split_adjusted_close_price,
        listing_prices.later_split_factor,
        listing_prices.first_loaded_trade_date,
        shares_on_trade_date.shares_outstanding_reported,
        shares_on_trade_date.shares_split_factor,
        shares_on_trade_date.n_share_classes,
        shares_on_trade_date.shares_as_of_date,
        shares_on_trade_date.shares_split_basis_date,
        shares_on_trade_date.shares_source_concept,
        shares_on_trade_date.shares_accession_number,
        shares_on_trade_date.shares_form,
        shares_on_trade_date.shares_filed_date,
        eps_diluted_ttm_on_trade_date.eps_diluted_ttm,
        eps_diluted_ttm_on_trade_date.eps_diluted_ttm_unit,
        eps_diluted_ttm_on_trade_date.eps_diluted_ttm_method,
        eps_diluted_ttm_on_trade_date.eps_diluted_ttm_fiscal_year,
        eps_diluted_ttm_on_trade_date.eps_diluted_ttm_fiscal_period,
        eps_diluted_ttm_on_trade_date.eps_diluted_ttm_period_end,
        eps_diluted_ttm_on_trade_date.eps_diluted_ttm_accession_number,
        eps_diluted_ttm_on_trade_date.eps_diluted_ttm_filed_date,
        revenue_ttm_on_trade_date.revenue_ttm,
        revenue_ttm_on_trade_date.revenue_ttm_unit,
        revenue_ttm_on_trade_date.revenue_ttm_method,
        revenue_ttm_on_trade_date.revenue_ttm_fiscal_year,
        revenue_ttm_on_trade_date.revenue_ttm_fiscal_period,
        revenue_ttm_on_trade_date.revenue_ttm_period_end,
        revenue_ttm_on_trade_date.revenue_ttm_accession_number,
        revenue_ttm_on_trade_date.revenue_ttm_filed_date
    from listing_prices
    left join shares_on_trade_date
        on
            listing_prices.symbol = shares_on_trade_date.symbol
            and listing_prices.trade_date = shares_on_trade_date.trade_date
    left join eps_diluted_ttm_on_trade_date
        on
            listing_prices.symbol = eps_diluted_ttm_on_trade_date.symbol
            and listing_prices.trade_date = eps_diluted_ttm_on_trade_date.trade_date
    left join revenue_ttm_on_trade_date
        on
            listing_prices.symbol = revenue_ttm_on_trade_date.symbol
            and listing_prices.trade_date = revenue_ttm_on_trade_date.trade_date

)

select * from final
