-- One row per fact a scored filing reports for its own period: balances (instants) at the
-- period end, and flows ending then — annual durations for annual reports (10-K, 20-F, 40-F),
-- the quarter and the year to date (quarter, half, nine months) for 10-Qs. Comparatives of
-- earlier periods are left out: each was graded in the filing that first reported it. The
-- filing quality checks (coverage, identities) read these rows.
-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope and {{ company_batch('cik') }}

),

facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}
    where {{ company_batch('cik') }}

),

final as (

    select
        filings.cik,
        filings.accession_number,
        filings.is_annual_report,
        facts.fact_id,
        facts.taxonomy,
        facts.concept,
        facts.unit,
        facts.period_type,
        facts.period_start,
        facts.period_end,
        facts.value
    from filings
    inner join facts
        on
            filings.cik = facts.cik
            and filings.accession_number = facts.accession_number
            and filings.period_end = facts.period_end
    where
        facts.period_type = 'instant'
        or (filings.is_annual_report and facts.period_type = 'annual')
        or (
            not filings.is_annual_report
            and facts.period_type in ('quarter', 'half', 'nine_months')
        )

)

select * from final
