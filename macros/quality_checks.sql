{% macro quality_raw_keys() %}
{#- [raw_sec table, key columns, check suffix] triples whose keys reconciliation_report checks for duplicates. -#}
{{ return([
    ['companies', ['cik'], 'raw_sec__companies'],
    ['filings', ['cik', 'accession_number'], 'raw_sec__filings'],
    ['submission_pages', ['cik', 'page_name'], 'raw_sec__submission_pages'],
    ['company_facts', ['fact_id'], 'raw_sec__company_facts'],
    ['company_facts', [
        'cik', 'taxonomy', 'concept', 'unit', 'period_start', 'period_end', 'accession_number'
    ], 'raw_sec__company_facts__natural_key'],
    ['company_tickers', ['ticker'], 'raw_sec__company_tickers'],
    ['company_facts_files', ['cik'], 'raw_sec__company_facts_files'],
    ['company_concepts', ['cik', 'taxonomy', 'concept'], 'raw_sec__company_concepts'],
]) }}
{% endmacro %}


{% macro quality_model_keys() %}
{#- [model, key columns] pairs whose keys reconciliation_report checks for duplicates. -#}
{{ return([
    ['stg_sec__companies', ['cik']],
    ['stg_sec__filings', ['cik', 'accession_number']],
    ['stg_sec__submission_pages', ['cik', 'page_name']],
    ['int_fiscal_years', ['cik', 'fiscal_year']],
    ['int_fiscal_periods', ['cik', 'period_start', 'period_end']],
    ['int_facts_resolved_to_line_items', ['cik', 'line_item', 'fiscal_year', 'fiscal_period']],
    ['int_line_items_by_fiscal_period', ['cik', 'line_item', 'fiscal_year', 'fiscal_period']],
    ['dim_company', ['cik']],
    ['fct_income_statement', ['cik', 'fiscal_year', 'fiscal_period']],
    ['fct_balance_sheet', ['cik', 'fiscal_year', 'fiscal_period']],
    ['fct_cash_flow', ['cik', 'fiscal_year', 'fiscal_period']],
    ['fct_financial_line_items', ['cik', 'fiscal_year', 'fiscal_period', 'line_item']],
    ['fct_financial_line_items_history', [
        'cik', 'fiscal_year', 'fiscal_period', 'line_item', 'version_number'
    ]],
    ['int_quality_filings', ['cik', 'accession_number']],
    ['fct_filing_line_item_coverage', ['cik', 'accession_number', 'line_item']],
    ['fct_filing_quality_components', ['cik', 'accession_number', 'component']],
    ['fct_filing_quality', ['cik', 'accession_number']],
    ['fct_company_quality', ['cik']],
]) }}
{% endmacro %}


{% macro quality_company_marts() %}
{#- Marts whose cik/ticker reconciliation_report checks against dim_company. -#}
{{ return([
    'fct_income_statement', 'fct_balance_sheet', 'fct_cash_flow', 'fct_financial_line_items',
    'fct_financial_line_items_history', 'fct_filing_line_item_coverage',
    'fct_filing_quality_components', 'fct_filing_quality', 'fct_company_quality',
]) }}
{% endmacro %}
