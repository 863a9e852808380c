{{ config(severity='error') }}
-- Integrity (error): no duplicate keys in raw_sec, staging, intermediate or marts (issue 3,
-- reconciliation 4).
-- Returns one row per violating key (recon_duplicate_keys); reconciliation_report shows
-- the same check as `duplicate_keys__<relation>`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_duplicate_keys') }}
