-- One row per company and accession that reported company facts: the filing's form and filing
-- date as its facts give them (the lowest, should they differ), its number of facts, and its
-- facts of financial-statement concepts (concept_map outside dei) with their latest period
-- end. The per-filing counts int_quality_fact_filings and int_quality_filings start from, so
-- that neither scans every fact: built company by company, and only for companies with new
-- SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where {{ company_batch('cik') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

statement_concepts as (

    select distinct
        taxonomy,
        concept
    from concept_map
    where taxonomy <> 'dei'

),

final as (

    select
        facts.cik,
        facts.accession_number,
        min(facts.form) as form,
        min(facts.filed_date) as filed_date,
        count(*) as n_facts,
        count(statement_concepts.concept) as n_statement_facts,
        max(case when statement_concepts.concept is not null then facts.period_end end)
            as last_statement_period_end
    from facts
    left join statement_concepts
        on
            facts.taxonomy = statement_concepts.taxonomy
            and facts.concept = statement_concepts.concept
    group by facts.cik, facts.accession_number

)

select * from final
