-- One row per company, line item, fiscal year and fiscal period (Q1-Q4, FY): the reported value,
-- or for a flow quarter that no filing tags discretely, the value derived from year-to-date
-- figures (decision 009, int_line_items_derived_from_year_to_date), flagged is_derived. Balances
-- (instants) are never derived by subtraction; the balance at the fiscal year end is also the FY
-- balance (decision 015; both in int_line_items_combined_by_fiscal_period). Where no concept
-- reports them, gross profit, total equity, total liabilities, temporary equity and free cash
-- flow are derived from identities of values of the same period (decisions 014, 022), and
-- temporary equity from an element that is temporary equity only where it closes the balance
-- sheet's gap (decision 036). The statement marts pivot these rows into columns.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{{ config(materialized='partitioned') }}

with

period_values as (

    select * from {{ ref('int_line_items_combined_by_fiscal_period') }}
    where {{ company_batch('cik') }}

),

equity_and_liabilities as (

    select * from {{ ref('int_equity_and_liabilities_derived_by_identity') }}
    where {{ company_batch('cik') }}

),

temporary_equity as (

    select * from {{ ref('int_temporary_equity_derived_from_parts') }}
    where {{ company_batch('cik') }}

),

conditional_temporary_equity as (

    select * from {{ ref('int_temporary_equity_derived_from_conditional_elements') }}
    where {{ company_batch('cik') }}

),

flows as (

    select * from {{ ref('int_flows_derived_by_identity') }}
    where {{ company_batch('cik') }}

),

final as (

    {{ union_line_item_periods([
        'period_values', 'equity_and_liabilities', 'temporary_equity',
        'conditional_temporary_equity', 'flows'
    ]) }}

)

select * from final
