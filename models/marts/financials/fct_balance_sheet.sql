-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): balance sheet line items at the
-- end of the fiscal period, pivoted from int_line_items_by_fiscal_period, each with its provenance
-- (accession, concept), whether it was derived (decision 014) and how. Balances are never
-- derived by subtraction across periods; the FY row is the balance at the fiscal year end, the
-- same facts as Q4 (decision 015). period_end is the balance sheet date; period_start is the
-- first day of the fiscal period the balance closes (decision 015).
-- Share counts are also given on the company's latest split basis (decisions 037, 045): a count
-- is on the basis of the filing that reported it, so it is multiplied by the factors of the
-- splits after that filing's date (int_stock_splits_combined); the as-filed columns are unchanged.
-- The pivot is built company by company (int_balance_sheet_pivoted); this table adds what a
-- company's SEC data does not decide, the ticker and the split basis, over every company
-- (decision 046).

{%- set line_items = statement_line_items('balance_sheet') %}
{%- set split_adjusted_items = split_adjusted_line_items('balance_sheet') %}

with

periods as (

    select * from {{ ref('int_balance_sheet_pivoted') }}

),

companies as (

    select * from {{ ref('dim_company') }}

),

splits as (

    select * from {{ ref('int_stock_splits_combined') }}

),

split_factors as (

    -- decisions 037, 045: the splits after the reporting filing's date (none: factor 1)
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
