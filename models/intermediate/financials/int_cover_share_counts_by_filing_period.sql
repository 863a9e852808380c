{{ config(materialized='partitioned') }}
-- One row per cover-page share count fact (fact_id, dei:EntityCommonStockSharesOutstanding),
-- in the columns of int_facts_classified_to_periods, labelled with the fiscal period of the
-- filing that reports it rather than of its own date (decision 038): the count is dated on the
-- cover, weeks after the period end, so its date alone gives it no fiscal period. The filing's
-- period is its period of report (the filing index's report_date), else — an accession the
-- index lacks (decision 025) — the latest balance-sheet date the filing itself tags on or before
-- the cover date. The fact keeps its own date as period_end. Read by int_line_item_candidates in
-- place of the date-labelled cover facts; built company by company, and only for companies with
-- new SEC data (decision 029), so neither those batches nor its tests scan every fact.

with

cover_facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where
        taxonomy = 'dei'
        and concept = 'EntityCommonStockSharesOutstanding'
        and is_instant
        and {{ company_batch('cik') }}

),

filings as (

    select * from {{ ref('stg_sec__filings') }}
    where {{ company_batch('cik') }}

),

classified_facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}
    where {{ company_batch('cik') }}

),

fiscal_periods as (

    select * from {{ ref('int_fiscal_periods') }}
    where {{ company_batch('cik') }}

),

report_dates as (

    -- the filing index's period of report; one per accession (the index may list an accession
    -- on two pages)
    select
        cik,
        accession_number,
        max(report_date) as report_date
    from filings
    where report_date is not null
    group by cik, accession_number

),

tagged_balance_dates as (

    -- fallback: the latest quarter-end balance date the filing tags, not after its cover date
    select
        cover_facts.fact_id,
        max(classified_facts.period_end) as balance_date
    from cover_facts
    inner join classified_facts
        on
            cover_facts.cik = classified_facts.cik
            and cover_facts.accession_number = classified_facts.accession_number
            and classified_facts.is_instant
            and classified_facts.taxonomy <> 'dei'
            and classified_facts.fiscal_period in ('Q1', 'Q2', 'Q3', 'Q4')
            and cover_facts.period_end >= classified_facts.period_end
    group by cover_facts.fact_id

),

filing_period_ends as (

    select
        cover_facts.*,
        coalesce(report_dates.report_date, tagged_balance_dates.balance_date)
            as filing_period_end
    from cover_facts
    left join report_dates
        on
            cover_facts.cik = report_dates.cik
            and cover_facts.accession_number = report_dates.accession_number
    left join tagged_balance_dates on cover_facts.fact_id = tagged_balance_dates.fact_id

),

final as (

    select
        filing_period_ends.fact_id,
        filing_period_ends.cik,
        filing_period_ends.taxonomy,
        filing_period_ends.concept,
        filing_period_ends.unit,
        filing_period_ends.period_start,
        filing_period_ends.period_end,
        filing_period_ends.accession_number,
        filing_period_ends.value,
        filing_period_ends.form,
        filing_period_ends.filed_date,
        filing_period_ends.is_instant,
        filing_period_ends.duration_days,
        'instant' as period_type,
        fiscal_periods.fiscal_year,
        fiscal_periods.fiscal_period,
        fiscal_periods.fiscal_quarter
    from filing_period_ends
    -- the fiscal label of a balance at the filing's period end (decisions 003, 015); a cover
    -- date before its own period end (none seen) is not attached
    inner join fiscal_periods
        on
            filing_period_ends.cik = fiscal_periods.cik
            and filing_period_ends.filing_period_end = fiscal_periods.period_end
            and fiscal_periods.is_instant
            and fiscal_periods.fiscal_period is not null
    where filing_period_ends.period_end >= filing_period_ends.filing_period_end

)

select * from final
