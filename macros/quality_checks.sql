{% macro quality_raw_keys() %}
{#-
    [raw_sec table, key columns, check suffix] triples whose keys reconciliation_report checks for
    duplicates. The tables are chosen here; each one's key is its `config.meta.primary_key` in
    models/staging/sec/_sec__sources.yml (suffix raw_sec__<table>), followed by its `natural_key`
    when it declares one (raw_sec__<table>__natural_key). dbt fills `graph` only at execution: while
    parsing, the keys are empty and natural keys absent, so callers may still call source()/ref().
-#}
    {%- set tables = [
        'companies', 'filings', 'submission_pages', 'company_facts', 'company_tickers',
        'company_facts_files', 'company_concepts',
    ] -%}
    {%- set triples = [] -%}
    {%- for table in tables -%}
        {%- if execute -%}
            {%- set node = graph.sources.get('source.' ~ project_name ~ '.sec.' ~ table) -%}
            {%- set meta = node.config.meta if node is not none else {} -%}
            {%- if not meta.get('primary_key') -%}
                {{ exceptions.raise_compiler_error(
                    'quality_raw_keys: source sec.' ~ table ~ ' declares no config.meta.primary_key'
                ) }}
            {%- endif -%}
            {%- do triples.append([table, meta.primary_key, 'raw_sec__' ~ table]) -%}
            {%- if meta.get('natural_key') -%}
                {%- do triples.append([
                    table, meta.natural_key, 'raw_sec__' ~ table ~ '__natural_key'
                ]) -%}
            {%- endif -%}
        {%- else -%}
            {%- do triples.append([table, [], 'raw_sec__' ~ table]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(triples) }}
{% endmacro %}


{% macro quality_model_keys() %}
{#-
    [model, key columns] pairs whose keys reconciliation_report checks for duplicates. The models
    are chosen here; each one's key is its grain test in the model YAML (`unique` on one column or
    `unique_combination_of_columns`), read from the graph. A listed model without exactly one
    grain test is an error. While parsing (`graph` is empty then) the keys are empty, so callers
    may still ref() each model.
-#}
    {%- set models = [
        'stg_sec__companies', 'stg_sec__filings', 'stg_sec__submission_pages',
        'int_fiscal_years', 'int_fiscal_periods', 'int_facts_resolved_to_line_items',
        'int_line_items_by_fiscal_period', 'dim_company', 'fct_income_statement',
        'fct_balance_sheet', 'fct_cash_flow', 'fct_financial_line_items',
        'fct_financial_line_items_history', 'int_quality_filings', 'fct_filing_line_item_coverage',
        'fct_filing_quality_components', 'fct_filing_quality', 'fct_company_quality',
    ] -%}
    {%- set pairs = [] -%}
    {%- if not execute -%}
        {%- for model in models -%}
            {%- do pairs.append([model, []]) -%}
        {%- endfor -%}
    {%- else -%}
        {%- set grains = model_grains() -%}
        {%- for model in models -%}
            {%- set found = grains.get(model, []) -%}
            {%- if found | length != 1 -%}
                {{ exceptions.raise_compiler_error(
                    'quality_model_keys: ' ~ model ~ ' needs exactly one grain test (unique or '
                    ~ 'unique_combination_of_columns) in its YAML, found ' ~ (found | length)
                ) }}
            {%- endif -%}
            {%- do pairs.append([model, found[0]]) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(pairs) }}
{% endmacro %}


{% macro model_grains() %}
{#- {model name: [key columns, ...]} from the graph's `unique` / `unique_combination_of_columns` tests. -#}
    {%- set grains = {} -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'test' and node.test_metadata
        and node.test_metadata.name in ('unique', 'unique_combination_of_columns')
        and node.attached_node -%}
        {%- set parent = graph.nodes.get(node.attached_node) -%}
        {%- if parent and parent.resource_type == 'model' -%}
            {%- set kwargs = node.test_metadata.kwargs -%}
            {%- if node.test_metadata.name == 'unique' -%}
                {%- set key = [kwargs.column_name] -%}
            {%- else -%}
                {%- set key = kwargs.combination_of_columns -%}
            {%- endif -%}
            {%- do grains.setdefault(parent.name, []).append(key) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(grains) }}
{% endmacro %}


{% macro quality_company_marts() %}
{#- Marts whose cik/ticker reconciliation_report checks against dim_company. -#}
{{ return([
    'fct_income_statement', 'fct_balance_sheet', 'fct_cash_flow', 'fct_financial_line_items',
    'fct_financial_line_items_history', 'fct_filing_line_item_coverage',
    'fct_filing_quality_components', 'fct_filing_quality', 'fct_company_quality',
]) }}
{% endmacro %}
