{{ config(severity='error') }}
-- Integrity (error): every scored filing has exactly one score and grade, and they follow from
-- its components: score = 100 * sum(weight * component score) / sum(weight) over applicable
-- components (rounded to 0.1), grade A >= 90, B >= 80, C >= 70, D >= 60, else F; every
-- component that does not pass is named in failing_components. Returns violating filings.

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope

),

filing_quality as (

    select * from {{ ref('fct_filing_quality') }}

),

components as (

    select * from {{ ref('fct_filing_quality_components') }}

),

expected as (

    select
        cik,
        accession_number,
        count(*) as n_components,
        round(
            100 * sum(weight * component_score) / sum(weight) filter (
                where component_score is not null
            ), 1
        ) as expected_score,
        count(*) filter (where status in ('fail', 'partial', 'unverifiable'))
            as expected_failing
    from components
    group by cik, accession_number

),

checked as (

    select
        filings.cik,
        filings.accession_number,
        filing_quality.quality_score,
        filing_quality.grade,
        expected.expected_score,
        expected.n_components,
        filing_quality.n_failing_components,
        expected.expected_failing
    from filings
    left join filing_quality
        on
            filings.cik = filing_quality.cik
            and filings.accession_number = filing_quality.accession_number
    left join expected
        on
            filings.cik = expected.cik
            and filings.accession_number = expected.accession_number

)

select *
from checked
where
    quality_score is null
    or quality_score not between 0 and 100
    or n_components is distinct from 5
    or abs(quality_score - expected_score) > 0.05
    or grade is distinct from case
        when quality_score >= 90 then 'A'
        when quality_score >= 80 then 'B'
        when quality_score >= 70 then 'C'
        when quality_score >= 60 then 'D'
        else 'F'
    end
    or n_failing_components is distinct from expected_failing
