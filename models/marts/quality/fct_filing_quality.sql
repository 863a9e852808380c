-- One row per scored filing (a 10-K, 10-Q, 20-F or 40-F, amendments included, with financial
-- statement facts): its 0-100 quality score and letter grade (A >= 90, B >= 80, C >= 70,
-- D >= 60, else F), with each component's status and score beside it. The score is the
-- weighted mean of the applicable components of fct_filing_quality_components:
-- 100 * sum(weight * component score) / sum(weight), not-applicable components left out.
-- Built company by company, and only for companies whose SEC data or ticker changed (decision
-- 043: the ticker comes from dim_company, which may fall back on the SEC ticker file).

{{ config(materialized='partitioned') }}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope and {{ company_mart_batch('cik') }}

),

components as (

    select * from {{ ref('fct_filing_quality_components') }}
    where {{ company_mart_batch('cik') }}

),

companies as (

    select * from {{ ref('dim_company') }}
    where {{ company_mart_batch('cik') }}

),

scores as (

    select
        cik,
        accession_number,
        round(
            100 * sum(weight * component_score) / sum(weight) filter (
                where component_score is not null
            ), 1
        ) as quality_score,
        {% for component in [
            'coverage', 'balance_sheet_identity', 'subtotal_identities',
            'conflicting_duplicate_facts', 'scale_errors'
        ] -%}
            max(case when component = '{{ component }}' then status end)
                as {{ component }}_status,
            max(case when component = '{{ component }}' then component_score end)
                as {{ component }}_score,
        {% endfor -%}
        string_agg(component, ', ' order by weight desc, component asc) filter (
            where status in ('fail', 'partial', 'unverifiable')
        ) as failing_components,
        count(*) filter (where status in ('fail', 'partial', 'unverifiable'))
            as n_failing_components
    from components
    group by cik, accession_number

),

final as (

    select
        filings.cik,
        companies.ticker,
        companies.name as company_name,
        filings.accession_number,
        filings.form,
        filings.is_annual_report,
        filings.is_amendment,
        filings.filing_date,
        filings.period_end,
        filings.fiscal_year,
        filings.fiscal_period,
        scores.quality_score,
        case
            when scores.quality_score >= 90 then 'A'
            when scores.quality_score >= 80 then 'B'
            when scores.quality_score >= 70 then 'C'
            when scores.quality_score >= 60 then 'D'
            else 'F'
        end as grade,
        scores.failing_components,
        scores.n_failing_components,
        scores.coverage_status,
        scores.coverage_score,
        scores.balance_sheet_identity_status,
        scores.balance_sheet_identity_score,
        scores.subtotal_identities_status,
        scores.subtotal_identities_score,
        scores.conflicting_duplicate_facts_status,
        scores.conflicting_duplicate_facts_score,
        scores.scale_errors_status,
        scores.scale_errors_score
    from filings
    inner join scores
        on
            filings.cik = scores.cik
            and filings.accession_number = scores.accession_number
    left join companies on filings.cik = companies.cik

)

select * from final
