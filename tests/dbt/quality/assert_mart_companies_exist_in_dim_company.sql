{{ config(severity='error') }}
-- Integrity (error): every cik of the financial and quality marts is in dim_company, and every
-- ticker is one of that company's (issue 3, reconciliation 6).
-- Returns one row per violating key (recon_referential_integrity); reconciliation_report shows
-- the same check as `referential_integrity__<mart>`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_referential_integrity') }}
