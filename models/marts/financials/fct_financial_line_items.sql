-- One row per company, fiscal year, fiscal period (Q1-Q4, FY) and line item: every value of the
-- three statement marts in long form, with its unit, dates and full provenance (source accession,
-- taxonomy, concept, form, filing date, fact id) and how it was derived (decisions 009, 014, 015).
-- The wide marts carry accession and concept per value; this table is the one to audit from.
-- A value chosen by a scale repair (decision 039) says so in `repair` and what it replaced.
-- Built company by company, and only for companies with new SEC data or after a new SEC
-- ticker file (decision 043).

{{ config(materialized='partitioned') }}

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where {{ company_mart_batch('cik') }}

),

companies as (

    select * from {{ ref('dim_company') }}
    where {{ company_mart_batch('cik') }}

),

scale_repairs as (

    select * from {{ ref('int_line_item_scale_repairs') }}
    where {{ company_mart_batch('cik') }}

),

final as (

    select
        line_items.cik,
        companies.ticker,
        line_items.fiscal_year,
        line_items.fiscal_period,
        line_items.fiscal_quarter,
        line_items.line_item,
        line_items.statement,
        line_items.scope,
        line_items.period_type,
        line_items.period_start,
        line_items.period_end,
        line_items.value,
        line_items.unit,
        line_items.is_derived,
        line_items.derivation,
        line_items.source_accession_number,
        line_items.source_taxonomy,
        line_items.source_concept,
        line_items.source_form,
        line_items.source_filed_date,
        line_items.source_fact_id,
        scale_repairs.repair,
        scale_repairs.repair_evidence,
        scale_repairs.repaired_from_value,
        scale_repairs.repaired_from_accession_number
    from line_items
    left join companies on line_items.cik = companies.cik
    -- decision 039: the reported value a scale repair chose (the FY balance is the Q4 one)
    left join scale_repairs
        on
            line_items.cik = scale_repairs.cik
            and line_items.line_item = scale_repairs.line_item
            and line_items.fiscal_year = scale_repairs.fiscal_year
            and line_items.source_fact_id = scale_repairs.source_fact_id
            and not line_items.is_derived

)

select * from final
