-- One row per company with SEC data: whether a load newer than the last successful build
-- touched any of its SEC rows (decision 029). Partitioned models that filter with
-- company_batch('cik') rebuild only these companies; a first build, a --full-refresh or a
-- warehouse built without the finloom CLI (no ops.built_loads) marks every company changed.

with

company_loads as (

    select * from {{ ref('stg_sec__company_loads') }}

),

final as (

    select
        cik,
        newest_load_id,
        coalesce(newest_load_id > {{ last_built_load_id('sec') }}, true) as is_changed
    from company_loads

)

select * from final
