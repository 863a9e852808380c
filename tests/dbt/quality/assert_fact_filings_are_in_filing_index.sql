{{ config(
    severity='warn',
    meta={'expected_because':
        'the XBRL facts of a company cite a filing its submissions index does not list (a'
        ~ ' gap in what SEC serves); the company is flagged in reconciliation_violations'},
) }}
-- Source finding (warn, decision 025: flags the company, never stops the build): every 10-K/10-Q
-- (and amendment) with facts is in the filing index, except filings of companies whose submissions
-- header was a recorded 404 gap and filings dated within a missing overflow page's range (reported
-- by assert_filing_index_has_no_gaps). Returns one row per violating key
-- (recon_fact_filings_are_in_filing_index); reconciliation_report shows the same check as
-- `fact_filings_are_in_filing_index`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_fact_filings_are_in_filing_index') }}
