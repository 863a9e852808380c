-- One row per company, fiscal year and fiscal period (line item `temporary_equity`) in which no
-- concept reports temporary (mezzanine) equity, its total or its parts, yet the balance sheet
-- does not balance, and an element that is temporary equity only in some filings (role
-- `conditional` in seeds/equity_outside_permanent_equity: the equity component of convertible
-- notes, a redemption amount, ...) closes the gap (decision 036):
--   gap = total_assets - (total_liabilities + equity incl. NCI), all reported for the period at
--   one date and in one unit; equity incl. NCI is total_equity, else stockholders_equity +
--   noncontrolling_interest (0 when not tagged for the period); the gap is outside
--   max($1, 0.1 % of assets) (decision 021), and the element's value equals it within 3
--   rounding units of the terms (the coarsest power of ten dividing all of them), as in
--   int_balance_sheet_residuals_explained.
-- temporary_equity is then that element's value, from the latest filing that reports it for the
-- date (decision 033), with its provenance. A conditional element is never mapped in
-- concept_map: a filer that keeps it in permanent equity balances without it and gets nothing
-- here. recon_mart_values_equal_raw_facts recomputes the value from the cited fact and checks the
-- gap it closes in the marts.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{%- set fields = ['value', 'unit', 'period_end'] %}
{%- set balance_line_items = [
    'total_assets', 'total_liabilities', 'total_equity', 'stockholders_equity',
    'noncontrolling_interest', 'temporary_equity', 'temporary_equity_parent',
    'redeemable_noncontrolling_interest',
] %}

{{ config(materialized='partitioned') }}

with

period_values as (

    select * from {{ ref('int_line_items_combined_by_fiscal_period') }}
    where
        line_item in (
            {%- for item in balance_line_items %}
                '{{ item }}'{{ "," if not loop.last }}
            {%- endfor %}
        )
        and {{ company_batch('cik') }}

),

classified_facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}
    where
        is_instant
        and {{ company_batch('cik') }}

),

outside_permanent_equity as (

    select * from {{ ref('equity_outside_permanent_equity') }}
    where role = 'conditional'

),

balance_sheets as (

    -- one row per company and fiscal period, the balance sheet's line items as columns
    select
        cik,
        fiscal_year,
        fiscal_period,
        {% for item in balance_line_items %}
            {% for field in fields %}
                max(case when line_item = '{{ item }}' then {{ field }} end)
                    as {{ item }}_{{ field }},
            {% endfor %}
        {% endfor %}
        max(fiscal_quarter) as fiscal_quarter
    from period_values
    group by cik, fiscal_year, fiscal_period

),

equity as (

    select
        *,
        coalesce(
            total_equity_value,
            stockholders_equity_value + coalesce(noncontrolling_interest_value, 0)
        ) as equity_including_nci_value,
        coalesce(total_equity_period_end, stockholders_equity_period_end)
            as equity_including_nci_period_end,
        coalesce(total_equity_unit, stockholders_equity_unit) as equity_including_nci_unit
    from balance_sheets
    where
        -- the parts model (decision 022) or the tag itself has the period's temporary equity
        temporary_equity_value is null
        and temporary_equity_parent_value is null
        and redeemable_noncontrolling_interest_value is null
        -- an NCI reported for another date or unit than parent equity cannot be added
        and (
            total_equity_value is not null
            or noncontrolling_interest_value is null
            or (
                noncontrolling_interest_period_end = stockholders_equity_period_end
                and noncontrolling_interest_unit = stockholders_equity_unit
            )
        )

),

gaps as (

    select
        *,
        total_assets_value - total_liabilities_value - equity_including_nci_value as gap,
        greatest(1, 0.001 * abs(total_assets_value)) as tolerance
    from equity
    where
        total_assets_value is not null
        and total_liabilities_value is not null
        and equity_including_nci_value is not null
        and total_liabilities_period_end = total_assets_period_end
        and equity_including_nci_period_end = total_assets_period_end
        and total_liabilities_unit = total_assets_unit
        and equity_including_nci_unit = total_assets_unit

),

unbalanced as (

    select * from gaps
    where abs(gap) > tolerance

),

conditional_facts as (

    -- each conditional element's value in the latest filing that reports it for the date
    select
        classified_facts.*,
        row_number() over (
            partition by
                classified_facts.cik, classified_facts.taxonomy, classified_facts.concept,
                classified_facts.period_end, classified_facts.unit
            order by classified_facts.filed_date desc, classified_facts.accession_number desc
        ) as filing_rank
    from classified_facts
    inner join outside_permanent_equity
        on
            classified_facts.taxonomy = outside_permanent_equity.taxonomy
            and classified_facts.concept = outside_permanent_equity.concept

),

closing_facts as (

    -- a conditional element can only be missing from the balance sheet: it closes the gap with
    -- a plus, within the rounding of the terms
    select
        unbalanced.*,
        conditional_facts.taxonomy as fact_taxonomy,
        conditional_facts.concept as fact_concept,
        conditional_facts.value as fact_value,
        conditional_facts.accession_number as fact_accession_number,
        conditional_facts.form as fact_form,
        conditional_facts.filed_date as fact_filed_date,
        conditional_facts.fact_id,
        row_number() over (
            partition by unbalanced.cik, unbalanced.fiscal_year, unbalanced.fiscal_period
            order by abs(unbalanced.gap - conditional_facts.value), conditional_facts.concept
        ) as closing_rank
    from unbalanced
    inner join conditional_facts
        on
            unbalanced.cik = conditional_facts.cik
            and unbalanced.total_assets_period_end = conditional_facts.period_end
            and unbalanced.total_assets_unit = conditional_facts.unit
    where
        conditional_facts.filing_rank = 1
        and conditional_facts.value > 0
        and abs(unbalanced.gap - conditional_facts.value)
        <= 3 * {{ rounding_unit([
            'unbalanced.total_assets_value', 'unbalanced.total_liabilities_value',
            'unbalanced.equity_including_nci_value', 'conditional_facts.value',
        ]) }}

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
        total_assets_period_end as period_end,
        total_assets_unit as unit,
        fact_value as value,
        true as is_currency,
        true as is_derived,
        'conditional element = total_assets - total_liabilities - equity incl. NCI'
            as derivation,
        fact_taxonomy as source_taxonomy,
        fact_concept as source_concept,
        fact_accession_number as source_accession_number,
        fact_form as source_form,
        fact_filed_date as source_filed_date,
        fact_id as source_fact_id
    from closing_facts
    where closing_rank = 1

)

select * from final
