-- One row per company, line item, fiscal year and fiscal period (Q1-Q4, FY, YTD_Q2, YTD_Q3):
-- the current reported value. Resolution is per period (decision 005): each filing that reports
-- the period chooses its highest-priority concept (a total beats a slice tagged beside it), and
-- the latest filing's choice wins, so a restatement wins over the original even when the restating
-- filing uses another concept (decision 007). Candidates are in the company's reporting currency
-- (decision 008, int_line_item_candidates). A current value off by a power of 1,000 that the
-- filing's own figures contradict is replaced by the consistent version, with the repair in
-- `repair` (decision 039, int_line_item_scale_repairs). Built company by company, and only for
-- companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

candidates as (

    select * from {{ ref('int_line_item_candidates') }}
    where {{ company_batch('cik') }}

),

ranked as (

    select
        *,
        -- decision 007: the latest filing's choice (then the later accession on the same date),
        -- never a slice shadowed by its total
        row_number() over (
            partition by cik, line_item, fiscal_year, fiscal_period
            order by
                is_shadowed_slice asc,
                filing_rank asc,
                filed_date desc,
                accession_number desc
        ) as candidate_rank,
        count(*) over (
            partition by cik, line_item, fiscal_year, fiscal_period
        ) as n_candidate_facts
    from candidates

),

scale_repairs as (

    select * from {{ ref('int_line_item_scale_repairs') }}
    where {{ company_batch('cik') }}

),

resolved as (

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
        is_currency,
        value,
        taxonomy as source_taxonomy,
        concept as source_concept,
        priority as source_priority,
        accession_number as source_accession_number,
        form as source_form,
        filed_date as source_filed_date,
        fact_id as source_fact_id,
        n_candidate_facts
    from ranked
    where candidate_rank = 1

),

final as (

    -- decision 039: a value off by a power of 1,000 from another version of the period, which
    -- the filing's own figures contradict, is replaced by that version's fact
    select
        resolved.cik,
        resolved.line_item,
        resolved.fiscal_year,
        resolved.fiscal_period,
        resolved.fiscal_quarter,
        resolved.statement,
        resolved.scope,
        resolved.period_type,
        coalesce(scale_repairs.period_start, resolved.period_start) as period_start,
        coalesce(scale_repairs.period_end, resolved.period_end) as period_end,
        coalesce(scale_repairs.unit, resolved.unit) as unit,
        resolved.is_currency,
        coalesce(scale_repairs.value, resolved.value) as value,
        coalesce(scale_repairs.source_taxonomy, resolved.source_taxonomy) as source_taxonomy,
        coalesce(scale_repairs.source_concept, resolved.source_concept) as source_concept,
        resolved.source_priority,
        coalesce(scale_repairs.source_accession_number, resolved.source_accession_number)
            as source_accession_number,
        coalesce(scale_repairs.source_form, resolved.source_form) as source_form,
        coalesce(scale_repairs.source_filed_date, resolved.source_filed_date)
            as source_filed_date,
        coalesce(scale_repairs.source_fact_id, resolved.source_fact_id) as source_fact_id,
        resolved.n_candidate_facts,
        scale_repairs.repair,
        scale_repairs.repair_evidence,
        scale_repairs.repaired_from_value,
        scale_repairs.repaired_from_accession_number
    from resolved
    left join scale_repairs
        on
            resolved.cik = scale_repairs.cik
            and resolved.line_item = scale_repairs.line_item
            and resolved.fiscal_year = scale_repairs.fiscal_year
            and resolved.fiscal_period = scale_repairs.fiscal_period
            -- only the value the repair judged
            and resolved.source_accession_number = scale_repairs.repaired_from_accession_number
            and resolved.value = scale_repairs.repaired_from_value

)

select * from final
