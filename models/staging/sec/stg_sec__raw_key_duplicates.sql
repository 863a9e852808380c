-- One row per raw_sec table key (quality_raw_keys) and key value that more than one raw row
-- shares: the evidence of the `duplicate_keys__raw_sec__*` reconciliation checks. The other
-- staging models remove exact duplicates, so a duplicate raw key is only visible here, where
-- the raw tables are read (staging is the one layer that reads sources). Empty on correct loads.

with

{% for table, key, name in quality_raw_keys() %}
    {%- set key_types = dict(source_column_types('sec', table)) -%}
    {%- set typed = [] -%}
    {%- for column in key -%}
        {%- do typed.append([column, key_types[column]]) -%}
    {%- endfor %}
    {{ name }} as (

        select
            '{{ name }}' as check_suffix,
            concat_ws(' ', {{ key | join(', ') }}) as duplicated_key,
            count(*) as n_rows
        from (
            {{ select_source_columns('sec', table, typed) }}
        ) as raw_rows
        group by {{ key | join(', ') }}
        having count(*) > 1

    ),

{% endfor %}

final as (

    {% for table, key, name in quality_raw_keys() %}
        select * from {{ name }}
        {{ "union all" if not loop.last }}
    {% endfor %}

)

select * from final
