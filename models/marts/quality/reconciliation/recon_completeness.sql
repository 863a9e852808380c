-- One row per scored filing and core line item it does not report for its own period
-- (reconciliation checks `completeness__<line item>`; fct_filing_line_item_coverage).

with

coverage as (

    select * from {{ ref('fct_filing_line_item_coverage') }}

),

final as (

    select
        'completeness__' || line_item as check_name,
        cik || ' ' || accession_number as affected_key,
        1 as affected_rows,
        form || ' for ' || period_end || ' reports no ' || line_item as detail
    from coverage
    where not is_covered

)

select * from final
