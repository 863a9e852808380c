{% test not_null_columns(model, columns) %}
{#-
    Fails with one row per column of `columns` that holds a NULL: the column's name and how many
    rows hold one. One scan of the model for all its not-null columns, where a `not_null` test per
    column would cost a dbt node and a scan each (decision 048).
-#}

with

null_counts as (

    select
        {%- for column in columns %}
            sum(case when {{ column }} is null then 1 else 0 end) as null_rows_{{ loop.index }}
            {{- "," if not loop.last }}
        {%- endfor %}
    from {{ model }}

),

by_column as (

    {%- for column in columns %}
        select
            '{{ column }}' as column_name,
            null_rows_{{ loop.index }} as null_rows
        from null_counts
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

)

select
    column_name,
    null_rows
from by_column
where null_rows > 0

{% endtest %}
