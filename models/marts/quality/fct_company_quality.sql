-- One row per company with scored filings: the roll-up of fct_filing_quality — mean, lowest
-- and latest score, the grade of the mean, and how many filings earned each grade.
-- Built company by company, and only for companies whose SEC data or ticker changed (decision
-- 043: ticker and name come from fct_filing_quality).

{{ config(materialized='partitioned') }}

with

filing_quality as (

    select * from {{ ref('fct_filing_quality') }}
    where {{ company_mart_batch('cik') }}

),

latest_filings as (

    select
        cik,
        quality_score as latest_quality_score,
        grade as latest_grade,
        accession_number as latest_accession_number
    from filing_quality
    qualify
        row_number() over (
            partition by cik order by filing_date desc, accession_number desc
        ) = 1

),

rolled_up as (

    select
        cik,
        min(ticker) as ticker,
        min(company_name) as company_name,
        count(*) as n_filings,
        count(*) filter (where is_annual_report) as n_annual_reports,
        count(*) filter (where not is_annual_report) as n_quarterly_reports,
        round(avg(quality_score), 1) as mean_quality_score,
        min(quality_score) as min_quality_score,
        count(*) filter (where grade = 'A') as n_grade_a,
        count(*) filter (where grade = 'B') as n_grade_b,
        count(*) filter (where grade = 'C') as n_grade_c,
        count(*) filter (where grade = 'D') as n_grade_d,
        count(*) filter (where grade = 'F') as n_grade_f,
        count(*) filter (where balance_sheet_identity_status <> 'pass')
            as n_balance_sheet_identity_not_passing,
        min(filing_date) as first_filing_date,
        max(filing_date) as last_filing_date
    from filing_quality
    group by cik

),

final as (

    select
        rolled_up.cik,
        rolled_up.ticker,
        rolled_up.company_name,
        rolled_up.n_filings,
        rolled_up.n_annual_reports,
        rolled_up.n_quarterly_reports,
        rolled_up.mean_quality_score,
        case
            when rolled_up.mean_quality_score >= 90 then 'A'
            when rolled_up.mean_quality_score >= 80 then 'B'
            when rolled_up.mean_quality_score >= 70 then 'C'
            when rolled_up.mean_quality_score >= 60 then 'D'
            else 'F'
        end as mean_grade,
        rolled_up.min_quality_score,
        latest_filings.latest_quality_score,
        latest_filings.latest_grade,
        latest_filings.latest_accession_number,
        rolled_up.n_grade_a,
        rolled_up.n_grade_b,
        rolled_up.n_grade_c,
        rolled_up.n_grade_d,
        rolled_up.n_grade_f,
        rolled_up.n_balance_sheet_identity_not_passing,
        rolled_up.first_filing_date,
        rolled_up.last_filing_date
    from rolled_up
    inner join latest_filings on rolled_up.cik = latest_filings.cik

)

select * from final
