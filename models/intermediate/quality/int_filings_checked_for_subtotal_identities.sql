-- One row per scored filing (int_quality_filings): the subtotal_identities component of
-- fct_filing_quality_components. Every subtotal identity (int_quality_identity_terms) the filing
-- tags fully for a period and unit (the total and every required term) is checked: total = sum
-- of coefficient x term, within max($1, 0.1 % of the largest term). Score = share of the checks
-- that hold; NULL (not applicable) when no identity is fully tagged.
-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope and {{ company_batch('cik') }}

),

filing_facts as (

    select * from {{ ref('int_quality_filing_facts') }}
    where {{ company_batch('cik') }}

),

identity_terms as (

    select * from {{ ref('int_quality_identity_terms') }}

),

identity_candidates as (

    select
        filing_facts.cik,
        filing_facts.accession_number,
        identity_terms.identity_name,
        identity_terms.term,
        identity_terms.coefficient,
        identity_terms.is_optional,
        filing_facts.period_start,
        filing_facts.period_end,
        filing_facts.unit,
        filing_facts.concept,
        filing_facts.value,
        row_number() over (
            partition by
                filing_facts.cik, filing_facts.accession_number, identity_terms.identity_name,
                identity_terms.term, filing_facts.period_start, filing_facts.period_end,
                filing_facts.unit
            order by identity_terms.priority asc, filing_facts.concept asc
        ) as candidate_rank
    from filing_facts
    inner join identity_terms
        on
            filing_facts.taxonomy = identity_terms.taxonomy
            and filing_facts.concept = identity_terms.concept
            and (filing_facts.period_type = 'instant') = (identity_terms.period_kind = 'instant')

),

required_terms as (

    select
        identity_name,
        count(distinct term) filter (where not is_optional) as n_required_terms
    from identity_terms
    group by identity_name

),

identity_instances as (

    -- one row per filing, identity, period and unit with the total tagged
    select
        identity_candidates.cik,
        identity_candidates.accession_number,
        identity_candidates.identity_name,
        identity_candidates.period_start,
        identity_candidates.period_end,
        identity_candidates.unit,
        max(
            case when identity_candidates.term = 'total' then identity_candidates.value end
        ) as total_value,
        sum(
            case
                when identity_candidates.term <> 'total'
                    then identity_candidates.coefficient * identity_candidates.value
            end
        ) as sum_of_terms,
        max(abs(identity_candidates.value)) as largest_term,
        count(distinct identity_candidates.term) filter (
            where not identity_candidates.is_optional
        ) as n_required_tagged
    from identity_candidates
    where identity_candidates.candidate_rank = 1
    group by
        identity_candidates.cik,
        identity_candidates.accession_number,
        identity_candidates.identity_name,
        identity_candidates.period_start,
        identity_candidates.period_end,
        identity_candidates.unit

),

identity_checks as (

    select
        identity_instances.*,
        identity_instances.total_value - identity_instances.sum_of_terms as difference,
        greatest(1, 0.001 * identity_instances.largest_term) as tolerance
    from identity_instances
    inner join required_terms
        on identity_instances.identity_name = required_terms.identity_name
    -- every required term and the total tagged (the total is one of the required terms)
    where identity_instances.n_required_tagged = required_terms.n_required_terms

),

identity_results as (

    select
        cik,
        accession_number,
        count(*) as n_checks,
        count(*) filter (where abs(difference) > tolerance) as n_failed,
        string_agg(
            case
                when abs(difference) > tolerance
                    then
                        identity_name || ' ' || coalesce(cast(period_start as varchar) || '..', '')
                        || cast(period_end as varchar) || ' off by '
                        || cast(round(difference) as hugeint) || ' ' || unit
            end, '; ' order by identity_name, period_start
        ) as failures,
        string_agg(distinct identity_name, ', ' order by identity_name) as identities
    from identity_checks
    group by cik, accession_number

),

final as (

    select
        filings.cik,
        filings.accession_number,
        'subtotal_identities' as component,
        coalesce(identity_results.n_checks, 0) as n_checks,
        coalesce(identity_results.n_failed, 0) as n_failed,
        cast(identity_results.n_checks - identity_results.n_failed as double precision)
        / identity_results.n_checks as component_score,
        case
            when identity_results.cik is null
                then 'not applicable: no subtotal identity fully tagged for the period'
            when identity_results.n_failed = 0
                then
                    'all ' || identity_results.n_checks || ' hold ('
                    || identity_results.identities || ')'
            else 'failed: ' || identity_results.failures
        end as detail
    from filings
    left join identity_results
        on
            filings.cik = identity_results.cik
            and filings.accession_number = identity_results.accession_number

)

select * from final
