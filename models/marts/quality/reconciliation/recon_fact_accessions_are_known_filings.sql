-- One row per company and accession whose facts cite a filing missing from the filing index,
-- unless it may sit in a recorded gap of the index; affected_rows counts the facts
-- (reconciliation check `fact_accessions_are_known_filings`).

with

fact_filings as (

    select * from {{ ref('int_quality_fact_filings') }}

),

final as (

    select
        'fact_accessions_are_known_filings' as check_name,
        cik || ' ' || accession_number as affected_key,
        n_facts as affected_rows,
        n_facts || ' fact(s) of ' || coalesce(form, '?') || ' filed ' || filed_date
        || ' cite an accession missing from the filing index' as detail
    from fact_filings
    where not is_in_index and not may_be_on_missing_page

)

select * from final
