-- One row per company with SEC rows: the newest dlt load that wrote any of its per-company rows
-- (company facts and their files and concepts, submissions: filing index, companies, overflow
-- pages). int_sec_companies_to_build compares it with the last successful build.

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
        max(_dlt_load_id) as newest_load_id
    from loads
    where cik is not null
    group by cik

)

select * from final
