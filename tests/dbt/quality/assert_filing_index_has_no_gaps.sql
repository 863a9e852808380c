{{ config(
    severity='warn',
    meta={'expected_because':
        'a submissions page could not be fetched (e.g. 404): the run reported it as a gap'
        ~ ' and the index checks exempt the filings of that company'},
) }}
-- Source finding (warn, decision 025): submissions overflow pages or headers recorded missing at
-- load leave the filing index partial; the index checks exempt their filings, and this lists them.
-- Returns one row per violating key (recon_filing_index_gaps); reconciliation_report shows the
-- same check as `filing_index_gaps`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_filing_index_gaps') }}
