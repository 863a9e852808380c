{% macro key_hash(columns) %}
{#- A 64-bit hash of the key `columns` (a list of column expressions) that only narrows a search:
    equal keys always hash equal (NULLs included), unequal keys may collide, so a caller must
    still compare the columns themselves among the rows whose hashes match. -#}
    {{ return(adapter.dispatch('key_hash', 'finloom')(columns)) }}
{%- endmacro %}

{% macro default__key_hash(columns) -%}
    {#- portable: md5 of the columns as text (a NULL and '' may collide: the caller decides) -#}
    md5(concat(
        {%- for column in columns %}
            coalesce(cast({{ column }} as varchar), ''), '|'{{ "," if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{% macro duckdb__key_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
