-- One row per reconciliation check and violating key: the evidence behind reconciliation_report
-- (one row per check), gathered from the per-check models in reconciliation/ (one model per
-- check or family of checks; the singular tests in tests/dbt/quality/ read those models).
-- `affected_rows` counts the rows behind a key (facts of an unknown accession, copies of a
-- duplicate key). Exceptions are modelled, never loosened: filings that may sit in a recorded
-- gap of the filing index (int_quality_filing_index_gaps) are left out of the index checks and
-- reported by `filing_index_gaps`. `severity` is the check's level (reconciliation_checks,
-- decision 025): `warning` rows are source findings that flag the company (`cik`) and never
-- stop the build; `error` and `critical` rows are FinLoom integrity failures.

{%- set check_models = [
    'recon_filing_index_filings_have_facts',
    'recon_fact_filings_are_in_filing_index',
    'recon_filing_index_gaps',
    'recon_fact_accessions_are_known_filings',
    'recon_mart_values_equal_raw_facts',
    'recon_statement_marts_equal_line_items',
    'recon_duplicate_keys',
    'recon_completeness',
    'recon_referential_integrity',
    'recon_price_jumps_without_split_events',
    'recon_split_events_match_filings',
    'recon_filing_tables_match_xbrl_facts',
    'recon_market_cap_steps_without_splits',
    'recon_macro_revisions',
    'recon_eps_equals_net_income_per_share',
] %}

with

checks (check_name, category, severity, description) as (

    {{ reconciliation_check_values() }}

),

violations as (

    {% for model in check_models %}
        select
            check_name,
            affected_key,
            cast(affected_rows as bigint) as affected_rows,
            detail
        from {{ ref(model) }}
        {{ "union all" if not loop.last }}
    {% endfor %}

),

final as (

    select
        violations.check_name,
        checks.severity,
        checks.category,
        case
            when checks.category in ('source', 'coverage')
                then {{ dbt.safe_cast(
                    "split_part(violations.affected_key, ' ', 1)",
                    api.Column.translate_type('bigint'),
                ) }}
        end as cik,
        violations.affected_key,
        violations.affected_rows,
        violations.detail
    from violations
    left join checks on violations.check_name = checks.check_name

)

select * from final
