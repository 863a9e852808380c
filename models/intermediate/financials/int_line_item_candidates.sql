-- One row per fact that may report a line item (fact_id): a fact of a concept mapped in
-- concept_map, in a labelled fiscal period, matched by period type (instant / duration), in the
-- company's reporting currency when monetary (decision 008), signed per concept_map (cover-page
-- share counts labelled with their filing's fiscal period, decision 038). Ranked
-- within the filing that reported it: `filing_rank` 1 is the filing's choice for the line item
-- and period — its highest-priority concept (decision 005). The latest filing's choice is the
-- current value (decision 007, int_facts_resolved_to_line_items); every filing's choice in
-- filing order is the point-in-time history (decision 018, int_line_item_versions).
-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

concept_map as (

    select * from {{ ref('concept_map') }}

),

classified_facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}
    where
        fiscal_period is not null
        and not (taxonomy = 'dei' and concept = 'EntityCommonStockSharesOutstanding')
        and {{ company_batch('cik') }}

    union all

    -- decision 038: a cover-page share count belongs to the fiscal period of its filing
    select * from {{ ref('int_cover_share_counts_by_filing_period') }}
    where {{ company_batch('cik') }}

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

in_reporting_currency as (

    select mapped_facts.*
    from mapped_facts
    left join reporting_currencies on mapped_facts.cik = reporting_currencies.cik
    where
        not mapped_facts.is_currency
        or mapped_facts.unit = reporting_currencies.reporting_currency

),

slice_evidence as (

    -- decision 007: a filing that tags two concepts of one line item for the same period with
    -- different values shows the lower-priority one to be a slice of the other at this company
    -- (Apple's PaymentsOfDividendsCommonStock beside PaymentsOfDividends)
    select
        totals.cik,
        totals.line_item,
        totals.taxonomy as total_taxonomy,
        totals.concept as total_concept,
        slices.taxonomy as slice_taxonomy,
        slices.concept as slice_concept,
        min(totals.filed_date) as evidenced_on
    from in_reporting_currency as totals
    inner join in_reporting_currency as slices
        on
            totals.cik = slices.cik
            and totals.line_item = slices.line_item
            and totals.accession_number = slices.accession_number
            and totals.period_end = slices.period_end
            and totals.period_start is not distinct from slices.period_start
            and totals.unit = slices.unit
            and totals.priority < slices.priority
            and totals.value <> slices.value
    group by
        totals.cik,
        totals.line_item,
        totals.taxonomy,
        totals.concept,
        slices.taxonomy,
        slices.concept

),

concepts_by_period as (

    -- when each concept was first reported for each period
    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        taxonomy,
        concept,
        min(filed_date) as first_filed_date
    from in_reporting_currency
    group by cik, line_item, fiscal_year, fiscal_period, taxonomy, concept

),

shadowed_slices as (

    -- a fact of a slice never stands in for its total: when it was filed, the period already
    -- had the total and the company had already shown the slice relation (point in time: only
    -- filings up to the fact's own filing date count)
    select distinct slices.fact_id
    from in_reporting_currency as slices
    inner join slice_evidence
        on
            slices.cik = slice_evidence.cik
            and slices.line_item = slice_evidence.line_item
            and slices.taxonomy = slice_evidence.slice_taxonomy
            and slices.concept = slice_evidence.slice_concept
            and slices.filed_date >= slice_evidence.evidenced_on
    inner join concepts_by_period as totals
        on
            slices.cik = totals.cik
            and slices.line_item = totals.line_item
            and slices.fiscal_year = totals.fiscal_year
            and slices.fiscal_period = totals.fiscal_period
            and slice_evidence.total_taxonomy = totals.taxonomy
            and slice_evidence.total_concept = totals.concept
            and slices.filed_date >= totals.first_filed_date

),

filing_ranks as (

    -- decision 005: within one filing, the highest-priority concept reported for the period
    -- (a total beats a slice tagged beside it); a shadowed slice never is the choice. Only the
    -- keys travel through the window (DuckDB's window operator holds its whole input in memory
    -- and sorts it); the facts' other columns are joined back by fact_id.
    select
        in_reporting_currency.fact_id,
        shadowed_slices.fact_id is not null as is_shadowed_slice,
        row_number() over (
            partition by
                in_reporting_currency.cik,
                in_reporting_currency.line_item,
                in_reporting_currency.fiscal_year,
                in_reporting_currency.fiscal_period,
                in_reporting_currency.accession_number
            order by
                shadowed_slices.fact_id is not null asc,
                in_reporting_currency.priority asc,
                in_reporting_currency.period_end desc,
                in_reporting_currency.fact_id asc
        ) as filing_rank
    from in_reporting_currency
    left join shadowed_slices on in_reporting_currency.fact_id = shadowed_slices.fact_id

),

final as (

    select
        in_reporting_currency.*,
        filing_ranks.is_shadowed_slice,
        filing_ranks.filing_rank
    from in_reporting_currency
    inner join filing_ranks on in_reporting_currency.fact_id = filing_ranks.fact_id

)

select * from final
