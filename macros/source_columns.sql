{% macro source_column_types(source_name, table_name) %}
{#-
    [name, sql type] pairs of a source table, in the order its sources YAML lists them: the
    `data_type` of each column is the one place a raw column's type is written. Empty while
    parsing (dbt fills `graph` only at execution); a column without `data_type` is an error.
-#}
    {%- set columns = [] -%}
    {%- if execute -%}
        {%- set node = graph.sources.get(
            'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name
        ) -%}
        {%- if node is none -%}
            {{ exceptions.raise_compiler_error(
                'source ' ~ source_name ~ '.' ~ table_name ~ ' is not declared'
            ) }}
        {%- endif -%}
        {%- for column in node.columns.values() -%}
            {%- if not column.data_type -%}
                {{ exceptions.raise_compiler_error(
                    'source ' ~ source_name ~ '.' ~ table_name ~ ': column ' ~ column.name
                    ~ ' has no data_type in its sources YAML'
                ) }}
            {%- endif -%}
            {%- do columns.append([column.name, column.data_type]) -%}
        {%- endfor -%}
        {%- if not columns -%}
            {{ exceptions.raise_compiler_error(
                'source ' ~ source_name ~ '.' ~ table_name ~ ' declares no columns'
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(columns) }}
{% endmacro %}


{% macro select_source_columns(source_name, table_name, columns=none) %}
{#-
    `select <typed columns> from <source>` for a dlt-loaded table, tolerating what dlt leaves out:
    dlt creates a table only when a load yields rows for it (e.g. `submission_pages` for companies
    without overflow pages) and creates no column whose values were all NULL. A missing column
    reads as a typed NULL and a missing table as no rows, so staging keeps its shape either way.
    `columns` is a list of [name, sql type] pairs in output order; by default every column the
    sources YAML declares, with its `data_type` (source_column_types).
-#}
    {%- set relation = source(source_name, table_name) -%}
    {%- if columns is none -%}
        {%- set columns = source_column_types(source_name, table_name) -%}
    {%- endif -%}
    {%- set present = [] -%}
    {%- if execute -%}
        {%- set found = adapter.get_relation(
            database=relation.database,
            schema=relation.schema,
            identifier=relation.identifier
        ) -%}
        {%- if found is not none -%}
            {%- for column in adapter.get_columns_in_relation(found) -%}
                {%- do present.append(column.name | lower) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif %}
    select
    {%- for name, data_type in columns %}
        {% if name in present -%}
            cast({{ name }} as {{ data_type }})
        {%- else -%}
            cast(null as {{ data_type }})
        {%- endif %} as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
    {% if present -%}
        from {{ relation }}
    {%- else -%}
        from (select 1 as no_rows) as missing_source
        where 1 = 0
    {%- endif %}
{% endmacro %}
