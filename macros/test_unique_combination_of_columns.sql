{% test unique_combination_of_columns(model, combination_of_columns) %}
{#-
    Fails with one row per combination of `combination_of_columns` that occurs more than once.
    Null-safe: GROUP BY puts NULLs together, so two rows whose period_start is NULL and whose other
    key columns are equal count as duplicates (dbt_utils' version of this test is not available).
-#}
{%- set columns_csv = combination_of_columns | join(', ') %}

with

grouped as (

    select
        {{ columns_csv }},
        count(*) as n_rows
    from {{ model }}
    group by {{ columns_csv }}

)

select *
from grouped
where n_rows > 1

{% endtest %}
