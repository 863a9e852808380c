-- One row per raw_sec table key (quality_raw_keys) and key value that more than one raw row
-- shares: the evidence of the `duplicate_keys__raw_sec__*` reconciliation checks. The other
-- staging models remove exact duplicates, so a duplicate raw key is only visible here, where
-- the raw tables are read (staging is the one layer that reads sources). Empty on correct loads.
-- raw_sec.company_facts (millions of rows) is checked company by company, and only for companies
-- with new data, in int_company_fact_key_duplicates; these tables are small enough to group whole.

with

{% for table, key, name in quality_raw_keys() if table != 'company_facts' %}
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

    {% for table, key, name in quality_raw_keys() if table != 'company_facts' %}
        select * from {{ name }}
        {{ "union all" if not loop.last }}
    {% endfor %}

)

select * from final
