-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): cash flow statement line items
-- pivoted from int_line_items_by_fiscal_period, each with its provenance (accession, concept),
-- whether it was derived and how. Quarters are three-month flows: 10-Qs tag cash flows
-- year-to-date, so most quarters are YTD differences (decision 009); free cash flow is always
-- operating cash flow - capital expenditures (decision 014).
-- Built company by company, and only for companies with new SEC data or after a new SEC
-- ticker file (decision 043).

{%- set line_items = statement_line_items('cash_flow_statement') %}

{{ config(materialized='partitioned') }}

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where
        statement = 'cash_flow_statement'
        and {{ company_mart_batch('cik') }}

),

companies as (

    select * from {{ ref('dim_company') }}
    where {{ company_mart_batch('cik') }}

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
