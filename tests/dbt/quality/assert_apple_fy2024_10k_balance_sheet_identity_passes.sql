{{ config(severity='error') }}
-- Known answer (error): Apple's FY2024 10-K (0000320193-24-000123, balance sheet of
-- 2024-09-28: total assets = liabilities and equity = 364,980,000,000) passes the balance-sheet
-- identity component. Returns nothing when Apple is not loaded (demo, other universes).

select
    cik,
    accession_number,
    period_end,
    balance_sheet_identity_status
from {{ ref('fct_filing_quality') }}
where
    cik = 320193
    and accession_number = '0000320193-24-000123'
    and (balance_sheet_identity_status <> 'pass' or period_end <> '2024-09-28')
