-- One row per company, line item, fiscal year and fiscal period (Q1-Q4, FY, YTD_Q2, YTD_Q3):
-- the current reported value. Resolution is per period (decision 005): each filing that reports
-- the period chooses its highest-priority concept (a total beats a slice tagged beside it), and
-- the latest filing's choice wins, so a restatement wins over the original even when the restating
-- filing uses another concept (decision 007). Candidates are in the company's reporting currency
-- (decision 008, int_line_item_candidates). Built company by company, and only for companies
-- with new SEC data (decision 029).

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

final as (

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

)

select * from final
