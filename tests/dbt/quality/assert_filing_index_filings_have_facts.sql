{{ config(
    severity='warn',
    meta={'expected_because':
        'the SEC submissions index flags a filing as XBRL but its company facts carry '
        ~ 'none (published data, not a FinLoom error)'},
) }}
-- Source finding (warn, decision 025: flags the company, never stops the build): every 10-K/10-Q
-- (and amendment) the filing index flags as XBRL, filed within the range of its company's loaded
-- facts, has facts (issue 3, reconciliation 1). Returns one row per violating key
-- (recon_filing_index_filings_have_facts); reconciliation_report shows the same check as
-- `filing_index_filings_have_facts`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_filing_index_filings_have_facts') }}
