{{ config(
    severity='warn',
    meta={'expected_because':
        'facts cite an accession the filing index lacks (a gap in what SEC serves); the '
        ~ 'company is flagged in reconciliation_violations'},
) }}
-- Source finding (warn, decision 025: flags the company, never stops the build): every fact's
-- accession is a filing of the filing index (same exemptions as
-- assert_fact_filings_are_in_filing_index; issue 3, reconciliation 2). Returns one row per
-- violating key (recon_fact_accessions_are_known_filings); reconciliation_report shows the same
-- check as `fact_accessions_are_known_filings`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_fact_accessions_are_known_filings') }}
