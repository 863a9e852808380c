-- One row per reconciliation check: its category (source | coverage | integrity), severity
-- (info | warning | error | critical; decision 025), status (pass, else info | warn | fail by
-- severity), how many rows it examined and how many it found affected, the share that passed,
-- what it checks and a sample of affected keys. Evidence per key is in
-- reconciliation_violations; the singular tests in tests/dbt/quality/ warn (source, coverage)
-- or fail (integrity) on the same rows. Source findings describe what was published and never
-- stop the build; integrity checks must pass.

with

violations as (

    select * from {{ ref('reconciliation_violations') }}

),

coverage as (

    select * from {{ ref('fct_filing_line_item_coverage') }}

),

checks (check_name, category, severity, description) as (

    {{ reconciliation_check_values() }}

),

checked_rows as (

    -- rows examined, where a count means something beyond the affected keys
    select
        'completeness__' || line_item as check_name,
        count(*) as checked_rows
    from coverage
    group by line_item
    union all
    select
        'mart_values_equal_raw_facts' as check_name,
        count(*) as checked_rows
    from {{ ref('fct_financial_line_items') }}
    union all
    select
        'fact_accessions_are_known_filings' as check_name,
        count(*) as checked_rows
    from {{ ref('stg_sec__company_facts') }}
    union all
    select
        'macro_revisions' as check_name,
        count(*) as checked_rows
    from {{ ref('fct_macro_observations_history') }}
    where is_current
    union all
    select
        'filing_tables_match_xbrl_facts' as check_name,
        count(*) as checked_rows
    from {{ ref('recon_filing_table_xbrl_comparisons') }}
    where status in ('match', 'mismatch', 'probable scale error')

),

affected as (

    select
        check_name,
        sum(affected_rows) as affected_rows,
        count(*) as affected_keys,
        string_agg(affected_key, '; ' order by affected_key) filter (where key_rank <= 5)
            as sample_keys
    from (
        select
            *,
            row_number() over (partition by check_name order by affected_key) as key_rank
        from violations
    ) as ranked
    group by check_name

),

final as (

    select
        checks.check_name,
        checks.category,
        checks.severity,
        case
            when coalesce(affected.affected_keys, 0) = 0 then 'pass'
            when checks.severity in ('error', 'critical') then 'fail'
            when checks.severity = 'warning' then 'warn'
            else 'info'
        end as status,
        cast(coalesce(affected.affected_rows, 0) as bigint) as affected_rows,
        coalesce(affected.affected_keys, 0) as affected_keys,
        checked_rows.checked_rows,
        case
            when checked_rows.checked_rows > 0
                then round(
                    1 - cast(coalesce(affected.affected_keys, 0) as double precision)
                    / checked_rows.checked_rows, 4
                )
        end as pass_rate,
        checks.description,
        affected.sample_keys
    from checks
    left join affected on checks.check_name = affected.check_name
    left join checked_rows on checks.check_name = checked_rows.check_name

)

select * from final
