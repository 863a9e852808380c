{{ config(materialized='view') }}
-- One row per company, fiscal year, fiscal period (Q1-Q4, FY) and line item: the reported value
-- as it was known on a date, from fct_financial_line_items_history via the macro `as_of`
-- (decision 018) — only filings filed on or before that date count. The date is the dbt var
-- `financials_as_of_date` (YYYY-MM-DD); without it, today, which gives the current versions.
-- `dbt build --select fct_financial_line_items_as_of --vars '{financials_as_of_date: 2024-12-31}'`

{%- set as_of_date = var('financials_as_of_date', none) %}
{%- set as_of_expression = "date '" ~ as_of_date ~ "'" if as_of_date else 'current_date' %}

with

as_of_versions as (

    select * from {{ as_of('fct_financial_line_items_history', as_of_expression) }}
        as versions

),

final as (

    select
        cik,
        ticker,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        line_item,
        statement,
        scope,
        period_type,
        period_start,
        period_end,
        value,
        unit,
        version_number,
        valid_from,
        is_amendment,
        is_probable_scale_error,
        source_accession_number,
        source_taxonomy,
        source_concept,
        source_form,
        source_filed_date,
        cast({{ as_of_expression }} as date) as as_of_date
    from as_of_versions

)

select * from final
