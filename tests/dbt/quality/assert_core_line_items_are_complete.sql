{{ config(
    severity='warn',
    meta={'expected_because':
        'a filing does not report a core line item under any concept FinLoom maps; its '
        ~ 'quality score says which'},
) }}
-- Coverage (warn): every scored filing reports revenue, net income, total assets, total
-- liabilities (or liabilities and equity to derive them), stockholders' equity and operating cash
-- flow for its own period (issue 3, reconciliation 5). A shortfall describes the filer (e.g. an
-- IFRS filer tagging only cash generated from operations), not a defect of FinLoom.
-- Returns one row per violating key (recon_completeness); reconciliation_report shows
-- the same check as `completeness__<line item>`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_completeness') }}
