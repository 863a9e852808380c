{{ config(severity='error') }}
-- Integrity (error): every fct_financial_line_items value equals the raw fact it cites (times the
-- concept's sign; same taxonomy, concept, unit, period, accession), and every derived value its
-- derivation recomputed (decisions 009, 014; issue 3, reconciliation 3). Returns one row per
-- violating key (recon_mart_values_equal_raw_facts); reconciliation_report shows the same check as
-- `mart_values_equal_raw_facts`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_mart_values_equal_raw_facts') }}
