-- One row per recorded gap of a filing index: a missing submissions overflow page, or a
-- company without a submissions header (reconciliation check `filing_index_gaps`). The index
-- checks exempt the filings that may sit in these gaps.

with

gaps as (

    select * from {{ ref('int_quality_filing_index_gaps') }}

),

final as (

    select
        'filing_index_gaps' as check_name,
        case
            when page_name is null then cast(cik as varchar)
            else cik || ' ' || page_name
        end as affected_key,
        coalesce(expected_filings, 1) as affected_rows,
        case
            when page_name is null
                then
                    'submissions header missing: all filings of the company exempt from the '
                    || 'index checks'
            else
                'overflow page ' || page_name || ' missing (filings '
                || coalesce(cast(first_filing_date as varchar), '?') || '..'
                || coalesce(cast(last_filing_date as varchar), '?')
                || '): its filings are exempt from the index checks'
        end as detail
    from gaps

)

select * from final
