-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): income statement line items
-- pivoted from int_line_items_by_fiscal_period, each with its provenance (accession, concept),
-- whether it was derived and how, and for EPS and weighted shares the filing date of the filing
-- the value cites (`<item>_source_filed_date`: its split basis, decision 037). Everything of
-- fct_income_statement that reads only the company's own SEC data: the mart adds the ticker and
-- the split-adjusted columns (decision 046).
-- Built company by company, and only for companies with new SEC data (decisions 029, 043, 046).

{%- set line_items = statement_line_items('income_statement') %}
{%- set split_adjusted_items = split_adjusted_line_items('income_statement') %}

{{ config(materialized='partitioned') }}

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where
        statement = 'income_statement'
        and {{ company_batch('cik') }}

),

final as (

    select
        cik,
        fiscal_year,
        fiscal_period,
        max(fiscal_quarter) as fiscal_quarter,
        -- every line item of one fiscal period covers the same dates
        min(period_start) as period_start,
        max(period_end) as period_end,
        -- monetary line items are all in the company's reporting currency (decision 008)
        max(case when is_currency then unit end) as unit,
        {{ pivot_line_items(line_items) }}
        {{ pivot_line_item_filed_dates(split_adjusted_items) }}
        count(distinct line_item) as n_line_items
    from line_items
    group by cik, fiscal_year, fiscal_period

)

select * from final
