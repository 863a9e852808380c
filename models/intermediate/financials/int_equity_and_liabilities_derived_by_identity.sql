-- One row per company, fiscal year and fiscal period in which no concept reports total equity
-- (incl. NCI) or total liabilities, but an identity over values of the same period gives it
-- (decision 014): total_equity = stockholders_equity + noncontrolling_interest (a company that
-- never reports a non-controlling interest has none: total_equity = stockholders_equity), and
-- total_liabilities = liabilities_and_equity - total_equity, unless L&E holds temporary
-- (mezzanine) equity (decision 022). Provenance is the minuend's filing; the source concept
-- names every concept used.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{#- the inputs of the identities and the fields each needs: minuends carry the provenance of
    the derived value, subtrahends their dates, unit and concept, and the line items a
    derivation must not shadow only their value -#}
{%- set minuend_fields = [
    'value', 'unit', 'period_type', 'period_start', 'period_end', 'source_taxonomy',
    'source_concept', 'source_accession_number', 'source_form', 'source_filed_date',
    'source_fact_id'
] %}
{%- set subtrahend_fields = ['value', 'unit', 'period_start', 'period_end', 'source_concept'] %}
{%- set identity_inputs = {
    'stockholders_equity': minuend_fields,
    'liabilities_and_equity': minuend_fields,
    'noncontrolling_interest': subtrahend_fields,
    'total_equity': subtrahend_fields,
    'temporary_equity': ['value'],
    'temporary_equity_parent': ['value'],
    'redeemable_noncontrolling_interest': ['value'],
    'total_liabilities': ['value'],
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

companies_reporting_nci as (

    -- companies that tag a non-controlling interest or total equity incl. NCI in any period
    select distinct cik
    from period_values
    where line_item in ('noncontrolling_interest', 'total_equity')

),

with_total_equity as (

    -- decision 014: total equity incl. NCI = parent equity + NCI; a company that never reports
    -- a non-controlling interest has none, so its total equity is its parent equity
    select
        identity_inputs.*,
        case
            when identity_inputs.total_equity_value is not null then null
            when
                identity_inputs.stockholders_equity_value is not null
                and identity_inputs.noncontrolling_interest_value is not null
                and identity_inputs.stockholders_equity_period_end
                = identity_inputs.noncontrolling_interest_period_end
                and identity_inputs.stockholders_equity_unit
                = identity_inputs.noncontrolling_interest_unit
                then 'stockholders_equity + noncontrolling_interest'
            when
                identity_inputs.stockholders_equity_value is not null
                and companies_reporting_nci.cik is null
                then 'stockholders_equity (no NCI reported)'
        end as total_equity_derivation
    from identity_inputs
    left join companies_reporting_nci on identity_inputs.cik = companies_reporting_nci.cik

),

with_equity_values as (

    select
        *,
        case total_equity_derivation
            when 'stockholders_equity + noncontrolling_interest'
                then stockholders_equity_value + noncontrolling_interest_value
            when 'stockholders_equity (no NCI reported)' then stockholders_equity_value
            else total_equity_value
        end as total_equity_final_value,
        case total_equity_derivation
            when 'stockholders_equity + noncontrolling_interest'
                then
                    stockholders_equity_source_concept
                    || ' + ' || noncontrolling_interest_source_concept
            when 'stockholders_equity (no NCI reported)'
                then stockholders_equity_source_concept
            else total_equity_source_concept
        end as total_equity_final_concept,
        coalesce(total_equity_period_end, stockholders_equity_period_end)
            as total_equity_final_period_end,
        coalesce(total_equity_unit, stockholders_equity_unit) as total_equity_final_unit
    from with_total_equity

),

final as (

    -- decision 014: only where no concept reports the line item for the period; inputs must
    -- cover the same dates and be in the same unit
    select
        cik,
        'total_equity' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'balance_sheet' as statement,  -- noqa: RF04
        'consolidated' as scope,
        'instant' as period_type,
        cast(null as date) as period_start,
        stockholders_equity_period_end as period_end,
        stockholders_equity_unit as unit,
        total_equity_final_value as value,
        true as is_currency,
        true as is_derived,
        total_equity_derivation as derivation,
        stockholders_equity_source_taxonomy as source_taxonomy,
        total_equity_final_concept as source_concept,
        stockholders_equity_source_accession_number as source_accession_number,
        stockholders_equity_source_form as source_form,
        stockholders_equity_source_filed_date as source_filed_date,
        stockholders_equity_source_fact_id as source_fact_id
    from with_equity_values
    where total_equity_derivation is not null

    union all

    select
        cik,
        'total_liabilities' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'balance_sheet' as statement,  -- noqa: RF04
        'consolidated' as scope,
        'instant' as period_type,
        cast(null as date) as period_start,
        liabilities_and_equity_period_end as period_end,
        liabilities_and_equity_unit as unit,
        liabilities_and_equity_value - total_equity_final_value as value,
        true as is_currency,
        true as is_derived,
        'liabilities_and_equity - total_equity' as derivation,
        liabilities_and_equity_source_taxonomy as source_taxonomy,
        liabilities_and_equity_source_concept
        || ' - (' || total_equity_final_concept || ')' as source_concept,
        liabilities_and_equity_source_accession_number as source_accession_number,
        liabilities_and_equity_source_form as source_form,
        liabilities_and_equity_source_filed_date as source_filed_date,
        liabilities_and_equity_source_fact_id as source_fact_id
    from with_equity_values
    where
        total_liabilities_value is null
        -- L&E also holds temporary (mezzanine) equity, often tagged only in parts: no guess
        and temporary_equity_value is null
        and temporary_equity_parent_value is null
        and redeemable_noncontrolling_interest_value is null
        and liabilities_and_equity_value is not null
        and total_equity_final_value is not null
        and liabilities_and_equity_period_end = total_equity_final_period_end
        and liabilities_and_equity_unit = total_equity_final_unit

)

select * from final
