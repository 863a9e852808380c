{#-
    A table built company by company, in batches, and rebuilt only for the companies whose
    data changed (decision 029).

    The model filters its per-company input with `where {{ company_batch('cik') }}`; outside
    this materialization (compile, unit tests, sqlfluff) that is `(true)`: every company.
    Here the model's SQL runs once per batch of companies, the marker replaced by the batch's
    keys, so no operator (a window over every fact, a wide aggregate) ever holds more than one
    batch in memory: peak memory grows with the largest batch, not with the warehouse.

    Which companies: the `int_sec_companies_to_build` table lists every company with its SEC
    data and whether a load newer than the last successful build touched it. A first build, a
    `--full-refresh`, or a target that is not yet a table builds every company into a new
    table that replaces the old one (like `table`); otherwise only the changed companies are
    deleted and inserted again, in one transaction. Columns are inserted by name, so a model
    whose columns changed fails loudly until it is rebuilt with `--full-refresh` (the
    `finloom` CLI does that itself when the project changes: decision 027).

    Config: `companies_per_batch` (default: var `finloom_companies_per_batch`, 100).
-#}
{% materialization company_partitioned, adapter='duckdb' %}

    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set backup_relation = make_backup_relation(target_relation, 'table') -%}
    {%- set full = existing_relation is none
        or existing_relation.type != 'table'
        or should_full_refresh() -%}
    {%- set per_batch = config.get('companies_per_batch', var('finloom_companies_per_batch', 100)) | int -%}
    {%- set companies = ref('int_sec_companies_to_build') -%}

    {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
    {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- set keys_sql -%}
        select cik from {{ companies }}
        {%- if not full %} where is_changed{% endif %}
        order by cik
    {%- endset -%}
    {%- set keys = run_query(keys_sql).columns[0].values() | list if execute else [] -%}
    {%- set batches = [] -%}
    {%- for start in range(0, keys | length, per_batch) -%}
        {%- do batches.append(keys[start:start + per_batch]) -%}
    {%- endfor -%}

    {%- if full -%}
        {#- every company, into a new table swapped in at the end -#}
        {%- set first = batches[0] if batches else [] -%}
        {% call statement('main') -%}
            {{ create_table_as(False, intermediate_relation, company_batch_sql(compiled_code, first)) }}
        {%- endcall %}
        {%- for batch in batches[1:] %}
            {% call statement('batch_' ~ loop.index) -%}
                insert into {{ intermediate_relation }} by name
                {{ company_batch_sql(compiled_code, batch) }}
            {%- endcall %}
        {%- endfor %}
        {% if existing_relation is not none %}
            {{ adapter.rename_relation(existing_relation, backup_relation) }}
        {% endif %}
        {{ adapter.rename_relation(intermediate_relation, target_relation) }}
    {%- else -%}
        {#- the changed companies only: out, then in again -#}
        {% call statement('main') -%}
            select {{ keys | length }} as companies_rebuilt
        {%- endcall %}
        {%- for batch in batches %}
            {% call statement('delete_' ~ loop.index) -%}
                delete from {{ target_relation }}
                where {{ company_batch_predicate('cik', batch) }}
            {%- endcall %}
            {% call statement('insert_' ~ loop.index) -%}
                insert into {{ target_relation }} by name
                {{ company_batch_sql(compiled_code, batch) }}
            {%- endcall %}
        {%- endfor %}
    {%- endif %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do persist_docs(target_relation, model) %}
    {{ adapter.commit() }}
    {{ drop_relation_if_exists(backup_relation) }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}


{#- The marker a company-partitioned model puts where it filters its per-company input. -#}
{% macro company_batch(column) -%}
    {#- the materialization reads the change set: this makes every caller depend on it (a unit
        test gives the model its inputs and runs its SQL unfiltered, without it) -#}
    {%- if model.resource_type != 'unit_test' -%}
        {%- do ref('int_sec_companies_to_build') -%}
    {%- endif -%}
    (true /* finloom_company_batch:{{ column }} */)
{%- endmacro %}


{#- `column` within one batch of keys: a range (lets DuckDB skip row groups) and the list. -#}
{% macro company_batch_predicate(column, keys) -%}
    {%- if keys | length == 0 -%}
        false
    {%- else -%}
        {{ column }} between {{ keys[0] }} and {{ keys[-1] }}
        and {{ column }} in ({{ keys | join(', ') }})
    {%- endif -%}
{%- endmacro %}


{#- The model's SQL for one batch: every marker replaced by the batch's predicate. -#}
{% macro company_batch_sql(sql, keys) -%}
    {%- set marker = modules.re.compile('\\(true /\\* finloom_company_batch:([A-Za-z0-9_."]+) \\*/\\)') -%}
    {%- set parts = marker.split(sql) -%}
    {%- if parts | length == 1 -%}
        {{ exceptions.raise_compiler_error(
            "model " ~ model.name ~ " is company_partitioned but never filters by "
            ~ "{{ company_batch('cik') }}") }}
    {%- endif -%}
    {%- for part in parts -%}
        {%- if loop.index is odd -%}{{ part }}{%- else -%}({{ company_batch_predicate(part, keys) }}){%- endif -%}
    {%- endfor -%}
{%- endmacro %}


{#- The newest load id of `source` the last successful build covered, as a SQL expression:
    '' (every load is newer) when there is none, on --full-refresh, or before the CLI ever
    recorded a build (ops.built_loads, decision 027). -#}
{% macro last_built_load_id(source_name) -%}
    {%- set marks = none -%}
    {%- if execute and not should_full_refresh() -%}
        {%- set marks = adapter.get_relation(
            database=target.database, schema='ops', identifier='built_loads'
        ) -%}
    {%- endif -%}
    {%- if marks is none -%}
        ''
    {%- else -%}
        coalesce((select max(load_id) from {{ marks }} where source = '{{ source_name }}'), '')
    {%- endif -%}
{%- endmacro %}
