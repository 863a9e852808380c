-- One row per company and fiscal period (Q1-Q4, FY) in which an IFRS filer tags no net cash
-- flow from operating activities (ifrs-full CashFlowsFromUsedInOperatingActivities, nor a quarter
-- derived from year-to-date figures) but tags cash generated from operations
-- (CashFlowsFromUsedInOperations), the subtotal before the operating-classified interest,
-- dividends and income taxes (decision 034): operating_cash_flow = CashFlowsFromUsedInOperations
-- + interest and dividends received - interest and dividends paid - income taxes paid + other
-- operating cash flows, each as reported in the same filing for the same dates and unit (a line
-- the filing does not tag counts as zero). Emitted only when the filing's statement foots with
-- it: operating + investing + financing (+ the effect of exchange rate changes) = the net change
-- in cash tagged for the same dates, within one rounding unit of the terms - so a reconciling
-- line tagged with a company extension (absent from companyfacts) cannot pass unnoticed.
-- With such lines the derivation says so (decision 044), and recon_mart_values_equal_raw_facts
-- recomputes the sum from the raw facts of the cited filing.
-- Provenance is the subtotal's fact in the latest filing that reports it (decision 007); the
-- source concept names every concept used. A small table over a handful of ifrs-full concepts.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{#- the operating-classified reconciling lines between cash generated from operations and net
    cash from operating activities, with the sign each adds with (outflows are positive) -#}
{%- set reconciling_lines = ifrs_operating_reconciling_lines() %}
{#- the other terms of the statement's footing -#}
{%- set footing_terms = {
    'investing': 'CashFlowsFromUsedInInvestingActivities',
    'financing': 'CashFlowsFromUsedInFinancingActivities',
    'exchange_effect': 'EffectOfExchangeRateChangesOnCashAndCashEquivalents',
    'net_change': 'IncreaseDecreaseInCashAndCashEquivalents',
    'net_change_before_exchange_effect':
        'IncreaseDecreaseInCashAndCashEquivalentsBeforeEffectOfExchangeRateChanges',
} %}
{%- set subtotal = 'CashFlowsFromUsedInOperations' %}
{%- set concepts = [subtotal] + (reconciling_lines | map('first') | list)
    + (footing_terms.values() | list) %}
{#- one rounding unit of a reported amount: the coarsest power of ten dividing it (1 at least;
    companyfacts carries no XBRL decimals, decision 016); the statement's unit is the finest
    among its terms -#}
{%- set rounding_unit -%}
    case
        when TERM is null or TERM = 0 then null
        when TERM % 1000000 = 0 then 1000000
        when TERM % 100000 = 0 then 100000
        when TERM % 10000 = 0 then 10000
        when TERM % 1000 = 0 then 1000
        when TERM % 100 = 0 then 100
        when TERM % 10 = 0 then 10
        else 1
    end
{%- endset %}

{{ config(materialized='partitioned') }}

with

classified_facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}
    where
        taxonomy = 'ifrs-full'
        and concept in (
            {%- for concept in concepts %}
                '{{ concept }}'{{ "," if not loop.last }}
            {%- endfor %}
        )
        and not is_instant
        and fiscal_period in ('Q1', 'Q2', 'Q3', 'Q4', 'FY')
        and {{ company_batch('cik') }}

),

resolved as (

    select * from {{ ref('int_facts_resolved_to_line_items') }}
    where {{ company_batch('cik') }}

),

derived_quarters as (

    select * from {{ ref('int_line_items_derived_from_year_to_date') }}
    where {{ company_batch('cik') }}

),

reporting_currencies as (

    -- decision 008: every resolved monetary line item is in the company's reporting currency
    select
        cik,
        min(unit) as reporting_currency
    from resolved
    where is_currency
    group by cik
    having count(distinct unit) = 1

),

operating_cash_flow_periods as (

    -- periods that already have a net operating cash flow, reported or derived (decision 009)
    select
        cik,
        fiscal_year,
        fiscal_period
    from resolved
    where line_item = 'operating_cash_flow'
    union
    select
        cik,
        fiscal_year,
        fiscal_period
    from derived_quarters
    where line_item = 'operating_cash_flow'

),

subtotals as (

    -- decision 007: the subtotal of the latest filing that reports it for the period
    select
        classified_facts.*,
        row_number() over (
            partition by
                classified_facts.cik,
                classified_facts.fiscal_year,
                classified_facts.fiscal_period
            order by classified_facts.filed_date desc, classified_facts.accession_number desc
        ) as filing_rank
    from classified_facts
    inner join reporting_currencies
        on
            classified_facts.cik = reporting_currencies.cik
            and classified_facts.unit = reporting_currencies.reporting_currency
    where classified_facts.concept = '{{ subtotal }}'

),

latest_subtotals as (

    select * from subtotals
    where filing_rank = 1

),

filing_terms as (

    -- the terms the same filing reports for the same dates and unit, one value per concept
    -- (a concept with two different values in one filing is a conflict: count_values > 1)
    select
        latest_subtotals.fact_id,
        classified_facts.concept,
        min(classified_facts.value) as value,
        count(distinct classified_facts.value) as count_values
    from latest_subtotals
    inner join classified_facts
        on
            latest_subtotals.cik = classified_facts.cik
            and latest_subtotals.accession_number = classified_facts.accession_number
            and latest_subtotals.period_start = classified_facts.period_start
            and latest_subtotals.period_end = classified_facts.period_end
            and latest_subtotals.unit = classified_facts.unit
    group by latest_subtotals.fact_id, classified_facts.concept

),

terms_by_subtotal as (

    select
        fact_id,
        max(count_values) as max_count_values,
        max(case when concept = '{{ subtotal }}' then value end) as subtotal_value,
        {% for concept, _sign in reconciling_lines %}
            max(case when concept = '{{ concept }}' then value end) as reconciling_{{ loop.index }},
        {% endfor %}
        {% for term, concept in footing_terms.items() %}
            max(case when concept = '{{ concept }}' then value end) as {{ term }}_value,
        {% endfor %}
        string_agg(
            case when concept in (
                {%- for concept, _sign in reconciling_lines %}
                    '{{ concept }}'{{ "," if not loop.last }}
                {%- endfor %}
            ) then concept end,
            ', ' order by concept
        ) as reconciling_concepts
    from filing_terms
    group by fact_id

),

derived as (

    select
        latest_subtotals.*,
        terms_by_subtotal.max_count_values,
        terms_by_subtotal.reconciling_concepts,
        terms_by_subtotal.investing_value,
        terms_by_subtotal.financing_value,
        terms_by_subtotal.exchange_effect_value,
        terms_by_subtotal.net_change_value,
        terms_by_subtotal.net_change_before_exchange_effect_value,
        terms_by_subtotal.subtotal_value
        {% for _concept, sign in reconciling_lines %}
            {{ sign }} coalesce(terms_by_subtotal.reconciling_{{ loop.index }}, 0)
        {% endfor %} as operating_value,
        '{{ subtotal }}'
        {%- for concept, sign in reconciling_lines %}
            || case
                when terms_by_subtotal.reconciling_{{ loop.index }} is not null
                    then ' {{ sign }} {{ concept }}'
                else ''
            end
        {%- endfor %} as formula
    from latest_subtotals
    inner join terms_by_subtotal on latest_subtotals.fact_id = terms_by_subtotal.fact_id

),

footed as (

    select
        *,
        -- the statement's rounding unit: the finest among its nonzero terms
        least(
            {{ rounding_unit | replace('TERM', 'operating_value') }},
            {{ rounding_unit | replace('TERM', 'investing_value') }},
            {{ rounding_unit | replace('TERM', 'financing_value') }},
            {{ rounding_unit | replace('TERM', 'exchange_effect_value') }},
            {{ rounding_unit | replace('TERM', 'net_change_value') }},
            {{ rounding_unit | replace('TERM', 'net_change_before_exchange_effect_value') }}
        ) as rounding_unit,
        operating_value + investing_value + financing_value + coalesce(exchange_effect_value, 0)
        - net_change_value as footing_difference,
        operating_value + investing_value + financing_value
        - net_change_before_exchange_effect_value as footing_difference_before_exchange_effect
    from derived

),

final as (

    select
        footed.cik,
        'operating_cash_flow' as line_item,
        footed.fiscal_year,
        footed.fiscal_period,
        footed.fiscal_quarter,
        'cash_flow_statement' as statement,  -- noqa: RF04
        'consolidated' as scope,
        footed.period_type,
        footed.period_start,
        footed.period_end,
        footed.unit,
        footed.operating_value as value,
        true as is_currency,
        true as is_derived,
        case
            when footed.reconciling_concepts is null
                then
                    'CashFlowsFromUsedInOperations (no operating interest/dividend/tax lines; '
                    || 'foots to the net change in cash)'
            else
                'CashFlowsFromUsedInOperations + operating interest/dividend/tax lines '
                || '(foots to the net change in cash)'
        end as derivation,
        footed.taxonomy as source_taxonomy,
        footed.formula as source_concept,
        footed.accession_number as source_accession_number,
        footed.form as source_form,
        footed.filed_date as source_filed_date,
        footed.fact_id as source_fact_id
    from footed
    left join operating_cash_flow_periods
        on
            footed.cik = operating_cash_flow_periods.cik
            and footed.fiscal_year = operating_cash_flow_periods.fiscal_year
            and footed.fiscal_period = operating_cash_flow_periods.fiscal_period
    where
        operating_cash_flow_periods.cik is null
        and footed.max_count_values = 1
        and footed.investing_value is not null
        and footed.financing_value is not null
        and (
            abs(footed.footing_difference) <= coalesce(footed.rounding_unit, 1)
            or abs(footed.footing_difference_before_exchange_effect)
            <= coalesce(footed.rounding_unit, 1)
        )

)

select * from final
