{{ config(
    severity='warn',
    meta={'expected_because':
        'a filing whose statement table and XBRL facts disagree on revenue, net income, total'
        ~ ' assets or operating cash flow: a scale tagged or printed wrong, or a tagging'
        ~ ' mistake on either side'},
) }}
-- Source finding (warn, decision 025): a filing's own statement table, read at its own period
-- and times the table's scale, against the XBRL fact the same accession reports for revenue,
-- net income, total assets and operating cash flow (decision 040). Returns one row per
-- mismatch or probable scale error (recon_filing_tables_match_xbrl_facts); rows a table does
-- not print are no findings. reconciliation_report shows the same check as
-- `filing_tables_match_xbrl_facts`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_filing_tables_match_xbrl_facts') }}
