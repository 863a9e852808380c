-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): income statement line items
-- pivoted from int_line_items_by_fiscal_period, each with its provenance (accession, concept),
-- whether it was derived (from year-to-date figures, decision 009, or from an identity such as
-- gross profit = revenue - cost of revenue, decision 014) and the derivation formula.

{%- set line_items = statement_line_items('income_statement') %}

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where statement = 'income_statement'

),

companies as (

    select * from {{ ref('dim_company') }}

),

with_ticker as (

    select
        line_items.*,
        companies.ticker
    from line_items
    left join companies on line_items.cik = companies.cik

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
        count(distinct line_item) as n_line_items
    from with_ticker
    group by cik, ticker, fiscal_year, fiscal_period

)

select * from final
