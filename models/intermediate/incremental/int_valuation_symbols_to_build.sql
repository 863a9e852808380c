-- One row per market symbol: whether its valuation must be rebuilt (decision 030). A listing's
-- valuation reads its symbol's market rows, its company's SEC data, and the symbol-to-company
-- mapping, which reads SEC files that are not per company (the ticker file) and compares tickers
-- across companies. So a symbol is changed when a load newer than the last successful build
-- touched its market rows, and every symbol is when any SEC data is newer than that build.
-- Partitioned models that filter with valuation_batch('symbol') rebuild only these symbols.

with

symbols as (

    select * from {{ ref('int_market_symbols_to_build') }}

),

sec_loads as (

    select max(newest_load_id) as newest_load_id
    from {{ ref('stg_sec__table_loads') }}

),

flags as (

    select
        symbols.symbol,
        -- from the load ids, not int_market_symbols_to_build.is_changed: that table is not
        -- rebuilt by a build of SEC data only
        coalesce(symbols.newest_load_id > {{ last_built_load_id('market') }}, true)
            as is_market_changed,
        -- no SEC data at all: no listing has a company, nothing to rebuild on its account
        coalesce(sec_loads.newest_load_id > {{ last_built_load_id('sec') }}, false)
            as is_sec_changed
    from symbols
    cross join sec_loads

),

final as (

    select
        symbol,
        is_market_changed,
        is_sec_changed,
        is_market_changed or is_sec_changed as is_changed
    from flags

)

select * from final
