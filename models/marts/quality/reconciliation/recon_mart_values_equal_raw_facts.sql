-- One row per fct_financial_line_items value that differs from what it cites (reconciliation
-- check `mart_values_equal_raw_facts`): a reported value must equal its cited raw fact times the
-- concept sign, with the same taxonomy, concept, unit, period and accession; a derived value
-- must equal its derivation recomputed from raw year-to-date facts and mart values (decisions
-- 009, 014). Built company by company, and only for companies with new SEC data (decision 029):
-- a company's marts rows depend on its own filings only.

{{ config(materialized='partitioned') }}

with

line_items as (

    select * from {{ ref('fct_financial_line_items') }}
    where {{ company_batch('cik') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

quarter_inputs as (

    select * from {{ ref('recon_derivation_quarter_inputs') }}
    where {{ company_batch('cik') }}

),

identity_inputs as (

    select * from {{ ref('recon_derivation_identity_inputs') }}
    where {{ company_batch('cik') }}

),

ifrs_operating_inputs as (

    select * from {{ ref('recon_derivation_ifrs_operating_inputs') }}
    where {{ company_batch('cik') }}

),

cited_raw_facts as (

    -- the raw facts the marts cite, found by a semi-join: a join of the marts' rows against all
    -- ~7M raw facts would build its hash table on the raw side and spill past the memory limit
    select * from {{ ref('stg_sec__company_facts') }}
    where
        {{ company_batch('cik') }}
        and fact_id in (select line_items.source_fact_id from line_items)

),

cited_facts as (

    select
        line_items.*,
        facts.fact_id as raw_fact_id,
        facts.taxonomy as raw_taxonomy,
        facts.concept as raw_concept,
        facts.unit as raw_unit,
        facts.accession_number as raw_accession_number,
        facts.period_start as raw_period_start,
        facts.period_end as raw_period_end,
        facts.value * concept_map.sign as raw_value,
        facts.value as raw_unsigned_value,  -- for derivations from unmapped concepts
        concept_map.line_item as mapped_line_item,
        ifrs_operating_inputs.lines_value as ifrs_operating_lines_value
    from line_items
    left join cited_raw_facts as facts on line_items.source_fact_id = facts.fact_id
    left join ifrs_operating_inputs
        on line_items.source_fact_id = ifrs_operating_inputs.source_fact_id
    left join concept_map
        on
            facts.taxonomy = concept_map.taxonomy
            and facts.concept = concept_map.concept
            and line_items.line_item = concept_map.line_item

),

recomputed as (

    select
        cited_facts.*,
        {{ recon_recompute_derivation('cited_facts', 'quarter_inputs', 'identity_inputs') }}
            as recomputed_value
    from cited_facts
    left join quarter_inputs
        on
            cited_facts.cik = quarter_inputs.cik
            and cited_facts.line_item = quarter_inputs.line_item
            and cited_facts.fiscal_year = quarter_inputs.fiscal_year
    left join identity_inputs
        on
            cited_facts.cik = identity_inputs.cik
            and cited_facts.fiscal_year = identity_inputs.fiscal_year
            and cited_facts.fiscal_period = identity_inputs.fiscal_period
    where cited_facts.is_derived

),

reported_mismatches as (

    select
        'mart_values_equal_raw_facts' as check_name,
        cik,
        cik || ' ' || line_item || ' ' || fiscal_period || ' ' || fiscal_year as affected_key,
        1 as affected_rows,
        case
            when raw_fact_id is null
                then concat('cited fact ', coalesce(source_fact_id, 'NULL'), ' not in raw facts')
            when mapped_line_item is null
                then 'cited concept ' || raw_concept || ' does not map to ' || line_item
            when value <> raw_value
                then concat('value ', value, ' <> raw ', raw_value)
            else 'provenance (taxonomy, concept, unit, period, accession) differs from the fact'
        end as detail
    from cited_facts
    where
        not is_derived
        and (
            raw_fact_id is null
            or mapped_line_item is null
            or value is distinct from raw_value
            or source_taxonomy is distinct from raw_taxonomy
            or source_concept is distinct from raw_concept
            or unit is distinct from raw_unit
            or source_accession_number is distinct from raw_accession_number
            or period_start is distinct from raw_period_start
            or period_end is distinct from raw_period_end
        )

),

derived_mismatches as (

    select
        'mart_values_equal_raw_facts' as check_name,
        cik,
        cik || ' ' || line_item || ' ' || fiscal_period || ' ' || fiscal_year as affected_key,
        1 as affected_rows,
        case
            when recomputed_value is null
                then derivation || ': an input is missing (not in the marts or raw facts)'
            else concat(derivation, ' = ', value, ' <> recomputed ', recomputed_value)
        end as detail
    from recomputed
    where value is distinct from recomputed_value

),

final as (

    select * from reported_mismatches
    union all
    select * from derived_mismatches

)

select * from final
