{#-
    A table built key by key, in batches, and rebuilt only for the keys whose data changed:
    companies (`cik`, decision 029) or market symbols (`symbol`, decision 030).

    The model filters its per-key input with a marker, which names the key column and the
    "to build" model that lists the keys:
      `{{ company_batch('cik') }}`        int_sec_companies_to_build: companies with new SEC data
      `{{ symbol_batch('symbol') }}`      int_market_symbols_to_build: symbols with new market data
      `{{ valuation_batch('symbol') }}`   int_valuation_symbols_to_build: symbols with new market
                                          data, or every symbol after new SEC data
      `{{ company_mart_batch('cik') }}`   int_sec_company_marts_to_build: companies with new SEC
                                          data, or every company after a new SEC ticker file
      `{{ partition_batch(column, to_build) }}`   the general form
    Outside this materialization (compile, unit tests, sqlfluff) a marker is `(true)`: every
    key. Here the model's SQL runs once per batch of keys, every marker replaced by the batch's
    keys, so no operator (a window over every fact, a recursion over every price series) ever
    holds more than one batch: peak memory follows the largest batch, not the warehouse. The
    model's output must have the key column, and its rows for a key may depend only on data
    whose change marks that key changed in the to-build model (and on seeds: project files,
    whose change rebuilds everything).

    Which keys: the to-build model has one row per key with data and `is_changed`, whether a
    load newer than the last successful build touched the key. A first build, a
    `--full-refresh`, or a target that is not yet a table builds every key into a new table that
    replaces the old one (like `table`); otherwise only the changed keys are deleted and
    inserted again, batch by batch, in one transaction. Columns are inserted by name, so a model
    whose columns changed fails loudly until it is rebuilt with `--full-refresh` (the `finloom`
    CLI does that itself when the project changes: decision 027).

    Config: `keys_per_batch` (default: var `finloom_companies_per_batch` for `cik`,
    `finloom_symbols_per_batch` for `symbol`, else `finloom_keys_per_batch`; each 100). The
    delete+insert and `insert ... by name` are DuckDB's; a Spark port replaces this one
    materialization (partition overwrite on the key).
-#}
{% materialization partitioned, adapter='duckdb' %}

    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set backup_relation = make_backup_relation(target_relation, 'table') -%}
    {%- set full = existing_relation is none
        or existing_relation.type != 'table'
        or should_full_refresh() -%}
    {%- set to_build_name, column = partition_of(compiled_code) -%}
    {%- set to_build = ref(to_build_name) -%}
    {%- set batch_vars = {
        'cik': 'finloom_companies_per_batch', 'symbol': 'finloom_symbols_per_batch'
    } -%}
    {%- set per_batch = config.get(
        'keys_per_batch', var(batch_vars.get(column, 'finloom_keys_per_batch'), 100)
    ) | int -%}

    {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
    {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- set keys_sql -%}
        select {{ column }} from {{ to_build }}
        {%- if not full %} where is_changed{% endif %}
        order by {{ column }}
    {%- endset -%}
    {%- set keys = run_query(keys_sql).columns[0].values() | list if execute else [] -%}
    {%- set batches = [] -%}
    {%- for start in range(0, keys | length, per_batch) -%}
        {%- do batches.append(keys[start:start + per_batch]) -%}
    {%- endfor -%}

    {%- if full -%}
        {#- every key, into a new table swapped in at the end -#}
        {%- set first = batches[0] if batches else [] -%}
        {% call statement('main') -%}
            {{ create_table_as(
                False, intermediate_relation, partition_batch_sql(compiled_code, first)
            ) }}
        {%- endcall %}
        {%- for batch in batches[1:] %}
            {% call statement('batch_' ~ loop.index) -%}
                insert into {{ intermediate_relation }} by name
                {{ partition_batch_sql(compiled_code, batch) }}
            {%- endcall %}
        {%- endfor %}
        {% if existing_relation is not none %}
            {{ adapter.rename_relation(existing_relation, backup_relation) }}
        {% endif %}
        {{ adapter.rename_relation(intermediate_relation, target_relation) }}
    {%- else -%}
        {#- the changed keys only: out, then in again -#}
        {% call statement('main') -%}
            select {{ keys | length }} as keys_rebuilt
        {%- endcall %}
        {%- for batch in batches %}
            {% call statement('delete_' ~ loop.index) -%}
                delete from {{ target_relation }}
                where {{ partition_batch_predicate(column, batch) }}
            {%- endcall %}
            {% call statement('insert_' ~ loop.index) -%}
                insert into {{ target_relation }} by name
                {{ partition_batch_sql(compiled_code, batch) }}
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


{#- The marker a partitioned model puts where it filters its per-key input: `column` within the
    batch of keys the materialization takes from the model `to_build`. -#}
{% macro partition_batch(column, to_build) -%}
    {#- the materialization reads the change set: this makes every caller depend on it (a unit
        test gives the model its inputs and runs its SQL unfiltered, without it) -#}
    {%- if model.resource_type != 'unit_test' -%}
        {%- do ref(to_build) -%}
    {%- endif -%}
    (true /* finloom_batch:{{ to_build }}:{{ column }} */)
{%- endmacro %}


{#- Companies whose SEC data changed (decision 029). -#}
{% macro company_batch(column) -%}
    {{ partition_batch(column, 'int_sec_companies_to_build') }}
{%- endmacro %}


{#- Companies whose statement marts must be rebuilt: their SEC data changed, or the SEC ticker
    file that dim_company's ticker falls back on did (decision 043). -#}
{% macro company_mart_batch(column) -%}
    {{ partition_batch(column, 'int_sec_company_marts_to_build') }}
{%- endmacro %}


{#- Market symbols whose raw market rows changed (decision 030). -#}
{% macro symbol_batch(column) -%}
    {{ partition_batch(column, 'int_market_symbols_to_build') }}
{%- endmacro %}


{#- Market symbols whose valuation inputs changed: their market rows, or any SEC data. -#}
{% macro valuation_batch(column) -%}
    {{ partition_batch(column, 'int_valuation_symbols_to_build') }}
{%- endmacro %}


{#- The marker's pattern: (to-build model, key column). -#}
{% macro partition_marker_pattern() -%}
    {{ return(modules.re.compile(
        '\\(true /\\* finloom_batch:([A-Za-z0-9_]+):([A-Za-z0-9_]+) \\*/\\)'
    )) }}
{%- endmacro %}


{#- (to-build model, key column) of a partitioned model's SQL: its markers must all agree. -#}
{% macro partition_of(sql) -%}
    {%- set found = partition_marker_pattern().findall(sql) | unique | list -%}
    {%- if found | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            "model " ~ model.name ~ " is partitioned, so it must filter its per-key input with "
            ~ "one kind of batch marker (company_batch('cik'), symbol_batch('symbol'), ...); "
            ~ "found " ~ (found | length)) }}
    {%- endif -%}
    {{ return(found[0]) }}
{%- endmacro %}


{#- A key as a SQL literal. -#}
{% macro partition_literal(value) -%}
    {%- if value is string -%}
        '{{ value | replace("'", "''") }}'
    {%- else -%}
        {{ value }}
    {%- endif -%}
{%- endmacro %}


{#- `column` within one batch of keys: a range (lets DuckDB skip row groups) and the list. -#}
{% macro partition_batch_predicate(column, keys) -%}
    {%- if keys | length == 0 -%}
        false
    {%- else -%}
        {%- set literals = [] -%}
        {%- for key in keys -%}
            {%- do literals.append(partition_literal(key)) -%}
        {%- endfor -%}
        {{ column }} between {{ literals[0] }} and {{ literals[-1] }}
        and {{ column }} in ({{ literals | join(', ') }})
    {%- endif -%}
{%- endmacro %}


{#- The model's SQL for one batch: every marker replaced by the batch's predicate. -#}
{% macro partition_batch_sql(sql, keys) -%}
    {%- set parts = partition_marker_pattern().split(sql) -%}
    {#- split keeps both groups: text, to_build, column, text, ... -#}
    {%- for part in parts -%}
        {%- if loop.index0 % 3 == 0 -%}
            {{ part }}
        {%- elif loop.index0 % 3 == 2 -%}
            ({{ partition_batch_predicate(part, keys) }})
        {%- endif -%}
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


{#- A partitioned model's (to-build model, key column), read from its raw SQL's batch marker
    calls; none for any other node. -#}
{% macro partition_of_node(node) -%}
    {%- if node is none or node.config.materialized != 'partitioned' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set markers = {
        'company_batch': 'int_sec_companies_to_build',
        'symbol_batch': 'int_market_symbols_to_build',
        'valuation_batch': 'int_valuation_symbols_to_build',
        'company_mart_batch': 'int_sec_company_marts_to_build',
    } -%}
    {%- set found = [] -%}
    {%- for marker, column in modules.re.findall(
        "(company_batch|symbol_batch|valuation_batch|company_mart_batch)"
        ~ "\\(\\s*'([A-Za-z0-9_]+)'\\s*\\)",
        node.raw_code) -%}
        {%- do found.append(markers[marker] ~ ':' ~ column) -%}
    {%- endfor -%}
    {%- for column, to_build in modules.re.findall(
        "partition_batch\\(\\s*'([A-Za-z0-9_]+)'\\s*,\\s*'([A-Za-z0-9_]+)'\\s*\\)",
        node.raw_code) -%}
        {%- do found.append(to_build ~ ':' ~ column) -%}
    {%- endfor -%}
    {%- set found = found | unique | list -%}
    {{ return(found[0].split(':') if found | length == 1 else none) }}
{%- endmacro %}


{#- The rows a generic test of a partitioned model needs to read in an incremental `dbt build`:
    those of the keys rebuilt in this build (decision 042). A rebuild deletes and inserts every
    row of a changed key and leaves the others as the last build tested them, so a test that
    judges each row on its own (not_null, not_null_columns, accepted_values) or each key group
    within one key (unique_combination_of_columns over columns that include the key) needs only
    the rebuilt keys. Anything else reads the whole table: other tests, `dbt test` (which may follow a
    change outside a build), a --full-refresh, tests of other models. Returns a predicate, or
    none for the whole table. -#}
{% macro rebuilt_partition_scope() -%}
    {%- if not execute or flags.WHICH != 'build' or should_full_refresh() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set attached = model.get('attached_node') -%}
    {%- set partition = partition_of_node(graph.nodes.get(attached)) if attached else none -%}
    {%- if partition is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set to_build, column = partition -%}
    {%- set test = model.get('test_metadata') or {} -%}
    {%- set kwargs = test.get('kwargs', {}) -%}
    {%- if test.get('name') in ['not_null', 'not_null_columns', 'accepted_values'] -%}
        {%- set row_level = true -%}
    {%- elif test.get('name') == 'unique_combination_of_columns' -%}
        {%- set row_level = column in kwargs.get('combination_of_columns', []) -%}
    {%- else -%}
        {%- set row_level = false -%}
    {%- endif -%}
    {%- if not row_level -%}
        {{ return(none) }}
    {%- endif -%}
    {#- the to-build model is upstream of the tested one, but not a declared dependency of the
        test, so it is named from the graph rather than with ref() -#}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ to_build) -%}
    {%- set relation = api.Relation.create(
        database=node.database, schema=node.schema, identifier=node.alias) -%}
    {{ return(column ~ ' in (select ' ~ column ~ ' from ' ~ relation ~ ' where is_changed)') }}
{%- endmacro %}


{#- dbt's get_where_subquery (the relation a generic test reads), with the test's `where`
    config and, in an incremental build, the rebuilt keys of a partitioned model. -#}
{% macro duckdb__get_where_subquery(relation) -%}
    {%- set predicates = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do predicates.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set scope = rebuilt_partition_scope() -%}
    {%- if scope is not none -%}
        {%- do predicates.append('(' ~ scope ~ ')') -%}
    {%- endif -%}
    {%- if predicates -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ predicates | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}
