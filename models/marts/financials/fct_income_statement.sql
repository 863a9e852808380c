-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): income statement line items
-- pivoted from int_line_items_by_fiscal_period, each with its provenance (accession, concept),
-- whether it was derived (from year-to-date figures, decision 009, or from an identity such as
-- gross profit = revenue - cost of revenue, decision 014) and the derivation formula.
-- Per-share amounts and share counts are also given on the company's latest split basis
-- (decision 037): a value is on the basis of the filing that reported it, so it is divided
-- (EPS) or multiplied (shares) by the factors of the splits after that filing's date
-- (int_stock_splits_combined); the as-filed columns are unchanged.
-- The pivot is built company by company (int_income_statement_pivoted); this table adds what a
-- company's SEC data does not decide, the ticker and the split basis, over every company
-- (decision 046).

{%- set line_items = statement_line_items('income_statement') %}
{%- set split_adjusted_items = split_adjusted_line_items('income_statement') %}

with

periods as (

    select * from {{ ref('int_income_statement_pivoted') }}

),

companies as (

    select * from {{ ref('dim_company') }}

),

splits as (

    select * from {{ ref('int_stock_splits_combined') }}

),

split_factors as (

    -- decision 037: the splits after the reporting filing's date (none: factor 1)
    {{ split_factors_by_fiscal_period('periods', 'splits', split_adjusted_items.keys() | list) }}

),

final as (

    select
        periods.cik,
        companies.ticker,
        periods.fiscal_year,
        periods.fiscal_period,
        periods.fiscal_quarter,
        periods.period_start,
        periods.period_end,
        periods.unit,
        {%- for column in pivoted_line_item_columns(line_items) %}
            periods.{{ column }},
        {%- endfor %}
        {%- for item, kind in split_adjusted_items.items() %}
            {{ split_adjusted_value(
                'periods.' ~ item, 'split_factors.' ~ item ~ '_split_factor', kind
            ) }} as {{ item }}_split_adjusted,
        {%- endfor %}
        {%- for item in split_adjusted_items %}
            split_factors.{{ item }}_split_factor,
        {%- endfor %}
        periods.n_line_items
    from periods
    left join companies on periods.cik = companies.cik
    left join split_factors
        on
            periods.cik = split_factors.cik
            and periods.fiscal_year = split_factors.fiscal_year
            and periods.fiscal_period = split_factors.fiscal_period

)

select * from final
