{#- decision 018: the versions of a point-in-time history valid on a date -#}
{% macro as_of(history, as_of_date) %}
    {%- set relation = ref(history) if history is string else history -%}
    (
        select *
        from {{ relation }}
        where
            valid_from <= cast({{ as_of_date }} as date)
            and (valid_to is null or valid_to > cast({{ as_of_date }} as date))
    )
{%- endmacro %}
