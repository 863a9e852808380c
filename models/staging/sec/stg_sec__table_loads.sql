-- One row per SEC raw table with rows: the newest dlt load that wrote rows into it. Valuation
-- reads SEC data of every kind, per company and not (the ticker file maps symbols to
-- companies), so int_valuation_symbols_to_build compares the newest of these with the last
-- successful build (decision 030).

{%- set sec_tables = [
    'companies', 'filings', 'submission_pages', 'company_facts', 'company_facts_files',
    'company_concepts', 'company_tickers', 'sp500_constituents'
] %}

{#- a table added to the source and left out here would change valuation unnoticed -#}
{%- if execute %}
    {%- for node in graph.sources.values()
        if node.source_name == 'sec' and node.name not in sec_tables %}
        {{ exceptions.raise_compiler_error(
            'stg_sec__table_loads: source sec.' ~ node.name ~ ' is not in its table list'
        ) }}
    {%- endfor %}
{%- endif %}

with

{% for table in sec_tables %}

    {{ table }}_loads as (

        {{ select_source_columns('sec', table, [['_dlt_load_id', 'varchar']]) }}

    ),

{% endfor %}

newest as (

    {% for table in sec_tables %}
        select
            '{{ table }}' as table_name,
            max(_dlt_load_id) as newest_load_id
        from {{ table }}_loads
        {{ "union all" if not loop.last }}
    {% endfor %}

),

final as (

    select
        table_name,
        newest_load_id
    from newest
    where newest_load_id is not null

)

select * from final
