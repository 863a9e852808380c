-- One row per symbol with market rows: the newest dlt load that wrote any of them (daily bars,
-- dividends, splits, the instrument row). int_market_symbols_to_build compares it with the last
-- successful build (decision 030).

{%- set per_symbol_tables = ['daily_bars', 'dividends', 'splits', 'instruments'] %}

{#- every market table is per symbol: a table added to the source and left out here would change
    marts without marking its symbol changed -#}
{%- if execute %}
    {%- for node in graph.sources.values()
        if node.source_name == 'market' and node.name not in per_symbol_tables %}
        {{ exceptions.raise_compiler_error(
            'stg_market__symbol_loads: source market.' ~ node.name ~ ' is not in its table list'
        ) }}
    {%- endfor %}
{%- endif %}

with

loads as (

    {% for table in per_symbol_tables %}
        {{ select_source_columns(
            'market', table, [['symbol', 'varchar'], ['_dlt_load_id', 'varchar']]
        ) }}
        {{ "union all" if not loop.last }}
    {% endfor %}

),

final as (

    select
        symbol,
        max(_dlt_load_id) as newest_load_id
    from loads
    where symbol is not null
    group by symbol

)

select * from final
