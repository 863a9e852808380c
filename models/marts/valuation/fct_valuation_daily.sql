-- One row per listing (market symbol of a loaded company) and trade date: market cap, P/E on
-- trailing-twelve-month diluted EPS, price/sales on TTM revenue and dividend yield, each from
-- what was public on the trade date only (decision 019): shares, EPS and revenue come from
-- filings filed on or before it (int_fundamentals_known_on_trade_date), each figure cites its
-- filing and filed date, and dividends are those that went ex in the 365 days up to it.
--
-- Splits: Yahoo restates closes and dividends to the latest split, while filings state share
-- counts and EPS on the basis of their own date. Every price and per-share figure is shown on the
-- trade date's basis: the close as traded that day (Yahoo's close times the factors of later
-- splits), the reported share count times the factors of splits after its basis date and on or
-- before the trade date, TTM EPS on the same basis. Stale fundamentals (older than
-- `valuation_max_fundamentals_age_days`) are NULL (int_fundamentals_known_on_trade_date).
--
-- Built symbol by symbol: only symbols with new market data, or every symbol after new SEC
-- data (int_valuation_symbols_to_build, decision 030).

{{ config(materialized='partitioned') }}

with

fundamentals as (

    select * from {{ ref('int_fundamentals_known_on_trade_date') }}
    where {{ valuation_batch('symbol') }}

),

symbols as (

    select * from {{ ref('int_valuation_symbols') }}
    where {{ valuation_batch('symbol') }}

),

dividends as (

    select * from {{ ref('stg_market__dividends') }}
    where {{ valuation_batch('symbol') }}

),

dividend_events as (

    -- every bar and every ex-date (which may fall on a day without a bar), for a calendar window
    select
        symbol,
        trade_date as event_date,
        cast(0 as double precision) as dividend_amount,
        false as is_dividend,
        true as is_bar
    from fundamentals

    union all

    select
        dividends.symbol,
        dividends.ex_date as event_date,
        dividends.dividend_amount,
        true as is_dividend,
        false as is_bar
    from dividends
    inner join symbols on dividends.symbol = symbols.symbol
    where dividends.dividend_amount is not null

),

trailing_dividends as (

    -- ex-dates in (trade_date - 365 days, trade_date], amounts on Yahoo's (latest) split basis
    select
        symbol,
        event_date as trade_date,
        sum(dividend_amount) over trailing_year as dividends_on_latest_basis,
        sum(case when is_dividend then 1 else 0 end) over trailing_year as n_dividends,
        max(case when is_dividend then event_date end) over trailing_year as last_ex_date,
        is_bar
    from dividend_events
    window trailing_year as (
        partition by symbol
        order by event_date
        range between interval 364 days preceding and current row
    )

),

joined as (

    select
        fundamentals.symbol,
        fundamentals.trade_date,
        fundamentals.cik,
        fundamentals.company_ticker,
        fundamentals.currency,
        fundamentals.split_adjusted_close_price
        * fundamentals.later_split_factor as close_price,
        fundamentals.split_adjusted_close_price,
        fundamentals.later_split_factor,
        fundamentals.shares_outstanding_reported,
        fundamentals.shares_split_factor,
        cast(fundamentals.shares_outstanding_reported as double precision)
        * fundamentals.shares_split_factor as shares_outstanding,
        fundamentals.n_share_classes,
        fundamentals.shares_as_of_date,
        fundamentals.shares_split_basis_date,
        fundamentals.shares_source_concept,
        fundamentals.shares_accession_number,
        fundamentals.shares_form,
        fundamentals.shares_filed_date,
        fundamentals.eps_diluted_ttm,
        fundamentals.eps_diluted_ttm_unit,
        fundamentals.eps_diluted_ttm_method,
        fundamentals.eps_diluted_ttm_fiscal_year,
        fundamentals.eps_diluted_ttm_fiscal_period,
        fundamentals.eps_diluted_ttm_period_end,
        fundamentals.eps_diluted_ttm_accession_number,
        fundamentals.eps_diluted_ttm_filed_date,
        fundamentals.revenue_ttm,
        fundamentals.revenue_ttm_unit,
        fundamentals.revenue_ttm_method,
        fundamentals.revenue_ttm_fiscal_year,
        fundamentals.revenue_ttm_fiscal_period,
        fundamentals.revenue_ttm_period_end,
        fundamentals.revenue_ttm_accession_number,
        fundamentals.revenue_ttm_filed_date,
        case
            when
                fundamentals.trade_date - 364 >= fundamentals.first_loaded_trade_date
                then
                    trailing_dividends.dividends_on_latest_basis * fundamentals.later_split_factor
        end as dividends_per_share_ttm,
        case
            when fundamentals.trade_date - 364 >= fundamentals.first_loaded_trade_date
                then trailing_dividends.n_dividends
        end as n_dividends_ttm,
        trailing_dividends.last_ex_date as dividend_last_ex_date
    from fundamentals
    left join trailing_dividends
        on
            fundamentals.symbol = trailing_dividends.symbol
            and fundamentals.trade_date = trailing_dividends.trade_date
            and trailing_dividends.is_bar

),

final as (

    select
        symbol,
        trade_date,
        cik,
        company_ticker,
        currency,
        close_price,
        split_adjusted_close_price,
        later_split_factor,
        shares_outstanding,
        shares_outstanding_reported,
        shares_split_factor,
        n_share_classes,
        shares_as_of_date,
        shares_split_basis_date,
        shares_source_concept,
        shares_accession_number,
        shares_form,
        shares_filed_date,
        close_price * shares_outstanding as market_cap,
        eps_diluted_ttm,
        eps_diluted_ttm_unit,
        eps_diluted_ttm_method,
        eps_diluted_ttm_fiscal_year,
        eps_diluted_ttm_fiscal_period,
        eps_diluted_ttm_period_end,
        eps_diluted_ttm_accession_number,
        eps_diluted_ttm_filed_date,
        -- not meaningful for a loss, nor across currencies (EPS unit "USD/shares" vs the quote)
        case
            when eps_diluted_ttm > 0 and eps_diluted_ttm_unit = currency || '/shares'
                then close_price / eps_diluted_ttm
        end as pe_ratio_ttm,
        revenue_ttm,
        revenue_ttm_unit,
        revenue_ttm_method,
        revenue_ttm_fiscal_year,
        revenue_ttm_fiscal_period,
        revenue_ttm_period_end,
        revenue_ttm_accession_number,
        revenue_ttm_filed_date,
        case
            when revenue_ttm > 0 and revenue_ttm_unit = currency
                then close_price * shares_outstanding / revenue_ttm
        end as price_to_sales_ttm,
        dividends_per_share_ttm,
        n_dividends_ttm,
        dividend_last_ex_date,
        dividends_per_share_ttm / nullif(close_price, 0) as dividend_yield_ttm
    from joined

)

select * from final
