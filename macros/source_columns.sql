{% macro select_source_columns(source_name, table_name, columns) %}
{#-
    `select <typed columns> from <source>` for a dlt-loaded table, tolerating what dlt leaves out:
    dlt creates a table only when a load yields rows for it (e.g. `submission_pages` for companies
    without overflow pages) and creates no column whose values were all NULL. A missing column
    reads as a typed NULL and a missing table as no rows, so staging keeps its shape either way.
    `columns` is a list of [name, sql type] pairs in output order.
-#}
    {%- set relation = source(source_name, table_name) -%}
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
