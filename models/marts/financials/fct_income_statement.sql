-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): income statement line items
-- pivoted from int_line_items_by_fiscal_period, each with its provenance (accession, concept),
-- whether it was derived (from year-to-date figures, decision 009, or from an identity such as
-- gross profit = revenue - cost of revenue, decision 014) and the derivation formula.
-- Per-share amounts and share counts are also given on the company's latest split basis
-- (decision 037): a value is on the basis of the filing that reported it, so it is divided
-- (EPS) or multiplied (shares) by the factors of the splits after that filing's date
-- (int_stock_splits_combined); the as-filed columns are unchanged.

{%- set line_items = statement_line_items('income_statement') %}
{%- set split_adjusted_items = [
    'eps_basic', 'eps_diluted', 'weighted_shares_basic', 'weighted_shares_diluted'
] %}

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where statement = 'income_statement'

),

companies as (

    select * from {{ ref('dim_company') }}

),

splits as (

    select * from {{ ref('int_stock_splits_combined') }}

),

with_ticker as (

    select
        line_items.*,
        companies.ticker,
        -- decision 037: the splits after the reporting filing's date (none: factor 1)
        {{ split_factor_to_latest_basis('line_items', 'splits') }} as split_factor
    from line_items
    left join companies on line_items.cik = companies.cik
    left join splits
        on
            line_items.line_item in (
                'eps_basic', 'eps_diluted', 'weighted_shares_basic', 'weighted_shares_diluted'
            )
            and {{ is_filed_in_split_interval('line_items', 'splits') }}

),

adjusted as (

    select
        *,
        case
            when line_item in ('eps_basic', 'eps_diluted')
                then cast(value as double precision) / split_factor
            when line_item in ('weighted_shares_basic', 'weighted_shares_diluted')
                then cast(value as double precision) * split_factor
        end as value_split_adjusted
    from with_ticker

),

final as (

    select
        cik,
        ticker,
        fiscal_year,
        fiscal_period,
        max(fiscal_quarter) as fiscal_quarter,
        -- every line item of one fiscal period covers the same dates
        min(period_start) as period_start,
        max(period_end) as period_end,
        -- monetary line items are all in the company's reporting currency (decision 008)
        max(case when is_currency then unit end) as unit,
        {{ pivot_line_items(line_items) }}
        {%- for item in split_adjusted_items %}
            max(case when line_item = '{{ item }}' then value_split_adjusted end)
                as {{ item }}_split_adjusted,
        {%- endfor %}
        {%- for item in split_adjusted_items %}
            max(case when line_item = '{{ item }}' then split_factor end)
                as {{ item }}_split_factor,
        {%- endfor %}
        count(distinct line_item) as n_line_items
    from adjusted
    group by cik, ticker, fiscal_year, fiscal_period

)

select * from final
