{{ config(severity='error') }}
-- Integrity (error): every value of the wide statement marts, with its source accession and
-- concept, equals its fct_financial_line_items row. Returns one row per violating key
-- (recon_statement_marts_equal_line_items); reconciliation_report shows the same check as
-- `statement_marts_equal_line_items`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_statement_marts_equal_line_items') }}
