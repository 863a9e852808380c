{{ config(materialized='view') }}
-- One row per fact (fact_id), with its period classified and labelled (int_fiscal_periods).
-- A view: it is read once, by the concept resolution, which keeps only mapped concepts.

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}

),

fiscal_periods as (

    select * from {{ ref('int_fiscal_periods') }}

),

final as (

    select
        facts.fact_id,
        facts.cik,
        facts.taxonomy,
        facts.concept,
        facts.unit,
        facts.period_start,
        facts.period_end,
        facts.accession_number,
        facts.value,
        facts.form,
        facts.filed_date,
        facts.is_instant,
        facts.duration_days,
        fiscal_periods.period_type,
        fiscal_periods.fiscal_year,
        fiscal_periods.fiscal_period,
        fiscal_periods.fiscal_quarter
    from facts
    inner join fiscal_periods
        on
            facts.cik = fiscal_periods.cik
            and facts.period_end = fiscal_periods.period_end
            and facts.period_start is not distinct from fiscal_periods.period_start

)

select * from final
