-- One row per company, line item, fiscal year and fiscal period (Q1-Q4, FY) before the
-- identities: the reported values (int_facts_resolved_to_line_items), the flow quarters derived
-- from year-to-date figures (int_line_items_derived_from_year_to_date, decision 009) and, for
-- balances, the balance at the fiscal year end (labelled Q4) again as the FY balance
-- (decision 015), and an IFRS filer's operating cash flow derived from cash generated from
-- operations where it tags no total (int_operating_cash_flow_derived_from_ifrs_parts, decision
-- 034), so the identities (free cash flow) see it. A view: int_line_items_by_fiscal_period and
-- the identity models read it, and a table would copy nearly every line-item row once more.

{{ config(materialized='view') }}

with

resolved as (

    select * from {{ ref('int_facts_resolved_to_line_items') }}

),

derived_quarters as (

    select * from {{ ref('int_line_items_derived_from_year_to_date') }}

),

ifrs_operating_cash_flow as (

    select * from {{ ref('int_operating_cash_flow_derived_from_ifrs_parts') }}

),

reported as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        statement,
        scope,
        period_type,
        period_start,
        period_end,
        unit,
        value,
        is_currency,
        false as is_derived,
        cast(null as varchar) as derivation,
        source_taxonomy,
        source_concept,
        source_accession_number,
        source_form,
        source_filed_date,
        source_fact_id
    from resolved
    where fiscal_period in ('Q1', 'Q2', 'Q3', 'Q4', 'FY')

),

year_end_balances as (

    -- decision 015: the balance at the fiscal year end (labelled Q4) is also the FY balance
    select
        cik,
        line_item,
        fiscal_year,
        'FY' as fiscal_period,
        cast(null as integer) as fiscal_quarter,
        statement,
        scope,
        period_type,
        period_start,
        period_end,
        unit,
        value,
        is_currency,
        is_derived,
        derivation,
        source_taxonomy,
        source_concept,
        source_accession_number,
        source_form,
        source_filed_date,
        source_fact_id
    from reported
    where period_type = 'instant' and fiscal_period = 'Q4'

),

final as (

    {{ union_line_item_periods([
        'reported', 'derived_quarters', 'year_end_balances', 'ifrs_operating_cash_flow'
    ]) }}

)

select * from final
