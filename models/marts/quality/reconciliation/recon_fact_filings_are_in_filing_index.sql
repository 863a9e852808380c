-- One row per 10-K/10-Q (or amendment) that reported facts but is not in the filing index,
-- unless it may sit in a recorded gap of the index (reconciliation check
-- `fact_filings_are_in_filing_index`).

{%- set index_forms = "('10-K', '10-K/A', '10-Q', '10-Q/A')" %}

with

fact_filings as (

    select * from {{ ref('int_quality_fact_filings') }}

),

final as (

    select
        'fact_filings_are_in_filing_index' as check_name,
        cik || ' ' || accession_number as affected_key,
        1 as affected_rows,
        form || ' filed ' || filed_date || ' has ' || n_facts
        || ' facts but is not in the filing index' as detail
    from fact_filings
    where form in {{ index_forms }} and not is_in_index and not may_be_on_missing_page

)

select * from final
