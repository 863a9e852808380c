-- One row per company, line item, fiscal year and fiscal period (Q1-Q4, FY, YTD_Q2, YTD_Q3):
-- the reported value that wins among all facts of all concepts mapped to the line item.
-- Resolution is per period, then by priority (decision 005), then latest filed (decision 007),
-- within the company's reporting currency (decision 008).

with

concept_map as (

    select * from {{ ref('concept_map') }}

),

classified_facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}
    where fiscal_period is not null

),

mapped_facts as (

    select
        classified_facts.fact_id,
        classified_facts.cik,
        concept_map.line_item,
        concept_map.statement,
        concept_map.scope,
        concept_map.priority,
        classified_facts.taxonomy,
        classified_facts.concept,
        classified_facts.unit,
        {{ is_currency_unit('classified_facts.unit') }} as is_currency,
        classified_facts.fiscal_year,
        classified_facts.fiscal_period,
        classified_facts.fiscal_quarter,
        classified_facts.period_type,
        classified_facts.period_start,
        classified_facts.period_end,
        classified_facts.value * concept_map.sign as value,
        classified_facts.accession_number,
        classified_facts.form,
        classified_facts.filed_date
    from classified_facts
    inner join concept_map
        on
            classified_facts.taxonomy = concept_map.taxonomy
            and classified_facts.concept = concept_map.concept
            and classified_facts.is_instant = (concept_map.period_type = 'instant')

),

currency_use as (

    select
        cik,
        unit,
        count(*) as n_facts
    from mapped_facts
    where is_currency
    group by cik, unit

),

currency_ranked as (

    select
        cik,
        unit,
        row_number() over (
            partition by cik
            order by n_facts desc, case when unit = 'USD' then 0 else 1 end asc, unit asc
        ) as currency_rank
    from currency_use

),

reporting_currencies as (

    -- decision 008: the currency most of the company's mapped facts are reported in
    select
        cik,
        unit as reporting_currency
    from currency_ranked
    where currency_rank = 1

),

candidates as (

    select mapped_facts.*
    from mapped_facts
    left join reporting_currencies on mapped_facts.cik = reporting_currencies.cik
    where
        not mapped_facts.is_currency
        or mapped_facts.unit = reporting_currencies.reporting_currency

),

ranked as (

    select
        *,
        row_number() over (
            partition by cik, line_item, fiscal_year, fiscal_period
            order by
                priority asc,
                filed_date desc,
                accession_number desc,
                period_end desc,
                fact_id asc
        ) as candidate_rank,
        count(*) over (
            partition by cik, line_item, fiscal_year, fiscal_period
        ) as n_candidate_facts
    from candidates

),

final as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        statement,
        scope,
        period_type,
        period_start,
        period_end,
        unit,
        is_currency,
        value,
        taxonomy as source_taxonomy,
        concept as source_concept,
        priority as source_priority,
        accession_number as source_accession_number,
        form as source_form,
        filed_date as source_filed_date,
        fact_id as source_fact_id,
        n_candidate_facts
    from ranked
    where candidate_rank = 1

)

select * from final
