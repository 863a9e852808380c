{% macro generate_schema_name(custom_schema_name, node) -%}
    {#-
        Schemas are exactly the layer names (`staging`, `intermediate`, `marts`, `seeds`), not dbt's
        default `<target schema>_<custom schema>`: docs/architecture.md fixes them, and the CLI, tests and
        exports query them by these names. Nodes without a custom schema use the target schema.
    -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
