-- One row per company, fiscal year and fiscal period in which no concept reports temporary
-- (mezzanine) equity but its parts are tagged: temporary_equity = temporary_equity_parent +
-- redeemable_noncontrolling_interest, the parts at the same date and in the same unit
-- (decisions 014, 022). Provenance is the parent part's filing, else the NCI part's; the source
-- concept names every concept used.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{%- set part_fields = [
    'value', 'unit', 'period_end', 'source_taxonomy', 'source_concept',
    'source_accession_number', 'source_form', 'source_filed_date', 'source_fact_id'
] %}
{%- set identity_inputs = {
    'temporary_equity_parent': part_fields,
    'redeemable_noncontrolling_interest': part_fields,
    'temporary_equity': ['value'],
} %}

{{ config(materialized='partitioned') }}

with

period_values as (

    select * from {{ ref('int_line_items_combined_by_fiscal_period') }}
    where {{ company_batch('cik') }}

),

identity_inputs as (

    -- one row per company and fiscal period, the parts and the total as columns
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
        'temporary_equity' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'balance_sheet' as statement,  -- noqa: RF04
        'consolidated' as scope,
        'instant' as period_type,
        cast(null as date) as period_start,
        coalesce(temporary_equity_parent_period_end, redeemable_noncontrolling_interest_period_end)
            as period_end,
        coalesce(temporary_equity_parent_unit, redeemable_noncontrolling_interest_unit) as unit,
        coalesce(temporary_equity_parent_value, 0)
        + coalesce(redeemable_noncontrolling_interest_value, 0) as value,
        true as is_currency,
        true as is_derived,
        'temporary_equity_parent + redeemable_noncontrolling_interest' as derivation,
        coalesce(
            temporary_equity_parent_source_taxonomy,
            redeemable_noncontrolling_interest_source_taxonomy
        ) as source_taxonomy,
        concat_ws(
            ' + ',
            temporary_equity_parent_source_concept,
            redeemable_noncontrolling_interest_source_concept
        ) as source_concept,
        coalesce(
            temporary_equity_parent_source_accession_number,
            redeemable_noncontrolling_interest_source_accession_number
        ) as source_accession_number,
        coalesce(
            temporary_equity_parent_source_form, redeemable_noncontrolling_interest_source_form
        ) as source_form,
        coalesce(
            temporary_equity_parent_source_filed_date,
            redeemable_noncontrolling_interest_source_filed_date
        ) as source_filed_date,
        coalesce(
            temporary_equity_parent_source_fact_id,
            redeemable_noncontrolling_interest_source_fact_id
        ) as source_fact_id
    from identity_inputs
    where
        -- the parts of temporary (mezzanine) equity add up; the total only when none is tagged
        temporary_equity_value is null
        and (
            temporary_equity_parent_value is not null
            or redeemable_noncontrolling_interest_value is not null
        )
        and (
            temporary_equity_parent_value is null
            or redeemable_noncontrolling_interest_value is null
            or (
                temporary_equity_parent_period_end = redeemable_noncontrolling_interest_period_end
                and temporary_equity_parent_unit = redeemable_noncontrolling_interest_unit
            )
        )

)

select * from final
