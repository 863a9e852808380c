-- One row per relation and key value that several of its rows share (reconciliation checks
-- `duplicate_keys__<relation>`): the raw_sec tables of quality_raw_keys, found by staging
-- (stg_sec__raw_key_duplicates) and, for company facts, company by company
-- (int_company_fact_key_duplicates), and the models of quality_model_keys.

with

raw_duplicates as (

    select
        check_suffix,
        duplicated_key,
        n_rows
    from {{ ref('stg_sec__raw_key_duplicates') }}
    union all
    select
        check_suffix,
        duplicated_key,
        n_rows
    from {{ ref('int_company_fact_key_duplicates') }}

),

final as (

    select
        'duplicate_keys__' || check_suffix as check_name,
        duplicated_key as affected_key,
        n_rows as affected_rows,
        n_rows || ' rows share this key' as detail
    from raw_duplicates
    {% for model, key in quality_model_keys() %}
        union all
        select
            'duplicate_keys__{{ model }}' as check_name,
            concat_ws(' ', {{ key | join(', ') }}) as affected_key,
            count(*) as affected_rows,
            count(*) || ' rows share this key' as detail
        from {{ ref(model) }}
        group by {{ key | join(', ') }}
        having count(*) > 1
    {% endfor %}

)

select * from final
