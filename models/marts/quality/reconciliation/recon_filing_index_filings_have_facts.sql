-- One row per 10-K/10-Q (or amendment) that the filing index flags as XBRL, filed within the
-- range of its company's loaded facts, but that reported no facts (reconciliation check
-- `filing_index_filings_have_facts`).

{%- set index_forms = "('10-K', '10-K/A', '10-Q', '10-Q/A')" %}

with

filing_index as (

    select * from {{ ref('stg_sec__filings') }}

),

fact_filings as (

    select * from {{ ref('int_quality_fact_filings') }}

),

fact_date_ranges as (

    select
        cik,
        min(filed_date) as first_filed_date,
        max(filed_date) as last_filed_date
    from fact_filings
    group by cik

),

final as (

    select
        'filing_index_filings_have_facts' as check_name,
        filing_index.cik || ' ' || filing_index.accession_number as affected_key,
        1 as affected_rows,
        filing_index.form || ' filed ' || filing_index.filing_date
        || ' is flagged XBRL but has no facts' as detail
    from filing_index
    inner join fact_date_ranges on filing_index.cik = fact_date_ranges.cik
    left join fact_filings
        on
            filing_index.cik = fact_filings.cik
            and filing_index.accession_number = fact_filings.accession_number
    where
        filing_index.form in {{ index_forms }}
        and filing_index.is_xbrl
        and filing_index.filing_date
        between fact_date_ranges.first_filed_date and fact_date_ranges.last_filed_date
        and fact_filings.accession_number is null

)

select * from final
