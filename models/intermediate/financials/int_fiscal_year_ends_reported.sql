-- One row per company and fiscal year end given by its annual reports (decision 003): at most one
-- end per fiscal year label, the anchors of the company's fiscal calendar (int_fiscal_years).
-- Fiscal year ends come from the DATES of annual-duration facts in annual reports and from the
-- report dates of annual filings, never from the facts' fy/fp (those describe the filing).
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{{ config(materialized='partitioned') }}

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where {{ company_batch('cik') }}

),

filings as (

    select * from {{ ref('stg_sec__filings') }}
    where {{ company_batch('cik') }}

),

annual_periods as (

    select
        cik,
        period_start,
        period_end,
        count(*) as n_facts
    from facts
    where
        not is_instant
        and form in {{ annual_report_forms() }}
        and duration_days between 350 and 380
    group by cik, period_start, period_end

),

annual_periods_ranked as (

    -- several start dates can share an end date; keep the most reported one
    select
        cik,
        period_end as fiscal_year_end,
        period_start as reported_start,
        sum(n_facts) over (partition by cik, period_end) as n_facts,
        row_number() over (
            partition by cik, period_end
            order by n_facts desc, period_start desc
        ) as start_rank
    from annual_periods

),

fact_year_ends as (

    select
        cik,
        fiscal_year_end,
        reported_start,
        n_facts
    from annual_periods_ranked
    where start_rank = 1

),

filing_year_ends as (

    select
        cik,
        report_date as fiscal_year_end,
        count(*) as n_filings
    from filings
    where form in {{ annual_report_forms() }} and report_date is not null
    group by cik, report_date

),

candidates as (

    select
        coalesce(fact_year_ends.cik, filing_year_ends.cik) as cik,
        coalesce(
            fact_year_ends.fiscal_year_end, filing_year_ends.fiscal_year_end
        ) as fiscal_year_end,
        fact_year_ends.reported_start,
        coalesce(fact_year_ends.n_facts, 0) as n_facts,
        coalesce(filing_year_ends.n_filings, 0) as n_filings
    from fact_year_ends
    full outer join filing_year_ends
        on
            fact_year_ends.cik = filing_year_ends.cik
            and fact_year_ends.fiscal_year_end = filing_year_ends.fiscal_year_end

),

candidates_ranked as (

    -- one end per fiscal year label: the best supported (facts first, then filings)
    select
        *,
        row_number() over (
            partition by cik, {{ fiscal_year_of('fiscal_year_end') }}
            order by n_facts desc, n_filings desc, fiscal_year_end desc
        ) as label_rank
    from candidates

),

final as (

    select
        cik,
        fiscal_year_end,
        reported_start,
        case when n_facts > 0 then 'annual_facts' else 'annual_filings' end as fiscal_year_source
    from candidates_ranked
    where label_rank = 1

)

select * from final
