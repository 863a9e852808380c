-- One row per company with SEC data: whether a load newer than the last successful build
-- touched any of its SEC rows (decision 029). company_partitioned models rebuild only these
-- companies; a first build, a --full-refresh or a warehouse built without the finloom CLI (no
-- ops.built_loads) marks every company changed.

{%- set per_company_tables = [
    'company_facts', 'company_facts_files', 'company_concepts', 'filings', 'companies',
    'submission_pages'
] %}

with

loads as (

    {% for table in per_company_tables %}
        {{ select_source_columns('sec', table, [['cik', 'bigint'], ['_dlt_load_id', 'varchar']]) }}
        {{ "union all" if not loop.last }}
    {% endfor %}

),

final as (

    select
        cik,
        max(_dlt_load_id) as newest_load_id,
        coalesce(max(_dlt_load_id) > {{ last_built_load_id('sec') }}, true) as is_changed
    from loads
    where cik is not null
    group by cik

)

select * from final
