-- One row per company, flow line item, fiscal year and fiscal period derived from an identity of
-- values of the same period, dates and unit (decision 014): gross_profit = revenue -
-- cost_of_revenue where no concept reports gross profit for the period, and free_cash_flow =
-- operating_cash_flow - capital_expenditures (always derived). Provenance is the minuend's
-- filing; the source concept names every concept used.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{#- the inputs of the identities and the fields each needs: minuends carry the provenance of
    the derived value, subtrahends their dates, unit and concept, and the line item a
    derivation must not shadow only its value -#}
{%- set minuend_fields = [
    'value', 'unit', 'period_type', 'period_start', 'period_end', 'source_taxonomy',
    'source_concept', 'source_accession_number', 'source_form', 'source_filed_date',
    'source_fact_id'
] %}
{%- set subtrahend_fields = ['value', 'unit', 'period_start', 'period_end', 'source_concept'] %}
{%- set identity_inputs = {
    'revenue': minuend_fields,
    'operating_cash_flow': minuend_fields,
    'cost_of_revenue': subtrahend_fields,
    'capital_expenditures': subtrahend_fields,
    'gross_profit': ['value'],
} %}

{{ config(materialized='partitioned') }}

with

period_values as (

    select * from {{ ref('int_line_items_combined_by_fiscal_period') }}
    where {{ company_batch('cik') }}

),

identity_inputs as (

    -- one row per company and fiscal period, the inputs of the identities as columns
    select
        cik,
        fiscal_year,
        fiscal_period,
        {% for item, fields in identity_inputs.items() %}
            {% for field in fields %}
                max(case when line_item = '{{ item }}' then {{ field }} end)
                    as {{ item }}_{{ field }},
            {% endfor %}
        {% endfor %}
        max(fiscal_quarter) as fiscal_quarter
    from period_values
    where
        line_item in (
            {%- for item in identity_inputs %}
                '{{ item }}'{{ "," if not loop.last }}
            {%- endfor %}
        )
    group by cik, fiscal_year, fiscal_period

),

final as (

    select
        cik,
        'gross_profit' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'income_statement' as statement,  -- noqa: RF04
        'consolidated' as scope,
        revenue_period_type as period_type,
        revenue_period_start as period_start,
        revenue_period_end as period_end,
        revenue_unit as unit,
        revenue_value - cost_of_revenue_value as value,
        true as is_currency,
        true as is_derived,
        'revenue - cost_of_revenue' as derivation,
        revenue_source_taxonomy as source_taxonomy,
        revenue_source_concept || ' - ' || cost_of_revenue_source_concept as source_concept,
        revenue_source_accession_number as source_accession_number,
        revenue_source_form as source_form,
        revenue_source_filed_date as source_filed_date,
        revenue_source_fact_id as source_fact_id
    from identity_inputs
    where
        gross_profit_value is null
        and revenue_value is not null
        and cost_of_revenue_value is not null
        and revenue_period_start = cost_of_revenue_period_start
        and revenue_period_end = cost_of_revenue_period_end
        and revenue_unit = cost_of_revenue_unit

    union all

    select
        cik,
        'free_cash_flow' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'cash_flow_statement' as statement,  -- noqa: RF04
        'consolidated' as scope,
        operating_cash_flow_period_type as period_type,
        operating_cash_flow_period_start as period_start,
        operating_cash_flow_period_end as period_end,
        operating_cash_flow_unit as unit,
        operating_cash_flow_value - capital_expenditures_value as value,
        true as is_currency,
        true as is_derived,
        'operating_cash_flow - capital_expenditures' as derivation,
        operating_cash_flow_source_taxonomy as source_taxonomy,
        operating_cash_flow_source_concept
        || ' - ' || capital_expenditures_source_concept as source_concept,
        operating_cash_flow_source_accession_number as source_accession_number,
        operating_cash_flow_source_form as source_form,
        operating_cash_flow_source_filed_date as source_filed_date,
        operating_cash_flow_source_fact_id as source_fact_id
    from identity_inputs
    where
        operating_cash_flow_value is not null
        and capital_expenditures_value is not null
        and operating_cash_flow_period_start = capital_expenditures_period_start
        and operating_cash_flow_period_end = capital_expenditures_period_end
        and operating_cash_flow_unit = capital_expenditures_unit

)

select * from final
