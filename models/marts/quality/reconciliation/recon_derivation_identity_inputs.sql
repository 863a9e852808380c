{{ config(materialized='ephemeral') }}
-- One row per company and fiscal period: the fct_financial_line_items values the derived
-- line items' identities use (decision 014); input of recon_mart_values_equal_raw_facts.

with

line_items as (

    select * from {{ ref('fct_financial_line_items') }}

),

final as (

    select
        cik,
        fiscal_year,
        fiscal_period,
        max(case when line_item = 'revenue' then value end) as revenue_value,
        max(case when line_item = 'cost_of_revenue' then value end) as cost_of_revenue_value,
        max(case when line_item = 'stockholders_equity' then value end)
            as stockholders_equity_value,
        max(case when line_item = 'noncontrolling_interest' then value end)
            as noncontrolling_interest_value,
        max(case when line_item = 'liabilities_and_equity' then value end)
            as liabilities_and_equity_value,
        max(case when line_item = 'total_assets' then value end) as total_assets_value,
        max(case when line_item = 'total_liabilities' then value end) as total_liabilities_value,
        max(case when line_item = 'total_equity' then value end) as total_equity_value,
        max(case when line_item = 'temporary_equity_parent' then value end)
            as temporary_equity_parent_value,
        max(case when line_item = 'redeemable_noncontrolling_interest' then value end)
            as redeemable_noncontrolling_interest_value,
        max(case when line_item = 'operating_cash_flow' then value end)
            as operating_cash_flow_value,
        max(case when line_item = 'capital_expenditures' then value end)
            as capital_expenditures_value
    from line_items
    group by cik, fiscal_year, fiscal_period

)

select * from final
