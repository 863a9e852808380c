-- One row per company and accession that reported facts (per filing-index match when an
-- accession is indexed under several companies): its form, filing date, number of facts,
-- whether the filing index has it and whether it may sit in a gap of the index
-- (int_quality_filing_index_gaps), which exempts it from the reconciliation index checks.
-- Reads the per-filing counts of int_company_fact_filings (built company by company) rather
-- than every fact; the filing index is matched by accession alone, across companies, so this
-- model itself stays a table.

with

company_fact_filings as (

    select * from {{ ref('int_company_fact_filings') }}

),

filing_index as (

    select * from {{ ref('stg_sec__filings') }}

),

gaps as (

    select * from {{ ref('int_quality_filing_index_gaps') }}

),

fact_filings as (

    select
        cik,
        accession_number,
        form,
        filed_date,
        n_facts
    from company_fact_filings

),

fact_filings_in_gaps as (

    -- filings dated within a missing page's range, or of a company without any index
    select distinct
        fact_filings.cik,
        fact_filings.accession_number
    from fact_filings
    inner join gaps
        on
            fact_filings.cik = gaps.cik
            and (
                gaps.first_filing_date is null
                or gaps.last_filing_date is null
                or fact_filings.filed_date
                between gaps.first_filing_date and gaps.last_filing_date
            )

),

final as (

    select
        fact_filings.*,
        filing_index.accession_number is not null as is_in_index,
        fact_filings_in_gaps.cik is not null as may_be_on_missing_page
    from fact_filings
    left join filing_index on fact_filings.accession_number = filing_index.accession_number
    left join fact_filings_in_gaps
        on
            fact_filings.cik = fact_filings_in_gaps.cik
            and fact_filings.accession_number = fact_filings_in_gaps.accession_number

)

select * from final
