-- One row per scored filing (int_quality_filings): the conflicting_duplicate_facts component of
-- fct_filing_quality_components. A statement concept (one in concept_map) that the filing
-- reports twice for one fiscal period and unit with different values is a conflict the marts
-- would have to pick a side of. Score 1 without conflicts, else 0.
-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope and {{ company_batch('cik') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

classified_facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}
    where {{ company_batch('cik') }}

),

statement_concepts as (

    select distinct
        taxonomy,
        concept
    from concept_map

),

conflicts as (

    -- a statement concept with two values for one fiscal period and unit in one filing: the
    -- marts would have to pick one of them
    select
        classified_facts.cik,
        classified_facts.accession_number,
        classified_facts.concept,
        classified_facts.unit,
        classified_facts.fiscal_year,
        classified_facts.fiscal_period
    from classified_facts
    inner join statement_concepts
        on
            classified_facts.taxonomy = statement_concepts.taxonomy
            and classified_facts.concept = statement_concepts.concept
    inner join filings
        on
            classified_facts.cik = filings.cik
            and classified_facts.accession_number = filings.accession_number
    where classified_facts.fiscal_period is not null
    group by
        classified_facts.cik,
        classified_facts.accession_number,
        classified_facts.taxonomy,
        classified_facts.concept,
        classified_facts.unit,
        classified_facts.period_type,
        classified_facts.fiscal_year,
        classified_facts.fiscal_period
    having count(distinct classified_facts.value) > 1

),

conflict_results as (

    select
        cik,
        accession_number,
        count(*) as n_failed,
        string_agg(
            concept || ' ' || fiscal_period || ' ' || fiscal_year || ' (' || unit || ')', ', '
            order by fiscal_year, fiscal_period, concept
        ) as conflicting
    from conflicts
    group by cik, accession_number

),

final as (

    select
        filings.cik,
        filings.accession_number,
        'conflicting_duplicate_facts' as component,
        1 as n_checks,
        coalesce(conflict_results.n_failed, 0) as n_failed,
        case when conflict_results.cik is null then 1.0 else 0.0 end as component_score,
        case
            when conflict_results.cik is null then 'no statement concept reported twice'
            else
                conflict_results.n_failed
                || ' concept/period(s) with conflicting values: ' || conflict_results.conflicting
        end as detail
    from filings
    left join conflict_results
        on
            filings.cik = conflict_results.cik
            and filings.accession_number = conflict_results.accession_number

)

select * from final
