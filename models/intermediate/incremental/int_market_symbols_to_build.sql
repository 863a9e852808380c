-- One row per market symbol: whether a load newer than the last successful build touched any of
-- its raw market rows (decision 030). Partitioned models that filter with symbol_batch('symbol')
-- rebuild only these symbols; a first build, a --full-refresh or a warehouse built without the
-- finloom CLI (no ops.built_loads) marks every symbol changed.

with

symbol_loads as (

    select * from {{ ref('stg_market__symbol_loads') }}

),

final as (

    select
        symbol,
        newest_load_id,
        coalesce(newest_load_id > {{ last_built_load_id('market') }}, true) as is_changed
    from symbol_loads

)

select * from final
