-- One row per company and raw_sec.company_facts key value (its primary key and its natural key,
-- macro quality_raw_keys) that more than one raw row shares: the company-facts part of the
-- `duplicate_keys__raw_sec__company_facts*` reconciliation checks (stg_sec__raw_key_duplicates
-- holds the other raw_sec tables). Read through stg_sec__company_facts, which keeps every raw row
-- (decision 010). Both keys start from the company (fact_id is the md5 of the natural key, cik
-- first), so duplicates are found company by company, and only for companies with new SEC data
-- (decision 029): a build after one company's new filing groups that company's facts, not the
-- whole table. Empty on correct loads.

-- 500 companies per batch, not the default 100: each batch scans the raw facts once, and the
-- group-by spills to disk when it outgrows memory, so fewer, larger batches cost less.
{{ config(materialized='partitioned', keys_per_batch=500) }}

with

company_facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where {{ company_batch('cik') }}

),

{% for table, key, name in quality_raw_keys() if table == 'company_facts' %}
    {{ name }} as (

        select
            '{{ name }}' as check_suffix,
            cik,
            concat_ws(' ', {{ key | join(', ') }}) as duplicated_key,
            count(*) as n_rows
        from company_facts
        group by cik, {{ key | join(', ') }}
        having count(*) > 1

    ),

{% endfor %}

final as (

    {% for table, key, name in quality_raw_keys() if table == 'company_facts' %}
        select * from {{ name }}
        {{ "union all" if not loop.last }}
    {% else %}
        {#- while parsing, quality_raw_keys has no keys: a typed empty result -#}
        select
            cast(null as varchar) as check_suffix,
            cast(null as bigint) as cik,
            cast(null as varchar) as duplicated_key,
            cast(null as bigint) as n_rows
        where false
    {% endfor %}

)

select * from final
