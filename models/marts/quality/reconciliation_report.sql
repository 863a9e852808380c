-- One row per reconciliation check (issue 3): its category (integrity | coverage), severity
-- (error | warn), status (pass | fail | warn), how many rows it examined and how many it found
-- affected, the share that passed, what it checks and a sample of affected keys. Evidence per
-- key is in reconciliation_violations; the singular tests in tests/quality/ fail (integrity) or
-- warn (coverage) on the same rows. Integrity checks must pass on correct data; coverage
-- shortfalls are facts about the filers, reported as warnings.

{%- set fixed_checks = [
    ['filing_index_filings_have_facts', 'integrity', 'error',
     'Every 10-K/10-Q (and amendment) the filing index flags as XBRL, filed within the range '
     ~ 'of its company''s loaded facts, has facts.'],
    ['fact_filings_are_in_filing_index', 'integrity', 'error',
     'Every 10-K/10-Q (and amendment) that reported facts is in the filing index, except '
     ~ 'filings of companies whose submissions header is missing and filings dated within a '
     ~ 'missing overflow page (see filing_index_gaps).'],
    ['filing_index_gaps', 'coverage', 'warn',
     'Submissions overflow pages and headers that were reported missing (404) at load: the '
     ~ 'filing index is partial there, and the index checks exempt those filings.'],
    ['fact_accessions_are_known_filings', 'integrity', 'error',
     'Every fact cites an accession that is a filing in the index (same exemptions); '
     ~ 'affected_rows counts facts.'],
    ['mart_values_equal_raw_facts', 'integrity', 'error',
     'Every fct_financial_line_items value equals its cited raw fact times the concept sign, '
     ~ 'with the same taxonomy, concept, unit, period and accession; a derived value equals '
     ~ 'its derivation recomputed from raw year-to-date facts and mart values (decisions '
     ~ '009, 014).'],
    ['statement_marts_equal_line_items', 'integrity', 'error',
     'Every value of fct_income_statement, fct_balance_sheet and fct_cash_flow, with its '
     ~ 'source accession and concept, equals the fct_financial_line_items row.'],
] %}
{%- set core_line_items = [
    'revenue', 'net_income', 'total_assets', 'total_liabilities', 'stockholders_equity',
    'operating_cash_flow',
] %}

with

violations as (

    select * from {{ ref('reconciliation_violations') }}

),

coverage as (

    select * from {{ ref('fct_filing_line_item_coverage') }}

),

checks (check_name, category, severity, description) as (

    values
    {%- for name, category, severity, description in fixed_checks %}
        ('{{ name }}', '{{ category }}', '{{ severity }}', '{{ description }}'),
    {%- endfor %}
    {%- for table, key, name in quality_raw_keys() %}
        (
            'duplicate_keys__{{ name }}', 'integrity', 'error',
            'No two rows of raw_sec.{{ table }} share ({{ key | join(", ") }}).'
        ),
    {%- endfor %}
    {%- for model, key in quality_model_keys() %}
        (
            'duplicate_keys__{{ model }}', 'integrity', 'error',
            'No two rows of {{ model }} share ({{ key | join(", ") }}).'
        ),
    {%- endfor %}
    {%- for item in core_line_items %}
        (
            'completeness__{{ item }}', 'coverage', 'warn',
            'Share of scored filings reporting {{ item }} for their own period '
            || '(fct_filing_line_item_coverage).'
        ),
    {%- endfor %}
    {%- for mart in quality_company_marts() %}
        (
            'referential_integrity__{{ mart }}', 'integrity', 'error',
            'Every cik of {{ mart }} is in dim_company, and its ticker is one of the company''s.'
        ){{ "," if not loop.last }}
    {%- endfor %}

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
            when checks.severity = 'error' then 'fail'
            else 'warn'
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
