-- One row per listing (market symbol of a loaded company) and trade date: market cap, P/E on
-- trailing-twelve-month diluted EPS, price/sales on TTM revenue and dividend yield, each from
-- what was public on the trade date only (decision 019): shares, EPS and revenue come from
-- filings filed on or before it, each figure cites its filing and filed date, and dividends are
-- those that went ex in the 365 days up to it.
--
-- Splits: Yahoo restates closes and dividends to the latest split, while filings state share
-- counts and EPS on the basis of their own date. Every price and per-share figure is shown on the
-- trade date's basis: the close as traded that day (Yahoo's close times the factors of later
-- splits), the reported share count times the factors of splits after its basis date and on or
-- before the trade date, TTM EPS on the same basis. Figures older than
-- `valuation_max_fundamentals_age_days` (dbt var, default 400) on the trade date are stale:
-- NULL rather than a ratio from a company that stopped filing.

{%- set max_age_days = var('valuation_max_fundamentals_age_days', 400) %}
{%- set ttm_columns = [
    '', '_unit', '_method', '_fiscal_year', '_fiscal_period', '_period_end', '_accession_number',
    '_filed_date',
] %}

with

prices as (

    select * from {{ ref('fct_daily_prices') }}

),

symbols as (

    select * from {{ ref('int_valuation_symbols') }}

),

split_basis_periods as (

    select * from {{ ref('int_split_basis_periods') }}

),

shares_known as (

    select * from {{ ref('int_shares_outstanding_known') }}

),

ttm_known as (

    select * from {{ ref('int_trailing_twelve_months_known') }}

),

dividends as (

    select * from {{ ref('stg_market__dividends') }}

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

dividend_events as (

    -- every bar and every ex-date (which may fall on a day without a bar), for a calendar window
    select
        symbol,
        trade_date as event_date,
        cast(0 as double precision) as dividend_amount,
        false as is_dividend,
        true as is_bar
    from listing_prices

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

joined as (

    select
        listing_prices.symbol,
        listing_prices.trade_date,
        listing_prices.cik,
        listing_prices.company_ticker,
        listing_prices.currency,
        listing_prices.close_price * listing_prices.later_split_factor as close_price,
        listing_prices.close_price as split_adjusted_close_price,
        listing_prices.later_split_factor,
        shares_on_trade_date.shares_outstanding_reported,
        shares_on_trade_date.shares_split_factor,
        cast(shares_on_trade_date.shares_outstanding_reported as double precision)
        * shares_on_trade_date.shares_split_factor as shares_outstanding,
        shares_on_trade_date.n_share_classes,
        shares_on_trade_date.shares_as_of_date,
        shares_on_trade_date.shares_split_basis_date,
        shares_on_trade_date.shares_source_concept,
        shares_on_trade_date.shares_accession_number,
        shares_on_trade_date.shares_form,
        shares_on_trade_date.shares_filed_date,
        {%- for prefix in ['eps_diluted_ttm', 'revenue_ttm'] %}
            {%- for suffix in ttm_columns %}
                {{ prefix }}_on_trade_date.{{ prefix }}{{ suffix }},
            {%- endfor %}
        {%- endfor %}
        case
            when
                listing_prices.trade_date - 364 >= listing_prices.first_loaded_trade_date
                then
                    trailing_dividends.dividends_on_latest_basis * listing_prices.later_split_factor
        end as dividends_per_share_ttm,
        case
            when listing_prices.trade_date - 364 >= listing_prices.first_loaded_trade_date
                then trailing_dividends.n_dividends
        end as n_dividends_ttm,
        trailing_dividends.last_ex_date as dividend_last_ex_date
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
    left join trailing_dividends
        on
            listing_prices.symbol = trailing_dividends.symbol
            and listing_prices.trade_date = trailing_dividends.trade_date
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
