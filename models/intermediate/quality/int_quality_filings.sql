-- One row per 10-K, 10-Q, 20-F or 40-F filing (amendments included) that reported company facts:
-- its form, filing date, the period it reports and that period's fiscal label, and whether the
-- filing quality models score it. The reported period is the filing index's report date, else
-- (a filing missing from a partial index) the latest period end of its statement facts; on the
-- corpus both agree wherever both exist. Only filings with statement facts (concepts of
-- concept_map outside dei) are scored: an amendment that re-files only the cover page or Part
-- III has no statements to grade, and says so in `exclusion_reason`.
-- Every input is the company's own SEC data (its facts' per-filing counts, its filing index, its
-- fiscal calendar), joined on `cik`: built company by company, and only for companies with new
-- SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

fact_filings as (

    select * from {{ ref('int_company_fact_filings') }}
    where {{ company_batch('cik') }}

),

filing_index as (

    select * from {{ ref('stg_sec__filings') }}
    where {{ company_batch('cik') }}

),

fiscal_years as (

    select * from {{ ref('int_fiscal_years') }}
    where {{ company_batch('cik') }}

),

fiscal_periods as (

    select * from {{ ref('int_fiscal_periods') }}
    where {{ company_batch('cik') }}

),

facts_by_filing as (

    select
        cik,
        accession_number,
        form as fact_form,
        filed_date as fact_filed_date,
        n_facts,
        n_statement_facts,
        last_statement_period_end
    from fact_filings

),

filings as (

    select
        facts_by_filing.cik,
        facts_by_filing.accession_number,
        coalesce(filing_index.form, facts_by_filing.fact_form) as form,
        coalesce(filing_index.filing_date, facts_by_filing.fact_filed_date) as filing_date,
        coalesce(filing_index.report_date, facts_by_filing.last_statement_period_end)
            as period_end,
        filing_index.report_date,
        filing_index.accession_number is not null as is_in_filing_index,
        facts_by_filing.n_facts,
        facts_by_filing.n_statement_facts
    from facts_by_filing
    left join filing_index
        on
            facts_by_filing.cik = filing_index.cik
            and facts_by_filing.accession_number = filing_index.accession_number

),

labelled as (

    select
        filings.cik,
        filings.accession_number,
        filings.form,
        filings.form in {{ annual_report_forms() }} as is_annual_report,
        filings.form like '%/A' as is_amendment,
        filings.filing_date,
        filings.report_date,
        filings.period_end,
        fiscal_years.fiscal_year,
        fiscal_years.fiscal_year_start,
        case
            when filings.form in {{ annual_report_forms() }} then 'FY'
            else quarter_ends.fiscal_period
        end as fiscal_period,
        filings.is_in_filing_index,
        filings.n_facts,
        filings.n_statement_facts,
        filings.n_statement_facts > 0 as is_in_scope,
        case
            when filings.n_statement_facts = 0
                then 'no financial statement facts (cover page or Part III only)'
        end as exclusion_reason
    from filings
    left join fiscal_years
        on
            filings.cik = fiscal_years.cik
            and filings.period_end
            between fiscal_years.fiscal_year_start and fiscal_years.fiscal_year_end
    left join fiscal_periods as quarter_ends
        on
            filings.cik = quarter_ends.cik
            and quarter_ends.period_start is null
            and filings.period_end = quarter_ends.period_end
    where filings.form in ('10-K', '10-K/A', '10-Q', '10-Q/A', '20-F', '20-F/A', '40-F', '40-F/A')

)

select * from labelled
