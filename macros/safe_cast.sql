{% macro duckdb__safe_cast(field, type) -%}
{#- dbt's `safe_cast` on DuckDB: `try_cast` (NULL when the value does not convert). dbt's default
    is a plain `cast`, which fails the query instead (reconciliation_violations' cik of a finding
    keyed by a symbol or a FRED series, decisions 035, 041). -#}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
