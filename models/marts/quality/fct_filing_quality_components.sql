-- One row per scored filing (int_quality_filings) and quality component: the explainable parts
-- of fct_filing_quality's score. Each component has a status, a score from 0 to 1, its weight,
-- the points it earns (weight x score; NULL when not applicable) and a detail saying why.
--   coverage                     share of the core line items the filing reports for its period
--   balance_sheet_identity       assets = liabilities and equity, and = liabilities + equity
--                                incl. NCI (+ temporary equity), within max($1, 0.1 % of assets)
--   subtotal_identities          share of the tagged subtotal identities that hold
--                                (int_quality_identity_terms), within max($1, 0.1 % of the
--                                largest term); not applicable when none is fully tagged
--   conflicting_duplicate_facts  a statement concept reported twice for one fiscal period and
--                                unit in the filing with different values (0 or 1)
--   scale_errors                 the filing reported a version off by a power of 1,000 from the
--                                previous one (fct_financial_line_items_history; 0 or 1)
-- The balance sheet, subtotal and conflicting-facts checks are steps of their own
-- (int_filings_checked_for_*); coverage and scale errors summarise marts built before this one.
-- Built company by company, and only for companies whose SEC data or ticker changed (decision
-- 043: the ticker comes from dim_company, which may fall back on the SEC ticker file).

{{ config(materialized='partitioned') }}

{%- set weights = {
    'coverage': 30,
    'balance_sheet_identity': 25,
    'subtotal_identities': 20,
    'conflicting_duplicate_facts': 15,
    'scale_errors': 10,
} %}

with

coverage as (

    select * from {{ ref('fct_filing_line_item_coverage') }}
    where {{ company_mart_batch('cik') }}

),

history as (

    select * from {{ ref('fct_financial_line_items_history') }}
    where {{ company_mart_batch('cik') }}

),

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope and {{ company_mart_batch('cik') }}

),

balance_component as (

    select * from {{ ref('int_filings_checked_for_balance_sheet_identity') }}
    where {{ company_mart_batch('cik') }}

),

subtotal_component as (

    select * from {{ ref('int_filings_checked_for_subtotal_identities') }}
    where {{ company_mart_batch('cik') }}

),

conflict_component as (

    select * from {{ ref('int_filings_checked_for_conflicting_facts') }}
    where {{ company_mart_batch('cik') }}

),

companies as (

    select * from {{ ref('dim_company') }}
    where {{ company_mart_batch('cik') }}

),

-- coverage ------------------------------------------------------------------------------------

coverage_by_filing as (

    select
        cik,
        accession_number,
        count(*) as n_checks,
        count(*) filter (where not is_covered) as n_failed,
        string_agg(line_item, ', ' order by line_item) filter (where not is_covered)
            as missing_line_items
    from coverage
    group by cik, accession_number

),

coverage_component as (

    select
        cik,
        accession_number,
        'coverage' as component,
        n_checks,
        n_failed,
        cast(n_checks - n_failed as double precision) / n_checks as component_score,
        case
            when n_failed = 0 then 'all ' || n_checks || ' core line items reported'
            else 'missing: ' || missing_line_items
        end as detail
    from coverage_by_filing

),

-- scale errors --------------------------------------------------------------------------------

scale_results as (

    select
        cik,
        source_accession_number as accession_number,
        count(*) as n_failed,
        string_agg(
            line_item || ' ' || fiscal_period || ' ' || fiscal_year || ': '
            || cast(value as varchar) || ' after ' || cast(previous_version_value as varchar),
            ', ' order by fiscal_year, fiscal_period, line_item
        ) as flagged
    from history
    where is_probable_scale_error
    group by cik, source_accession_number

),

scale_component as (

    select
        filings.cik,
        filings.accession_number,
        'scale_errors' as component,
        1 as n_checks,
        coalesce(scale_results.n_failed, 0) as n_failed,
        case when scale_results.cik is null then 1.0 else 0.0 end as component_score,
        case
            when scale_results.cik is null then 'no value off by a power of 1,000'
            else
                scale_results.n_failed || ' value(s) off by a power of 1,000 from the previous '
                || 'version: ' || scale_results.flagged
        end as detail
    from filings
    left join scale_results
        on
            filings.cik = scale_results.cik
            and filings.accession_number = scale_results.accession_number

),

-- together ------------------------------------------------------------------------------------

components as (

    select * from coverage_component
    union all
    select * from balance_component
    union all
    select * from subtotal_component
    union all
    select * from conflict_component
    union all
    select * from scale_component

),

weights (component, weight) as (

    values
    {%- for component, weight in weights.items() %}
        ('{{ component }}', {{ weight }}){{ "," if not loop.last }}
    {%- endfor %}

),

final as (

    select
        components.cik,
        companies.ticker,
        components.accession_number,
        components.component,
        case
            when components.component_score is null then 'not_applicable'
            when components.component = 'balance_sheet_identity' and components.n_checks = 0
                then 'unverifiable'
            when components.component_score = 1 then 'pass'
            when components.component_score = 0 then 'fail'
            else 'partial'
        end as status,
        round(components.component_score, 4) as component_score,
        weights.weight,
        round(weights.weight * components.component_score, 2) as points,
        components.n_checks,
        components.n_failed,
        components.detail
    from components
    inner join weights on components.component = weights.component
    left join companies on components.cik = companies.cik

)

select * from final
