{{ config(materialized='ephemeral') }}
-- One row per company, line item and fiscal year: the quarters in fct_financial_line_items and
-- the raw year-to-date values (times the concept sign) that derived quarters and fourth
-- quarters are computed from (decision 009); input of recon_mart_values_equal_raw_facts.

with

line_items as (

    select * from {{ ref('fct_financial_line_items') }}

),

resolved as (

    select * from {{ ref('int_facts_resolved_to_line_items') }}
    where fiscal_period in ('YTD_Q2', 'YTD_Q3')

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

year_to_date_facts as (

    -- a semi-join: only the raw facts the year-to-date rows cite (memory, see the caller)
    select * from {{ ref('stg_sec__company_facts') }}
    where fact_id in (select resolved.source_fact_id from resolved)

),

year_to_date_values as (

    select
        resolved.cik,
        resolved.line_item,
        resolved.fiscal_year,
        resolved.fiscal_period,
        facts.value * concept_map.sign as raw_value
    from resolved
    inner join year_to_date_facts as facts on resolved.source_fact_id = facts.fact_id
    inner join concept_map
        on
            facts.taxonomy = concept_map.taxonomy
            and facts.concept = concept_map.concept
            and resolved.line_item = concept_map.line_item

),

period_inputs as (

    select
        cik,
        line_item,
        fiscal_year,
        max(case when fiscal_period = 'Q1' then value end) as q1_value,
        max(case when fiscal_period = 'Q2' then value end) as q2_value,
        max(case when fiscal_period = 'Q3' then value end) as q3_value
    from line_items
    group by cik, line_item, fiscal_year

),

ytd_inputs as (

    select
        cik,
        line_item,
        fiscal_year,
        max(case when fiscal_period = 'YTD_Q2' then raw_value end) as ytd_q2_value,
        max(case when fiscal_period = 'YTD_Q3' then raw_value end) as ytd_q3_value
    from year_to_date_values
    group by cik, line_item, fiscal_year

),

final as (

    select
        coalesce(period_inputs.cik, ytd_inputs.cik) as cik,
        coalesce(period_inputs.line_item, ytd_inputs.line_item) as line_item,
        coalesce(period_inputs.fiscal_year, ytd_inputs.fiscal_year) as fiscal_year,
        period_inputs.q1_value,
        period_inputs.q2_value,
        period_inputs.q3_value,
        ytd_inputs.ytd_q2_value,
        ytd_inputs.ytd_q3_value
    from period_inputs
    full outer join ytd_inputs
        on
            period_inputs.cik = ytd_inputs.cik
            and period_inputs.line_item = ytd_inputs.line_item
            and period_inputs.fiscal_year = ytd_inputs.fiscal_year

)

select * from final
