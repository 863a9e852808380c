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

{%- set temporary_equity_total =
    'TemporaryEquityCarryingAmountIncludingPortionAttributableToNoncontrollingInterests' %}
{%- set temporary_equity_parent = 'TemporaryEquityCarryingAmountAttributableToParent' %}
{%- set temporary_equity_nci = 'RedeemableNoncontrollingInterestEquityCarryingAmount' %}
{%- set weights = {
    'coverage': 30,
    'balance_sheet_identity': 25,
    'subtotal_identities': 20,
    'conflicting_duplicate_facts': 15,
    'scale_errors': 10,
} %}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope

),

filing_facts as (

    select * from {{ ref('int_quality_filing_facts') }}

),

coverage as (

    select * from {{ ref('fct_filing_line_item_coverage') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

identity_terms as (

    select * from {{ ref('int_quality_identity_terms') }}

),

classified_facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}

),

history as (

    select * from {{ ref('fct_financial_line_items_history') }}

),

companies as (

    select * from {{ ref('dim_company') }}

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

-- balance-sheet identity ----------------------------------------------------------------------

balance_facts as (

    select
        filing_facts.cik,
        filing_facts.accession_number,
        filing_facts.unit,
        concept_map.line_item,
        filing_facts.concept,
        filing_facts.value * concept_map.sign as value,
        row_number() over (
            partition by
                filing_facts.cik, filing_facts.accession_number, filing_facts.unit,
                concept_map.line_item
            order by concept_map.priority asc
        ) as candidate_rank
    from filing_facts
    inner join concept_map
        on
            filing_facts.taxonomy = concept_map.taxonomy
            and filing_facts.concept = concept_map.concept
    where
        filing_facts.period_type = 'instant'
        and concept_map.line_item in (
            'total_assets', 'liabilities_and_equity', 'total_liabilities', 'total_equity',
            'stockholders_equity', 'noncontrolling_interest', 'temporary_equity',
            'temporary_equity_parent', 'redeemable_noncontrolling_interest'
        )

),

balance_sheets as (

    -- one row per filing and currency in which it tags total assets
    select
        cik,
        accession_number,
        unit,
        max(case when line_item = 'total_assets' then value end) as total_assets,
        max(case when line_item = 'liabilities_and_equity' then value end)
            as liabilities_and_equity,
        max(case when line_item = 'total_liabilities' then value end) as total_liabilities,
        -- equity incl. NCI: as tagged, else parent equity + NCI (0 when the filing tags none)
        coalesce(
            max(case when line_item = 'total_equity' then value end),
            max(case when line_item = 'stockholders_equity' then value end)
            + coalesce(max(case when line_item = 'noncontrolling_interest' then value end), 0)
        ) as equity_including_nci,
        -- temporary (mezzanine) equity: the total, else its parent and redeemable-NCI parts,
        -- which add up (decision 022; Tesla tags both)
        coalesce(
            max(case when concept = '{{ temporary_equity_total }}' then value end),
            coalesce(max(case when concept = '{{ temporary_equity_parent }}' then value end), 0)
            + coalesce(max(case when concept = '{{ temporary_equity_nci }}' then value end), 0)
        ) as temporary_equity
    from balance_facts
    where
        candidate_rank = 1
        or line_item in (
            'temporary_equity', 'temporary_equity_parent', 'redeemable_noncontrolling_interest'
        )
    group by cik, accession_number, unit
    having max(case when line_item = 'total_assets' then value end) is not null

),

balance_checks as (

    select
        cik,
        accession_number,
        unit,
        total_assets,
        liabilities_and_equity,
        total_liabilities + equity_including_nci + temporary_equity as liabilities_plus_equity,
        greatest(1, 0.001 * abs(total_assets)) as tolerance
    from balance_sheets

),

balance_results as (

    select
        cik,
        accession_number,
        count(*) filter (where liabilities_and_equity is not null)
        + count(*) filter (where liabilities_plus_equity is not null) as n_checks,
        count(*) filter (
            where abs(total_assets - liabilities_and_equity) > tolerance
        )
        + count(*) filter (
            where abs(total_assets - liabilities_plus_equity) > tolerance
        ) as n_failed,
        string_agg(
            case
                when abs(total_assets - liabilities_and_equity) > tolerance
                    then
                        'total_assets ' || cast(round(total_assets) as hugeint)
                        || ' <> liabilities_and_equity '
                        || cast(round(liabilities_and_equity) as hugeint) || ' ' || unit
            end, '; '
        ) as assets_vs_le_failure,
        string_agg(
            case
                when abs(total_assets - liabilities_plus_equity) > tolerance
                    then
                        'total_assets ' || cast(round(total_assets) as hugeint)
                        || ' <> liabilities + equity incl. NCI + temporary equity '
                        || cast(round(liabilities_plus_equity) as hugeint) || ' ' || unit
                        || ' (off by '
                        || cast(round(total_assets - liabilities_plus_equity) as hugeint)
                        || ')'
            end, '; '
        ) as assets_vs_l_plus_e_failure
    from balance_checks
    group by cik, accession_number

),

balance_component as (

    select
        filings.cik,
        filings.accession_number,
        'balance_sheet_identity' as component,
        coalesce(balance_results.n_checks, 0) as n_checks,
        coalesce(balance_results.n_failed, 0) as n_failed,
        case
            when coalesce(balance_results.n_checks, 0) = 0 then 0.0
            when balance_results.n_failed = 0 then 1.0
            else 0.0
        end as component_score,
        case
            when balance_results.cik is null
                then 'unverifiable: no total assets tagged at the period end'
            when balance_results.n_checks = 0
                then
                    'unverifiable: neither liabilities and equity nor liabilities + equity '
                    || 'tagged at the period end'
            when balance_results.n_failed = 0
                then
                    'holds (' || balance_results.n_checks
                    || ' check(s) within max($1, 0.1 % of assets))'
            else concat_ws(
                '; ',
                balance_results.assets_vs_le_failure,
                balance_results.assets_vs_l_plus_e_failure
            )
        end as detail
    from filings
    left join balance_results
        on
            filings.cik = balance_results.cik
            and filings.accession_number = balance_results.accession_number

),

-- subtotal identities -------------------------------------------------------------------------

identity_candidates as (

    select
        filing_facts.cik,
        filing_facts.accession_number,
        identity_terms.identity_name,
        identity_terms.term,
        identity_terms.coefficient,
        identity_terms.is_optional,
        filing_facts.period_start,
        filing_facts.period_end,
        filing_facts.unit,
        filing_facts.concept,
        filing_facts.value,
        row_number() over (
            partition by
                filing_facts.cik, filing_facts.accession_number, identity_terms.identity_name,
                identity_terms.term, filing_facts.period_start, filing_facts.period_end,
                filing_facts.unit
            order by identity_terms.priority asc, filing_facts.concept asc
        ) as candidate_rank
    from filing_facts
    inner join identity_terms
        on
            filing_facts.taxonomy = identity_terms.taxonomy
            and filing_facts.concept = identity_terms.concept
            and (filing_facts.period_type = 'instant') = (identity_terms.period_kind = 'instant')

),

required_terms as (

    select
        identity_name,
        count(distinct term) filter (where not is_optional) as n_required_terms
    from identity_terms
    group by identity_name

),

identity_instances as (

    -- one row per filing, identity, period and unit with the total tagged
    select
        identity_candidates.cik,
        identity_candidates.accession_number,
        identity_candidates.identity_name,
        identity_candidates.period_start,
        identity_candidates.period_end,
        identity_candidates.unit,
        max(
            case when identity_candidates.term = 'total' then identity_candidates.value end
        ) as total_value,
        sum(
            case
                when identity_candidates.term <> 'total'
                    then identity_candidates.coefficient * identity_candidates.value
            end
        ) as sum_of_terms,
        max(abs(identity_candidates.value)) as largest_term,
        count(distinct identity_candidates.term) filter (
            where not identity_candidates.is_optional
        ) as n_required_tagged
    from identity_candidates
    where identity_candidates.candidate_rank = 1
    group by
        identity_candidates.cik,
        identity_candidates.accession_number,
        identity_candidates.identity_name,
        identity_candidates.period_start,
        identity_candidates.period_end,
        identity_candidates.unit

),

identity_checks as (

    select
        identity_instances.*,
        identity_instances.total_value - identity_instances.sum_of_terms as difference,
        greatest(1, 0.001 * identity_instances.largest_term) as tolerance
    from identity_instances
    inner join required_terms
        on identity_instances.identity_name = required_terms.identity_name
    -- every required term and the total tagged (the total is one of the required terms)
    where identity_instances.n_required_tagged = required_terms.n_required_terms

),

identity_results as (

    select
        cik,
        accession_number,
        count(*) as n_checks,
        count(*) filter (where abs(difference) > tolerance) as n_failed,
        string_agg(
            case
                when abs(difference) > tolerance
                    then
                        identity_name || ' ' || coalesce(cast(period_start as varchar) || '..', '')
                        || cast(period_end as varchar) || ' off by '
                        || cast(round(difference) as hugeint) || ' ' || unit
            end, '; ' order by identity_name, period_start
        ) as failures,
        string_agg(distinct identity_name, ', ' order by identity_name) as identities
    from identity_checks
    group by cik, accession_number

),

subtotal_component as (

    select
        filings.cik,
        filings.accession_number,
        'subtotal_identities' as component,
        coalesce(identity_results.n_checks, 0) as n_checks,
        coalesce(identity_results.n_failed, 0) as n_failed,
        cast(identity_results.n_checks - identity_results.n_failed as double precision)
        / identity_results.n_checks as component_score,
        case
            when identity_results.cik is null
                then 'not applicable: no subtotal identity fully tagged for the period'
            when identity_results.n_failed = 0
                then
                    'all ' || identity_results.n_checks || ' hold ('
                    || identity_results.identities || ')'
            else 'failed: ' || identity_results.failures
        end as detail
    from filings
    left join identity_results
        on
            filings.cik = identity_results.cik
            and filings.accession_number = identity_results.accession_number

),

-- conflicting duplicate facts -----------------------------------------------------------------

statement_concepts as (

    select distinct
        taxonomy,
        concept
    from concept_map

),

conflicts as (

    -- a statement concept with two values for one fiscal period and unit in one filing: the
    -- marts would have to pick one of them
    select
        classified_facts.cik,
        classified_facts.accession_number,
        classified_facts.concept,
        classified_facts.unit,
        classified_facts.fiscal_year,
        classified_facts.fiscal_period
    from classified_facts
    inner join statement_concepts
        on
            classified_facts.taxonomy = statement_concepts.taxonomy
            and classified_facts.concept = statement_concepts.concept
    inner join filings
        on
            classified_facts.cik = filings.cik
            and classified_facts.accession_number = filings.accession_number
    where classified_facts.fiscal_period is not null
    group by
        classified_facts.cik,
        classified_facts.accession_number,
        classified_facts.taxonomy,
        classified_facts.concept,
        classified_facts.unit,
        classified_facts.period_type,
        classified_facts.fiscal_year,
        classified_facts.fiscal_period
    having count(distinct classified_facts.value) > 1

),

conflict_results as (

    select
        cik,
        accession_number,
        count(*) as n_failed,
        string_agg(
            concept || ' ' || fiscal_period || ' ' || fiscal_year || ' (' || unit || ')', ', '
            order by fiscal_year, fiscal_period, concept
        ) as conflicting
    from conflicts
    group by cik, accession_number

),

conflict_component as (

    select
        filings.cik,
        filings.accession_number,
        'conflicting_duplicate_facts' as component,
        1 as n_checks,
        coalesce(conflict_results.n_failed, 0) as n_failed,
        case when conflict_results.cik is null then 1.0 else 0.0 end as component_score,
        case
            when conflict_results.cik is null then 'no statement concept reported twice'
            else
                conflict_results.n_failed
                || ' concept/period(s) with conflicting values: ' || conflict_results.conflicting
        end as detail
    from filings
    left join conflict_results
        on
            filings.cik = conflict_results.cik
            and filings.accession_number = conflict_results.accession_number

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
